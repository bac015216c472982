#!/usr/bin/env bash
# HTTPS peers in one sitting: nginx (ssl_certificate) and Netty 4.2 with SslHandler on the JDK provider, and any
# Shardloop model whose serve speaks TLS, on GET /plaintext over https:
#   keepalive   shardloop load -c $CONNS keep-alive connections (one handshake each, then record costs)
#   short       a full handshake (ECDSA P-256 certificate) and one request per connection
#   resumed     an abbreviated (resumed) handshake and one request per connection
# SHORT_DRIVER drives the two handshake workloads:
#   stime (default)  $STIME_PROCS concurrent `openssl s_time -new|-reuse -www /plaintext` clients: OpenSSL's client
#                    costs a fraction of a JDK server's handshake, so the server is what is measured. -new never
#                    offers a session (each connection a full handshake); -reuse offers the first one's. Not wrk:
#                    wrk keeps its session across reconnects (SSL_clear), so its Connection: close runs resume.
#   load             shardloop load --short -c $SHORT_CONNS --tls-resumption off|on: the JDK client, itself dearer per
#                    handshake than a JDK server, so it measures the client (kept to compare the generators).
# Server on CPU 0, load on CPU 1; passes alternate the server order (A B, B A). A fresh certificate is made at
# run time (openssl, EC P-256, SAN 127.0.0.1). Per run: req/s, P99 (load driver only), handshakes/s, server CPU
# µs/request and handshakes per server CPU second: the server's CPU (utime+stime of it and its children, /proc) per
# wall second over the measured window, divided by the measured rates. A load window runs from 1 s after its
# warm-up to 0.5 s before its end (DURATION at least 3 s); an s_time window is an s_time run of DURATION after one
# of WARMUP. Shardloop servers also count their own handshakes (/stats on PORT+1): server_full and server_resumed
# show that each short connection was a full handshake and each resumed one was not.
#   shardloop-bench/https-vs-peers.sh
#   PASSES=4 SERVERS="nginx netty-jdk shardloop-single-reactor" WORKLOADS="short resumed" WARMUP=20 DURATION=10 \
#       shardloop-bench/https-vs-peers.sh
# Env: OUT (/tmp/bench-https), DURATION (5, seconds), WARMUP (3, seconds), CONNS (64), SHORT_CONNS (16), PASSES (2),
#      PORT (18443; PORT+1 for shardloop's /stats), SERVERS ("nginx netty-jdk"; shardloop-MODEL, and
#      shardloop-MODEL:workers for --tls-handshake workers), WORKLOADS, SHORT_DRIVER (stime), STIME_PROCS (4),
#      SERVER_THREADS (1: Netty's event loops, Shardloop's --threads), NGINX.
# Prerequisite: (cd shardloop-bench/netty-https && ../../mvnw -q package) once.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bin/jdk.sh"
OUT=${OUT:-/tmp/bench-https}; DURATION=${DURATION:-5}; WARMUP=${WARMUP:-3}; CONNS=${CONNS:-64}
SHORT_CONNS=${SHORT_CONNS:-16}; PASSES=${PASSES:-2}; PORT=${PORT:-18443}; NGINX=${NGINX:-/usr/sbin/nginx}
SERVERS=${SERVERS:-"nginx netty-jdk"}; WORKLOADS=${WORKLOADS:-"keepalive short resumed"}
SHORT_DRIVER=${SHORT_DRIVER:-stime}; STIME_PROCS=${STIME_PROCS:-4}; SERVER_THREADS=${SERVER_THREADS:-1}
NETTY_JAR="$ROOT/shardloop-bench/netty-https/target/netty-https.jar"
JAR="$ROOT/shardloop-lab/target/shardloop.jar"
mkdir -p "$OUT/logs"
"$ROOT/shardloop" --version >/dev/null   # builds the jar if needed
[[ " $SERVERS " != *" netty-jdk "* || -f $NETTY_JAR ]] || { echo "https-vs-peers: build $NETTY_JAR first (see the header)" >&2; exit 2; }
[[ $SHORT_DRIVER == stime || $SHORT_DRIVER == load ]] || { echo "https-vs-peers: SHORT_DRIVER is stime or load, got '$SHORT_DRIVER'" >&2; exit 2; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout "$OUT/key.pem" -out "$OUT/cert.pem" 2>/dev/null
sed -e "s#@PORT@#$PORT#g" -e "s#@RUNDIR@#$OUT/nginx#g" -e "s#@CERT@#$OUT/cert.pem#g" -e "s#@KEY@#$OUT/key.pem#g" \
    "$ROOT/shardloop-bench/nginx-https.conf" > "$OUT/nginx.conf"
mkdir -p "$OUT/nginx"

server_cmd() { # server name -> command (run on CPU 0)
    case "$1" in
        nginx) echo "$NGINX -p $OUT/nginx -c $OUT/nginx.conf" ;;
        netty-jdk) echo "$JAVA_HOME/bin/java -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -jar $NETTY_JAR --cert $OUT/cert.pem --key $OUT/key.pem --port $PORT --transport epoll --threads $SERVER_THREADS" ;;
        shardloop-*:workers) echo "$(server_cmd "${1%:workers}") --tls-handshake workers" ;;
        shardloop-*) echo "$JAVA_HOME/bin/java -Xms1g -Xmx1g -XX:+UseParallelGC -jar $JAR serve --protocol http --model ${1#shardloop-} --threads $SERVER_THREADS --port $PORT --admin-port $((PORT + 1)) --tls-cert $OUT/cert.pem --tls-key $OUT/key.pem" ;;
        *) echo "https-vs-peers: unknown server $1" >&2; return 1 ;;
    esac
}
load_args() { # workload -> shardloop load arguments
    case "$1" in
        keepalive) echo "-c $CONNS" ;;
        short) echo "--short -c $SHORT_CONNS --tls-resumption off" ;;
        resumed) echo "--short -c $SHORT_CONNS --tls-resumption on" ;;
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
# workload $1 through $STIME_PROCS concurrent s_time clients on CPU 1 for $2 s; prints the connections they made
stime() {
    local mode=-new i pids=()
    [ "$1" = resumed ] && mode=-reuse
    rm -f "$OUT"/logs/stime-*.txt
    for i in $(seq "$STIME_PROCS"); do
        taskset -c 1 openssl s_time -connect "127.0.0.1:$PORT" $mode -www /plaintext -time "$2" > "$OUT/logs/stime-$i.txt" 2>&1 &
        pids+=($!)
    done
    wait "${pids[@]}" # these alone: a bare wait would wait for the server too
    cat "$OUT"/logs/stime-*.txt | awk '/connections in .* real seconds/ {n += $1} END {print n + 0}'
}
# a shardloop server's TLS handshakes and resumed ones so far; nothing for the peers
server_handshakes() {
    [[ $1 == shardloop-* ]] || return 0
    curl -s "http://127.0.0.1:$((PORT + 1))/stats" \
        | python3 -c "import json, sys; t = json.load(sys.stdin)['tls']; print(t['handshakes'], t['resumed'])"
}

CSV="$OUT/https.csv"
[ -f "$CSV" ] || echo "pass,server,workload,driver,req_per_s,p99_us,handshakes_per_s,resumed,errors,server_cpu_util,server_us_per_req,handshakes_per_server_cpu_s,server_full,server_resumed" > "$CSV"
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
            driver=load
            if [ "$w" != keepalive ] && [ "$SHORT_DRIVER" = stime ]; then
                driver=stime
                stime "$w" "$WARMUP" > /dev/null
                h0=$(server_handshakes "$s"); t0=$(cpu_ticks "$pid"); w0=$(date +%s.%N)
                n=$(stime "$w" "$DURATION")
                t1=$(cpu_ticks "$pid"); w1=$(date +%s.%N)
                python3 -c "import json, sys; r = $n / ($w1 - $w0); json.dump({'requestsPerSecond': r, 'latencyMicros': {'p99': ''},
                    'errors': {'total': ''}, 'tls': {'handshakesPerSecond': r}}, open(sys.argv[1], 'w'))" "$OUT/$s-$w-$pass.json"
            else
                # shellcheck disable=SC2046
                load $(load_args "$w") -d "${DURATION}s" -w "${WARMUP}s" --json "$OUT/$s-$w-$pass.json" > "$OUT/logs/$s-$w-$pass.txt" 2>&1 &
                lpid=$!
                sleep $((WARMUP + 1)); h0=$(server_handshakes "$s"); t0=$(cpu_ticks "$pid"); w0=$(date +%s.%N)
                sleep "$(python3 -c "print($DURATION - 1.5)")"; t1=$(cpu_ticks "$pid"); w1=$(date +%s.%N)
                wait "$lpid" || true
            fi
            h1=$(server_handshakes "$s")
            python3 - "$OUT/$s-$w-$pass.json" "$pass" "$s" "$w" "$driver" "$t0" "$t1" "$w0" "$w1" "$h0" "$h1" >> "$CSV" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); t = r.get("tls") or {}
util = (int(sys.argv[7]) - int(sys.argv[6])) / 100.0 / (float(sys.argv[9]) - float(sys.argv[8]))  # CPU s per s
rps, hps = r["requestsPerSecond"], t.get("handshakesPerSecond", 0)
h0, h1 = sys.argv[10].split(), sys.argv[11].split()  # a shardloop server's (handshakes, resumed), else empty
full, resumed = ("", "")
if h0 and h1:
    resumed = int(h1[1]) - int(h0[1])
    full = int(h1[0]) - int(h0[0]) - resumed
print(",".join(str(x) for x in [sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], round(rps, 1),
      r["latencyMicros"]["p99"], round(hps, 1), t.get("resumed", ""), r["errors"]["total"], round(util, 3),
      round(util * 1e6 / rps, 2) if rps else "", round(hps / util, 1) if util > 0 else "", full, resumed]))
PY
            tail -1 "$CSV"
        done
        kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
        sleep 1
    done
done
# medians over passes per server, workload and driver
python3 - "$CSV" > "$OUT/RESULTS.md" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
groups = {}
for r in rows:
    groups.setdefault((r["server"], r["workload"], r.get("driver", "load")), []).append(r)
print("| server | workload | driver | passes | req/s | P99 µs | handshakes/s | server µs/req"
      " | handshakes per server CPU s | server full / resumed (all passes) |")
print("|---|---|---|---|---|---|---|---|---|---|")
def med(rs, k):
    v = [float(r[k]) for r in rs if r.get(k) not in ("", None)]
    return round(statistics.median(v), 1) if v else ""
def counted(rs):
    if any(r.get("server_full", "") == "" for r in rs):
        return ""
    return f"{sum(int(r['server_full']) for r in rs)} / {sum(int(r['server_resumed']) for r in rs)}"
for (s, w, d), rs in sorted(groups.items()):
    print(f"| {s} | {w} | {d} | {len(rs)} | {med(rs,'req_per_s')} | {med(rs,'p99_us')} | {med(rs,'handshakes_per_s')}"
          f" | {med(rs,'server_us_per_req')} | {med(rs,'handshakes_per_server_cpu_s')} | {counted(rs)} |")
PY
cat "$OUT/RESULTS.md"
