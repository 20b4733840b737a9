#!/bin/sh
# Runs each libFuzzer harness for a while on its committed seed corpus; fails on any crash.
#
#   sh tests/fuzz/run.sh BUILD_DIR SECONDS NAME...
#
# BUILD_DIR/fuzz_NAME is run with tests/fuzz/corpus/NAME (seeds and past crashers, replayed
# first, never written) plus BUILD_DIR/corpus/NAME (what the fuzzer finds, kept between runs).
# A crasher lands in BUILD_DIR/crashes/; copy it into tests/fuzz/corpus/NAME/ once fixed so
# every later run replays it.
set -u

[ $# -ge 3 ] || { echo "usage: $0 BUILD_DIR SECONDS NAME..." >&2; exit 2; }
dir=$1
seconds=$2
shift 2

log=$(mktemp)
trap 'rm -f "$log"' EXIT
trap 'exit 130' INT TERM

failed=""
for name in "$@"; do
    mkdir -p "$dir/corpus/$name" "$dir/crashes"
    dict=""
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    # shellcheck disable=SC2086
    "$dir/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$dir/crashes/$name-" -print_final_stats=1 $dict \
        "$dir/corpus/$name" "tests/fuzz/corpus/$name" >"$log" 2>&1
    rc=$?
    # "#123456 DONE   cov: 812 ft: 2310 corp: 301/9Kb lim: 4096 exec/s: 41152 rss: 60Mb"
    done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ "$rc" -eq 0 ]; then
        echo "fuzz $name: ${seconds} s, ${runs:-?} runs, $(echo "$done_line" |
            sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*\(corp: [^ ]*\).*/\1 \2 \3/p')"
    else
        echo "fuzz $name: FAILED (exit $rc); reproducer in $dir/crashes/:"
        grep -E 'ERROR|SUMMARY|Test unit written|^ *#[0-9]+ 0x' "$log" | head -n 30
        failed="$failed $name"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzzing FAILED:$failed"
    exit 1
fi
