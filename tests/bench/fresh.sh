# The fresh-workspace batch reproduction of tests/bench/run.sh (sourced): a CRM's initial import
# right after go-live. Expects $kpid, $tmp, $db, $secs, $batch_conns, $digit and the helpers of
# measure.sh.

# reproduce NAME: a new workspace NAME with a new key; 10 s of single-lead posts at 8
# connections; then batches of 1000 distinct leads at $batch_conns connections for $secs;
# then ANALYZE leads, deals and the same batches again with new leads. Sets F_POSTS (leads
# posted singly), F_FRESH and F_ANALYSED (batches/s), F_FRESH_P99 and F_ANALYSED_P99 (ms),
# F_RATIO (fresh / analysed) and F_BAD (failed requests).
reproduce() {
    _key=$("$kpid" keys create --workspace "$1" --scope admin --name bench 2>>"$tmp/kpid.log")
    [ -n "$_key" ] || die "no API key for workspace $1"
    "$kpid" workspace limits --workspace "$1" --requests-per-second 1000000 >>"$tmp/kpid.log" 2>&1 ||
        die "kpid workspace limits failed"
    _saved_key=$KPID_BENCH_KEY
    KPID_BENCH_KEY=$_key
    digit=$((digit + 1))
    wrk_run "$1-posts" 8 10 tests/bench/post_lead.lua /v1/leads "${1}p" "$digit" || die "wrk failed"
    check_stored "${1}p" "$W_OK" 8
    F_POSTS=$W_OK F_BAD=$W_BAD
    reproduce_batches "$1" f
    F_FRESH=$W_RPS F_FRESH_P99=$W_P99
    psql -qAt "$db" -c "ANALYZE leads, deals" || die "ANALYZE failed"
    reproduce_batches "$1" a
    F_ANALYSED=$W_RPS F_ANALYSED_P99=$W_P99
    F_RATIO=$(ratio "$F_FRESH" "$F_ANALYSED")
    KPID_BENCH_KEY=$_saved_key
}

# reproduce_batches NAME f|a: one wrk run of batches into workspace NAME
reproduce_batches() {
    digit=$((digit + 1))
    wrk_run "$1-$2" "$batch_conns" "$secs" tests/bench/post_batch.lua /v1/leads/batch "$1$2" \
        "$digit" || die "wrk failed"
    check_stored "$1$2" $((W_OK * 1000)) $((batch_conns * 1000))
    F_BAD=$((F_BAD + W_BAD))
}
