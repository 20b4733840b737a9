/* `kpid routes` and `kpid enums`: the route table and the enumerations, as JSON, for checks. */
#ifndef KPID_DESCRIBE_H
#define KPID_DESCRIBE_H

/* One JSON line per route: {"method", "path", "scope"}; scope is null for KPID_SCOPE_NONE. */
int kpid_describe_routes(void);

/* One JSON object {name: [values]}: kpid's enums (enums.h) and libkpi's named enums. */
int kpid_describe_enums(void);

#endif
