#!/bin/sh
# Runs every statement of src/kpid/store/sql through PostgreSQL's parser and planner
# (PREPARE) against a freshly migrated private database, so a statement that no longer fits
# the schema fails the build, not a request. The function files are checked by `kpid migrate`
# itself, which runs them.
#
#   sh deploy/sql-check.sh KPID_BINARY
set -u

[ $# -eq 1 ] || { echo "usage: $0 KPID_BINARY" >&2; exit 2; }
case $1 in /*) kpid=$1 ;; *) kpid=$PWD/$1 ;; esac
cd "$(dirname "$0")/.." || exit 1

check=sql-check
. deploy/migrated-db.sh

# One PREPARE per file, named after it; psql stops at the first statement that fails.
script=$tmp/check.sql
printf '\\set ON_ERROR_STOP on\n' >"$script"
count=0
for f in src/kpid/store/sql/*.sql; do
    name=$(basename "$f" .sql)
    {
        printf '\\echo %s\n' "$f"
        printf 'PREPARE "%s" AS\n' "$name"
        cat "$f"
        echo
    } >>"$script"
    count=$((count + 1))
done
out=$(psql -X -q "$url" -f "$script" 2>&1) || {
    echo "$out" | tail -n 5 >&2
    echo "sql-check: the statement above does not prepare" >&2
    exit 1
}
echo "sql-check: $count statements prepared"
