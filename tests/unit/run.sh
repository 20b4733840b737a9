#!/bin/sh
# Runs each Check unit-test binary given, under valgrind when VALGRIND=1; fails if any fails.
#
#   sh tests/unit/run.sh BIN...
#
# Each binary prints Check's summary line; a last line adds them up. Under valgrind tests run
# in-process (CK_FORK=no) so that leaks and memory errors in them are seen.
set -u

[ $# -gt 0 ] || { echo "usage: $0 BIN..." >&2; exit 2; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
trap 'exit 130' INT TERM

count=$#
failed=""
checks=0
problems=0
for bin in "$@"; do
    if [ "${VALGRIND:-0}" = 1 ]; then
        CK_FORK=no valgrind -q --error-exitcode=1 --leak-check=full \
            --errors-for-leak-kinds=definite "$bin" >"$out" 2>&1
    else
        "$bin" >"$out" 2>&1
    fi
    rc=$?
    cat "$out"
    # "100%: Checks: 12, Failures: 0, Errors: 0"
    summary=$(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$out" |
        tail -n 1)
    if [ -n "$summary" ]; then
        read -r n_checks n_failures n_errors <<SUMMARY
$summary
SUMMARY
        checks=$((checks + n_checks))
        problems=$((problems + n_failures + n_errors))
    fi
    if [ "$rc" -ne 0 ] || [ -z "$summary" ]; then
        failed="$failed $(basename "$bin") (exit $rc)"
    fi
done

mode=""
[ "${VALGRIND:-0}" = 1 ] && mode=" under valgrind"
echo "unit tests$mode: $count binaries, $checks checks, $problems failed"
if [ -n "$failed" ]; then
    echo "unit tests FAILED:$failed"
    exit 1
fi
