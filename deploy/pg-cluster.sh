#!/bin/sh
# Creates, starts and stops a private PostgreSQL cluster in a directory of its own: Unix socket
# inside that directory, no TCP port unless PGPORT_TCP is set, never a system-wide cluster.
#
#   pg-cluster.sh start DIR [--ephemeral]   init if needed, start, print the connection URL
#   pg-cluster.sh stop DIR [fast|immediate]
#   pg-cluster.sh url DIR
#
# --ephemeral turns fsync off (test clusters only). PostgreSQL refuses to run as root, so as
# root the cluster belongs to the `postgres` system user.
set -eu

usage() { echo "usage: $0 start|stop|url DIR [--ephemeral|fast|immediate]" >&2; exit 2; }
[ $# -ge 2 ] || usage
cmd=$1
dir=$2
opt=${3:-}

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || pgbin=$(dirname "$(command -v pg_ctl)")

if [ "$(id -u)" = 0 ]; then
    owner=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    owner=$(id -un)
    as_owner() { "$@"; }
fi

data="$dir/data"
sock="$dir/run"
# The cluster's port names its socket file (.s.PGSQL.<port>) even without TCP.
port() { sed -n 's/^port = \([0-9]*\)$/\1/p' "$data/postgresql.conf" | tail -n 1; }
url() { echo "postgresql:///kpid?host=$sock&port=$(port)&user=kpid"; }

case "$cmd" in
start)
    mkdir -p "$dir"
    chown "$owner" "$dir" 2>/dev/null || true
    as_owner test -w "$dir" || {
        echo "pg-cluster: $owner cannot write $dir (is a parent directory private?)" >&2
        exit 1
    }
    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner mkdir -p "$sock"
        as_owner "$pgbin/initdb" -D "$data" -U kpid --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
        {
            echo "listen_addresses = '${PGPORT_TCP:+127.0.0.1}'"
            echo "port = ${PGPORT_TCP:-5432}"
            echo "unix_socket_directories = '$sock'"
            echo "max_connections = 200"
            echo "shared_buffers = 256MB"
            echo "log_min_messages = warning"
            if [ "$opt" = --ephemeral ]; then
                echo "fsync = off"
                echo "full_page_writes = off"
            fi
        } | as_owner tee -a "$data/postgresql.conf" >/dev/null
    fi
    if ! as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$pgbin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 start >/dev/null ||
            { tail -n 20 "$dir/postgres.log" >&2; exit 1; }
    fi
    "$pgbin/psql" -h "$sock" -p "$(port)" -U kpid -d postgres -qAtc \
        "SELECT 1 FROM pg_database WHERE datname = 'kpid'" | grep -q 1 ||
        "$pgbin/createdb" -h "$sock" -p "$(port)" -U kpid kpid
    url
    ;;
stop)
    if [ -f "$data/PG_VERSION" ]; then
        as_owner "$pgbin/pg_ctl" -D "$data" -m "${opt:-fast}" -w stop >/dev/null 2>&1 || true
    fi
    ;;
url)
    url
    ;;
*)
    usage
    ;;
esac
