/* The system under test: a private PostgreSQL cluster and a kpid process in a temporary
 * directory, started, signalled, killed and inspected by the cases; SQL against its database. */
#include "faults.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

struct fault_system fault_sys;

static const char pg_cluster[] = "deploy/pg-cluster.sh";

/* Runs argv with stderr appended to kpid's log; captures up to out_size - 1 bytes of stdout
 * (trailing newlines removed) when out is not NULL. Returns the exit status, -1 if killed. */
static int run(const char *const argv[], char *out, size_t out_size)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    /* close-on-exec: a daemon started through it (postgres) must not hold the pipe open */
    fcntl(pipefd[0], F_SETFD, FD_CLOEXEC);
    fcntl(pipefd[1], F_SETFD, FD_CLOEXEC);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], STDOUT_FILENO);
    if (fault_sys.log[0] != '\0')
        posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, fault_sys.log,
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)(uintptr_t)argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(pipefd[1]);
    size_t used = 0;
    char chunk[512];
    ssize_t n;
    while ((n = read(pipefd[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
        for (ssize_t i = 0; i < n && out != NULL && used + 1 < out_size; i++)
            out[used++] = chunk[i];
    }
    close(pipefd[0]);
    if (out != NULL) {
        while (used > 0 && (out[used - 1] == '\n' || out[used - 1] == '\r'))
            used--;
        out[used] = '\0';
    }
    if (rc != 0)
        return -1;
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* A loopback port nothing listens on, below the ephemeral range: while kpid is down, a
 * client's outgoing connection could otherwise take its port (or connect to itself). */
static int free_port(void)
{
    static int next;
    if (next == 0)
        next = 20000 + (int)(getpid() % 10000);
    for (; next < 32000; next++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a = {.sin_family = AF_INET,
                                .sin_port = htons((uint16_t)next),
                                .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        bool ok = fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0;
        if (fd >= 0)
            close(fd);
        if (ok)
            return next++;
    }
    return -1;
}

static void use_port(int port)
{
    char listen[32];
    fault_sys.port = port;
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    snprintf(fault_sys.base_url, sizeof fault_sys.base_url, "http://127.0.0.1:%d", port);
    setenv("KPID_LISTEN", listen, 1);
}

bool pg_start(void)
{
    const char *argv[] = {"sh", pg_cluster, "start", fault_sys.pg_dir, NULL};
    char url[sizeof fault_sys.db_url];
    if (run(argv, url, sizeof url) != 0)
        return false;
    snprintf(fault_sys.db_url, sizeof fault_sys.db_url, "%s", url);
    return true;
}

bool pg_stop_immediate(void)
{
    const char *argv[] = {"sh", pg_cluster, "stop", fault_sys.pg_dir, "immediate", NULL};
    return run(argv, NULL, 0) == 0;
}

char *kpid_cli_key(const char *workspace, const char *scopes)
{
    const char *argv[] = {fault_sys.kpid_bin, "keys",    "create", "--workspace",
                          workspace,          "--scope", scopes,   NULL};
    char key[128];
    if (run(argv, key, sizeof key) != 0 || strncmp(key, "kpid_", 5) != 0) {
        fault_fail("kpid keys create --workspace %s --scope %s failed", workspace, scopes);
        return NULL;
    }
    return strdup(key);
}

bool kpid_cli_limits(const char *workspace, const char *option, const char *value)
{
    const char *argv[] = {fault_sys.kpid_bin, "workspace", "limits", "--workspace",
                          workspace,          option,      value,    NULL};
    bool ok = fault_check(run(argv, NULL, 0) == 0,
                          "kpid workspace limits --workspace %s %s %s failed", workspace, option,
                          value);
    fault_sleep(1.1); /* the key cache of the kpid under test keeps the old limits 1 s */
    return ok;
}

/* GET /readyz on a fresh connection: its status, 0 when nothing answered. */
static long readyz(void)
{
    struct http_reply r;
    http_call(&(struct http_request){.method = "GET", .path = "/readyz"}, &r);
    long status = r.status;
    http_reply_clear(&r);
    return status;
}

/* Reaps kpid if it has exited; returns whether it is still running. */
bool kpid_running(void)
{
    if (fault_sys.kpid_pid == 0)
        return false;
    int status;
    if (waitpid(fault_sys.kpid_pid, &status, WNOHANG) == fault_sys.kpid_pid) {
        fault_sys.kpid_pid = 0;
        return false;
    }
    return true;
}

bool kpid_start(void)
{
    for (int attempt = 0; attempt < 3; attempt++) {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, fault_sys.log,
                                         O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
        char *const argv[] = {fault_sys.kpid_bin, NULL};
        pid_t pid;
        int rc = posix_spawn(&pid, fault_sys.kpid_bin, &fa, NULL, argv, environ);
        posix_spawn_file_actions_destroy(&fa);
        if (rc != 0) {
            fault_fail("cannot start %s: %s", fault_sys.kpid_bin, strerror(rc));
            return false;
        }
        fault_sys.kpid_pid = pid;
        for (double deadline = fault_now() + 20; fault_now() < deadline;) {
            if (readyz() == 200)
                return true;
            if (!kpid_running())
                break;
            fault_sleep(0.02);
        }
        if (kpid_running()) {
            kpid_kill();
            return false; /* alive but never ready */
        }
        use_port(free_port()); /* exited: most likely the port was taken meanwhile */
    }
    return false;
}

bool kpid_wait_exit(double seconds, int *status)
{
    for (double deadline = fault_now() + seconds; fault_sys.kpid_pid != 0;) {
        if (waitpid(fault_sys.kpid_pid, status, WNOHANG) == fault_sys.kpid_pid) {
            fault_sys.kpid_pid = 0;
            return true;
        }
        if (fault_now() >= deadline)
            return false;
        fault_sleep(0.01);
    }
    return false;
}

void kpid_signal(int sig)
{
    if (fault_sys.kpid_pid != 0)
        kill(fault_sys.kpid_pid, sig);
}

void kpid_kill(void)
{
    if (fault_sys.kpid_pid == 0)
        return;
    kill(fault_sys.kpid_pid, SIGKILL);
    while (waitpid(fault_sys.kpid_pid, NULL, 0) < 0 && errno == EINTR)
        ;
    fault_sys.kpid_pid = 0;
}

long kpid_rss_kib(void)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)fault_sys.kpid_pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    while (f != NULL && fgets(line, sizeof line, f) != NULL)
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
            break;
    if (f != NULL)
        fclose(f);
    return kib;
}

bool system_setup(const char *kpid_bin)
{
    if (access(pg_cluster, R_OK) != 0) {
        fprintf(stderr, "faults: run from the repository root (%s not found)\n", pg_cluster);
        return false;
    }
    if (realpath(kpid_bin, fault_sys.kpid_bin) == NULL) {
        fprintf(stderr, "faults: no kpid at %s\n", kpid_bin);
        return false;
    }
    snprintf(fault_sys.dir, sizeof fault_sys.dir, "/tmp/kpid-faults.XXXXXX");
    if (mkdtemp(fault_sys.dir) == NULL)
        return false;
    chmod(fault_sys.dir, 0755); /* as root the cluster runs as postgres, who must reach it */
    snprintf(fault_sys.pg_dir, sizeof fault_sys.pg_dir, "%s/pg", fault_sys.dir);
    snprintf(fault_sys.log, sizeof fault_sys.log, "%s/kpid.log", fault_sys.dir);

    /* not --ephemeral: fsync stays on, since durability is what is tested */
    if (!pg_start()) {
        fprintf(stderr, "faults: cannot start PostgreSQL in %s\n", fault_sys.pg_dir);
        return false;
    }
    setenv("KPID_DATABASE_URL", fault_sys.db_url, 1);
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", FAULT_CONN_TIMEOUT);
    setenv("KPID_CONNECTION_TIMEOUT", timeout, 1);
    setenv("KPID_KEY_CACHE_SECONDS", "1", 1); /* kpid_cli_limits waits it out */
    use_port(free_port());

    const char *migrate[] = {fault_sys.kpid_bin, "migrate", NULL};
    if (run(migrate, NULL, 0) != 0) {
        fprintf(stderr, "faults: kpid migrate failed\n");
        return false;
    }
    char *key = kpid_cli_key("faults", "admin");
    if (key == NULL)
        return false;
    snprintf(fault_sys.admin_key, sizeof fault_sys.admin_key, "%s", key);
    free(key);
    if (!kpid_start()) {
        fprintf(stderr, "faults: kpid did not become ready\n");
        return false;
    }
    printf("faults: PostgreSQL (fsync on) and kpid (pid %d, %s, connection timeout %d s) in %s\n",
           (int)fault_sys.kpid_pid, fault_sys.base_url, FAULT_CONN_TIMEOUT, fault_sys.dir);
    return true;
}

void system_teardown(void)
{
    if (fault_sys.dir[0] == '\0')
        return;
    kpid_kill();
    pg_stop_immediate();
    const char *keep = getenv("FAULTS_KEEP");
    if (keep != NULL && strcmp(keep, "1") == 0) {
        printf("faults: kept %s\n", fault_sys.dir);
        return;
    }
    const char *argv[] = {"rm", "-rf", fault_sys.dir, NULL};
    fault_sys.log[0] = '\0';
    run(argv, NULL, 0);
}

void system_show_log(int lines)
{
    if (fault_sys.log[0] == '\0')
        return;
    char n[16];
    snprintf(n, sizeof n, "%d", lines);
    printf("    --- last %d lines of %s ---\n", lines, fault_sys.log);
    fflush(stdout);
    const char *argv[] = {"tail", "-n", n, fault_sys.log, NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "tail", NULL, NULL, (char *const *)(uintptr_t)argv, environ) == 0)
        waitpid(pid, NULL, 0);
    printf("    ---\n");
}

/* --- SQL ---------------------------------------------------------------------------------- */

/* Runs one statement on a fresh connection; the result (PQclear it) or NULL after a failed
 * check. A fresh connection per call survives the cases' database restarts. */
static PGresult *sql_exec(const char *sql, int nparams, const char *const *params)
{
    PGconn *conn = PQconnectdb(fault_sys.db_url);
    if (PQstatus(conn) != CONNECTION_OK) {
        fault_fail("cannot connect to the test database: %s", PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    PGresult *res = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fault_fail("SQL failed: %s: %.200s", PQresultErrorMessage(res), sql);
        PQclear(res);
        res = NULL;
    }
    PQfinish(conn);
    return res;
}

char *sql_text(const char *sql, int nparams, const char *const *params)
{
    PGresult *res = sql_exec(sql, nparams, params);
    char *value = NULL;
    if (res != NULL && PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
        value = strdup(PQgetvalue(res, 0, 0));
    PQclear(res);
    return value;
}

long sql_long(const char *sql, int nparams, const char *const *params)
{
    char *text = sql_text(sql, nparams, params);
    long value = text ? strtol(text, NULL, 10) : -1;
    free(text);
    return value;
}

/* The rollups (rollup_*) and the lead writers' lock rows are left out: kpid's background
 * passes move rows between the rollups and delete lock rows at any moment, whatever the
 * requests do. */
char *sql_row_counts(void)
{
    return sql_text("SELECT string_agg(table_name || '=' || (xpath('/row/n/text()',"
                    " query_to_xml(format('SELECT count(*) AS n FROM public.%I', table_name),"
                    " false, true, '')))[1]::text, ',' ORDER BY table_name)"
                    " FROM information_schema.tables"
                    " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                    " AND table_name NOT LIKE 'rollup\\_%' AND table_name <> 'lead_write_locks'",
                    0, NULL);
}
