#!/usr/bin/env bash
# Echo speed per model: `shardloop serve --protocol echo --echo-codec frame` pinned to core 0, the NIO
# EchoBenchClient pinned to core 1 (64-byte frames, 64 keep-alive connections, 4 in flight on each).
# Per model prints messages/s, server CPU µs per message (utime+stime from /proc/PID/stat over the window),
# GCs during the window (-Xlog:gc) and the bytes the server allocated per message (young-generation
# growth read with jcmd GC.heap_info; an upper bound: it includes the client's 1 s warm-up and jcmd itself).
#
# Usage: shardloop-bench/echo-bench.sh [-d SECONDS] [-w WARMUP] [-m "MODEL ..."] [-t "TRANSPORT ..."] [-c CONNS] [-s SIZE] [-o DIR]
#   -d  measured window per model, seconds (default 10)     -w  warm-up per model, seconds (default 5)
#   -m  models (default: all seven)                         -c  connections (default 64)
#   -s  payload bytes (default 64)                          -o  output directory (default /tmp/echo-bench)
#   -t  transports of the loop models (default epoll; "epoll nio" runs each model on both, alternating)
# Server threads: --threads 1 --workers 1 (one loop; worker models add one worker).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_RUN=10
WARMUP=5
MODELS="thread-per-connection virtual-threads single-reactor reactor-workers main-sub main-sub-workers shared-nothing"
CONNS=64
SIZE=64
OUT=/tmp/echo-bench
TRANSPORTS=epoll
while getopts "d:w:m:t:c:s:o:h" opt; do
    case $opt in
        d) SECONDS_RUN=$OPTARG ;;
        w) WARMUP=$OPTARG ;;
        m) MODELS=$OPTARG ;;
        t) TRANSPORTS=$OPTARG ;;
        c) CONNS=$OPTARG ;;
        s) SIZE=$OPTARG ;;
        o) OUT=$OPTARG ;;
        *) sed -n '2,13p' "$0"; exit 2 ;;
    esac
done
. "$ROOT/bin/jdk.sh"
JAR="$ROOT/shardloop-lab/target/shardloop.jar"
CLIENT_CP="$ROOT/shardloop-bench/target/classes"
if [ ! -f "$JAR" ] || [ ! -f "$CLIENT_CP/io/shardloop/bench/EchoBenchClient.class" ]; then
    (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests package) >&2
fi
mkdir -p "$OUT"
PORT=${PORT:-18090}
JVM_OPTS=${SHARDLOOP_JVM_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g}
echo "model,transport,msgs_per_s,server_cpu_us_per_msg,server_cpu_pct,gcs_in_window,alloc_bytes_per_msg" | tee "$OUT/echo.csv"

# young-generation bytes in use, read live (jstat's ParallelGC counters only move at a GC)
young_used_kb() { "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | sed -nE 's/.*(PSYoungGen|garbage-first heap|def new generation).* used ([0-9]+)K.*/\2/p' | head -1; }
gcs_so_far() { grep -c "Pause" "$1" || true; }

for model in $MODELS; do for transport in $TRANSPORTS; do
    run=$model-$transport
    log="$OUT/server-$run.log"
    : >"$log"
    # shellcheck disable=SC2086
    taskset -c 0 "$JAVA_HOME/bin/java" $JVM_OPTS -Xlog:gc:file="$OUT/gc-$run.log" -jar "$JAR" serve \
        --protocol echo --echo-codec frame --model "$model" --transport "$transport" --threads 1 --workers 1 --port "$PORT" --no-admin >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do grep -q "serving" "$log" && break; sleep 0.1; done
    grep -q "serving" "$log" || { echo "echo-bench: $model did not start (see $log)" >&2; kill "$pid" 2>/dev/null; exit 1; }
    young_used_kb "$pid" >/dev/null # starts the server's attach listener now, so its allocation is not counted later
    taskset -c 1 "$JAVA_HOME/bin/java" -cp "$CLIENT_CP" io.shardloop.bench.EchoBenchClient --port "$PORT" \
        --connections "$CONNS" --size "$SIZE" --warmup-seconds 0 --seconds "$WARMUP" --label warmup >/dev/null
    gc0=$(gcs_so_far "$OUT/gc-$run.log"); eu0=$(young_used_kb "$pid")
    line=$(taskset -c 1 "$JAVA_HOME/bin/java" -cp "$CLIENT_CP" io.shardloop.bench.EchoBenchClient --port "$PORT" \
        --connections "$CONNS" --size "$SIZE" --warmup-seconds 1 --seconds "$SECONDS_RUN" --server-pid "$pid" \
        --label "$run")
    gc1=$(gcs_so_far "$OUT/gc-$run.log"); eu1=$(young_used_kb "$pid")
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
    rate=$(sed -E 's/.*msgs\/s=([0-9.]+).*/\1/' <<<"$line")
    msgs=$(sed -E 's/.*messages=([0-9]+).*/\1/' <<<"$line")
    us=$(sed -E 's/.*server-cpu-us\/msg=([0-9.]+).*/\1/' <<<"$line")
    pct=$(sed -E 's/.*server-cpu%=([0-9.]+).*/\1/' <<<"$line")
    gcs=$(awk -v a="$gc0" -v b="$gc1" 'BEGIN { print b - a }')
    # meaningless if a GC ran inside the window (then see gcs_in_window)
    alloc=$(awk -v a="$eu0" -v b="$eu1" -v m="$msgs" -v g="$gcs" 'BEGIN { if (g > 0 || m == 0) print "n/a"; else printf "%.2f", (b - a) * 1024 / m }')
    echo "$model,$transport,$rate,$us,$pct,$gcs,$alloc" | tee -a "$OUT/echo.csv"
    sleep 1
done; done
