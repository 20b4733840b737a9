/* Files compiled into kpid (the migrations, SQL, openapi.yaml and the dashboard), by their
 * repository path. */
#ifndef KPID_EMBEDDED_H
#define KPID_EMBEDDED_H

#include <stddef.h>

struct kpid_embedded_file {
    const char *name;          /* e.g. "migrations/0001_workspaces_and_keys.sql" */
    const unsigned char *data; /* NUL-terminated after size bytes */
    size_t size;
};

/* Sorted by name (the build passes them sorted); ends with a {NULL} entry. */
extern const struct kpid_embedded_file kpid_embedded_files[];

/* The file with that exact name, or NULL. */
const struct kpid_embedded_file *kpid_embedded_find(const char *name);

#endif
