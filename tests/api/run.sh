#!/bin/sh
# Runs the API tests against a real kpid and a fresh private PostgreSQL, then checks every
# response they received against openapi.yaml.
#
#   sh tests/api/run.sh KPID_BINARY API_TEST_BINARY
#
# Everything lives in one temporary directory (cluster, server log, response log) that is
# removed on exit, whether the tests pass or not (tests/server.sh).
set -u

[ $# -eq 2 ] || { echo "usage: $0 KPID_BINARY API_TEST_BINARY" >&2; exit 2; }
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
kpid=$(absolute "$1")
api_tests=$(absolute "$2")
cd "$(dirname "$0")/../.." || exit 1
suite="api tests"
. tests/server.sh

# kpid as the suites expect it: expired Idempotency-Key responses purged every second, 10 rows
# a statement; CRM fetches on a short schedule (retries from 200 ms, given up after 6 s); stale
# stored results refreshed every second; the analytical reads routed to a "replica" that is the
# same PostgreSQL; API key lookups reused for 1 s (a change made beside kpid, such as a limit
# set by the CLI, applies after that: the limits suite waits it out).
start_test_kpid() {
    start_kpid KPID_CORS_ORIGINS="http://frontend.test" KPID_DATABASE_READ_URL="$KPID_DATABASE_URL" \
        KPID_KEY_CACHE_SECONDS=1 \
        KPID_IDEMPOTENCY_PURGE_SECONDS=1 KPID_IDEMPOTENCY_PURGE_BATCH=10 \
        KPID_RESULTS_REFRESH_SECONDS=1 \
        KPID_FETCH_POLL_MS=50 KPID_FETCH_RETRY_BASE_MS=200 KPID_FETCH_RETRY_MAX_MS=1000 \
        KPID_FETCH_CONNECT_TIMEOUT_MS=500 KPID_FETCH_TIMEOUT_MS=1500 \
        KPID_FETCH_GIVE_UP_SECONDS=6 || { status=1; show_server_log; exit 1; }
}

start_database api-test
start_test_kpid

# The stand-in CRM APIs the fetch-back tests steer (tests/api/crm-server.mjs).
node tests/api/crm-server.mjs "$tmp/crm-ports.json" >>"$tmp/crm.log" 2>&1 &
helper_pids="$helper_pids $!"
i=0
while [ ! -s "$tmp/crm-ports.json" ] && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ -s "$tmp/crm-ports.json" ] || { fail "the test CRM server did not start"; cat "$tmp/crm.log" >&2; exit 1; }
crm_port() { node -e "console.log(JSON.parse(require('fs').readFileSync(process.argv[1])).$1)" "$tmp/crm-ports.json"; }

KPID_TEST_URL="http://127.0.0.1:$port" \
    KPID_TEST_ADMIN_KEY="$admin_key" \
    KPID_TEST_DATABASE_URL="$KPID_DATABASE_URL" \
    KPID_TEST_KPID_BIN="$kpid" \
    KPID_TEST_PG_DIR="$tmp/pg" \
    KPID_TEST_RESPONSE_LOG="$tmp/responses.jsonl" \
    KPID_TEST_CRM_CONTROL="http://127.0.0.1:$(crm_port control)" \
    KPID_TEST_CRM_URL="http://127.0.0.1:$(crm_port crm)" \
    KPID_TEST_EVIL_URL="http://127.0.0.1:$(crm_port evil)" \
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
    start_test_kpid
    for pooled_suite in api_leads api_results api_read_routing; do
        CK_RUN_SUITE=$pooled_suite KPID_TEST_URL="http://127.0.0.1:$port" \
            KPID_TEST_ADMIN_KEY="$admin_key" \
            KPID_TEST_DATABASE_URL="$KPID_DATABASE_URL" \
            KPID_TEST_KPID_BIN="$kpid" \
            KPID_TEST_PG_DIR="$tmp/pg" \
            KPID_TEST_RESPONSE_LOG="$tmp/responses.jsonl" \
            "$api_tests" ||
            fail "API suite $pooled_suite failed with KPID_DATABASE_POOLER=transaction"
    done
    stop_kpid

    # A migration the database refuses names the file and the server's reason.
    clash_url=$(echo "$KPID_DATABASE_URL" | sed 's|///kpid_pooled?|///kpid_clash?|')
    { psql "$KPID_DATABASE_URL" -qc 'CREATE DATABASE kpid_clash' &&
        psql "$clash_url" -qc 'CREATE TABLE workspaces (taken int)'; } >>"$tmp/kpid.log" 2>&1 ||
        fail "cannot prepare the database kpid_clash"
    refusal=$(env -u KPID_DATABASE_POOLER KPID_DATABASE_URL="$clash_url" "$kpid" migrate 2>&1) &&
        fail "kpid migrate succeeded over a clashing table"
    case $refusal in
    *"0001_workspaces_and_keys.sql failed: ERROR:"*'relation "workspaces" already exists'*) ;;
    *) fail "kpid migrate's refusal does not say why: $refusal" ;;
    esac
fi
node tests/api/validate-responses.mjs openapi.yaml "$tmp/responses.jsonl" ||
    fail "responses do not match openapi.yaml"

[ "$status" -eq 0 ] || show_server_log
exit "$status"
