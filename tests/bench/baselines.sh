# PostgreSQL's own limits for tests/bench/run.sh (sourced), none running any of kpid's code:
#   1a  a plain durable single-row INSERT ... ON CONFLICT of a lead-shaped row into a table with
#       only the primary key and the natural-key unique index (pgbench);
#   1b  COPY of the rows of the very 1000-lead documents the batch run posts, into the leads
#       table as it is, all its indexes and triggers (kpid-copy-rate);
#   1c  one scan that only counts and sums the period's leads and won deals, no grouping;
#   1d  the single-row INSERT of 1a into the leads table as it is, all its indexes and triggers:
#       what kpid's schema costs without any of kpid's code.
# Expects $tmp, $db and $ws (the generated workspace's id).

# plain_insert_setup: the table of 1a and the pgbench scripts of 1a ($tmp/plain_insert.pgbench)
# and 1d ($tmp/table_insert.pgbench), which post the lead of tests/bench/post_lead.lua with a
# distinct external id, e-mail and phone per transaction (-D run=TAG -D n=0 -D clients=N
# -D phones=FIRST; 1d's rows go into the generated workspace, so each run takes its own phones).
plain_insert_setup() {
    psql -qAt "$db" -c "CREATE TABLE bench_plain_leads (LIKE leads INCLUDING DEFAULTS)" \
        -c "ALTER TABLE bench_plain_leads ADD PRIMARY KEY (workspace_id, id)" \
        -c "CREATE UNIQUE INDEX bench_plain_leads_natural_key
                ON bench_plain_leads (workspace_id, source, external_id) WHERE external_id IS NOT NULL" ||
        return 1
    plain_insert_script bench_plain_leads >"$tmp/plain_insert.pgbench" &&
        plain_insert_script leads >"$tmp/table_insert.pgbench"
}

# plain_insert_script TABLE: the pgbench script of 1a writing into TABLE
plain_insert_script() {
    cat <<EOF
\\set n :n + 1
\\set phone :phones + :n * :clients + :client_id
INSERT INTO $1 (workspace_id, source, external_id, channel, campaign, utm_source, utm_medium, created_at, contact_name, contact_phone, contact_email, phone_norm, email_norm, region, is_sql, attributes, valid, stage) VALUES ('$ws', 'bench', :run::text || '-' || :client_id::text || '-' || :n::text, 'yandex_direct', 'search_generic', 'yandex', 'cpc', '2026-11-02T10:15:00Z', 'Иван Петров', '+' || :phone::text, :run::text || '-' || :client_id::text || '-' || :n::text || '@bench.example', :phone::text, :run::text || '-' || :client_id::text || '-' || :n::text || '@bench.example', 'Москва', true, '{"form":"callback"}', true, 'new') ON CONFLICT (workspace_id, source, external_id) WHERE external_id IS NOT NULL DO NOTHING;
EOF
}

# copy_template_setup TAG: the rows kpid stored for the batch document whose external ids start
# with TAG- (posted before, phones +77000000nnn), as COPY text with TAG (also lower-cased, as in
# email_norm) replaced by CAPTURE and the phones' 77000000 by PHONE ($tmp/batch.copy), and
# the columns they fill ($tmp/batch.columns): every column of leads but the generated id and
# write times, so that whatever kpid's schema becomes, 1b writes what kpid writes.
copy_template_setup() {
    psql -qAt "$db" -c "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
        FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'leads'
        AND column_name NOT IN ('id', 'ingested_at', 'updated_at') AND is_generated = 'NEVER'" \
        >"$tmp/batch.columns" || return 1
    psql -qAt "$db" -c "COPY (SELECT $(cat "$tmp/batch.columns") FROM leads WHERE source = 'bench'
        AND external_id LIKE '$1-%' ORDER BY external_id) TO STDOUT" |
        sed -e "s/$1-/CAPTURE-/g" -e "s/$(echo "$1" | tr 'A-Z' 'a-z')-/CAPTURE-/g" \
            -e 's/77000000\([0-9][0-9][0-9]\)/PHONE\1/g' >"$tmp/batch.copy" || return 1
    [ "$(wc -l <"$tmp/batch.copy")" -eq 1000 ]
}

# scan_script FILE FROM TO: the pgbench script of 1c over [FROM, TO) (ISO timestamps). The
# covering indexes serve both counts and sums, so this is the least any design that reads the
# period's rows must do.
scan_script() {
    cat >"$1" <<EOF
SELECT l.n, l.minutes, d.n, d.amount FROM (SELECT count(*) AS n, sum(reaction_minutes) AS minutes FROM leads WHERE workspace_id = '$ws' AND created_at >= '$2' AND created_at < '$3') AS l, (SELECT count(*) AS n, sum(amount) AS amount FROM deals WHERE workspace_id = '$ws' AND status = 'won' AND closed_at >= '$2' AND closed_at < '$3') AS d;
EOF
}
