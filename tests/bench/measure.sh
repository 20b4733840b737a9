# Measuring helpers for tests/bench/run.sh (sourced): wrk and pgbench runs, percentiles, RSS,
# statement capture. Expects $tmp (work directory), $base (kpid's URL) and $db (libpq URL).

# quiesce: waits (up to 10 s) until no other session of the database is working, so that
# requests still in flight from the previous run do not overlap the next one.
quiesce() {
    _i=0
    while [ "$_i" -lt 100 ] && [ "$(psql -qAt "$db" -c "SELECT count(*) FROM pg_stat_activity
        WHERE backend_type = 'client backend' AND state <> 'idle' AND pid <> pg_backend_pid()")" != 0 ]; do
        sleep 0.1
        _i=$((_i + 1))
    done
}

# wrk_run NAME CONNECTIONS SECONDS SCRIPT PATH [SCRIPT ARGS...]
# Sets W_OK (2xx responses), W_RPS (2xx per second), W_P50/W_P99 (ms), W_BAD (other outcomes,
# described in the table by failures_logged).
wrk_run() {
    _name=$1 _conns=$2 _secs=$3 _script=$4 _path=$5
    shift 5
    _threads=2
    [ "$_conns" -lt 2 ] && _threads=1
    quiesce
    _log_mark=$(wc -c <"$tmp/kpid.log")
    wrk -t"$_threads" -c"$_conns" -d"${_secs}s" --timeout 10s --latency -s "$_script" \
        "$base$_path" -- "$@" >"$tmp/$_name.wrk" 2>&1
    _line=$(grep '^WRK ' "$tmp/$_name.wrk")
    [ -n "$_line" ] || { cat "$tmp/$_name.wrk" >&2; return 1; }
    set -- $_line
    _req=0 _dur=1 _non2xx=0 _sock=0 _p50=0 _p99=0
    for _kv in "$@"; do
        case $_kv in
        requests=*) _req=${_kv#*=} ;;
        duration_us=*) _dur=${_kv#*=} ;;
        non2xx=*) _non2xx=${_kv#*=} ;;
        socket_errors=*) _sock=${_kv#*=} ;;
        p50_us=*) _p50=${_kv#*=} ;;
        p99_us=*) _p99=${_kv#*=} ;;
        esac
    done
    W_OK=$((_req - _non2xx))
    W_BAD=$((_non2xx + _sock))
    [ "$W_BAD" -eq 0 ] || failures_logged "$_name" "$_non2xx" "$_sock" "$_log_mark"
    W_RPS=$(awk -v n="$W_OK" -v us="$_dur" 'BEGIN { printf "%.1f", n / (us / 1e6) }')
    W_P50=$(awk -v us="$_p50" 'BEGIN { printf "%.2f", us / 1000 }')
    W_P99=$(awk -v us="$_p99" 'BEGIN { printf "%.2f", us / 1000 }')
}

# failures_logged NAME NON2XX SOCKET_ERRORS LOG_OFFSET: what kpid logged from LOG_OFFSET on (its
# answers other than 2xx by status and path, its warnings and errors), as a line of
# $tmp/failures that the table prints, so that a run with failed requests says why.
failures_logged() {
    _answers=$(tail -c +$(($4 + 1)) "$tmp/kpid.log" |
        sed -n 's/.*"method":"\([A-Z]*\)","path":"\([^"]*\)","status":\([0-9]*\).*/\3 \1 \2/p' |
        awk '$1 !~ /^2/' | sort | uniq -c | awk '{ printf "%s%s x%d %s %s", sep, $2, $1, $3, $4; sep = ", " }')
    _logged=$(tail -c +$(($4 + 1)) "$tmp/kpid.log" | grep -E '"level":"(warn|error)"' |
        sed -n 's/.*"msg":"\([^"]*\)".*/\1/p' | sort | uniq -c | sort -rn | head -n 3 |
        awk '{ n = $1; $1 = ""; printf "%s%d x%s", sep, n, $0; sep = "; " }')
    _failure="$1: $2 answers other than 2xx, $3 socket errors (wrk);"
    _failure="$_failure kpid answered: ${_answers:-nothing else};"
    _failure="$_failure kpid logged: ${_logged:-no warning or error}"
    echo "- $_failure" >>"$tmp/failures"
    say "$_failure"
}

# pgbench_run NAME CLIENTS SECONDS SCRIPT [PGBENCH ARGS...]
# Sets P_TPS, P_P50/P_P99 (ms, from the per-transaction log), P_FAILED.
pgbench_run() {
    _name=$1 _clients=$2 _secs=$3 _script=$4
    shift 4
    _threads=2
    [ "$_clients" -lt 2 ] && _threads=1
    rm -f "$tmp/$_name".log*
    quiesce
    pgbench -n -M prepared -c "$_clients" -j "$_threads" -T "$_secs" -f "$_script" \
        -l --log-prefix "$tmp/$_name.log" "$@" "$db" >"$tmp/$_name.pgbench" 2>&1 ||
        { tail -n 20 "$tmp/$_name.pgbench" >&2; return 1; }
    P_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' \
        "$tmp/$_name.pgbench" | awk '{ printf "%.1f", $1 }')
    P_FAILED=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$tmp/$_name.pgbench")
    cat "$tmp/$_name".log* | awk '{ print $3 }' | sort -n >"$tmp/$_name.sorted"
    P_P50=$(percentile "$tmp/$_name.sorted" 50)
    P_P99=$(percentile "$tmp/$_name.sorted" 99)
    rm -f "$tmp/$_name".log*
}

# with_params FILE CMD...: runs CMD with -D NAME=VALUE added for every line of FILE.
with_params() {
    _f=$1
    shift
    while IFS= read -r _l; do set -- "$@" -D "$_l"; done <"$_f"
    "$@"
}

# percentile FILE P: the P-th percentile (ms) of the sorted microsecond values in FILE.
percentile() {
    awk -v p="$2" '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a"; exit }
        i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1
        printf "%.2f", v[i] / 1000 }' "$1"
}

# ratio A B: A / B with two decimals, or n/a.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a == "" || b == "" || a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"
        else printf "%.2f", a / b }'
}

# rss_kib FIELD: VmRSS or VmHWM of kpid, in KiB.
rss_kib() {
    awk -v f="$1:" '$1 == f { print $2 }' "/proc/$kpid_pid/status"
}

# capture WANT SKIP SCRIPT COMMAND...: runs COMMAND with every statement logged, then writes
# the `execute`d statements matching WANT (and not SKIP) as a pgbench script SCRIPT, their
# parameters to SCRIPT.params (for with_params) and the session's SET LOCALs to SCRIPT.options
# (for PGOPTIONS).
capture() {
    _want=$1 _skip=$2 _script=$3
    shift 3
    _log="$tmp/pg/postgres.log"
    quiesce
    _from=$(($(wc -c <"$_log") + 1))
    psql -qAt "$db" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" \
        >/dev/null || return 1
    sleep 0.5 # every backend takes the new setting before its next statement
    "$@"
    _rc=$?
    psql -qAt "$db" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" \
        >/dev/null
    [ "$_rc" -eq 0 ] || return 1
    : >"$_script.params"
    tail -c +"$_from" "$_log" | awk -v want="$_want" -v skip="$_skip" -v params="$_script.params" \
        -v settings="$_script.settings" -f tests/bench/capture.awk >"$_script" || return 1
    sed 's/^/-c /' "$_script.settings" | tr '\n' ' ' >"$_script.options"
}

# copy_run NAME CLIENTS SECONDS TAG: kpid-copy-rate COPYing the batch template ($tmp/batch.copy,
# columns $tmp/batch.columns) into leads. Sets C_RATE (leads/s), C_ROWS, C_P50/C_P99 (ms per
# COPY of 1000 rows).
copy_run() {
    quiesce
    "$copy_rate" "$db" "$(cat "$tmp/batch.columns")" "$tmp/batch.copy" "$2" "$3" "$4" \
        >"$tmp/$1.copy" 2>&1 || { cat "$tmp/$1.copy" >&2; return 1; }
    set -- $(grep '^COPY ' "$tmp/$1.copy")
    _rows=0 _dur=1 _p50=0 _p99=0
    for _kv in "$@"; do
        case $_kv in
        rows=*) _rows=${_kv#*=} ;;
        duration_us=*) _dur=${_kv#*=} ;;
        p50_us=*) _p50=${_kv#*=} ;;
        p99_us=*) _p99=${_kv#*=} ;;
        esac
    done
    C_ROWS=$_rows
    C_RATE=$(awk -v n="$_rows" -v us="$_dur" 'BEGIN { printf "%.0f", n / (us / 1e6) }')
    C_P50=$(awk -v us="$_p50" 'BEGIN { printf "%.2f", us / 1000 }')
    C_P99=$(awk -v us="$_p99" 'BEGIN { printf "%.2f", us / 1000 }')
}

# --- keeping each side's best round ---------------------------------------------------------------

# better A B max|min: A beats the best so far B (none yet when B is empty)
better() { awk -v a="$1" -v b="$2" -v how="$3" 'BEGIN {
    exit !(b == "" || (how == "max" ? a + 0 > b + 0 : a + 0 < b + 0)) }'; }

# best SIDE max|min RATE P50 P99: the run just made becomes SIDE's best when its rate is higher
# (max) or its p50 lower (min); sets SIDE_RATE, SIDE_P50, SIDE_P99 and SIDE_LOAD.
best() {
    eval "_rate=\${${1}_RATE:-} _p50=\${${1}_P50:-}"
    if [ "$2" = max ]; then better "$3" "$_rate" max; else better "$4" "$_p50" min; fi &&
        eval "${1}_RATE=\$3 ${1}_P50=\$4 ${1}_P99=\$5 ${1}_LOAD=\$(load1)"
}

# forget SIDE...: no best yet for these sides
forget() {
    for _s in "$@"; do eval "${_s}_RATE= ${_s}_P50= ${_s}_P99= ${_s}_LOAD= ${_s}_BAD=0"; done
}

# rounds_of CONNECTIONS RUNNER...: every runner $rounds times (called as RUNNER CONNECTIONS
# ROUND), the order rotated each round so that no side always goes first: other work on the
# machine only ever makes a run slower, and each runner keeps its best.
rounds_of() {
    _ro_c=$1
    shift
    _ro_r=1
    while [ "$_ro_r" -le "$rounds" ]; do
        _ro_first=$(((_ro_r - 1) % $# + 1))
        _ro_i=0
        for _ro_run in "$@" "$@"; do
            _ro_i=$((_ro_i + 1))
            if [ "$_ro_i" -ge "$_ro_first" ] && [ "$_ro_i" -lt $((_ro_first + $#)) ]; then "$_ro_run" "$_ro_c" "$_ro_r"; fi
        done
        _ro_r=$((_ro_r + 1))
    done
}

# with_pgoptions OPTIONS CMD...: runs CMD with PGOPTIONS (session settings) set to OPTIONS.
with_pgoptions() {
    PGOPTIONS=$1
    export PGOPTIONS
    shift
    "$@"
    _rc=$?
    unset PGOPTIONS
    return $_rc
}
