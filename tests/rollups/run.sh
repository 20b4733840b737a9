#!/bin/sh
# The rollups' property test: random small workspaces written and rewritten in SQL (time zones,
# late and future deals, duplicates, validity changes, PATCH-like updates, deletions, zone
# changes), and every measure the rollups serve compared with the direct statement
# (src/kpid/store/sql/measures_event_select.sql, and measures_cohort_select.sql by cohort) for
# months, quarters and weeks, event and cohort attribution, every grouping, filters and several
# as_of values, before and after merges. Any difference fails the run with
# the differing measure (tests/rollups/property.sql).
#
#   sh tests/rollups/run.sh KPID_BINARY        ROLLUP_SEED=<0..1> picks the random data
set -u

[ $# -eq 1 ] || { echo "usage: $0 KPID_BINARY" >&2; exit 2; }
case $1 in /*) kpid=$1 ;; *) kpid=$PWD/$1 ;; esac
cd "$(dirname "$0")/../.." || exit 1

check=check-rollups
. deploy/migrated-db.sh

seed=${ROLLUP_SEED:-$(awk 'BEGIN { srand(); printf "%.6f", rand() }')}
echo "check-rollups: seed $seed (ROLLUP_SEED=$seed reruns this data)"
psql -X -q -v ON_ERROR_STOP=1 -v seed="$seed" \
    -v event="$(cat src/kpid/store/sql/measures_event_select.sql)" \
    -v cohort="$(cat src/kpid/store/sql/measures_cohort_select.sql)" \
    -v rollup="$(cat src/kpid/store/sql/measures_rollup_select.sql)" \
    "$url" -f tests/rollups/property.sql || {
    echo "check-rollups: FAILED (seed $seed)" >&2
    exit 1
}
