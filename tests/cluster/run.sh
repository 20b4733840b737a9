#!/bin/sh
# make test-cluster: the scenarios of tests/cluster/test.mjs on a fresh deploy/cluster/cluster.sh
# cluster with kpid straight on PostgreSQL, then on another with kpid behind PgBouncer in
# transaction mode. A cluster already running (make cluster) is stopped first. The test's
# clusters live in a temporary directory of their own (KPID_CLUSTER_DIR to choose one): the
# checkout may sit in a private directory (mktemp -d) that PostgreSQL's owner cannot reach.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cluster="$root/deploy/cluster/cluster.sh"
status=0
sh "$cluster" stop
if [ -z "${KPID_CLUSTER_DIR:-}" ]; then
    KPID_CLUSTER_DIR=$(mktemp -d) || exit 1
    chmod 755 "$KPID_CLUSTER_DIR"
    export KPID_CLUSTER_DIR
    trap 'sh "$cluster" stop; rm -rf "$KPID_CLUSTER_DIR"' EXIT
else
    trap 'sh "$cluster" stop' EXIT
fi
for mode in direct pgbouncer; do
    sh "$cluster" stop
    echo "test-cluster: starting the cluster ($mode)"
    if ! sh "$cluster" start "$mode" >/dev/null; then
        echo "test-cluster: the cluster ($mode) did not start" >&2
        status=1
        continue
    fi
    node "$root/tests/cluster/test.mjs" || status=1
done
exit $status
