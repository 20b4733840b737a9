/* Looks up files compiled into the kpid binary. */
#include "kpid/embedded.h"

#include <string.h>

const struct kpid_embedded_file *kpid_embedded_find(const char *name)
{
    for (const struct kpid_embedded_file *f = kpid_embedded_files; f->name != NULL; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
