#!/usr/bin/env bash
# vs-wrk.sh - shardloop load against wrk -t1, same server (nginx, core 0), same core for the load (core 1),
# alternating A B A B in one sitting, reporting per-run figures and medians.
#
#   shardloop-load/bench/vs-wrk.sh [-p PASSES] [-d SECONDS] [-w WARMUP_SECONDS] [-c CONNS] [--port PORT]
#
# Per pass and per workload (keep-alive; Connection: close / --short), runs:
#   A: taskset -c 1 /usr/bin/time wrk -t1 -cC -dD --latency [-H 'Connection: close'] URL
#   B: taskset -c 1 /usr/bin/time java -jar shardloop.jar load URL -c C -t 1 -d D -w W [--short] --json F
# and records req/s, P50/P99, errors and CPU microseconds per request: for wrk utime+stime of the whole run
# (/usr/bin/time) over its requests; for shardloop utime+stime over the measured window (from its JSON, which reads
# /proc/self/stat; JVM start and warm-up excluded) and, for reference, over the whole process. The mean latency is
# shown next to connections / (req/s), the mean Little's law demands of a closed loop: a tool whose mean is far
# from it is not measuring what it claims (wrk -t1 on a starved core drifts far from it).
# Env: JAVA_HOME (JDK 25), BENCH_OUT (default /tmp/bench-results/load-vs-wrk), SERVER_CORE (0), LOAD_CORE (1).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PASSES=3; DURATION=10; WARMUP=5; CONNS=64; PORT=8097
while [ $# -gt 0 ]; do
    case "$1" in
        -p) PASSES=$2; shift 2 ;;
        -d) DURATION=$2; shift 2 ;;
        -w) WARMUP=$2; shift 2 ;;
        -c) CONNS=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        *) sed -n '2,16p' "$0" >&2; exit 2 ;;
    esac
done
SERVER_CORE=${SERVER_CORE:-0}; LOAD_CORE=${LOAD_CORE:-1}
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=${BENCH_OUT:-/tmp/bench-results/load-vs-wrk}/$(date -u +%Y%m%dT%H%M%SZ)
JAR="$ROOT/shardloop-lab/target/shardloop.jar"
NGINX_SH=${NGINX_SH:-/work/shared/bench/nginx/nginx.sh}
URL="http://127.0.0.1:$PORT/plaintext"
mkdir -p "$OUT"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests package)

NGINX_PID=""
stop() { [ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; }
trap stop EXIT INT TERM
NGINX_PORT=$PORT NGINX_RUNDIR="$OUT/nginx" taskset -c "$SERVER_CORE" "$NGINX_SH" run > "$OUT/nginx.log" 2>&1 &
NGINX_PID=$!
for _ in $(seq 100); do curl -sf -o /dev/null "$URL" && break; sleep 0.1; done
curl -sf -o /dev/null "$URL" || { echo "nginx did not come up on $PORT" >&2; exit 1; }
echo "nginx pid $NGINX_PID on core $SERVER_CORE, load on core $LOAD_CORE, $PASSES passes, ${DURATION}s, c$CONNS -> $OUT" >&2
taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNS" -d3s "$URL" > /dev/null 2>&1 || true   # server warm-up

CSV="$OUT/runs.csv"
echo "pass,tool,workload,rps,p50_ms,p99_ms,errors,cpu_us_per_req,cpu_us_per_req_whole_process,load_core_cpu_pct,mean_ms,little_mean_ms" > "$CSV"

to_ms() { awk -v v="$1" 'BEGIN { n=v; sub(/[a-z]+$/,"",n); u=v; sub(/^[0-9.]+/,"",u);
    f=(u=="us")?0.001:(u=="ms")?1:(u=="s")?1000:1; printf "%.3f", n*f }'; }

run_wrk() { # pass workload
    local f="$OUT/wrk.$2.$1" hdr=()
    [ "$2" = close ] && hdr=(-H 'Connection: close')
    /usr/bin/time -o "$f.time" -f '%U %S %e' taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "${hdr[@]}" "$URL" > "$f.out" 2>&1 || true
    local req rps p50 p99 err u s e
    req=$(awk '/requests in/ {print $1}' "$f.out"); rps=$(awk '/^Requests\/sec:/ {print $2}' "$f.out")
    p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$f.out")"); p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$f.out")")
    local mean; mean=$(to_ms "$(awk '$1=="Latency" && NF>=4 {print $2; exit}' "$f.out")")
    local little; little=$(awk -v c="$CONNS" -v r="$rps" 'BEGIN {printf "%.3f", (r>0)?1000*c/r:0}')
    err=$(awk '/Socket errors:/ {gsub(",",""); print $4+$6+$8+$10} /Non-2xx/ {print $NF}' "$f.out" | awk '{s+=$1} END {print s+0}')
    read -r u s e < "$f.time"
    local us; us=$(awk -v u="$u" -v s="$s" -v r="$req" 'BEGIN {printf "%.3f", (u+s)*1e6/r}')
    local pct; pct=$(awk -v u="$u" -v s="$s" -v e="$e" 'BEGIN {printf "%.0f", 100*(u+s)/e}')
    echo "$1,wrk,$2,$rps,$p50,$p99,$err,$us,$us,$pct,$mean,$little" >> "$CSV"
    echo "  pass $1 wrk       $2: $rps req/s p50 ${p50}ms p99 ${p99}ms mean ${mean}ms (Little ${little}ms) errors $err cpu ${us}us/req (${pct}% core)" >&2
}

run_sl() { # pass workload
    local f="$OUT/shardloop.$2.$1" extra=()
    [ "$2" = close ] && extra=(--short)
    /usr/bin/time -o "$f.time" -f '%U %S %e' taskset -c "$LOAD_CORE" "$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$JAR" \
        load "$URL" -c "$CONNS" -t 1 -d "${DURATION}s" -w "${WARMUP}s" "${extra[@]}" --json "$f.json" > "$f.out" 2>&1 || true
    python3 - "$f.json" "$f.time" "$1" "$2" >> "$CSV" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); u, s, e = map(float, open(sys.argv[2]).read().split())
whole = (u + s) * 1e6 / max(1, r["requests"])
pct = 100 * r["cpu"]["utilisation"]
print(f'{sys.argv[3]},shardloop,{sys.argv[4]},{r["requestsPerSecond"]},{r["latencyMicros"]["p50"]/1000:.3f},'
      f'{r["latencyMicros"]["p99"]/1000:.3f},{r["errors"]["total"]},{r["cpu"]["microsPerRequest"]:.3f},{whole:.3f},{pct:.0f},'
      f'{r["latencyMicros"]["mean"]/1000:.3f},{1000*r["connections"]/max(1e-9,r["requestsPerSecond"]):.3f}')
PY
    tail -1 "$CSV" | awk -F, '{printf "  pass %s shardloop %s: %s req/s p50 %sms p99 %sms mean %sms (Little %sms) errors %s cpu %sus/req (%s%% core; whole process %sus/req)\n", $1, $3, $4, $5, $6, $11, $12, $7, $8, $10, $9}' >&2
}

for pass in $(seq "$PASSES"); do
    for w in keepalive close; do
        if [ $((pass % 2)) = 1 ]; then run_wrk "$pass" "$w"; sleep 1; run_sl "$pass" "$w"; else run_sl "$pass" "$w"; sleep 1; run_wrk "$pass" "$w"; fi
        sleep 1
    done
done

python3 - "$CSV" <<'PY' | tee "$OUT/summary.md"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def med(tool, w, k):
    v = [float(r[k]) for r in rows if r["tool"] == tool and r["workload"] == w]
    return statistics.median(v) if v else float("nan")
print("| workload | tool | req/s (median) | P50 ms | P99 ms | mean ms | Little's-law mean ms | CPU us/req | load-core CPU % |")
print("|---|---|---|---|---|---|---|---|---|")
for w in ("keepalive", "close"):
    for t in ("wrk", "shardloop"):
        print(f"| {w} | {t} | {med(t,w,'rps'):,.0f} | {med(t,w,'p50_ms'):.3f} | {med(t,w,'p99_ms'):.3f} | "
              f"{med(t,w,'mean_ms'):.3f} | {med(t,w,'little_mean_ms'):.3f} | "
              f"{med(t,w,'cpu_us_per_req'):.2f} | {med(t,w,'load_core_cpu_pct'):.0f} |")
    print(f"| {w} | ratio shardloop/wrk | {med('shardloop',w,'rps')/med('wrk',w,'rps'):.2f}x | "
          f"{med('shardloop',w,'p50_ms')/med('wrk',w,'p50_ms'):.2f}x | | | | "
          f"{med('shardloop',w,'cpu_us_per_req')/med('wrk',w,'cpu_us_per_req'):.2f}x | |")
PY
echo "runs: $CSV" >&2
