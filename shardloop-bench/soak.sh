#!/usr/bin/env bash
# Soak: mixed keep-alive, short-connection and pipelined HTTP load (plus injected bad requests) against a
# `shardloop serve` for a long time, per model; samples open descriptors, live threads, RSS and heap after a
# full GC, and checks that they end where they started (no leak) and that the only errors are the injected ones.
#
# With -f, the server's own system calls fail too: 1 in N (default 1000) of its accept4, epoll_ctl, epoll_wait,
# recv, send, writev and setsockopt calls fail at random at the native seam (io.shardloop.nativeio.Faults); then
# broken connections are expected, and what is checked is that none hangs (no request timed out, no answer was
# garbage), that descriptors and threads end where they started, and that the server still serves at the end.
#
# Usage: shardloop-bench/soak.sh [-d SECONDS] [-m "MODEL MODEL"] [-t THREADS] [-o DIR] [-f [-n N]]
#   -d  soak length per model, seconds (default 600)
#   -m  models (default "main-sub-workers virtual-threads"; with -f "single-reactor main-sub-workers shared-epoll",
#       the epoll transport's, which the seam reaches)
#   -t  --threads for serve (default 2)
#   -o  output directory (default lab-results/soak-<date>)
#   -f  fail the server's system calls at random; -n N: 1 call in N (default 1000)
# Exit status: 0 when every model stayed flat and error-free (with -f: flat, nothing hung, still serving), 1 otherwise.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DURATION=600
MODELS="main-sub-workers virtual-threads"
THREADS=2
OUT=""
FAULTS=""
ONE_IN=1000
MODELS_GIVEN=""
while getopts "d:m:t:o:fn:h" opt; do
    case $opt in
        d) DURATION=$OPTARG ;;
        m) MODELS=$OPTARG; MODELS_GIVEN=1 ;;
        t) THREADS=$OPTARG ;;
        o) OUT=$OPTARG ;;
        f) FAULTS=1 ;;
        n) ONE_IN=$OPTARG ;;
        *) sed -n '2,19p' "$0"; exit 2 ;;
    esac
done
[[ $ONE_IN =~ ^[0-9]+$ ]] && [ "$ONE_IN" -ge 1 ] || { echo "soak: -n accepts a whole number >= 1, got '$ONE_IN'" >&2; exit 2; }
SERVE_OPTS=()
FAULT_TITLE=""
if [ -n "$FAULTS" ]; then
    [ -n "$MODELS_GIVEN" ] || MODELS="single-reactor main-sub-workers shared-epoll"
    rules=""
    for call in accept4:105 epoll_ctl:12 epoll_wait:12 recv:104 send:32 writev:32 setsockopt:22; do
        rules+="${rules:+,}$call:$ONE_IN"
    done
    SERVE_OPTS=(-Dshardloop.faults=true "-Dshardloop.faults.rules=$rules")
    FAULT_TITLE=", 1 in $ONE_IN of the server's system calls failing (shardloop.faults.rules=$rules)"
fi
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
    echo "# Soak: ${DURATION}s per model, serve --threads $THREADS$FAULT_TITLE"
    echo
    echo "| model | fds start→end | threads start→end | RSS MiB start→end | heap after GC MiB start→end | requests | errors (not injected) | timeouts / garbage | injected 400s | faults fired | verdict |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >"$summary"

for MODEL in $MODELS; do
    echo "soak: $MODEL for ${DURATION}s" >&2
    "$JAVA" -XX:+UseParallelGC -Xmx512m "${SERVE_OPTS[@]}" -jar "$JAR" serve --protocol http --model "$MODEL" --threads "$THREADS" --port 0 \
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
    # still serving: a last keep-alive run after the soak (the faults go on)
    load final "$URL" --connections 4 --duration 5s --warmup 0s
    kill "$SPID"; wait "$SPID" 2>/dev/null || true
    FIRED=$(grep -o 'shardloop faults fired: .*' "$OUT/$MODEL-server.log" | sed 's/shardloop faults fired: //' || true)
    # requests and errors from the JSON results (totals over every run but the warm-up)
    read -r REQS ERRS TIMEOUTS GARBAGE STATUS < <("$JAVA" -cp "$JAR" "$ROOT/shardloop-bench/SoakTotals.java" "$OUT/$MODEL"-{keepalive,short,pipelined}-*.json)
    read -r FINAL_REQS FINAL_ERRS FINAL_TIMEOUTS _ _ < <("$JAVA" -cp "$JAR" "$ROOT/shardloop-bench/SoakTotals.java" "$OUT/$MODEL"-final-*.json)
    BAD400=$(grep -c '^400$' "$OUT/$MODEL-injected.log" || true)
    BADOTHER=$(grep -vc '^400$' "$OUT/$MODEL-injected.log" || true)
    ok=PASS
    # flat: descriptors within 16, threads within 8 (executor hysteresis), heap after GC within 16 MiB
    [ $((END_FDS - START_FDS)) -le 16 ] || ok="FAIL(fds)"
    [ $((END_THREADS - START_THREADS)) -le 8 ] || ok="FAIL(threads)"
    [ $((END_HEAP - START_HEAP)) -le 16384 ] || ok="FAIL(heap)"
    if [ -n "$FAULTS" ]; then
        # broken connections are the point; a request neither answered nor closed, or a wrong answer, is not
        [ "$TIMEOUTS" -eq 0 ] && [ "$GARBAGE" -eq 0 ] || ok="FAIL(hung or garbled)"
        [ "$FINAL_REQS" -gt 0 ] && [ "$FINAL_TIMEOUTS" -eq 0 ] || ok="FAIL(not serving after: $FINAL_REQS requests, $FINAL_TIMEOUTS timeouts)"
    else
        [ "$ERRS" -eq 0 ] || ok="FAIL(errors)"
        [ "$BADOTHER" -eq 0 ] || ok="FAIL(injected answers not 400: $BADOTHER)"
        [ "$FINAL_REQS" -gt 0 ] && [ "$FINAL_ERRS" -eq 0 ] || ok="FAIL(final run: $FINAL_REQS requests, $FINAL_ERRS errors)"
    fi
    [ -s "$OUT/$MODEL-load-failures.log" ] && ok="FAIL(load runs)"
    [ "$ok" = PASS ] || verdict=1
    echo "| $MODEL | $START_FDS→$END_FDS | $START_THREADS→$END_THREADS | $((START_RSS / 1024))→$((END_RSS / 1024)) | $((START_HEAP / 1024))→$((END_HEAP / 1024)) | $REQS | $ERRS | $TIMEOUTS / $GARBAGE | $BAD400 | ${FIRED:--} | $ok |" >>"$summary"
done
cat "$summary"
echo "soak: samples and load results in $OUT" >&2
exit $verdict
