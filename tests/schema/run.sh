#!/bin/sh
# make check-schema-rules: every migration kpid has, applied to a fresh PostgreSQL, must keep
# the schema distributable by workspace_id on Citus (tests/schema/citus_rules.sql, with the
# tables deploy/citus/declared.sql exempts); then a deliberately wrong migration on top
# (tests/schema/wrong_migration.sql) must be refused, one violation per broken rule.
#
#   sh tests/schema/run.sh KPID_BINARY
set -u
[ $# -eq 1 ] || { echo "usage: $0 KPID_BINARY" >&2; exit 2; }
case $1 in /*) kpid=$1 ;; *) kpid=$PWD/$1 ;; esac
cd "$(dirname "$0")/../.." || exit 1
check="schema rules"
. deploy/migrated-db.sh
violations() { cat deploy/citus/declared.sql tests/schema/citus_rules.sql | psql "$url" -qAtX -v ON_ERROR_STOP=1 -F ': '; }

found=$(violations) || exit 1
if [ -n "$found" ]; then
    echo "schema rules: the migrations break the Citus rules:" >&2
    echo "$found" >&2
    exit 1
fi
echo "schema rules: $(ls migrations/*.sql | wc -l) migrations keep every table distributable by workspace_id"

# deploy/citus/distribute.sql against stand-ins of the Citus functions: every table placed
left=$(cat tests/schema/citus_stub.sql deploy/citus/declared.sql deploy/citus/distribute.sql - <<'SQL' |
SELECT count(*) FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
    AND c.relname NOT IN (SELECT table_name FROM citus_declared WHERE kind = 'local')
    AND NOT EXISTS (SELECT 1 FROM citus_stub.pg_dist_partition p WHERE p.logicalrelid = c.oid);
SET client_min_messages = warning;
DROP SCHEMA citus_stub CASCADE;
SQL
    psql "$url" -qAtX -v ON_ERROR_STOP=1 2>&1)
if [ "$left" != 0 ]; then
    echo "schema rules: deploy/citus/distribute.sql failed: $left" >&2
    exit 1
fi
echo "schema rules: deploy/citus/distribute.sql places every table (against stand-ins of Citus)"

psql "$url" -qX -v ON_ERROR_STOP=1 -f tests/schema/wrong_migration.sql || exit 1
found=$(violations) || exit 1
status=0
for expected in \
    "wrong_global: no workspace_id column" \
    "wrong_notes: primary key wrong_notes_pkey does not include workspace_id" \
    "wrong_notes: unique index wrong_notes_slug_key does not include workspace_id" \
    "wrong_notes: foreign key wrong_notes_global_id_fkey does not pair workspace_id with wrong_global.workspace_id" \
    "webhook_sources: reference table references distributed table wrong_notes"; do
    if echo "$found" | grep -qxF "$expected"; then
        echo "schema rules: the wrong migration is refused: $expected"
    else
        echo "schema rules: the wrong migration was not refused for: $expected" >&2
        status=1
    fi
done
[ "$(echo "$found" | wc -l)" -eq 5 ] || { echo "schema rules: unexpected: $found" >&2; status=1; }
exit $status
