#!/bin/sh
# make bench: kpid against PostgreSQL alone on one fresh durable cluster - single-lead and batch
# ingest, quarter results over the generated leads, memory - as a Markdown table on stdout and
# in tests/bench/last-run.md.
#
#   sh tests/bench/run.sh KPID_BINARY DATAGEN_BINARY
#
# Knobs: KPID_BENCH_LEADS (1000000), KPID_BENCH_SECONDS (20 per measured run),
# KPID_BENCH_ROUNDS (2: each comparison's runs, best kept), KPID_BENCH_SOAK_SECONDS (300),
# KPID_BENCH_BATCH_CONNECTIONS (4), KPID_BENCH_END_MONTH (2026-10).
# Everything (cluster, logs, kpid) lives in one temporary directory removed on exit; kpid and
# the database are reached on 127.0.0.1 and the cluster's Unix socket only.
set -u

[ $# -eq 2 ] || { echo "usage: $0 KPID_BINARY DATAGEN_BINARY" >&2; exit 2; }
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
kpid=$(absolute "$1")
datagen=$(absolute "$2")
cd "$(dirname "$0")/../.." || exit 1

leads=${KPID_BENCH_LEADS:-1000000}
secs=${KPID_BENCH_SECONDS:-20}
soak=${KPID_BENCH_SOAK_SECONDS:-300}
batch_conns=${KPID_BENCH_BATCH_CONNECTIONS:-4}
end_month=${KPID_BENCH_END_MONTH:-2026-10}

for tool in wrk pgbench psql curl awk; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make bench installs it)" >&2; exit 1; }
done

tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp" # as root the cluster runs as the postgres user, who must reach it
kpid_pid=""
load_pids=""

cleanup() {
    trap '' PIPE
    for p in $load_pids; do # a background wrk run: its wrk, then itself
        pkill -KILL -P "$p" 2>/dev/null
    done
    for p in $load_pids $kpid_pid; do
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    sh deploy/pg-cluster.sh stop "$tmp/pg" immediate
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

die() {
    echo "bench: $*" >&2
    [ -s "$tmp/kpid.log" ] && tail -n 20 "$tmp/kpid.log" >&2
    exit 1
}
say() { echo "bench: $*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }

. tests/bench/measure.sh

# --- database, data, kpid --------------------------------------------------------------------

db=$(sh deploy/pg-cluster.sh start "$tmp/pg") || die "cannot start PostgreSQL"
durability=$(psql -qAt "$db" -c "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit='
    || current_setting('synchronous_commit') || ', shared_buffers=' || current_setting('shared_buffers')")
export KPID_DATABASE_URL="$db"
"$kpid" migrate >>"$tmp/kpid.log" 2>&1 || die "kpid migrate failed"
KPID_BENCH_KEY=$("$kpid" keys create --workspace bench --scope admin --name bench 2>>"$tmp/kpid.log")
export KPID_BENCH_KEY
[ -n "$KPID_BENCH_KEY" ] || die "no API key"

load_start=$(load1)
say "loading $leads leads (12 months to $end_month)"
t0=$(date +%s)
"$datagen" --database-url "$db" --workspace bench --leads "$leads" --months 12 \
    --end-month "$end_month" --seed 1 || die "kpid-datagen failed"
load_s=$(($(date +%s) - t0))
rows=$(psql -qAt "$db" -c "SELECT (SELECT count(*) FROM leads) || ' leads, '
    || (SELECT count(*) FROM deals) || ' deals, ' || (SELECT count(*) FROM channel_stats)
    || ' spend rows, ' || (SELECT count(*) FROM nps_responses) || ' NPS answers'")

. tests/free-port.sh
port=$(free_port) || die "no free port"
base="http://127.0.0.1:$port"
KPID_LISTEN="127.0.0.1:$port" "$kpid" >>"$tmp/kpid.log" 2>&1 &
kpid_pid=$!
i=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/readyz")" = 200 ]; do
    i=$((i + 1))
    [ $i -lt 200 ] && kill -0 "$kpid_pid" 2>/dev/null || die "kpid not ready"
    sleep 0.1
done

# api METHOD PATH [BODY]: the HTTP status; the body in $tmp/reply.
api() {
    curl -s -o "$tmp/reply" -w '%{http_code}' --max-time 60 -X "$1" \
        -H "Authorization: Bearer $KPID_BENCH_KEY" -H 'Content-Type: application/json' \
        ${3:+--data-binary "$3"} "$base$2"
}
api_ok() {
    st=$(api "$@")
    case $st in 2??) ;; *) die "$1 $2: $st $(cat "$tmp/reply")" ;; esac
}

# --- the quarter and its 10 KPIs -------------------------------------------------------------

# the last quarter that the data covers whole
y=${end_month%-*}
m=${end_month#*-}
q=$(((${m#0} - 1) / 3 + 1))
[ $((${m#0} % 3)) -ne 0 ] && q=$((q - 1))
[ "$q" -eq 0 ] && { q=4; y=$((y - 1)); }
quarter="$y-Q$q"
api_ok PUT "/v1/periods/$quarter"
kpi() { # code owner metric attribution lag plan
    api_ok POST /v1/kpis "{\"code\":\"$1\",\"name\":\"$1\",\"owner\":\"$2\",\"metric\":\"$3\",
        \"granularity\":\"quarter\",\"attribution\":\"$4\",\"lag_days\":$5,\"target\":{\"plan\":$6}}"
}
kpi q_leads marketing leads event 0 150000
kpi q_valid_leads marketing valid_leads event 0 120000
kpi q_cpl marketing cpl event 0 1200
kpi q_sql_share marketing sql_share event 0 50
kpi q_brand_share marketing brand_lead_share event 0 20
kpi q_conversion sales cr_lead_client event 0 20
kpi q_reaction sales reaction_time_avg event 0 15
kpi q_avg_check sales avg_check event 0 90000
kpi q_cac shared cac cohort 60 18000
kpi q_romi shared romi cohort 60 70

# --- measuring in rounds -------------------------------------------------------------------------

# Each comparison runs kpid and its baseline $rounds times, alternating which goes first, and
# keeps each side's best round: other work on the machine only ever makes a run slower.
rounds=${KPID_BENCH_ROUNDS:-2}
digit=0 # phone numbers of each wrk ingest run: its own two digits (post_lead.lua, post_batch.lua)
runno=0 # the same for each pgbench ingest run

# better A B max|min: A beats the best so far B (none yet when B is empty)
better() { awk -v a="$1" -v b="$2" -v how="$3" 'BEGIN {
    exit !(b == "" || (how == "max" ? a + 0 > b + 0 : a + 0 < b + 0)) }'; }
reset_best() { K_RATE="" K_P50="" K_P99="" K_BAD=0 K_LOAD="" S_RATE="" S_P50="" S_P99="" S_LOAD=""; }
# keep_kpid max|min: keeps the wrk run just made when it is kpid's best (by rate or by p50)
keep_kpid() {
    K_BAD=$((K_BAD + W_BAD))
    if [ "$1" = max ]; then better "$W_RPS" "$K_RATE" max; else better "$W_P50" "$K_P50" min; fi &&
        K_RATE=$W_RPS K_P50=$W_P50 K_P99=$W_P99 K_LOAD=$(load1)
}
keep_sql() {
    if [ "$1" = max ]; then better "$P_TPS" "$S_RATE" max; else better "$P_P50" "$S_P50" min; fi &&
        S_RATE=$P_TPS S_P50=$P_P50 S_P99=$P_P99 S_LOAD=$(load1)
}
# best_of KPID_RUN SQL_RUN CONNECTIONS: both runs, $rounds times each, alternating the order
best_of() {
    reset_best
    _r=1
    while [ "$_r" -le "$rounds" ]; do
        if [ $((_r % 2)) -eq 1 ]; then
            "$1" "$3" "$_r"
            "$2" "$3" "$_r"
        else
            "$2" "$3" "$_r"
            "$1" "$3" "$_r"
        fi
        _r=$((_r + 1))
    done
}

stored() { psql -qAt "$db" -c "SELECT count(*) FROM leads WHERE source = 'bench' AND external_id LIKE '$1-%'"; }
# check_stored TAG ACKNOWLEDGED IN_FLIGHT: every acknowledged lead is stored; requests still in
# flight when wrk stopped may be stored too, unacknowledged
check_stored() {
    n=$(stored "$1")
    [ "$n" -ge "$2" ] && [ "$n" -le $(($2 + $3)) ] ||
        die "kpid acknowledged $2 leads of run $1 but stored $n"
}

# baseline_script SQL PATTERN DIGITS DOC: the captured statement as a pgbench script whose
# document (DOC, an SQL expression) is made distinct per transaction: CAPTURE becomes
# run-client-n, and the phone digits PATTERN become 78, the run's two digits and a
# DIGITS-digit counter.
baseline_script() {
    printf '%s\n' "-- kpid's INSERT of leads, as captured from its own request by tests/bench/run.sh" \
        "-- (regenerated by every run; the document's ids, e-mails and phones made distinct)" \
        '\set n :n + 1' \
        "\\set phone (7800 + :runno) * 1$(printf "%0$3d" 0) + :n * :clients + :client_id"
    sed "s/:s1_2\([^0-9]\)/replace(replace($4, 'CAPTURE', :run::text || '-' || :client_id::text || '-' || :n::text), '$2', :phone::text)\1/" "$1"
}

# --- c. results --------------------------------------------------------------------------------

results_path="/v1/periods/$quarter/results"
results_status=$(api GET "$results_path")
results_kpid() { # CONNECTIONS ROUND
    wrk_run "results$1-$2" "$1" "$secs" tests/bench/get.lua "$results_path" || die "wrk failed"
    keep_kpid min
}
results_sql() {
    # the session settings kpid's results transaction makes (SET LOCAL), for the baseline too
    PGOPTIONS=$(cat "$tmp/results.sql.options")
    export PGOPTIONS
    with_params "$tmp/results.sql.params" pgbench_run "resultsql$1-$2" "$1" "$secs" \
        "$tmp/results.sql" || die "pgbench failed on the results statements"
    unset PGOPTIONS
    keep_sql min
}
if [ "$results_status" = 200 ]; then
    say "results: $quarter, 10 KPIs"
    wrk_run resultswarm 1 5 tests/bench/get.lua "$results_path" || die "wrk failed"
    capture '(FROM|JOIN) (leads|deals|channel_stats|nps_responses)' 'api_keys|INSERT |UPDATE |DELETE ' \
        "$tmp/results.sql" api GET "$results_path" >/dev/null ||
        die "cannot capture the results statements"
    for c in 1 8; do
        best_of results_kpid results_sql "$c"
        eval "r${c}_k50=\$K_P50 r${c}_k99=\$K_P99 r${c}_rps=\$K_RATE r${c}_bad=\$K_BAD"
        eval "r${c}_s50=\$S_P50 r${c}_s99=\$S_P99 r${c}_tps=\$S_RATE r${c}_load=\"\$K_LOAD / \$S_LOAD\""
    done
    results_statements=$(grep -c . "$tmp/results.sql")
else
    say "results: GET $results_path answers $results_status; skipped"
fi

# --- a. single-lead ingest -----------------------------------------------------------------------

say "single-lead ingest"
digit=$((digit + 1))
wrk_run leadwarm 8 5 tests/bench/post_lead.lua /v1/leads warm "$digit" || die "wrk failed"
capture_lead() {
    st=$(api POST /v1/leads '{"source":"bench","external_id":"CAPTURE","channel":"yandex_direct",
        "campaign":"search_generic","utm_source":"yandex","utm_medium":"cpc",
        "created_at":"2026-11-02T10:15:00Z","contact":{"name":"Иван Петров",
        "phone":"+77000000001","email":"CAPTURE@bench.example"},"region":"Москва",
        "is_sql":true,"attributes":{"form":"callback"}}')
    [ "$st" = 201 ]
}
capture 'INSERT INTO leads' '' "$tmp/insert.sql" capture_lead ||
    die "cannot capture kpid's lead INSERT"
baseline_script "$tmp/insert.sql" 77000000001 7 ':s1_2::text' >tests/bench/lead_insert.sql

lead_kpid() { # CONNECTIONS ROUND
    digit=$((digit + 1))
    wrk_run "lead$1-$2" "$1" "$secs" tests/bench/post_lead.lua /v1/leads "s$1r$2" "$digit" ||
        die "wrk failed"
    check_stored "s$1r$2" "$W_OK" "$1"
    keep_kpid max
}
lead_sql() {
    runno=$((runno + 1))
    with_params "$tmp/insert.sql.params" pgbench_run "leadsql$1-$2" "$1" "$secs" \
        tests/bench/lead_insert.sql -D n=0 -D runno="$runno" -D clients="$1" -D run="p$1r$2" ||
        die "pgbench failed on the lead INSERT"
    [ "$(stored "p$1r$2")" -gt 0 ] || die "pgbench stored no lead"
    keep_sql max
}
for c in 8 32; do
    best_of lead_kpid lead_sql "$c"
    eval "l${c}_k=\$K_RATE l${c}_k50=\$K_P50 l${c}_k99=\$K_P99 l${c}_bad=\$K_BAD"
    eval "l${c}_p=\$S_RATE l${c}_p50=\$S_P50 l${c}_p99=\$S_P99 l${c}_load=\"\$K_LOAD / \$S_LOAD\""
done

# --- b. batch ingest ---------------------------------------------------------------------------

say "batch ingest"
# The baseline: kpid's INSERT for a batch of 1000, its document read from a table (a -D value
# cannot hold 400 kB).
awk 'BEGIN {
    printf "{\"items\":["
    for (i = 0; i < 1000; i++)
        printf "%s{\"source\":\"bench\",\"external_id\":\"CAPTURE-%d\",\"channel\":\"vk_ads\"," \
            "\"campaign\":\"lead_forms\",\"utm_source\":\"vk\",\"utm_medium\":\"cpc\"," \
            "\"created_at\":\"2026-11-02T11:%02d:00Z\",\"contact\":{\"name\":\"Анна Смирнова\"," \
            "\"phone\":\"+77000000%03d\",\"email\":\"CAPTURE-%d@bench.example\"},\"region\":\"Казань\"}",
            i ? "," : "", i, i % 60, i, i
    print "]}"
}' >"$tmp/batch.json"
capture_batch() { [ "$(api POST /v1/leads/batch "@$tmp/batch.json")" = 200 ]; }
capture 'INSERT INTO leads' '' "$tmp/batch.sql" capture_batch || die "cannot capture kpid's batch INSERT"
sed -n 's/^s1_2=//p' "$tmp/batch.sql.params" >"$tmp/batch.doc"
psql -qAt "$db" -c "CREATE TABLE bench_batch_doc AS SELECT pg_read_file('$tmp/batch.doc') AS doc" ||
    die "cannot store the batch document"
grep -v '^s1_2=' "$tmp/batch.sql.params" >"$tmp/batch.params"
baseline_script "$tmp/batch.sql" 77000000 4 '(SELECT doc FROM bench_batch_doc)' >"$tmp/batch.pgbench"

batch_kpid() { # CONNECTIONS ROUND
    digit=$((digit + 1))
    wrk_run "batch-$2" "$1" "$secs" tests/bench/post_batch.lua /v1/leads/batch "br$2" "$digit" ||
        die "wrk failed"
    check_stored "br$2" $((W_OK * 1000)) $(($1 * 1000))
    keep_kpid max
}
batch_sql() {
    runno=$((runno + 1))
    with_params "$tmp/batch.params" pgbench_run "batchsql-$2" "$1" "$secs" "$tmp/batch.pgbench" \
        -D n=0 -D runno="$runno" -D clients="$1" -D run="pbr$2" ||
        die "pgbench failed on the batch INSERT"
    [ "$(stored "pbr$2")" -ge "$(awk -v r="$P_TPS" 'BEGIN { printf "%d", r * 1000 * 0.99 }')" ] ||
        die "pgbench stored fewer leads than it reports"
    keep_sql max
}
best_of batch_kpid batch_sql "$batch_conns"
b_leads=$(awk -v r="$K_RATE" 'BEGIN { printf "%.0f", r * 1000 }')
b_pleads=$(awk -v r="$S_RATE" 'BEGIN { printf "%.0f", r * 1000 }')
b_p50=$K_P50 b_p99=$K_P99 b_bad=$K_BAD b_pp50=$S_P50 b_pp99=$S_P99 b_load="$K_LOAD / $S_LOAD"

# --- d. memory -----------------------------------------------------------------------------------

mixed() { # NAME SECONDS: 4 connections posting leads, 2 reading results
    digit=$((digit + 1))
    wrk_run "$1-ingest" 4 "$2" tests/bench/post_lead.lua /v1/leads "$1" "$digit" &
    load_pids="$!"
    wrk_run "$1-reads" 2 "$2" tests/bench/get.lua "$results_path" >/dev/null
    wait $load_pids
    load_pids=""
}
warm=30
[ "$soak" -lt "$warm" ] && warm=$soak
say "memory: ${warm} s warm-up, ${soak} s soak of mixed ingest and reads"
mixed soakwarm "$warm"
rss_warm=$(rss_kib VmRSS)
mixed soak "$soak"
rss_soak=$(rss_kib VmRSS)
hwm=$(rss_kib VmHWM)
soak_load=$(load1)
soak_ingest=$(awk '/^WRK/ { split($2, a, "="); print a[2] }' "$tmp/soak-ingest.wrk")
soak_reads=$(awk '/^WRK/ { split($2, a, "="); print a[2] }' "$tmp/soak-reads.wrk")

# --- the table -----------------------------------------------------------------------------------

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { # an awk condition over figures; n/a when a figure is missing
    case $1 in *n/a*) echo n/a ;; *) awk "BEGIN { print ($1) ? \"yes\" : \"**no**\" }" ;; esac
}
{
    echo "## make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null)"
    echo
    echo "Machine: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
        "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM." \
        "PostgreSQL $(psql -qAt "$db" -c 'SHOW server_version' | cut -d' ' -f1) ($durability)," \
        "kpid with its defaults. Data: $rows ($leads generated in ${load_s} s)."
    echo "Each figure is the better of $rounds runs of $secs s (kpid and PostgreSQL alone alternating" \
        "which goes first); \"load\" is the 1-minute load average at the end of those two runs," \
        "kpid / PostgreSQL (2 cores: 2.0 = busy; the runs themselves count), $load_start at the start."
    echo
    echo "| measure | kpid | PostgreSQL alone | ratio | target | met | load |"
    echo "|---|---|---|---|---|---|---|"
    for c in 8 32; do
        eval "k=\$l${c}_k p=\$l${c}_p k50=\$l${c}_k50 k99=\$l${c}_k99 p50=\$l${c}_p50 p99=\$l${c}_p99 bad=\$l${c}_bad ld=\$l${c}_load"
        r=$(ratio "$k" "$p")
        echo "| single lead, $c connections: req/s | $k | $p | $r | >= 0.7 | $(verdict "$r >= 0.7") | $ld |"
        echo "| single lead, $c connections: p50 / p99 ms | $k50 / $k99 | $p50 / $p99 | | | | |"
        [ "$bad" -eq 0 ] || echo "| single lead, $c connections: failed requests | $bad | | | 0 | **no** | |"
    done
    echo "| batch of 1000 leads, $batch_conns connections: leads/s | $b_leads | $b_pleads | $(ratio "$b_leads" "$b_pleads") | >= 50000 | $(verdict "$b_leads >= 50000") | $b_load |"
    echo "| batch of 1000 leads: p50 / p99 ms per request | $b_p50 / $b_p99 | $b_pp50 / $b_pp99 | | | | |"
    [ "$b_bad" -eq 0 ] || echo "| batch: failed requests | $b_bad | | | 0 | **no** | |"
    if [ "$results_status" = 200 ]; then
        for c in 1 8; do
            eval "k50=\$r${c}_k50 k99=\$r${c}_k99 s50=\$r${c}_s50 s99=\$r${c}_s99 rps=\$r${c}_rps tps=\$r${c}_tps bad=\$r${c}_bad ld=\$r${c}_load"
            r=$(ratio "$k50" "$s50")
            if [ "$c" = 1 ]; then # one user's request on an idle server is what must be interactive
                echo "| $quarter results, 10 KPIs, $c conn.: p50 / p99 ms | $k50 / $k99 | $s50 / $s99 | $r | <= 1.3 and p50 < 250 ms | $(verdict "$r <= 1.3 && $k50 < 250") | $ld |"
            else
                echo "| $quarter results, 10 KPIs, $c conn.: p50 / p99 ms | $k50 / $k99 | $s50 / $s99 | $r | <= 1.3 | $(verdict "$r <= 1.3") | $ld |"
            fi
            echo "| $quarter results, $c conn.: req/s | $rps | $tps | | | | |"
            [ "$bad" -eq 0 ] || echo "| results, $c conn.: failed requests | $bad | | | 0 | **no** | |"
        done
    else
        echo "| $quarter results | GET answered $results_status | | | | **no** | |"
    fi
    growth=$(awk -v a="$rss_warm" -v b="$rss_soak" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
    echo "| peak RSS (VmHWM) | $(mib "$hwm") MiB | | | < 64 MiB | $(verdict "$hwm < 65536") | |"
    echo "| RSS after ${warm} s warm-up -> after ${soak} s soak | $(mib "$rss_warm") -> $(mib "$rss_soak") MiB ($growth %) | | | < 5 % | $(verdict "$growth < 5") | $soak_load |"
    echo
    echo "The 250 ms bound applies to one connection: 8 requests at once share the 2 cores, so" \
        "each takes about 8/2 times its single-user time, for kpid and the SQL alike."
    echo
    echo "Soak mix: 4 connections posting single leads ($soak_ingest requests) and 2 reading the" \
        "quarter's results ($soak_reads requests), at once. Baselines: pgbench -M prepared with" \
        "the same clients and duration, running the statement kpid ran for one lead" \
        "(tests/bench/lead_insert.sql), the statement it ran for a batch of 1000 (its document" \
        "read from a table), and the ${results_statements:-0} measure statements it ran for one" \
        "results request, all captured from the server log at run time."
} >tests/bench/last-run.md.tmp
mv tests/bench/last-run.md.tmp tests/bench/last-run.md
cat tests/bench/last-run.md
