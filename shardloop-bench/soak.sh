#!/usr/bin/env bash
# Soak: mixed keep-alive, short-connection and pipelined HTTP load (plus injected bad requests) against a
# `shardloop serve` for a long time, per model; samples open descriptors, live threads, RSS and heap after a
# full GC, and checks that they end where they started (no leak) and that the only errors are the injected ones.
#
# Usage: shardloop-bench/soak.sh [-d SECONDS] [-m "MODEL MODEL"] [-t THREADS] [-o DIR]
#   -d  soak length per model, seconds (default 600)
#   -m  models (default "main-sub-workers virtual-threads")
#   -t  --threads for serve (default 2)
#   -o  output directory (default lab-results/soak-<date>)
# Exit status: 0 when every model stayed flat and error-free, 1 otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=600
MODELS="main-sub-workers virtual-threads"
THREADS=2
OUT=""
while getopts "d:m:t:o:h" opt; do
    case $opt in
        d) DURATION=$OPTARG ;;
        m) MODELS=$OPTARG ;;
        t) THREADS=$OPTARG ;;
        o) OUT=$OPTARG ;;
        *) sed -n '2,12p' "$0"; exit 2 ;;
    esac
done
[[ $DURATION =~ ^[0-9]+$ ]] && [ "$DURATION" -ge 60 ] || { echo "soak: -d accepts whole seconds >= 60, got '$DURATION'" >&2; exit 2; }
OUT=${OUT:-$ROOT/lab-results/soak-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
. "$ROOT/bin/jdk.sh"
JAR=$ROOT/shardloop-lab/target/shardloop.jar
"$ROOT/shardloop" --version >/dev/null # builds the jar when sources changed
JAVA=$JAVA_HOME/bin/java
JCMD=$JAVA_HOME/bin/jcmd
SAMPLE_EVERY=30
BURST=10     # seconds of short-connection and pipelined load per cycle
CYCLE=60     # seconds per cycle

# Heap used after a full GC, in KiB: jcmd GC.run, then the sum of the generations' "used" in GC.heap_info
# (lines "<gen> total NK, used NK"; Metaspace lines have no "total" and are left out).
heap_after_gc() {
    "$JCMD" "$1" GC.run >/dev/null 2>&1 || true
    sleep 1
    "$JCMD" "$1" GC.heap_info 2>/dev/null | grep -oE 'total [0-9]+K, used [0-9]+K' \
        | awk '{gsub("K","",$4); s += $4} END {print (NR ? s : -1)}'
}
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
threads() { ls "/proc/$1/task" 2>/dev/null | wc -l; }
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo -1; }

# One bad request a second over a raw socket: the server must answer 400 and close; counts answers by status.
inject_bad() {
    local port=$1 until=$2 log=$3
    while [ "$(date +%s)" -lt "$until" ]; do
        { exec 3<>"/dev/tcp/127.0.0.1/$port" && printf 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n' >&3 \
            && timeout 5 head -c 12 <&3 | tail -c 3; echo; exec 3>&-; } >>"$log" 2>/dev/null || echo "connect-failed" >>"$log"
        sleep 1
    done
}

load() { # name, args...: one `shardloop load` run, JSON result kept
    local name=$1; shift
    "$JAVA" -XX:+UseParallelGC -jar "$JAR" load --json "$OUT/$MODEL-$name-$(date +%s%N).json" "$@" \
        >>"$OUT/$MODEL-load.log" 2>&1 || echo "load $name exited $?" >>"$OUT/$MODEL-load-failures.log"
}

verdict=0
summary=$OUT/summary.md
{
    echo "# Soak: ${DURATION}s per model, serve --threads $THREADS"
    echo
    echo "| model | fds start→end | threads start→end | RSS MiB start→end | heap after GC MiB start→end | requests | errors (not injected) | injected 400s | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|"
} >"$summary"

for MODEL in $MODELS; do
    echo "soak: $MODEL for ${DURATION}s" >&2
    "$JAVA" -XX:+UseParallelGC -Xmx512m -jar "$JAR" serve --protocol http --model "$MODEL" --threads "$THREADS" --port 0 \
        >"$OUT/$MODEL-server.log" 2>&1 &
    SPID=$!
    PORT=""
    for _ in $(seq 1 120); do
        PORT=$(grep -o -m1 -E '(port[ =:]+|127\.0\.0\.1:|0\.0\.0\.0:)[0-9]+' "$OUT/$MODEL-server.log" 2>/dev/null | grep -o -E '[0-9]+$' || true)
        [ -n "$PORT" ] && break
        sleep 0.5
    done
    [ -n "$PORT" ] || { echo "soak: $MODEL did not report a port" >&2; cat "$OUT/$MODEL-server.log" >&2; kill "$SPID"; exit 1; }
    URL=http://127.0.0.1:$PORT/plaintext
    # warm up, then take the start figures
    load warmup "$URL" --connections 16 --duration 10s --warmup 0s
    START_FDS=$(fds "$SPID"); START_THREADS=$(threads "$SPID"); START_RSS=$(rss "$SPID"); START_HEAP=$(heap_after_gc "$SPID")
    echo "t_s,fds,threads,rss_kib" >"$OUT/$MODEL-samples.csv"
    T0=$(date +%s); END=$((T0 + DURATION))
    inject_bad "$PORT" "$END" "$OUT/$MODEL-injected.log" &
    INJ=$!
    # keep-alive at a fixed rate for the whole soak
    load keepalive "$URL" --connections 32 --rate 2000 --duration "${DURATION}s" --warmup 0s &
    KA=$!
    (   # cycles: short connections, then pipelined, then a pause
        while [ $(( $(date +%s) + CYCLE )) -le "$END" ]; do
            load short "$URL" --short --connections 4 --duration "${BURST}s" --warmup 0s
            load pipelined "$URL" --connections 8 --pipeline 16 --duration "${BURST}s" --warmup 0s
            sleep $((CYCLE - 2 * BURST))
        done
    ) &
    CYC=$!
    while [ "$(date +%s)" -lt "$END" ]; do
        echo "$(( $(date +%s) - T0 )),$(fds "$SPID"),$(threads "$SPID"),$(rss "$SPID")" >>"$OUT/$MODEL-samples.csv"
        sleep "$SAMPLE_EVERY"
    done
    wait "$KA" "$CYC" "$INJ" || true
    sleep 3 # let closing connections finish
    END_FDS=$(fds "$SPID"); END_THREADS=$(threads "$SPID"); END_RSS=$(rss "$SPID"); END_HEAP=$(heap_after_gc "$SPID")
    kill "$SPID"; wait "$SPID" 2>/dev/null || true
    # requests and errors from the JSON results (totals over every run but the warm-up)
    read -r REQS ERRS < <("$JAVA" -cp "$JAR" "$ROOT/shardloop-bench/SoakTotals.java" "$OUT/$MODEL"-{keepalive,short,pipelined}-*.json)
    BAD400=$(grep -c '^400$' "$OUT/$MODEL-injected.log" || true)
    BADOTHER=$(grep -vc '^400$' "$OUT/$MODEL-injected.log" || true)
    ok=PASS
    # flat: descriptors within 16, threads within 8 (executor hysteresis), heap after GC within 16 MiB
    [ $((END_FDS - START_FDS)) -le 16 ] || ok="FAIL(fds)"
    [ $((END_THREADS - START_THREADS)) -le 8 ] || ok="FAIL(threads)"
    [ $((END_HEAP - START_HEAP)) -le 16384 ] || ok="FAIL(heap)"
    [ "$ERRS" -eq 0 ] || ok="FAIL(errors)"
    [ "$BADOTHER" -eq 0 ] || ok="FAIL(injected answers not 400: $BADOTHER)"
    [ -s "$OUT/$MODEL-load-failures.log" ] && ok="FAIL(load runs)"
    [ "$ok" = PASS ] || verdict=1
    echo "| $MODEL | $START_FDS→$END_FDS | $START_THREADS→$END_THREADS | $((START_RSS / 1024))→$((END_RSS / 1024)) | $((START_HEAP / 1024))→$((END_HEAP / 1024)) | $REQS | $ERRS | $BAD400 | $ok |" >>"$summary"
done
cat "$summary"
echo "soak: samples and load results in $OUT" >&2
exit $verdict
