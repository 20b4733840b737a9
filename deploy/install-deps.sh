#!/bin/sh
# Installs the Debian packages that building, testing and running kpid locally need, only
# those that are missing; silent and quick when everything is already there.
set -eu

PACKAGES="make gcc clang pkg-config libmicrohttpd-dev libjansson-dev libpq-dev libssl-dev
check libcurl4-openssl-dev postgresql postgresql-contrib gcovr valgrind curl libclang-rt-14-dev"
# npm may come bundled with a nodejs package that is not Debian's own.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
[ "${KPID_BENCH:-0}" = 1 ] && PACKAGES="$PACKAGES wrk"
# systemd-analyze checks the unit in make test; make cluster runs PgBouncer and HAProxy; make
# image builds with podman when no docker daemon runs.
PACKAGES="$PACKAGES systemd"
[ "${KPID_CLUSTER:-0}" = 1 ] && PACKAGES="$PACKAGES pgbouncer haproxy"
[ "${KPID_IMAGE:-0}" = 1 ] && PACKAGES="$PACKAGES podman mmdebstrap"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The OpenAPI linter and the response validator come from the npm registry, pinned in
# deploy/node/package.json, into var/tools/node (never system-wide).
here=$(cd "$(dirname "$0")" && pwd)
tools="$here/../var/tools/node"
if ! cmp -s "$here/node/package.json" "$tools/package.json" 2>/dev/null ||
    [ ! -x "$tools/node_modules/.bin/redocly" ]; then
    echo "install-deps: installing the OpenAPI tools into var/tools/node"
    mkdir -p "$tools"
    cp "$here/node/package.json" "$tools/package.json"
    (cd "$tools" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
fi
