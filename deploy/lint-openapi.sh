#!/bin/sh
# Lints an OpenAPI document with Redocly CLI under kpid's rules (deploy/redocly.yaml).
#
#   sh deploy/lint-openapi.sh openapi.yaml
set -eu

[ $# -eq 1 ] || { echo "usage: $0 FILE" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
redocly="$here/../var/tools/node/node_modules/.bin/redocly"
[ -x "$redocly" ] || {
    echo "lint-openapi: $redocly is missing; run sh deploy/install-deps.sh" >&2
    exit 1
}
# no usage reports or update checks from a test run
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
exec "$redocly" lint --config "$here/redocly.yaml" "$1"
