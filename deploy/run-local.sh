#!/bin/sh
# `make run`: a local PostgreSQL under var/, migrations, a demo workspace with data, and kpid
# serving in the foreground until Ctrl-C. Data survives between runs.
set -eu

kpid=${1:-build/kpid}
root=$(cd "$(dirname "$0")/.." && pwd)
var="$root/var"
mkdir -p "$var"

# As root the cluster runs as `postgres`, which must reach its directory; a checkout inside a
# private home directory cannot offer that, so the cluster then lives under /var/lib.
pgdir="$var/pg"
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$var" 2>/dev/null; then
    pgdir="/var/lib/kpid-dev/$(printf '%s' "$root" | sha256sum | cut -c1-12)/pg"
    echo "run: $var is not reachable by the postgres user; the cluster lives in $pgdir"
fi

url=$(sh "$root/deploy/pg-cluster.sh" start "$pgdir")
export KPID_DATABASE_URL="$url"
export KPID_LISTEN="${KPID_LISTEN:-127.0.0.1:8080}"
"$kpid" migrate

keyfile="$var/demo-admin-key"
if [ ! -s "$keyfile" ]; then
    "$kpid" keys create --workspace demo --scope admin --name demo-admin >"$keyfile"
    chmod 600 "$keyfile"
fi
key=$(cat "$keyfile")

"$kpid" &
pid=$!
cleanup() {
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sh "$root/deploy/pg-cluster.sh" stop "$pgdir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

base="http://$KPID_LISTEN"
i=0
until curl -fs "$base/readyz" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
        echo "run: kpid did not become ready" >&2
        exit 1
    fi
    sleep 0.1
done

if [ ! -f "$var/demo-loaded" ] && [ -f "$root/deploy/demo.sh" ]; then
    echo "run: loading the demo workspace (once)"
    sh "$root/deploy/demo.sh" "$base" "$key" "$url" && touch "$var/demo-loaded"
fi

# The dashboard signs in with a read-only key; the address hands it over in its fragment,
# which the browser never sends to kpid and the page removes from the address bar.
readfile="$var/demo-read-key"
if [ ! -s "$readfile" ]; then
    "$kpid" keys create --workspace demo --scope read --name demo-dashboard >"$readfile"
    chmod 600 "$readfile"
fi

last_month=$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%Y-%m)
cat <<MSG

kpid is serving on $base (Ctrl-C stops it; data stays in $pgdir).

Dashboard: open $base/#key=$(cat "$readfile")
  (or open $base/ and paste the demo's read key: $(cat "$readfile"))

Demo workspace admin key: $key

  curl -s $base/readyz
  curl -s -H "Authorization: Bearer $key" $base/v1/metrics
  curl -s -H "Authorization: Bearer $key" $base/v1/periods/$last_month/results
  curl -s -H "Authorization: Bearer $key" $base/v1/periods/$last_month/scorecards
  curl -s -H "Authorization: Bearer $key" "$base/v1/periods/$last_month/results?format=csv"

MSG
wait "$pid"
