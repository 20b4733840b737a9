# The Markdown table of tests/bench/run.sh (sourced, after every measure): issue 17's targets,
# each kpid figure beside PostgreSQL's limit (1a, 1b, 1c; 1d beside 1a) and kpid's own statements
# run alone.

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
verdict() { # an awk condition over figures; n/a when a figure is missing
    case $1 in *n/a*) echo n/a ;; *) awk "BEGIN { print ($1) ? \"yes\" : \"**no**\" }" ;; esac
}
# or_na VALUE: VALUE, or n/a when empty
or_na() { if [ -n "$1" ]; then echo "$1"; else echo n/a; fi; }
# row MEASURE KPID LIMIT RATIO OWN TARGET MET LOAD
row() { printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$@"; }

# the results bound: 20 ms over up to a few million leads, 50 ms from 10 million
results_bound=20
[ "$leads" -ge 10000000 ] && results_bound=50

print_table() {
    echo "## make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null)"
    echo
    echo "Machine: $(nproc) x $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
        "$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM." \
        "PostgreSQL $(psql -qAt "$db" -c 'SHOW server_version' | cut -d' ' -f1) ($durability)," \
        "kpid with its defaults. Data: $rows ($leads generated in ${load_s} s," \
        "$((leads / load_s)) leads/s)."
    echo "Each figure is the best of $rounds runs of $secs s, the sides taking turns to go first;" \
        "\"load\" is the 1-minute load average at the end of kpid's best run (2 cores: 2.0 = busy;" \
        "the runs themselves count), $load_start before the data load."
    echo
    echo "| measure | kpid | PostgreSQL's limit | ratio | kpid's own SQL alone | target | met | load |"
    echo "|---|---|---|---|---|---|---|---|"
    for c in 8 32; do
        eval "k=\$l${c}_k a=\$l${c}_a s=\$l${c}_s t=\$l${c}_t k50=\$l${c}_k50 k99=\$l${c}_k99 a50=\$l${c}_a50 a99=\$l${c}_a99 bad=\$l${c}_bad ld=\$l${c}_load"
        r=$(ratio "$k" "$a")
        row "single lead, $c conn.: req/s (limit 1a)" "$k" "$a" "$r" "$(or_na "$s")" ">= 0.5x" \
            "$(verdict "$r >= 0.5")" "$ld"
        row "single lead, $c conn.: req/s (limit 1d: 1a into leads as it is)" "$k" "$(or_na "$t")" \
            "$(ratio "$k" "$t")" "" "" "" ""
        if [ "$c" = 8 ]; then
            row "single lead, $c conn.: p50 / p99 ms" "$k50 / $k99" "$a50 / $a99" "" "" "p99 < 20" \
                "$(verdict "$k99 < 20")" ""
        else
            row "single lead, $c conn.: p50 / p99 ms" "$k50 / $k99" "$a50 / $a99" "" "" "" "" ""
        fi
        [ "$bad" -eq 0 ] || row "single lead, $c conn.: failed requests" "$bad" "" "" "" 0 "**no**" ""
    done
    r=$(ratio "$b_leads" "$b_copy")
    row "batch of 1000, $batch_conns conn.: leads/s (limit 1b)" "$b_leads" "$b_copy" "$r" \
        "$(or_na "$b_own")" ">= 50000 and >= 0.7x" "$(verdict "$b_leads >= 50000 && $r >= 0.7")" "$b_load"
    row "batch of 1000: p50 / p99 ms per request" "$b_p50 / $b_p99" "$b_cp50 / $b_cp99" "" "" "" "" ""
    [ "$b_bad" -eq 0 ] || row "batch: failed requests" "$b_bad" "" "" "" 0 "**no**" ""
    for w in fi fb; do
        eval "posts=\$${w}_posts fresh=\$${w}_fresh fp99=\$${w}_fp99 anal=\$${w}_anal ap99=\$${w}_ap99 fr=\$${w}_ratio bad=\$${w}_bad"
        where="new installation"
        [ "$w" = fb ] && where="beside the generated one"
        row "fresh workspace ($where), $posts single posts, then batches at $batch_conns conn.: batches/s fresh / after ANALYZE (p99 ms)" \
            "$fresh ($fp99) / $anal ($ap99)" "" "$fr" "" ">= 0.8" "$(verdict "$fr >= 0.8")" ""
        [ "$bad" -eq 0 ] || row "fresh workspace ($where): failed requests" "$bad" "" "" "" 0 "**no**" ""
    done
    if [ "$results_status" = 200 ]; then
        for c in 1 8; do
            eval "k50=\$r${c}_k50 k99=\$r${c}_k99 f50=\$r${c}_f50 s50=\$r${c}_s50 rps=\$r${c}_rps bad=\$r${c}_bad ld=\$r${c}_kload"
            r=$(ratio "$k50" "$f50")
            if [ "$c" = 1 ]; then # one user's request on an idle server is what must be interactive
                row "$quarter results?live=true, 10 KPIs, $c conn.: p50 / p99 ms (limit 1c: p50)" "$k50 / $k99" \
                    "$f50" "$r" "$(or_na "$s50")" "p50 < $results_bound" "$(verdict "$k50 < $results_bound")" "$ld"
            else
                row "$quarter results?live=true, 10 KPIs, $c conn.: p50 / p99 ms (limit 1c: p50)" "$k50 / $k99" \
                    "$f50" "$r" "$(or_na "$s50")" "" "" "$ld"
            fi
            row "$quarter results, $c conn.: req/s" "$rps" "" "" "" "" "" ""
            [ "$c" = 1 ] && row "$quarter results from kpid's stored results (no ?live), 1 conn.: p50 / p99 ms" \
                "$stored_p50 / $stored_p99" "" "" "" "" "" ""
            [ "$bad" -eq 0 ] || row "results, $c conn.: failed requests" "$bad" "" "" "" 0 "**no**" ""
        done
    else
        row "$quarter results" "GET answered $results_status" "" "" "" "" "**no**" ""
    fi
    if [ "$series_status" = 200 ]; then
        r=$(ratio "$se_k50" "$se_f50")
        row "series $first_month..$end_month, 1 KPI, 1 conn.: p50 / p99 ms (limit 1c over 12 months: p50)" \
            "$se_k50 / $se_k99" "$se_f50" "$r" "" "p50 < 100" "$(verdict "$se_k50 < 100")" "$se_load"
        [ "$se_bad" -eq 0 ] || row "series: failed requests" "$se_bad" "" "" "" 0 "**no**" ""
    else
        row "12-month series" "GET answered $series_status" "" "" "" "" "**no**" ""
    fi
    growth=$(awk -v a="$rss_warm" -v b="$rss_soak" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
    row "peak RSS (VmHWM)" "$(mib "$hwm") MiB" "" "" "" "< 64 MiB" "$(verdict "$hwm < 65536")" ""
    row "RSS after ${warm} s warm-up -> after ${soak} s soak" \
        "$(mib "$rss_warm") -> $(mib "$rss_soak") MiB ($growth %)" "" "" "" "< 5 %" \
        "$(verdict "$growth < 5")" "$soak_load"
    if [ -s "$tmp/failures" ]; then
        echo
        echo "Failed requests, and what kpid logged meanwhile:"
        echo
        cat "$tmp/failures"
    fi
    echo
    echo "PostgreSQL's limits, on the same cluster: **1a** pgbench -M prepared, same clients and" \
        "duration, a single-row INSERT ... ON CONFLICT DO NOTHING of the posted lead into a copy" \
        "of leads with only its primary key and natural-key unique index" \
        "(tests/bench/baselines.sh); **1b** kpid-copy-rate (tests/bench/copy_rate.c): the rows kpid" \
        "stored for one 1000-lead batch document, read back and COPYed into leads as it is (all" \
        "its indexes and triggers) with new ids, e-mails and phones, one durable transaction per" \
        "COPY, at the same connections; **1c** one pgbench statement that only counts and sums" \
        "the period's leads and won deals, no grouping (JIT off), at the same connections;" \
        "**1d** the single-row INSERT of 1a into leads as it is (all its indexes and triggers, rows" \
        "of their own phones in the generated workspace): kpid's schema without kpid's code."
    echo "kpid's own SQL alone: the statements kpid ran for one request, captured from the server" \
        "log at run time and run by pgbench (${results_statements:-no} results statements;" \
        "n/a where they could not be captured as a replayable statement)."
    echo
    echo "Fresh workspace: a new workspace and key, 10 s of single-lead posts at 8 connections," \
        "then batches of 1000 distinct leads for $secs s, then ANALYZE leads, deals and the same" \
        "batches again; the ratio is fresh / analysed. Run once on the new cluster before the data" \
        "load and once beside the generated workspace."
    echo
    echo "Soak mix: 4 connections posting single leads ($soak_ingest requests) and 2 reading the" \
        "quarter's results ($soak_reads requests), at once."
}
