#!/usr/bin/env bash
# HTTPS peers in one sitting: nginx (ssl_certificate) and Netty 4.2 with SslHandler on the JDK provider, and any
# Shardloop model whose serve speaks TLS, on GET /plaintext over https, driven by `shardloop load`:
#   keepalive   -c $CONNS keep-alive connections (one handshake each, then record costs)
#   short       --short -c $SHORT_CONNS --tls-resume off: a full handshake (ECDSA P-256) per request
#   resumed     --short -c $SHORT_CONNS --tls-resume on: an abbreviated handshake per request
# Server on CPU 0, load on CPU 1; passes alternate the server order (A B, B A). A fresh certificate is made at
# run time (openssl, EC P-256, SAN 127.0.0.1). Per run: req/s, P99, handshakes/s and how many resumed, server CPU
# µs/request and handshakes per server CPU second: the server's CPU (utime+stime of it and its children, /proc) per
# wall second, sampled inside the measured window (from 1 s after the warm-up to 0.5 s before the end, so the JVM
# start and exit fall outside), divided by the measured rates. DURATION must be at least 3 s.
#   shardloop-bench/https-vs-peers.sh
#   PASSES=3 SERVERS="nginx netty-jdk shardloop-single-reactor" WORKLOADS="keepalive short" shardloop-bench/https-vs-peers.sh
# Env: OUT (/tmp/bench-https), DURATION (5, seconds), WARMUP (3, seconds), CONNS (64), SHORT_CONNS (16), PASSES (2), PORT (18443),
#      SERVERS ("nginx netty-jdk"; shardloop-MODEL needs serve --tls-cert/--tls-key), WORKLOADS, NGINX.
# Prerequisite: (cd shardloop-bench/netty-https && ../../mvnw -q package) once.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bin/jdk.sh"
OUT=${OUT:-/tmp/bench-https}; DURATION=${DURATION:-5}; WARMUP=${WARMUP:-3}; CONNS=${CONNS:-64}
SHORT_CONNS=${SHORT_CONNS:-16}; PASSES=${PASSES:-2}; PORT=${PORT:-18443}; NGINX=${NGINX:-/usr/sbin/nginx}
SERVERS=${SERVERS:-"nginx netty-jdk"}; WORKLOADS=${WORKLOADS:-"keepalive short resumed"}
NETTY_JAR="$ROOT/shardloop-bench/netty-https/target/netty-https.jar"
JAR="$ROOT/shardloop-lab/target/shardloop.jar"
mkdir -p "$OUT/logs"
"$ROOT/shardloop" --version >/dev/null   # builds the jar if needed
[[ " $SERVERS " != *" netty-jdk "* || -f $NETTY_JAR ]] || { echo "https-vs-peers: build $NETTY_JAR first (see the header)" >&2; exit 2; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$OUT/key.pem" -out "$OUT/cert.pem" 2>/dev/null
sed -e "s#@PORT@#$PORT#g" -e "s#@RUNDIR@#$OUT/nginx#g" -e "s#@CERT@#$OUT/cert.pem#g" -e "s#@KEY@#$OUT/key.pem#g" \
    "$ROOT/shardloop-bench/nginx-https.conf" > "$OUT/nginx.conf"
mkdir -p "$OUT/nginx"

server_cmd() { # server name -> command (run on CPU 0)
    case "$1" in
        nginx) echo "$NGINX -p $OUT/nginx -c $OUT/nginx.conf" ;;
        netty-jdk) echo "$JAVA_HOME/bin/java -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -jar $NETTY_JAR --cert $OUT/cert.pem --key $OUT/key.pem --port $PORT --transport epoll --threads 1" ;;
        shardloop-*) echo "$JAVA_HOME/bin/java -Xms1g -Xmx1g -XX:+UseParallelGC -jar $JAR serve --protocol http --model ${1#shardloop-} --threads 1 --port $PORT --no-admin --tls-cert $OUT/cert.pem --tls-key $OUT/key.pem" ;;
        *) echo "https-vs-peers: unknown server $1" >&2; return 1 ;;
    esac
}
load_args() { # workload -> shardloop load arguments
    case "$1" in
        keepalive) echo "-c $CONNS" ;;
        short) echo "--short -c $SHORT_CONNS --tls-resume off" ;;
        resumed) echo "--short -c $SHORT_CONNS --tls-resume on" ;;
        *) echo "https-vs-peers: unknown workload $1" >&2; return 1 ;;
    esac
}
cpu_ticks() { # utime+stime of a process and its children
    local total=0 p
    for p in "$1" $(pgrep -P "$1" || true); do
        [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{sub(/.*\) /, ""); print $12 + $13}' "/proc/$p/stat")))
    done
    echo "$total"
}
# a generous timeout: a cold JVM's first handshakes (64 at once, interpreted) can take seconds on a busy machine
load() { taskset -c 1 "$JAVA_HOME/bin/java" -XX:+UseParallelGC -jar "$JAR" load "https://127.0.0.1:$PORT/plaintext" --tls-insecure --timeout 10s "$@"; }

CSV="$OUT/https.csv"
[ -f "$CSV" ] || echo "pass,server,workload,req_per_s,p99_us,handshakes_per_s,resumed,errors,server_cpu_util,server_us_per_req,handshakes_per_server_cpu_s" > "$CSV"
for pass in $(seq "$PASSES"); do
    order=$SERVERS
    [ $((pass % 2)) = 0 ] && order=$(echo $SERVERS | tr ' ' '\n' | tac | tr '\n' ' ')
    for s in $order; do
        # shellcheck disable=SC2046
        taskset -c 0 $(server_cmd "$s") > "$OUT/logs/$s-$pass.server.log" 2>&1 &
        pid=$!
        for _ in $(seq 100); do curl -sk -o /dev/null "https://127.0.0.1:$PORT/plaintext" && break; sleep 0.1; done
        curl -sk -o /dev/null "https://127.0.0.1:$PORT/plaintext" || { echo "https-vs-peers: $s did not answer on $PORT" >&2; kill "$pid"; exit 1; }
        for w in $WORKLOADS; do
            # shellcheck disable=SC2046
            load $(load_args "$w") -d "${DURATION}s" -w "${WARMUP}s" --json "$OUT/$s-$w-$pass.json" > "$OUT/logs/$s-$w-$pass.txt" 2>&1 &
            lpid=$!
            sleep $((WARMUP + 1)); t0=$(cpu_ticks "$pid"); w0=$(date +%s.%N)
            sleep "$(python3 -c "print($DURATION - 1.5)")"; t1=$(cpu_ticks "$pid"); w1=$(date +%s.%N)
            wait "$lpid" || true
            python3 - "$OUT/$s-$w-$pass.json" "$pass" "$s" "$w" "$t0" "$t1" "$w0" "$w1" >> "$CSV" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); t = r.get("tls") or {}
util = (int(sys.argv[6]) - int(sys.argv[5])) / 100.0 / (float(sys.argv[8]) - float(sys.argv[7]))  # CPU s per s
rps, hps = r["requestsPerSecond"], t.get("handshakesPerSecond", 0)
print(",".join(str(x) for x in [sys.argv[2], sys.argv[3], sys.argv[4], rps, r["latencyMicros"]["p99"], hps,
      t.get("resumed", 0), r["errors"]["total"], round(util, 3), round(util * 1e6 / rps, 2) if rps else "",
      round(hps / util, 1) if util > 0 else ""]))
PY
            tail -1 "$CSV"
        done
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
        sleep 1
    done
done
# medians over passes per server and workload
python3 - "$CSV" > "$OUT/RESULTS.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
groups = {}
for r in rows:
    groups.setdefault((r["server"], r["workload"]), []).append(r)
print("| server | workload | passes | req/s | P99 µs | handshakes/s | server µs/req | handshakes per server CPU s |")
print("|---|---|---|---|---|---|---|---|")
def med(rs, k):
    v = [float(r[k]) for r in rs if r[k] not in ("", None)]
    return round(statistics.median(v), 1) if v else ""
for (s, w), rs in sorted(groups.items()):
    print(f"| {s} | {w} | {len(rs)} | {med(rs,'req_per_s')} | {med(rs,'p99_us')} | {med(rs,'handshakes_per_s')} | {med(rs,'server_us_per_req')} | {med(rs,'handshakes_per_server_cpu_s')} |")
PY
cat "$OUT/RESULTS.md"
