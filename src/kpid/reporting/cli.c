/* `kpid reporting grant|revoke`: creates, re-keys or drops a workspace's reporting role. */
#include "kpid/reporting/cli.h"

#include "kpid/keys/keys.h"
#include "kpid/store/reporting.h"

#include <stdio.h>
#include <string.h>

/* Creates the role or gives it a new random password; prints how to connect. */
static int grant(struct kpid_db *db, const char *workspace)
{
    char key[KPID_KEY_LEN + 1], role[128], url[1024];
    if (kpid_key_generate(key) != 0) {
        fprintf(stderr, "kpid: no random bytes for a password\n");
        return 1;
    }
    /* the random part of a key: 43 URL-safe characters, so the URL needs no escaping */
    const char *password = key + strlen("kpid_");
    if (kpid_store_reporting_grant(db, workspace, password, role, sizeof role) != KPID_DB_OK) {
        fprintf(stderr, "kpid: cannot create the role (kpid's database user needs CREATEROLE)\n");
        return 1;
    }
    if (role[0] == '\0') {
        fprintf(stderr, "kpid: no workspace %s\n", workspace);
        return 1;
    }
    kpid_store_reporting_url(db, role, password, url, sizeof url);
    printf("%s\n", url);
    fprintf(stderr,
            "kpid: role %s reads workspace %s in schema reporting; the password is shown only "
            "once (grant again to rotate it)\n",
            role, workspace);
    return 0;
}

static int revoke(struct kpid_db *db, const char *workspace)
{
    char role[128];
    if (kpid_store_reporting_revoke(db, workspace, role, sizeof role) != KPID_DB_OK) {
        fprintf(stderr, "kpid: cannot drop the role\n");
        return 1;
    }
    if (role[0] == '\0') {
        fprintf(stderr, "kpid: workspace %s has no reporting role\n", workspace);
        return 1;
    }
    fprintf(stderr, "kpid: role %s dropped\n", role);
    return 0;
}

int kpid_reporting_cli(struct kpid_db *db, int argc, char **argv)
{
    const char *workspace = NULL;
    for (int i = 1; i + 1 < argc; i += 2)
        if (strcmp(argv[i], "--workspace") == 0)
            workspace = argv[i + 1];
    if (argc < 1 || workspace == NULL)
        return 2;
    if (strcmp(argv[0], "grant") == 0)
        return grant(db, workspace);
    if (strcmp(argv[0], "revoke") == 0)
        return revoke(db, workspace);
    return 2;
}
