# shellcheck shell=sh
# What the suites that run against a real kpid share (sourced by tests/api/run.sh and
# tests/browser/run.sh, from the repository's root): a temporary directory removed on exit, a
# fresh private PostgreSQL in it, kpid started on a free port and stopped with SIGTERM.
#
# The sourcing script sets `suite` (its name in messages) and `kpid` (an absolute path).
# Afterwards: $tmp, $port, $admin_key, $helper_pids (append the pids of other servers started),
# KPID_DATABASE_URL, and $status (0, or 1 after any `fail`).

tmp=$(mktemp -d) || exit 1
chmod 755 "$tmp" # as root the cluster runs as the postgres user, who must reach it
kpid_pid=""
helper_pids="" # other servers the suite started, stopped on exit
status=0
. tests/free-port.sh

# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    trap '' PIPE # a reader that went away (| head) must not stop the cleanup half-way
    if [ -n "$kpid_pid" ]; then
        kill -KILL "$kpid_pid" 2>/dev/null
        wait "$kpid_pid" 2>/dev/null
    fi
    for pid in $helper_pids; do
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    sh deploy/pg-cluster.sh stop "$tmp/pg" immediate
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

fail() {
    echo "$suite: $*" >&2
    status=1
}

show_server_log() {
    if [ -s "$tmp/kpid.log" ]; then
        echo "--- last lines of kpid's log ---" >&2
        tail -n 40 "$tmp/kpid.log" >&2
        echo "---" >&2
    fi
}

# The HTTP status of GET http://127.0.0.1:$1$2, or 000 when nothing answers.
http_status() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1$2"
}

# A fresh cluster, migrated, with an admin key of workspace $1 in $admin_key.
start_database() {
    KPID_DATABASE_URL=$(sh deploy/pg-cluster.sh start "$tmp/pg" --ephemeral) || exit 1
    export KPID_DATABASE_URL
    "$kpid" migrate >>"$tmp/kpid.log" 2>&1 || { fail "kpid migrate failed"; show_server_log; exit 1; }
    admin_key=$("$kpid" keys create --workspace "$1" --scope admin 2>>"$tmp/kpid.log" | sed -n 1p)
    [ -n "$admin_key" ] || { fail "kpid keys create printed no key"; show_server_log; exit 1; }
}

# start_kpid [ENV_ARGS...]: starts kpid under env(1) with those arguments (NAME=VALUE, -u NAME)
# on a free port and waits up to 20 s for /readyz to answer 200. A port taken between the check
# and the bind makes kpid exit; then another port is tried.
start_kpid() {
    for attempt in 1 2 3; do
        port=$(free_port "$attempt") || { echo "$suite: no free port" >&2; return 1; }
        env "$@" KPID_LISTEN="127.0.0.1:$port" "$kpid" >>"$tmp/kpid.log" 2>&1 &
        kpid_pid=$!
        i=0
        while [ $i -lt 200 ]; do
            [ "$(http_status "$port" /readyz)" = 200 ] && return 0
            kill -0 "$kpid_pid" 2>/dev/null || break
            sleep 0.1
            i=$((i + 1))
        done
        if kill -0 "$kpid_pid" 2>/dev/null; then
            echo "$suite: kpid not ready within 20 s (attempt $attempt)" >&2
            return 1
        fi
        wait "$kpid_pid"
        echo "$suite: kpid exited with $? before it was ready (attempt $attempt)" >&2
        kpid_pid=""
    done
    return 1
}

# SIGTERM, then kpid must exit 0 within 10 s; a watchdog kills it otherwise.
stop_kpid() {
    kill -TERM "$kpid_pid"
    (sleep 10 && kill -KILL "$kpid_pid") >/dev/null 2>&1 &
    watchdog=$!
    wait "$kpid_pid"
    rc=$?
    kill "$watchdog" 2>/dev/null
    kpid_pid=""
    case $rc in
    0) ;;
    137) fail "kpid did not exit within 10 s of SIGTERM" ;;
    *) fail "kpid exited with status $rc after SIGTERM" ;;
    esac
}
