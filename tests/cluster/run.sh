#!/bin/sh
# make test-cluster: the scenarios of tests/cluster/test.mjs on a fresh deploy/cluster/cluster.sh
# cluster with kpid straight on PostgreSQL, then on another with kpid behind PgBouncer in
# transaction mode. A cluster already running (make cluster) is stopped first.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
cluster="$root/deploy/cluster/cluster.sh"
status=0
trap 'sh "$cluster" stop' EXIT
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
