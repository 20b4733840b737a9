#!/bin/sh
# Runs the API tests against a real kpid and a fresh private PostgreSQL, then checks every
# response they received against openapi.yaml.
#
#   sh tests/api/run.sh KPID_BINARY API_TEST_BINARY
#
# Everything lives in one temporary directory (cluster, server log, response log) that is
# removed on exit, whether the tests pass or not.
set -u

[ $# -eq 2 ] || { echo "usage: $0 KPID_BINARY API_TEST_BINARY" >&2; exit 2; }
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
kpid=$(absolute "$1")
api_tests=$(absolute "$2")
cd "$(dirname "$0")/../.." || exit 1

tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp" # as root the cluster runs as the postgres user, who must reach it
kpid_pid=""
status=0

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    trap '' PIPE # a reader that went away (| head) must not stop the cleanup half-way
    if [ -n "$kpid_pid" ]; then
        kill -KILL "$kpid_pid" 2>/dev/null
        wait "$kpid_pid" 2>/dev/null
    fi
    sh deploy/pg-cluster.sh stop "$tmp/pg" immediate
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

fail() {
    echo "api tests: $*" >&2
    status=1
}

show_server_log() {
    if [ -s "$tmp/kpid.log" ]; then
        echo "--- last lines of kpid's log ---" >&2
        tail -n 40 "$tmp/kpid.log" >&2
        echo "---" >&2
    fi
}

# The HTTP status of GET http://127.0.0.1:$1$2, or 000 when nothing answers.
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1$2"
}

# A loopback port nobody listens on, starting from a per-run offset to avoid parallel runs.
free_port() {
    p=$((20000 + $$ % 20000))
    while [ "$p" -lt 65000 ]; do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"
        [ $? -eq 7 ] && { echo "$p"; return 0; } # 7: could not connect
        p=$((p + 1))
    done
    return 1
}

# Starts kpid on a free port and waits up to 20 s for /readyz to answer 200. A port taken
# between the check and the bind makes kpid exit; then another port is tried.
start_kpid() {
    for attempt in 1 2 3; do
        port=$(free_port) || { echo "api tests: no free port" >&2; return 1; }
        # expired Idempotency-Key responses purged every second, 10 rows a statement; the
        # analytical reads routed to a "replica" that is the same PostgreSQL
        KPID_LISTEN="127.0.0.1:$port" KPID_CORS_ORIGINS="http://frontend.test" \
            KPID_DATABASE_READ_URL="$KPID_DATABASE_URL" \
            KPID_IDEMPOTENCY_PURGE_SECONDS=1 KPID_IDEMPOTENCY_PURGE_BATCH=10 \
            "$kpid" >>"$tmp/kpid.log" 2>&1 &
        kpid_pid=$!
        i=0
        while [ $i -lt 200 ]; do
            [ "$(http_status "$port" /readyz)" = 200 ] && return 0
            kill -0 "$kpid_pid" 2>/dev/null || break
            sleep 0.1
            i=$((i + 1))
        done
        if kill -0 "$kpid_pid" 2>/dev/null; then
            echo "api tests: kpid not ready within 20 s (attempt $attempt)" >&2
            return 1
        fi
        wait "$kpid_pid"
        echo "api tests: kpid exited with $? before it was ready (attempt $attempt)" >&2
        kpid_pid=""
    done
    return 1
}

# SIGTERM, then kpid must exit 0 within 10 s; a watchdog kills it otherwise.
stop_kpid() {
    kill -TERM "$kpid_pid"
    (sleep 10 && kill -KILL "$kpid_pid") >/dev/null 2>&1 &
    watchdog=$!
    wait "$kpid_pid"
    rc=$?
    kill "$watchdog" 2>/dev/null
    kpid_pid=""
    case $rc in
    0) ;;
    137) fail "kpid did not exit within 10 s of SIGTERM" ;;
    *) fail "kpid exited with status $rc after SIGTERM" ;;
    esac
}

KPID_DATABASE_URL=$(sh deploy/pg-cluster.sh start "$tmp/pg" --ephemeral) || exit 1
export KPID_DATABASE_URL
"$kpid" migrate >>"$tmp/kpid.log" 2>&1 || { fail "kpid migrate failed"; show_server_log; exit 1; }
admin_key=$("$kpid" keys create --workspace api-test --scope admin 2>>"$tmp/kpid.log" |
    sed -n 1p)
[ -n "$admin_key" ] || { fail "kpid keys create printed no key"; show_server_log; exit 1; }
start_kpid || { status=1; show_server_log; exit 1; }

KPID_TEST_URL="http://127.0.0.1:$port" \
    KPID_TEST_ADMIN_KEY="$admin_key" \
    KPID_TEST_DATABASE_URL="$KPID_DATABASE_URL" \
    KPID_TEST_KPID_BIN="$kpid" \
    KPID_TEST_PG_DIR="$tmp/pg" \
    KPID_TEST_RESPONSE_LOG="$tmp/responses.jsonl" \
    "$api_tests" || fail "API tests failed"

stop_kpid

# Again without prepared statements or session settings, as behind PgBouncer in transaction
# mode (tests/cluster runs the whole set-up through a real one): the ingest, results and
# read-routing suites, on a database of their own.
if [ -z "${CK_RUN_SUITE:-}" ]; then
    psql "$KPID_DATABASE_URL" -qc 'CREATE DATABASE kpid_pooled' >>"$tmp/kpid.log" 2>&1 ||
        fail "cannot create the database kpid_pooled"
    KPID_DATABASE_URL=$(echo "$KPID_DATABASE_URL" | sed 's|///kpid?|///kpid_pooled?|')
    "$kpid" migrate >>"$tmp/kpid.log" 2>&1 || fail "kpid migrate of kpid_pooled failed"
    admin_key=$("$kpid" keys create --workspace api-test --scope admin 2>>"$tmp/kpid.log" |
        sed -n 1p)
    export KPID_DATABASE_POOLER=transaction
    start_kpid || { status=1; show_server_log; exit 1; }
    for suite in api_leads api_results api_read_routing; do
        CK_RUN_SUITE=$suite KPID_TEST_URL="http://127.0.0.1:$port" \
            KPID_TEST_ADMIN_KEY="$admin_key" \
            KPID_TEST_DATABASE_URL="$KPID_DATABASE_URL" \
            KPID_TEST_KPID_BIN="$kpid" \
            KPID_TEST_PG_DIR="$tmp/pg" \
            KPID_TEST_RESPONSE_LOG="$tmp/responses.jsonl" \
            "$api_tests" || fail "API suite $suite failed with KPID_DATABASE_POOLER=transaction"
    done
    stop_kpid
fi
node tests/api/validate-responses.mjs openapi.yaml "$tmp/responses.jsonl" ||
    fail "responses do not match openapi.yaml"

[ "$status" -eq 0 ] || show_server_log
exit "$status"
