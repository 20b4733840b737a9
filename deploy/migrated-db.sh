# shellcheck shell=sh
# What the checks that need a freshly migrated private database share (sourced from the
# repository's root by deploy/sql-check.sh, tests/schema/run.sh and tests/rollups/run.sh, with
# `check` set to the name used in messages and `kpid` to an absolute path): a temporary
# directory, removed on exit with its cluster, and $url, a database `kpid migrate` brought up
# to date.

tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp" # as root the cluster runs as the postgres user, who must reach it
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    sh deploy/pg-cluster.sh stop "$tmp/pg" immediate
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

url=$(sh deploy/pg-cluster.sh start "$tmp/pg" --ephemeral) || exit 1
KPID_DATABASE_URL=$url "$kpid" migrate >"$tmp/migrate.log" 2>&1 || {
    echo "$check: kpid migrate failed:" >&2
    cat "$tmp/migrate.log" >&2
    exit 1
}
