/* `kpid workspace limits`: the operator sets and reads a workspace's limits. */
#include "kpid/limits/cli.h"

#include "kpid/store/workspace_limits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_tx {
    const char *name;
    const char *changes;
    struct kpid_limits *out;
    bool *found;
};

static enum kpid_db_status store(struct kpid_db *db, void *ctx)
{
    struct store_tx *tx = ctx;
    enum kpid_db_status st = kpid_store_workspace_limits_update(db, tx->name, tx->changes);
    if (st != KPID_DB_OK)
        return st;
    kpid_result *res = kpid_store_workspace_limits_get(db, tx->name, &st);
    if (res == NULL)
        return st;
    *tx->found = kpid_result_rows(res) == 1;
    if (*tx->found)
        kpid_limits_from_row(tx->out, res, 0);
    kpid_result_free(res);
    return KPID_DB_OK;
}

enum kpid_db_status kpid_limits_store(struct kpid_db *db, const char *name, const json_t *changes,
                                      struct kpid_limits *out, bool *found)
{
    char *text = json_dumps(changes, JSON_COMPACT);
    if (text == NULL)
        return KPID_DB_ERROR;
    struct store_tx tx = {name, text, out, found};
    enum kpid_db_status st = kpid_db_transaction(db, store, &tx);
    free(text);
    return st;
}

/* "--max-kpis" -> "max_kpis" into buf; false when it is not a limit's option. */
static const struct kpid_limit_def *option_limit(const char *option, char *buf, size_t size)
{
    if (strncmp(option, "--", 2) != 0 || strlen(option + 2) >= size)
        return NULL;
    size_t i = 0;
    for (const char *c = option + 2; *c; c++)
        buf[i++] = *c == '-' ? '_' : *c;
    buf[i] = '\0';
    return kpid_limit_find(buf);
}

/* A limit's value as given: a whole number within its range, or "default" (JSON null). */
static json_t *option_value(const struct kpid_limit_def *def, const char *text)
{
    if (strcmp(text, "default") == 0)
        return json_null();
    char *end;
    long v = strtol(text, &end, 10);
    if (*text < '0' || *text > '9' || *end != '\0' || v < def->min || v > def->max)
        return NULL;
    return json_integer(v);
}

static int usage(const char *problem)
{
    fprintf(stderr,
            "kpid: %s\nusage: kpid workspace limits --workspace NAME [--LIMIT N|default]...\n"
            "limits (default):\n",
            problem);
    for (size_t i = 0; i < kpid_limit_count; i++)
        fprintf(stderr, "  --%s (%ld)\n", kpid_limit_defs[i].name,
                kpid_limit_value(&kpid_limits_default, &kpid_limit_defs[i]));
    return 2;
}

int kpid_limits_cli(struct kpid_db *db, int argc, char **argv)
{
    const char *workspace = NULL;
    json_t *changes = json_object();
    int rc = 0;
    for (int i = 0; i < argc && rc == 0; i += 2) {
        char name[64];
        const struct kpid_limit_def *def = option_limit(argv[i], name, sizeof name);
        json_t *value = NULL;
        if (i + 1 >= argc)
            rc = usage("an option lacks its value");
        else if (strcmp(argv[i], "--workspace") == 0)
            workspace = argv[i + 1];
        else if (def == NULL)
            rc = usage("unknown option");
        else if ((value = option_value(def, argv[i + 1])) == NULL)
            rc = usage("a limit is a whole number within its range, or default");
        else
            json_object_set_new(changes, def->name, value);
    }
    if (rc == 0 && workspace == NULL)
        rc = usage("--workspace is required");
    struct kpid_limits limits;
    bool found = false;
    if (rc == 0 && kpid_limits_store(db, workspace, changes, &limits, &found) != KPID_DB_OK) {
        fprintf(stderr, "kpid: cannot store the limits\n");
        rc = 1;
    } else if (rc == 0 && !found) {
        fprintf(stderr, "kpid: no workspace called '%s'\n", workspace);
        rc = 1;
    }
    if (rc == 0) {
        json_t *out = json_object();
        for (size_t i = 0; i < kpid_limit_count; i++)
            json_object_set_new(out, kpid_limit_defs[i].name,
                                json_integer(kpid_limit_value(&limits, &kpid_limit_defs[i])));
        char *text = json_dumps(out, JSON_COMPACT | JSON_PRESERVE_ORDER);
        printf("%s\n", text ? text : "{}");
        free(text);
        json_decref(out);
    }
    json_decref(changes);
    return rc;
}
