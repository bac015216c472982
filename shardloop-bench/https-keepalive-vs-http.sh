#!/usr/bin/env bash
# https vs http keep-alive on single-reactor: server on CPU 0, wrk on CPU 1, A B A B; server CPU µs/request from /proc.
set -euo pipefail
JAR=${JAR:-$(cd "$(dirname "$0")/.." && pwd)/shardloop-lab/target/shardloop.jar}
JAVA=${JAVA:-java}
DUR=${DUR:-5}
HZ=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
for round in 1 2; do
  for mode in http https; do
    flags=(); scheme=http
    if [[ $mode == https ]]; then flags=(--tls-self-signed); scheme=https; fi
    out=$(mktemp)
    taskset -c 0 $JAVA -Xms256m -Xmx256m -jar "$JAR" serve --protocol http --model single-reactor --port 0 --no-admin "${flags[@]}" >"$out" 2>&1 &
    pid=$!
    for i in $(seq 100); do grep -q "serving" "$out" && break; sleep 0.1; done
    port=$(grep -o '127.0.0.1:[0-9]*' "$out" | head -1 | cut -d: -f2)
    for w in 1 2 3; do taskset -c 1 wrk -t1 -c64 -d3s "$scheme://127.0.0.1:$port/plaintext" >/dev/null; done   # warm-up (JIT, handshakes included)
    c0=$(cpu $pid)
    res=$(taskset -c 1 wrk -t1 -c64 -d${DUR}s "$scheme://127.0.0.1:$port/plaintext")
    c1=$(cpu $pid)
    reqs=$(echo "$res" | awk '/requests in/ {print $1}')
    rps=$(echo "$res" | awk '/Requests\/sec/ {print $2}')
    us=$(awk -v c=$((c1-c0)) -v hz=$HZ -v r=$reqs 'BEGIN {printf "%.2f", c/hz*1e6/r}')
    echo "round $round $mode req/s $rps server_us_per_req $us"
    kill $pid; wait $pid 2>/dev/null || true
    rm -f "$out"
  done
done
