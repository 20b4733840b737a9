#!/bin/sh
# make bench: kpid against PostgreSQL's own limits on one fresh durable cluster - single-lead and
# batch ingest, batches into a fresh workspace, quarter results and a 12-month series over the
# generated leads, memory - as a Markdown table on stdout and in tests/bench/last-run.md.
#
#   sh tests/bench/run.sh KPID_BINARY DATAGEN_BINARY COPY_RATE_BINARY
#
# The baselines (tests/bench/baselines.sh): 1a a plain single-row INSERT ... ON CONFLICT of a lead
# into a table with only its keys, 1b COPY of the batch's rows into leads as it is, 1c a scan
# that only counts and sums the period's rows. kpid's own statements, captured from the server
# log, are run alone as well where the capture succeeds.
#
# Knobs: KPID_BENCH_LEADS (1000000), KPID_BENCH_SECONDS (20 per measured run),
# KPID_BENCH_ROUNDS (2: each comparison's runs, best kept), KPID_BENCH_SOAK_SECONDS (300),
# KPID_BENCH_BATCH_CONNECTIONS (4), KPID_BENCH_END_MONTH (2026-10).
# Everything (cluster, logs, kpid) lives in one temporary directory removed on exit; kpid and
# the database are reached on 127.0.0.1 and the cluster's Unix socket only.
set -u

[ $# -eq 3 ] || { echo "usage: $0 KPID_BINARY DATAGEN_BINARY COPY_RATE_BINARY" >&2; exit 2; }
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
kpid=$(absolute "$1")
datagen=$(absolute "$2")
copy_rate=$(absolute "$3")
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
. tests/bench/baselines.sh
. tests/bench/fresh.sh

# --- database, kpid --------------------------------------------------------------------------

db=$(sh deploy/pg-cluster.sh start "$tmp/pg") || die "cannot start PostgreSQL"
durability=$(psql -qAt "$db" -c "SELECT 'fsync=' || current_setting('fsync') || ', synchronous_commit='
    || current_setting('synchronous_commit') || ', shared_buffers=' || current_setting('shared_buffers')")
export KPID_DATABASE_URL="$db"
"$kpid" migrate >>"$tmp/kpid.log" 2>&1 || die "kpid migrate failed"
KPID_BENCH_KEY=$("$kpid" keys create --workspace bench --scope admin --name bench 2>>"$tmp/kpid.log")
export KPID_BENCH_KEY
[ -n "$KPID_BENCH_KEY" ] || die "no API key"
# the bench measures ingest, not the per-key rate limit (2000 requests/s by default)
"$kpid" workspace limits --workspace bench --requests-per-second 1000000 >>"$tmp/kpid.log" 2>&1 ||
    die "kpid workspace limits failed"
ws=$(psql -qAt "$db" -c "SELECT id FROM workspaces WHERE name = 'bench'")

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

# --- measuring in rounds -------------------------------------------------------------------------

rounds=${KPID_BENCH_ROUNDS:-2}
digit=0 # phone numbers of each wrk ingest run: its own two digits (post_lead.lua, post_batch.lua)
runno=0 # the same for each pgbench ingest run of kpid's own statement

stored() { psql -qAt "$db" -c "SELECT count(*) FROM leads WHERE source = 'bench' AND external_id LIKE '$1-%'"; }
# check_stored TAG ACKNOWLEDGED IN_FLIGHT: every acknowledged lead is stored; requests still in
# flight when wrk stopped may be stored too, unacknowledged
check_stored() {
    n=$(stored "$1")
    [ "$n" -ge "$2" ] && [ "$n" -le $(($2 + $3)) ] ||
        die "kpid acknowledged $2 leads of run $1 but stored $n"
}

# baseline_script SQL PATTERN DIGITS PARAM: the captured statement as a pgbench script whose
# rows are made distinct per transaction: in every parameter after the workspace (the staged
# leads), CAPTURE and capture (as in email_norm) become run-client-n, and the phone digits
# PATTERN become 78, the run's two digits and a DIGITS-digit counter. PARAM is the SQL
# expression of parameter @ (@ stands for its number).
baseline_script() {
    printf '%s\n' "-- kpid's INSERT of leads, as captured from its own request by tests/bench/run.sh" \
        "-- (regenerated by every run; the rows' external ids, e-mails and phones made distinct)" \
        '\set n :n + 1' \
        "\\set phone (7800 + :runno) * 1$(printf "%0$3d" 0) + :n * :clients + :client_id"
    _param=$(printf '%s' "$4" | sed 's/@/\\1/g')
    _tag=":run::text || '-' || :client_id::text || '-' || :n::text"
    sed -E "s/:s1_([2-9]|[1-9][0-9]+)([^0-9])/replace(replace(replace($_param, 'CAPTURE', $_tag), 'capture', $_tag), '$2', :phone::text)\2/g" "$1"
}

# --- batches into a fresh workspace, on the new cluster: a go-live import --------------------

say "batches into a fresh workspace of a new installation"
reproduce fresh_install
fi_posts=$F_POSTS fi_fresh=$F_FRESH fi_fp99=$F_FRESH_P99 fi_anal=$F_ANALYSED fi_ap99=$F_ANALYSED_P99
fi_ratio=$F_RATIO fi_bad=$F_BAD

# --- data --------------------------------------------------------------------------------------

load_start=$(load1)
say "loading $leads leads (12 months to $end_month)"
t0=$(date +%s)
"$datagen" --database-url "$db" --workspace bench --leads "$leads" --months 12 \
    --end-month "$end_month" --seed 1 || die "kpid-datagen failed"
load_s=$(($(date +%s) - t0))
[ "$load_s" -gt 0 ] || load_s=1
say "loaded in $load_s s ($((leads / load_s)) leads/s with their deals, spend and NPS)"
rows=$(psql -qAt "$db" -c "SELECT (SELECT count(*) FROM leads) || ' leads, '
    || (SELECT count(*) FROM deals) || ' deals, ' || (SELECT count(*) FROM channel_stats)
    || ' spend rows, ' || (SELECT count(*) FROM nps_responses) || ' NPS answers'")

# --- the quarter, the 12 months and the KPIs -----------------------------------------------------

# the last quarter that the data covers whole, and the 12 months to end_month
y=${end_month%-*}
m=${end_month#*-}
m=${m#0}
q=$(((m - 1) / 3 + 1))
[ $((m % 3)) -ne 0 ] && q=$((q - 1))
[ "$q" -eq 0 ] && { q=4; y=$((y - 1)); }
quarter="$y-Q$q"
q_from=$(printf '%04d-%02d-01T00:00:00Z' "$y" $((3 * q - 2)))
q_to=$(if [ "$q" -eq 4 ]; then printf '%04d-01-01T00:00:00Z' $((y + 1)); else printf '%04d-%02d-01T00:00:00Z' "$y" $((3 * q + 1)); fi)
y=${end_month%-*}
first_month=$(if [ "$m" -eq 12 ]; then printf '%04d-01' "$y"; else printf '%04d-%02d' $((y - 1)) $((m + 1)); fi)
s_to=$(if [ "$m" -eq 12 ]; then printf '%04d-01-01T00:00:00Z' $((y + 1)); else printf '%04d-%02d-01T00:00:00Z' "$y" $((m + 1)); fi)
api_ok PUT "/v1/periods/$quarter"
kpi() { # code owner metric attribution lag plan [granularity]
    api_ok POST /v1/kpis "{\"code\":\"$1\",\"name\":\"$1\",\"owner\":\"$2\",\"metric\":\"$3\",
        \"granularity\":\"${7:-quarter}\",\"attribution\":\"$4\",\"lag_days\":$5,\"target\":{\"plan\":$6}}"
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
kpi m_conversion sales cr_lead_client event 0 7 month

# --- results and series --------------------------------------------------------------------------

# the floor (1c) runs without JIT: compiling a plan is no part of reading rows
scan_script "$tmp/scan_quarter.sql" "$q_from" "$q_to"
scan_script "$tmp/scan_year.sql" "$first_month-01T00:00:00Z" "$s_to"
scan_run() { # SCRIPT NAME CONNECTIONS ROUND
    with_pgoptions "-c jit=off" pgbench_run "$2$3-$4" "$3" "$secs" "$1" || die "pgbench failed on the scan"
    best "$2" min "$P_TPS" "$P_P50" "$P_P99"
}
# ?live=true: computed at each request, not answered from the stored results that kpid's
# background refresh keeps (those are measured once too, as stored_p50)
results_path="/v1/periods/$quarter/results?live=true"
results_status=$(api GET "$results_path")
results_kpid() { # CONNECTIONS ROUND
    wrk_run "results$1-$2" "$1" "$secs" tests/bench/get.lua "$results_path" || die "wrk failed"
    best K min "$W_RPS" "$W_P50" "$W_P99"
    K_BAD=$((K_BAD + W_BAD))
}
results_scan() { scan_run "$tmp/scan_quarter.sql" F "$@"; }
results_own() {
    # the session settings kpid's results transaction makes (SET LOCAL), for its statements too
    with_pgoptions "$(cat "$tmp/results.sql.options")" with_params "$tmp/results.sql.params" \
        pgbench_run "resultsql$1-$2" "$1" "$secs" "$tmp/results.sql" ||
        die "pgbench failed on kpid's results statements"
    best S min "$P_TPS" "$P_P50" "$P_P99"
}
if [ "$results_status" = 200 ]; then
    say "results: $quarter, 10 KPIs"
    wrk_run resultswarm 1 5 tests/bench/get.lua "$results_path" || die "wrk failed"
    results_sides="results_kpid results_scan"
    if capture '(FROM|JOIN) (leads|deals|channel_stats|nps_responses|rollup_days)|channel_record_measures' \
        'api_keys|INSERT |UPDATE |DELETE ' \
        "$tmp/results.sql" api GET "$results_path" >/dev/null; then
        results_sides="$results_sides results_own"
        results_statements=$(grep -c . "$tmp/results.sql")
    else
        say "results: kpid's statements not captured; their column stays empty"
    fi
    for c in 1 8; do
        forget K F S
        rounds_of "$c" $results_sides
        eval "r${c}_k50=\$K_P50 r${c}_k99=\$K_P99 r${c}_rps=\$K_RATE r${c}_bad=\$K_BAD r${c}_kload=\$K_LOAD"
        eval "r${c}_f50=\$F_P50 r${c}_s50=\$S_P50 r${c}_s99=\$S_P99"
    done
    wrk_run resultsstored 1 "$secs" tests/bench/get.lua "/v1/periods/$quarter/results" || die "wrk failed"
    stored_p50=$W_P50 stored_p99=$W_P99
else
    say "results: GET $results_path answers $results_status; skipped"
fi

series_path="/v1/kpis/m_conversion/series?from=$first_month&to=$end_month"
series_status=$(api GET "$series_path")
series_kpid() {
    wrk_run "series$1-$2" "$1" "$secs" tests/bench/get.lua "$series_path" || die "wrk failed"
    best K min "$W_RPS" "$W_P50" "$W_P99"
    K_BAD=$((K_BAD + W_BAD))
}
series_scan() { scan_run "$tmp/scan_year.sql" F "$@"; }
if [ "$series_status" = 200 ]; then
    say "series: $first_month to $end_month, one KPI"
    forget K F
    rounds_of 1 series_kpid series_scan
    se_k50=$K_P50 se_k99=$K_P99 se_bad=$K_BAD se_f50=$F_P50 se_load=$K_LOAD
else
    say "series: GET $series_path answers $series_status; skipped"
fi

# --- single-lead ingest --------------------------------------------------------------------------

say "single-lead ingest"
plain_insert_setup || die "cannot create the plain-insert table"
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
lead_sides="lead_kpid lead_plain lead_table"
if capture 'INSERT INTO leads' '' "$tmp/insert.sql" capture_lead && grep -q ':s1_2[^0-9]' "$tmp/insert.sql"; then
    baseline_script "$tmp/insert.sql" 77000000001 7 ':s1_@::text' >tests/bench/lead_insert.sql
    lead_sides="$lead_sides lead_own"
else
    say "single lead: kpid's INSERT not captured as a statement with parameters; its column stays empty"
fi

lead_kpid() { # CONNECTIONS ROUND
    digit=$((digit + 1))
    wrk_run "lead$1-$2" "$1" "$secs" tests/bench/post_lead.lua /v1/leads "s$1r$2" "$digit" ||
        die "wrk failed"
    check_stored "s$1r$2" "$W_OK" "$1"
    best K max "$W_RPS" "$W_P50" "$W_P99"
    K_BAD=$((K_BAD + W_BAD))
}
lead_plain() {
    pgbench_run "leadplain$1-$2" "$1" "$secs" "$tmp/plain_insert.pgbench" \
        -D n=0 -D clients="$1" -D run="a$1r$2" -D phones=79000000000 ||
        die "pgbench failed on the plain INSERT"
    [ "$(psql -qAt "$db" -c "SELECT count(*) FROM bench_plain_leads WHERE external_id LIKE 'a$1r$2-%'")" -gt 0 ] ||
        die "pgbench stored no plain lead"
    best A max "$P_TPS" "$P_P50" "$P_P99"
}
lead_table() { # 1d: phones 78CCR0000000 (C connections, round R), none shared with other runs
    pgbench_run "leadtable$1-$2" "$1" "$secs" "$tmp/table_insert.pgbench" \
        -D n=0 -D clients="$1" -D run="d$1r$2" -D phones="78$(printf %02d "$1")${2}0000000" ||
        die "pgbench failed on the INSERT into leads"
    [ "$(stored "d$1r$2")" -gt 0 ] || die "pgbench stored no lead in leads"
    best T max "$P_TPS" "$P_P50" "$P_P99"
}
# kpid runs its insert on the generic plan (src/kpid/store/lead.c); so does the replay
generic_plan="-c plan_cache_mode=force_generic_plan"
lead_own() {
    runno=$((runno + 1))
    with_pgoptions "$generic_plan" with_params "$tmp/insert.sql.params" \
        pgbench_run "leadsql$1-$2" "$1" "$secs" tests/bench/lead_insert.sql \
        -D n=0 -D runno="$runno" -D clients="$1" -D run="p$1r$2" ||
        die "pgbench failed on the lead INSERT"
    [ "$(stored "p$1r$2")" -gt 0 ] || die "pgbench stored no lead"
    best S max "$P_TPS" "$P_P50" "$P_P99"
}
for c in 8 32; do
    forget K A S T
    rounds_of "$c" $lead_sides
    eval "l${c}_k=\$K_RATE l${c}_k50=\$K_P50 l${c}_k99=\$K_P99 l${c}_bad=\$K_BAD l${c}_load=\$K_LOAD"
    eval "l${c}_a=\$A_RATE l${c}_a50=\$A_P50 l${c}_a99=\$A_P99 l${c}_s=\$S_RATE l${c}_t=\$T_RATE"
done

# --- batch ingest ----------------------------------------------------------------------------------

say "batch ingest"
# one batch of 1000 (tagged CAPTURE): its rows as kpid stores them are 1b's template, and the
# statement kpid runs for it (when it takes the document as one parameter) is run alone too
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
# the batch's parameters (tens of kB each) wait in a table, read by the pgbench script
store_batch_params() {
    psql -qAt "$db" -c "CREATE TABLE bench_batch_params (name text PRIMARY KEY, value text NOT NULL)" ||
        return 1
    grep -v '^s1_1=' "$tmp/batch.sql.params" | while IFS= read -r _line; do
        _name=${_line%%=*}
        printf '%s' "${_line#*=}" >"$tmp/batch.$_name"
        psql -qAt "$db" -c "INSERT INTO bench_batch_params
            VALUES ('$_name', pg_read_file('$tmp/batch.$_name'))" || return 1
    done
}
batch_sides="batch_kpid batch_copy"
if capture 'INSERT INTO leads' '' "$tmp/batch.sql" capture_batch &&
    grep -q '^s1_2=' "$tmp/batch.sql.params"; then
    store_batch_params || die "cannot store the batch's parameters"
    grep '^s1_1=' "$tmp/batch.sql.params" >"$tmp/batch.params"
    baseline_script "$tmp/batch.sql" 77000000 4 \
        "(SELECT value FROM bench_batch_params WHERE name = 's1_@')" >"$tmp/batch.pgbench"
    batch_sides="$batch_sides batch_own"
else
    say "batch: kpid's INSERT not captured as a statement with parameters; its column stays empty"
fi
copy_template_setup CAPTURE || die "cannot read back the batch kpid stored"

batch_kpid() { # CONNECTIONS ROUND
    digit=$((digit + 1))
    wrk_run "batch-$2" "$1" "$secs" tests/bench/post_batch.lua /v1/leads/batch "br$2" "$digit" ||
        die "wrk failed"
    check_stored "br$2" $((W_OK * 1000)) $(($1 * 1000))
    best K max "$(awk -v r="$W_RPS" 'BEGIN { printf "%.0f", r * 1000 }')" "$W_P50" "$W_P99"
    K_BAD=$((K_BAD + W_BAD))
}
batch_copy() {
    copy_run "batchcopy-$2" "$1" "$secs" "cr$2" || die "kpid-copy-rate failed"
    [ "$(stored "cr$2")" -ge "$C_ROWS" ] || die "COPY stored fewer leads than it reports"
    best A max "$C_RATE" "$C_P50" "$C_P99"
}
batch_own() {
    runno=$((runno + 1))
    with_pgoptions "$generic_plan" with_params "$tmp/batch.params" \
        pgbench_run "batchsql-$2" "$1" "$secs" "$tmp/batch.pgbench" \
        -D n=0 -D runno="$runno" -D clients="$1" -D run="pbr$2" ||
        die "pgbench failed on the batch INSERT"
    [ "$(stored "pbr$2")" -ge "$(awk -v r="$P_TPS" 'BEGIN { printf "%d", r * 1000 * 0.99 }')" ] ||
        die "pgbench stored fewer leads than it reports"
    best S max "$(awk -v r="$P_TPS" 'BEGIN { printf "%.0f", r * 1000 }')" "$P_P50" "$P_P99"
}
forget K A S
rounds_of "$batch_conns" $batch_sides
b_leads=$K_RATE b_p50=$K_P50 b_p99=$K_P99 b_bad=$K_BAD b_load=$K_LOAD
b_copy=$A_RATE b_cp50=$A_P50 b_cp99=$A_P99 b_own=$S_RATE

# --- batches into a fresh workspace beside the generated one ---------------------------------------

say "batches into a fresh workspace beside the generated one"
reproduce fresh_beside
fb_posts=$F_POSTS fb_fresh=$F_FRESH fb_fp99=$F_FRESH_P99 fb_anal=$F_ANALYSED fb_ap99=$F_ANALYSED_P99
fb_ratio=$F_RATIO fb_bad=$F_BAD

# --- memory ---------------------------------------------------------------------------------------

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

. tests/bench/table.sh
print_table >tests/bench/last-run.md.tmp
mv tests/bench/last-run.md.tmp tests/bench/last-run.md
cat tests/bench/last-run.md
