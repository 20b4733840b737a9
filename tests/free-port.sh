# shellcheck shell=sh
# free_port [ATTEMPT]: prints a loopback TCP port nobody listens on (sourced by tests/server.sh
# and tests/bench/run.sh).
#
# The port is taken below the kernel's ephemeral range (ip_local_port_range, 32768 by default):
# a port inside it can be the local end of some outgoing connection, which refuses connections
# like a free port does and still makes bind() fail. The start depends on this shell's pid, so
# parallel runs spread out, and on ATTEMPT, so a retry after a lost race looks elsewhere.
free_port() {
    low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
    [ -n "$low" ] || low=32768
    first=10000
    [ "$low" -gt $((first + 1000)) ] || first=$((low / 2))
    span=$((low - first))
    p=$((first + ($$ * 7 + ${1:-0} * 997) % span))
    tries=0
    while [ "$tries" -lt "$span" ]; do
        curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$p/"
        [ $? -eq 7 ] && { echo "$p"; return 0; } # 7: could not connect
        p=$((p + 1))
        [ "$p" -lt "$low" ] || p=$first
        tries=$((tries + 1))
    done
    return 1
}
