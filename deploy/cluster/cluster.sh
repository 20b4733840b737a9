#!/bin/sh
# `make cluster`: kpid's production shape on this machine, every part from Debian packages.
#
#   PostgreSQL primary  127.0.0.1:$BASE+1  synchronous_standby_names = standby1
#   PostgreSQL standby  127.0.0.1:$BASE+2  pg_basebackup -R, hot standby, synchronous
#   PgBouncer           127.0.0.1:$BASE+3 (primary) and $BASE+4 (standby), pool_mode = transaction
#   kpid 1 and 2        127.0.0.1:$BASE+11 and $BASE+12
#   HAProxy             127.0.0.1:$BASE+10, health checks on /readyz
#
# kpid's primary URL names both database nodes with target_session_attrs=read-write, so after
# the standby is promoted kpid finds the new primary by itself; its read URL is the standby.
#
#   cluster.sh start [direct|pgbouncer]   start everything (kpid straight to PostgreSQL, or
#                                         through PgBouncer in transaction mode), load the demo
#   cluster.sh stop                       stop everything and remove the cluster's directory
#   cluster.sh dir                        print that directory; its `env` file has the URLs
#   cluster.sh kill-kpid N | start-kpid N
#   cluster.sh stop-primary | promote | stop-standby | start-standby
#
# KPID_CLUSTER_BASE_PORT (7400) moves every port; KPID_CLUSTER_DIR (var/cluster) the files.
set -eu

usage() {
    echo "usage: $0 start [direct|pgbouncer] | stop | dir | kill-kpid N | start-kpid N |" \
        "stop-primary | promote | stop-standby | start-standby" >&2
    exit 2
}
[ $# -ge 1 ] || usage
cmd=$1
arg=${2:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${KPID_CLUSTER_DIR:-$root/var/cluster}
kpid=$root/build/kpid
base=${KPID_CLUSTER_BASE_PORT:-7400}
p_primary=$((base + 1))
p_standby=$((base + 2))
p_bouncer1=$((base + 3))
p_bouncer2=$((base + 4))
p_haproxy=$((base + 10))

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
# PostgreSQL and PgBouncer refuse to run as root: as root they run as `postgres`
if [ "$(id -u)" = 0 ]; then
    as_owner() { runuser -u postgres -- "$@"; }
    owner=postgres
else
    as_owner() { "$@"; }
    owner=$(id -un)
fi

say() { echo "cluster: $*" >&2; }

# Waits up to $2 tenths of a second for command $1 to succeed.
wait_for() {
    i=0
    until eval "$1" >/dev/null 2>&1; do
        i=$((i + 1))
        [ "$i" -le "$2" ] || return 1
        sleep 0.1
    done
}

pg_url() { echo "postgresql://kpid@127.0.0.1:$1/kpid"; }

start_primary() {
    # the private cluster of deploy/pg-cluster.sh, on TCP, durable
    PGPORT_TCP=$p_primary sh "$root/deploy/pg-cluster.sh" start "$dir/primary" \
        >/dev/null
}

make_primary() {
    start_primary
    psql "$(pg_url $p_primary)" -qX >/dev/null <<SQL
-- what kpid sets per session, for statements it runs outside a transaction behind a
-- transaction pooler (README "Production")
ALTER ROLE kpid SET statement_timeout = '30s';
ALTER ROLE kpid SET lock_timeout = '10s';
ALTER ROLE kpid SET idle_in_transaction_session_timeout = '60s';
-- last: from here on every commit waits for the standby
ALTER SYSTEM SET synchronous_standby_names = 'FIRST 1 (standby1)';
ALTER SYSTEM SET synchronous_commit = on;
ALTER SYSTEM SET wal_keep_size = '256MB';
SELECT pg_reload_conf();
SQL
}

start_standby() {
    as_owner "$pgbin/pg_ctl" -D "$dir/standby/data" -l "$dir/standby/postgres.log" -w -t 60 start \
        >/dev/null || { tail -n 20 "$dir/standby/postgres.log" >&2; exit 1; }
}

make_standby() {
    as_owner mkdir -p "$dir/standby/run"
    as_owner "$pgbin/pg_basebackup" -h 127.0.0.1 -p "$p_primary" -U kpid -D "$dir/standby/data" \
        -R -X stream -c fast
    # its own port and socket; the name the primary waits for; no synchronous standby of its
    # own once promoted (it would wait for one that does not exist)
    cat <<CONF | as_owner tee -a "$dir/standby/data/postgresql.auto.conf" >/dev/null
port = $p_standby
unix_socket_directories = '$dir/standby/run'
primary_conninfo = 'host=127.0.0.1 port=$p_primary user=kpid application_name=standby1'
synchronous_standby_names = ''
CONF
    start_standby
}

# One PgBouncer in front of one PostgreSQL node, as it would run on that node.
start_bouncer() {
    name=$1
    listen=$2
    pg=$3
    b="$dir/$name"
    as_owner mkdir -p "$b"
    as_owner sh -c "cat > '$b/pgbouncer.ini'" <<INI
[databases]
kpid = host=127.0.0.1 port=$pg dbname=kpid

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $listen
unix_socket_dir =
auth_type = trust
auth_file = $b/userlist.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 40
server_login_retry = 1
# a query waits at most this long for its server (one that is down): kpid then reads from the
# primary instead of a replica, or answers 503 while a primary is down
query_wait_timeout = 3
logfile = $b/pgbouncer.log
pidfile = $b/pgbouncer.pid
INI
    as_owner sh -c "echo '\"kpid\" \"\"' > '$b/userlist.txt'"
    as_owner pgbouncer -d -q "$b/pgbouncer.ini"
    wait_for "psql 'postgresql://kpid@127.0.0.1:$listen/kpid' -qAtXc 'SELECT 1'" 100 ||
        { say "PgBouncer $name did not start"; tail -n 20 "$b/pgbouncer.log" >&2; exit 1; }
}

write_env() {
    mode=$1
    if [ "$mode" = pgbouncer ]; then
        primary="postgresql://kpid@127.0.0.1:$p_bouncer1,127.0.0.1:$p_bouncer2/kpid"
        read_url="postgresql://kpid@127.0.0.1:$p_bouncer2/kpid"
        pooler=transaction
    else
        primary="postgresql://kpid@127.0.0.1:$p_primary,127.0.0.1:$p_standby/kpid"
        read_url=$(pg_url $p_standby)
        pooler=session
    fi
    cat >"$dir/env" <<ENV
KPID_CLUSTER_MODE='$mode'
KPID_CLUSTER_URL='http://127.0.0.1:$p_haproxy'
KPID_DATABASE_URL='$primary?target_session_attrs=read-write&connect_timeout=2'
KPID_DATABASE_READ_URL='$read_url?connect_timeout=2'
KPID_DATABASE_POOLER='$pooler'
PRIMARY_URL='$(pg_url $p_primary)'
STANDBY_URL='$(pg_url $p_standby)'
ADMIN_KEY='$(cat "$dir/admin-key")'
ENV
}

start_kpid() {
    n=$1
    # shellcheck disable=SC1091
    . "$dir/env"
    KPID_DATABASE_URL=$KPID_DATABASE_URL KPID_DATABASE_READ_URL=$KPID_DATABASE_READ_URL \
        KPID_DATABASE_POOLER=$KPID_DATABASE_POOLER KPID_LISTEN="127.0.0.1:$((base + 10 + n))" \
        KPID_THREADS=16 KPID_MAX_CONNECTIONS_PER_ADDRESS=1000 KPID_LOG_LEVEL=warn \
        setsid "$kpid" >>"$dir/kpid$n.log" 2>&1 </dev/null &
    echo $! >"$dir/kpid$n.pid"
    wait_for "curl -fs http://127.0.0.1:$((base + 10 + n))/readyz" 200 ||
        { say "kpid $n did not become ready"; tail -n 20 "$dir/kpid$n.log" >&2; exit 1; }
}

kill_kpid() {
    signal_pidfile KILL "$dir/kpid$1.pid"
    rm -f "$dir/kpid$1.pid"
}

start_haproxy() {
    cat >"$dir/haproxy.cfg" <<CFG
global
    maxconn 4000
    pidfile $dir/haproxy.pid

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # a request whose kpid died before answering goes to the other one: leads are
    # idempotent on (source, external_id), and other POSTs take an Idempotency-Key
    retries 3
    option redispatch
    retry-on conn-failure empty-response response-timeout

frontend kpid
    bind 127.0.0.1:$p_haproxy
    default_backend kpid

backend kpid
    balance leastconn
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
    server kpid1 127.0.0.1:$((base + 11)) check
    server kpid2 127.0.0.1:$((base + 12)) check
CFG
    haproxy -c -q -f "$dir/haproxy.cfg"
    haproxy -D -f "$dir/haproxy.cfg"
    wait_for "curl -fs http://127.0.0.1:$p_haproxy/readyz" 100 || { say "HAProxy did not start"; exit 1; }
}

# Signals the process whose id is in file $2, if it is still there.
signal_pidfile() {
    [ -f "$2" ] && kill "-$1" "$(cat "$2")" 2>/dev/null || true
}

stop_all() {
    signal_pidfile TERM "$dir/haproxy.pid"
    for n in 1 2; do signal_pidfile TERM "$dir/kpid$n.pid"; done
    for b in bouncer1 bouncer2; do signal_pidfile TERM "$dir/$b/pgbouncer.pid"; done
    if [ -f "$dir/standby/data/PG_VERSION" ]; then
        as_owner "$pgbin/pg_ctl" -D "$dir/standby/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    sh "$root/deploy/pg-cluster.sh" stop "$dir/primary" immediate
    sleep 0.5
    rm -rf "$dir"
}

case "$cmd" in
start)
    mode=${arg:-direct}
    [ "$mode" = direct ] || [ "$mode" = pgbouncer ] || usage
    [ ! -e "$dir/env" ] || { say "$dir holds a cluster already (cluster.sh stop $dir)"; exit 1; }
    mkdir -p "$dir"
    chown "$owner" "$dir" 2>/dev/null || true
    say "primary on $p_primary"
    make_primary
    say "synchronous standby on $p_standby"
    make_standby
    wait_for "psql '$(pg_url $p_primary)' -qAtXc \"SELECT 1 FROM pg_stat_replication WHERE application_name = 'standby1' AND sync_state = 'sync'\" | grep -q 1" 300 ||
        { say "the standby is not synchronous"; exit 1; }
    if [ "$mode" = pgbouncer ]; then
        say "PgBouncer on $p_bouncer1 and $p_bouncer2 (transaction pooling)"
        start_bouncer bouncer1 "$p_bouncer1" "$p_primary"
        start_bouncer bouncer2 "$p_bouncer2" "$p_standby"
    fi
    # migrations straight on the primary: through a transaction pooler kpid only checks them
    KPID_DATABASE_URL=$(pg_url $p_primary) "$kpid" migrate >>"$dir/kpid1.log" 2>&1
    KPID_DATABASE_URL=$(pg_url $p_primary) "$kpid" keys create --workspace demo --scope admin \
        --name demo-admin 2>/dev/null >"$dir/admin-key"
    write_env "$mode"
    say "kpid on $((base + 11)) and $((base + 12))"
    start_kpid 1
    start_kpid 2
    say "HAProxy on $p_haproxy"
    start_haproxy
    if [ "${KPID_CLUSTER_DEMO:-1}" = 1 ]; then
        say "loading the demo workspace"
        sh "$root/deploy/demo.sh" "http://127.0.0.1:$p_haproxy" "$(cat "$dir/admin-key")" \
            "$(pg_url $p_primary)" >"$dir/demo.log" 2>&1 ||
            { tail -n 20 "$dir/demo.log" >&2; exit 1; }
    fi
    echo "http://127.0.0.1:$p_haproxy"
    ;;
stop) stop_all ;;
dir) echo "$dir" ;;
kill-kpid) kill_kpid "$arg" ;;
start-kpid) start_kpid "$arg" ;;
stop-primary) sh "$root/deploy/pg-cluster.sh" stop "$dir/primary" immediate ;;
promote) as_owner "$pgbin/pg_ctl" -D "$dir/standby/data" -w promote >/dev/null ;;
stop-standby) as_owner "$pgbin/pg_ctl" -D "$dir/standby/data" -m fast -w stop >/dev/null ;;
start-standby) start_standby ;;
*) usage ;;
esac
