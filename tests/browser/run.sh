#!/bin/sh
# Runs the dashboard's browser test (tests/browser/dashboard.mjs) against a real kpid serving
# its built-in dashboard and a fresh private PostgreSQL (tests/server.sh); kpid runs without
# KPID_CORS_ORIGINS, as the dashboard is served from kpid's own origin.
#
#   sh tests/browser/run.sh KPID_BINARY
#
# Needs Debian's chromium and playwright-core (KPID_BROWSER=1 sh deploy/install-deps.sh).
# Leaves tests/browser/out/scorecard.png.
set -u

[ $# -eq 1 ] || { echo "usage: $0 KPID_BINARY" >&2; exit 2; }
case $1 in /*) kpid=$1 ;; *) kpid="$PWD/$1" ;; esac
cd "$(dirname "$0")/../.." || exit 1
suite="browser test"
. tests/server.sh

start_database browser-test
start_kpid -u KPID_CORS_ORIGINS || { status=1; show_server_log; exit 1; }

KPID_TEST_URL="http://127.0.0.1:$port" KPID_TEST_ADMIN_KEY="$admin_key" \
    node tests/browser/dashboard.mjs || fail "the dashboard test failed"

stop_kpid
[ "$status" -eq 0 ] || show_server_log
exit "$status"
