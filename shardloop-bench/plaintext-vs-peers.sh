#!/usr/bin/env bash
# Shardloop's threading models against the peers of ../shared/bench (nginx, Netty, Helidon) on /plaintext, in one
# sitting: every pass runs each server once, odd passes in order, even passes reversed (A B ... B A), each with
# the peers' harness run-plaintext.sh (server on core 0, wrk -t1 on core 1, server CPU µs/request from /proc).
#   shardloop-bench/plaintext-vs-peers.sh                         # 2 passes, all models at 1 thread + 4 peers
#   PASSES=3 MODELS="single-reactor shared-nothing" PEERS="netty-epoll netty-nio" shardloop-bench/plaintext-vs-peers.sh
#   TRANSPORTS="epoll nio" MODELS=single-reactor PEERS=nginx shardloop-bench/plaintext-vs-peers.sh   # both transports
# Env: BENCH (default ../shared/bench beside the repo), BENCH_OUT (default /tmp/bench-shardloop), DURATION (5),
#      WARMUP (5), CONNS ("64"), CLOSE_CONNS ("64"), PASSES (2), MODELS, PEERS, THREADS (1), TRANSPORTS (epoll).
# Prerequisite: $BENCH/build.sh once (wrk, nginx-light, the JVM peers).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-$(cd "$ROOT/../shared/bench" 2>/dev/null && pwd || true)}
[ -n "$BENCH" ] && [ -x "$BENCH/run-plaintext.sh" ] || { echo "plaintext-vs-peers: set BENCH to the peers' bench directory (run-plaintext.sh not found)" >&2; exit 2; }
. "$ROOT/bin/jdk.sh"
export BENCH_OUT=${BENCH_OUT:-/tmp/bench-shardloop}
PASSES=${PASSES:-2}; DURATION=${DURATION:-5}; WARMUP=${WARMUP:-5}; THREADS=${THREADS:-1}
CONNS=${CONNS:-64}; CLOSE_CONNS=${CLOSE_CONNS:-64}
MODELS=${MODELS:-"single-reactor shared-nothing main-sub reactor-workers main-sub-workers virtual-threads thread-per-connection"}
PEERS=${PEERS:-"nginx netty-epoll netty-nio helidon"}
TRANSPORTS=${TRANSPORTS:-epoll}
CSV="$BENCH_OUT/plaintext.csv"
mkdir -p "$BENCH_OUT"
"$ROOT/shardloop" --version >/dev/null   # builds the jar if needed
JAR="$ROOT/shardloop-lab/target/shardloop.jar"

args_for() { # server name -> run-plaintext.sh arguments after -n NAME
    case "$1" in
        shardloop-*) # shardloop-TRANSPORT-MODEL-tN
            local rest=${1#shardloop-}; local transport=${rest%%-*}
            local model=${rest#*-}; model=${model%-t*}
            local workers=""; case "$model" in *workers) workers="--workers 1" ;; esac
            echo "-p 8090 --java -- -jar $JAR serve --protocol http --model $model --transport $transport --threads $THREADS $workers --port 8090 --no-admin" ;;
        nginx)       echo "-p 8080 -- env NGINX_PORT=8080 $BENCH/nginx/nginx.sh run" ;;
        netty-epoll) echo "-p 8081 --java -- --enable-native-access=ALL-UNNAMED -jar $BENCH/netty-plaintext/target/netty-plaintext.jar --port 8081 --transport epoll --threads 1" ;;
        netty-io_uring) echo "-p 8082 --java -- --enable-native-access=ALL-UNNAMED -jar $BENCH/netty-plaintext/target/netty-plaintext.jar --port 8082 --transport io_uring --threads 1" ;;
        netty-nio)   echo "-p 8083 --java -- -jar $BENCH/netty-plaintext/target/netty-plaintext.jar --port 8083 --transport nio --threads 1" ;;
        helidon)     echo "-p 8084 --java -- -Djdk.virtualThreadScheduler.parallelism=1 -jar $BENCH/helidon-plaintext/target/helidon-plaintext.jar 8084" ;;
        *) echo "unknown server $1" >&2; return 1 ;;
    esac
}

SERVERS=""
for t in $TRANSPORTS; do for m in $MODELS; do SERVERS="$SERVERS shardloop-$t-$m-t$THREADS"; done; done
SERVERS="$SERVERS $PEERS"
for pass in $(seq "$PASSES"); do
    order=$SERVERS
    [ $((pass % 2)) = 0 ] && order=$(echo $SERVERS | tr ' ' '\n' | tac | tr '\n' ' ')
    for s in $order; do
        # shellcheck disable=SC2046
        (cd "$BENCH" && ./run-plaintext.sh -n "$s" -P "$pass" -o "$CSV" -d "$DURATION" -w "$WARMUP" \
            --conns "$CONNS" --close-conns "$CLOSE_CONNS" $(args_for "$s"))
        sleep 2
    done
done
# medians over passes, per server and mode: req/s, P99, server CPU µs/request, wrk CPU %
python3 - "$CSV" > "$BENCH_OUT/RESULTS.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
keys = []
for r in rows:
    k = (r["server"], r["mode"], r["conns"])
    if k not in keys: keys.append(k)
print("| server | mode | conns | passes | req/s | P99 ms | server µs/req | wrk CPU % | errors |")
print("|---|---|---|---|---|---|---|---|---|")
def med(rs, c): return statistics.median(float(r[c]) for r in rs)
for k in sorted(keys, key=lambda k: (k[1], k[2], med([r for r in rows if (r["server"], r["mode"], r["conns"]) == k], "server_us_per_req"))):
    rs = [r for r in rows if (r["server"], r["mode"], r["conns"]) == k]
    errs = sum(int(r[c] or 0) for r in rs for c in ("err_connect", "err_read", "err_write", "err_timeout", "non2xx"))
    print(f"| {k[0]} | {k[1]} | {k[2]} | {len(rs)} | {med(rs,'rps'):,.0f} | {med(rs,'p99_ms'):.2f} | {med(rs,'server_us_per_req'):.2f} | {med(rs,'wrk_cpu_pct'):.0f} | {errs} |")
PY
cat "$BENCH_OUT/RESULTS.md"
echo "wrote $CSV and $BENCH_OUT/RESULTS.md"
