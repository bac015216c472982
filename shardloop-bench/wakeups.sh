#!/usr/bin/env bash
# How often a server sleeps and wakes per request: context switches of all its threads (/proc/PID/task/*/status)
# and, for shardloop, each loop's wake-ups and events from /stats, over D seconds of wrk -t1 -c64 after WARM
# seconds of the same load; server on CPU 0, wrk on CPU 1.
#   shardloop-bench/wakeups.sh main-sub                 # Connection: close
#   MODE=keepalive shardloop-bench/wakeups.sh nginx
#   JAR=/tmp/old.jar shardloop-bench/wakeups.sh main-sub
# Env: MODE (close|keepalive), JAR (this tree's shardloop.jar), WARM (15), D (5), BENCH (../shared/bench).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bin/jdk.sh"
SERVER=${1:?model or nginx}; JAR=${JAR:-$ROOT/shardloop-lab/target/shardloop.jar}
WARM=${WARM:-15}; D=${D:-5}; BENCH=${BENCH:-$ROOT/../shared/bench}
HDR=(-H 'Connection: close'); [ "${MODE:-close}" = keepalive ] && HDR=()
RUN=$(mktemp -d)
if [ "$SERVER" = nginx ]; then
    PORT=18090
    sed -e "s#@PORT@#$PORT#g" -e "s#@RUNDIR@#$RUN#g" "$BENCH/nginx/nginx.conf" > "$RUN/nginx.conf"
    mkdir -p "$RUN/client_body"
    taskset -c 0 /usr/sbin/nginx -p "$RUN" -c "$RUN/nginx.conf" -g 'daemon off;' 2>/dev/null & PID=$!
else
    PORT=18080
    taskset -c 0 "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -XX:+UseParallelGC -jar "$JAR" serve --protocol http --threads 1 \
        --port $PORT --admin-port 19901 --model "$SERVER" > "$RUN/server.log" 2>&1 & PID=$!
fi
trap 'kill $PID 2>/dev/null || true; rm -rf "$RUN"' EXIT
for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
switches() { # per thread of the process tree: "tid name count"
    for p in $PID $(pgrep -P $PID); do
        for t in /proc/$p/task/*; do
            echo "${t##*/} $(tr ' ' _ < "$t/comm") $(awk '/^(non)?voluntary_ctxt_switches/{s+=$2} END{print s}' "$t/status")"
        done
    done
}
stats() { [ "$SERVER" = nginx ] || curl -s "http://127.0.0.1:19901/stats"; }
taskset -c 1 wrk -t1 -c64 -d"${WARM}s" "${HDR[@]}" "http://127.0.0.1:$PORT/plaintext" > /dev/null
switches > "$RUN/cs0"; stats > "$RUN/s0.json"
OUT=$(taskset -c 1 wrk -t1 -c64 -d"${D}s" "${HDR[@]}" "http://127.0.0.1:$PORT/plaintext")
switches > "$RUN/cs1"; stats > "$RUN/s1.json"
N=$(echo "$OUT" | awk '/requests in/{print $1}')
echo "$SERVER ${MODE:-close}: $N requests, $(echo "$OUT" | awk '/Requests\/sec/{print $2}')/s; per request:"
join <(sort "$RUN/cs0") <(sort "$RUN/cs1") | awk -v n="$N" '{d = $5 - $3; all += d; if (d > 0.001 * n) printf "  switches %-24s %6.3f\n", $2, d / n} END {printf "  switches %-24s %6.3f\n", "(all threads)", all / n}'
if [ "$SERVER" != nginx ]; then
    python3 - "$RUN/s0.json" "$RUN/s1.json" "$N" <<'PY'
import json, sys
a, b, n = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), int(sys.argv[3])
for la, lb in zip(a["loops"], b["loops"]):
    if lb["role"] == "admin":
        continue
    print("  loop %-22s wake-ups %6.3f  events %6.3f" % (lb["name"], (lb["wakeups"] - la["wakeups"]) / n,
                                                         (lb["events"] - la["events"]) / n))
PY
fi
