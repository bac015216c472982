#!/usr/bin/env bash
# Server CPU per request of the downstream example (examples/downstream: each request waits 5 ms on an in-process
# downstream HTTP service through the JDK HttpClient), for one or more builds of its jar, side by side: each jar
# served under virtual-threads pinned to CPU 0, the load generator on CPU 1 at a fixed rate; a warm-up load first,
# then /proc/PID/stat's utime+stime over the measured load divided by the requests it counted. ROUNDS alternates
# the jars (A B A B) so a noisy machine hits both alike.
#   shardloop-bench/downstream-cost.sh git:main examples/downstream/target/downstream.jar
# A JAR argument git:REF builds that commit's DownstreamApp into a jar of its own first (javac against
# shardloop-http; the example has no other dependencies), for a before/after of the example's own code.
# Env: PORT (19011), RATE (500), CONNS (32), WARMUP (10s), DURATION (10s), ROUNDS (2), MODEL (virtual-threads),
# SERVER_JVM_OPTS (extra server JVM options, e.g. -XX:TieredStopAtLevel=1 to see what C2 compilation costs).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 JAR [JAR...]" >&2; exit 2; }
PORT=${PORT:-19011}; RATE=${RATE:-500}; CONNS=${CONNS:-32}; WARMUP=${WARMUP:-10s}; DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}; MODEL=${MODEL:-virtual-threads}
. "$ROOT/bin/jdk.sh"
"$ROOT/shardloop" --version >/dev/null   # builds the jar if needed
CLI=(-XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -jar "$ROOT/shardloop-lab/target/shardloop.jar")
OUT=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$OUT"' EXIT
URL="http://127.0.0.1:$PORT/quote/7"
JARS=()
for jar in "$@"; do
  if [[ "$jar" == git:* ]]; then
    ref=${jar#git:}; src="$OUT/$ref/src/io/shardloop/examples"; cls="$OUT/$ref/classes"
    mkdir -p "$src" "$cls"
    git -C "$ROOT" show "$ref:examples/downstream/src/main/java/io/shardloop/examples/DownstreamApp.java" >"$src/DownstreamApp.java"
    "$JAVA_HOME/bin/javac" -d "$cls" -cp "$ROOT/shardloop-lab/target/shardloop.jar" "$src/DownstreamApp.java"
    for r in META-INF/services/io.shardloop.http.app.ShardloopApp META-INF/shardloop/requests.txt; do
      mkdir -p "$cls/$(dirname "$r")"; git -C "$ROOT" show "$ref:examples/downstream/src/main/resources/$r" >"$cls/$r"
    done
    "$JAVA_HOME/bin/jar" cf "$OUT/downstream-$ref.jar" -C "$cls" .
    jar="$OUT/downstream-$ref.jar"
  fi
  JARS+=("$jar")
done
for round in $(seq "$ROUNDS"); do
  for jar in "${JARS[@]}"; do
    taskset -c 0 "$JAVA_HOME/bin/java" ${SERVER_JVM_OPTS:-} "${CLI[@]}" serve --app-jar "$jar" --model "$MODEL" --port "$PORT" --no-admin \
        >"$OUT/server.log" 2>&1 &
    PID=$!
    for _ in $(seq 300); do curl -s -o /dev/null "$URL" && break; sleep 0.1; done
    taskset -c 1 "$JAVA_HOME/bin/java" "${CLI[@]}" load "$URL" --rate "$RATE" -c "$CONNS" -d "$WARMUP" >/dev/null 2>&1
    T0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    taskset -c 1 "$JAVA_HOME/bin/java" "${CLI[@]}" load "$URL" --rate "$RATE" -c "$CONNS" -d "$DURATION" >"$OUT/load.txt" 2>&1
    T1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    REQ=$(awk '$1 == "requests" {gsub(",", "", $2); print $2}' "$OUT/load.txt")
    P99=$(grep -o 'p99 [^ ]*' "$OUT/load.txt" | head -1)
    awk -v r="$round" -v j="$jar" -v t=$((T1 - T0)) -v n="$REQ" -v p="$P99" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { printf "round %s  %-50s %7d requests  %8.1f us server CPU/request  %s\n", r, j, n, t * 1e6 / hz / n, p }'
  done
done
