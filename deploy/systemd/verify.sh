#!/bin/sh
# Checks kpid.service as it would be installed: `systemd-analyze verify` must print nothing
# (an unknown key or a missing binary is only a warning there), and the offline security
# score must stay at or below 2.0 ("OK") so that no hardening line goes unnoticed.
#
#   verify.sh KPID_BINARY
set -eu
kpid=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/bin"
cp "$kpid" "$tmp/bin/kpid"
sed "s|/usr/local/|$tmp/|g" "$here/kpid.service" >"$tmp/kpid.service"

systemd-analyze verify "$tmp/kpid.service" >"$tmp/verify.log" 2>&1 || true
if [ -s "$tmp/verify.log" ]; then
    echo "systemd: kpid.service does not verify:" >&2
    cat "$tmp/verify.log" >&2
    exit 1
fi
if ! systemd-analyze security --offline=yes --threshold=20 "$tmp/kpid.service" >"$tmp/security.log" 2>&1; then
    tail -n 40 "$tmp/security.log" >&2
    echo "systemd: kpid.service's exposure is above 2.0" >&2
    exit 1
fi
echo "systemd: kpid.service verifies; $(tail -n 1 "$tmp/security.log" | sed 's/^→ //')"
