#!/usr/bin/env bash
# System calls per request of one `shardloop serve` (all its threads), counted with strace -c -f during a
# bounded wrk run: server pinned to CPU 0, wrk -t1 to CPU 1, 3 s warm-up then 3 s counted.
#   shardloop-bench/syscalls.sh epoll single-reactor            # Connection: close (a connection per request)
#   MODE=keepalive shardloop-bench/syscalls.sh nio main-sub     # keep-alive
# Env: PORT (8097), CONNS (16), THREADS (1). Needs strace, wrk, curl, taskset.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRANSPORT=${1:?transport: epoll or nio}; MODEL=${2:?model}
PORT=${PORT:-8097}; CONNS=${CONNS:-16}; THREADS=${THREADS:-1}
HDR=(-H "Connection: close"); [ "${MODE:-close}" = keepalive ] && HDR=()
. "$ROOT/bin/jdk.sh"
"$ROOT/shardloop" --version >/dev/null   # builds the jar if needed
OUT=$(mktemp -d)
taskset -c 0 "$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$ROOT/shardloop-lab/target/shardloop.jar" serve \
    --protocol http --model "$MODEL" --transport "$TRANSPORT" --threads "$THREADS" --port "$PORT" --no-admin \
    >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "localhost:$PORT/plaintext" && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/plaintext"
taskset -c 1 wrk -t1 -c"$CONNS" -d3s ${HDR[@]+"${HDR[@]}"} "$URL" >/dev/null 2>&1
timeout 10 strace -c -f -p "$PID" -o "$OUT/strace.txt" 2>/dev/null &
SP=$!
sleep 1
taskset -c 1 wrk -t1 -c"$CONNS" -d3s ${HDR[@]+"${HDR[@]}"} "$URL" >"$OUT/wrk.txt" 2>&1
sleep 0.5
kill -INT "$SP" 2>/dev/null || true
wait "$SP" 2>/dev/null || true
REQ=$(awk '/requests in/ {print $1}' "$OUT/wrk.txt")
echo "$TRANSPORT $MODEL ${MODE:-close}: $REQ requests counted"
awk -v req="$REQ" '$1 ~ /^[0-9.]+$/ && $NF != "total" { printf "  %-16s %6.2f per request\n", $NF, $4 / req; t += $4 }
    END { printf "  %-16s %6.2f per request\n", "all", t / req }' "$OUT/strace.txt" | sort -k2 -nr
rm -rf "$OUT"
