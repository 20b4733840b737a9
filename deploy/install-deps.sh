#!/bin/sh
# Installs the Debian packages that building, testing and running kpid locally need, only
# those that are missing; silent and quick when everything is already there.
set -eu

# The daemon links libmicrohttpd, jansson, libpq, libcrypto and libcurl (its CRM fetches; the
# runtime libcurl4 comes with the -dev package); the tests add check, the rest are tools.
PACKAGES="make gcc clang pkg-config libmicrohttpd-dev libjansson-dev libpq-dev libssl-dev
libcurl4-openssl-dev libcurl4 check postgresql postgresql-contrib gcovr valgrind curl
libclang-rt-14-dev"
# npm may come bundled with a nodejs package that is not Debian's own.
command -v npm >/dev/null 2>&1 || PACKAGES="$PACKAGES nodejs npm"
[ "${KPID_BENCH:-0}" = 1 ] && PACKAGES="$PACKAGES wrk"
[ "${KPID_BROWSER:-0}" = 1 ] && PACKAGES="$PACKAGES chromium" # the dashboard's browser test
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

# The dashboard's browser test drives Debian's chromium with playwright-core, pinned with its
# lock file in tests/browser, installed into var/tools/browser.
if [ "${KPID_BROWSER:-0}" = 1 ]; then
    browser="$here/../var/tools/browser"
    if ! cmp -s "$here/../tests/browser/package-lock.json" "$browser/package-lock.json" 2>/dev/null ||
        [ ! -d "$browser/node_modules/playwright-core" ]; then
        echo "install-deps: installing playwright-core into var/tools/browser"
        mkdir -p "$browser"
        cp "$here/../tests/browser/package.json" "$here/../tests/browser/package-lock.json" "$browser/"
        (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    fi
fi
