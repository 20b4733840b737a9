#!/bin/sh
# Keeps kpid's layers apart (README "Layout"): only src/kpid/store talks to PostgreSQL (libpq,
# SQL text, prepared statements), and neither the domain modules (ingest, kpis, webhook) nor
# the store include an HTTP header. Prints each violation as file:line and exits 1 on any.
#
#   sh deploy/lint-layers.sh [ROOT]
set -u
cd "${1:-$(dirname "$0")/..}" || exit 2

found=0
report() { # grep output lines, then what rule they break
    if [ -n "$1" ]; then
        echo "$1" | while IFS= read -r line; do printf 'lint-layers: %s   <- %s\n' "$line" "$2"; done
        found=1
    fi
}

outside_store=$(find src -name '*.[ch]' ! -path 'src/kpid/store/*' | sort)
# shellcheck disable=SC2086 # one word per file
{
    report "$(grep -n '#include <libpq-fe.h>' $outside_store)" "libpq outside src/kpid/store"
    report "$(grep -nE '\bPQ[a-zA-Z]+\(' $outside_store)" "a libpq call outside src/kpid/store"
    report "$(grep -nE 'KPID_DB_STMT|kpid_db_exec' $outside_store)" \
        "a statement run outside src/kpid/store"
    report "$(grep -nE '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|WITH [a-z_]+ AS)\b' \
        $outside_store)" "SQL text outside src/kpid/store/sql"
}

lower=$(find src/kpid/ingest src/kpid/kpis src/kpid/people src/kpid/webhook src/kpid/store -name '*.[ch]' | sort)
# shellcheck disable=SC2086
report "$(grep -nE '#include ("kpid/http/|"kpid/handlers/|<microhttpd.h>)' $lower)" \
    "an HTTP header in the domain or store layer"

if [ "$found" -ne 0 ]; then
    echo "lint-layers: the layers are mixed (see above)" >&2
    exit 1
fi
echo "lint-layers: src/kpid/store alone talks to PostgreSQL; domain and store include no HTTP"
