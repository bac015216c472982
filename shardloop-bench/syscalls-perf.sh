#!/usr/bin/env bash
# System calls per request of one `shardloop serve` counted by perf's syscall tracepoints (far less overhead than
# strace, so the server runs at its real rate): server on CPU 0, wrk -t1 -c64 on CPU 1, 5 s warm-up, 3 s counted.
#   shardloop-bench/syscalls-perf.sh single-reactor              # Connection: close
#   MODE=keepalive JAR=/tmp/old.jar shardloop-bench/syscalls-perf.sh main-sub
#   SERVE_ARGS=--defer-accept shardloop-bench/syscalls-perf.sh main-sub
# Env: JAR (this tree's shardloop.jar), MODE (close|keepalive), PORT (18080), SERVE_ARGS (more serve flags).
# Needs perf, wrk, taskset.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bin/jdk.sh"
MODEL=${1:?model}; JAR=${JAR:-$ROOT/shardloop-lab/target/shardloop.jar}; PORT=${PORT:-18080}
HDR=(-H 'Connection: close'); [ "${MODE:-close}" = keepalive ] && HDR=()
[ -f "$JAR" ] || "$ROOT/shardloop" --version >/dev/null
OUT=$(mktemp -d)
taskset -c 0 "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$JAR" serve --protocol http --threads 1 \
    --port "$PORT" --no-admin --model "$MODEL" ${SERVE_ARGS:-} > "$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$OUT"' EXIT
for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/plaintext
taskset -c 1 wrk -t1 -c64 -d5s "${HDR[@]}" "$URL" > /dev/null
EVENTS=syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto
EVENTS+=,syscalls:sys_enter_writev,syscalls:sys_enter_accept4
EVENTS+=,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_close,syscalls:sys_enter_futex
EVENTS+=,raw_syscalls:sys_enter
perf stat -x, -e "$EVENTS" -p "$PID" -o "$OUT/perf.csv" -- sleep 4 &
P=$!
sleep 0.3
WRK=$(taskset -c 1 wrk -t1 -c64 -d3s "${HDR[@]}" "$URL")
wait $P
N=$(echo "$WRK" | awk '/requests in/{print $1}')
echo "$MODEL ${MODE:-close}: $N requests ($(echo "$WRK" | awk '/Requests\/sec/{print $2}')/s), per request:"
awk -F, -v n="$N" '$1 ~ /^[0-9]+$/ { split($3, a, ":"); name = a[2]; sub("sys_enter_", "", name); if (name == "sys_enter") name = "all"; printf "  %-12s %5.2f\n", name, $1 / n }' "$OUT/perf.csv"
