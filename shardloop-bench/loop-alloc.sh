#!/usr/bin/env bash
# Bytes the server's loop threads allocate over a keep-alive window (JFR ThreadAllocationStatistics, exact
# values), for "no allocation per request": run two window lengths; what does not grow with the requests served
# is not allocated per request. Server on CPU 0, wrk -t1 -c64 on CPU 1, 5 s warm-up.
#   shardloop-bench/loop-alloc.sh epoll single-reactor 5 && shardloop-bench/loop-alloc.sh epoll single-reactor 15
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TRANSPORT=${1:-epoll}; MODEL=${2:-single-reactor}; SECONDS_RUN=${3:-5}; PORT=${PORT:-8099}
. "$ROOT/bin/jdk.sh"
"$ROOT/shardloop" --version >/dev/null
OUT=$(mktemp -d)
taskset -c 0 "$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$ROOT/shardloop-lab/target/shardloop.jar" serve \
    --protocol http --model "$MODEL" --threads 1 --workers 1 --port "$PORT" --no-admin --transport "$TRANSPORT" \
    >"$OUT/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$OUT"' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "localhost:$PORT/plaintext" && break; sleep 0.1; done
taskset -c 1 wrk -t1 -c64 -d5s "http://127.0.0.1:$PORT/plaintext" >/dev/null
"$JAVA_HOME/bin/jcmd" "$PID" JFR.start name=alloc settings=default filename="$OUT/a.jfr" >/dev/null
sleep 1
REQ=$(taskset -c 1 wrk -t1 -c64 -d"${SECONDS_RUN}s" "http://127.0.0.1:$PORT/plaintext" | awk '/requests in/ {print $1}')
sleep 1
"$JAVA_HOME/bin/jcmd" "$PID" JFR.stop name=alloc >/dev/null
"$JAVA_HOME/bin/jfr" print --json --events ThreadAllocationStatistics "$OUT/a.jfr" | python3 -c '
import collections, json, sys
req, label = int(sys.argv[1]), sys.argv[2]
seen = collections.defaultdict(list)
for e in json.load(sys.stdin)["recording"]["events"]:
    v = e["values"]
    seen[v["thread"]["javaName"]].append((v["startTime"], v["allocated"]))
for name, samples in sorted(seen.items()):
    if name.startswith(("shardloop-loop", "shardloop-main", "shardloop-worker")):
        samples.sort()
        grown = samples[-1][1] - samples[0][1]
        print(f"{label} {name}: {grown} bytes while serving {req} requests ({grown / req:.2f} per request)")
' "$REQ" "$TRANSPORT $MODEL"
