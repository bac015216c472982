#!/usr/bin/env bash
# Server CPU per request on Connection: close (or keep-alive) after a warm-up on the same workload, for nginx and
# shardloop servers side by side: server on CPU 0, wrk -t1 -c64 on CPU 1, WARM seconds of the workload first (the
# JIT compiles the accept and close paths), then D seconds measured; utime and stime of the server's process tree
# from /proc, per request, and the part of it the JIT's compiler threads used (`jit`), which says whether the
# warm-up was long enough, and the TCP segments per request (the host's OutSegs from /proc/net/snmp: on loopback both
# ends' segments; a short connection's FIN riding on its reply shows as 10 -> 8). Passes alternate the order
# (A B .. B A). plaintext-vs-peers.sh warms up on keep-alive only, so its close runs include JIT time. The warm-up
# is 30 s: with the server pinned to one core, C2 shares that core with the loops and was still compiling 5-15 s into
# a close run (main-sub: 51 us/req of C2 in the 5 s after a 5 s warm-up; 0.9-4.8 us/req after 30 s).
#   shardloop-bench/close-cpu.sh 2 nginx jar:shardloop-lab/target/shardloop.jar:single-reactor jar:OLD.jar:main-sub
#   MODE=keepalive shardloop-bench/close-cpu.sh 2 nginx jar:JAR:single-reactor::-Dsome.property=x
# A server is nginx (../shared/bench/nginx/nginx.conf), nginx-deferred (the same listening with `deferred`),
# netty-epoll (../shared/bench/netty-plaintext, built by its build.sh: one epoll event loop, the same JVM options as
# ours) or jar:PATH:MODEL[:SERVE,ARGS[:JVM,OPTIONS]] (commas for spaces).
# `cpu0 idle` is the share of the window the server's core was idle (not under RATE, where the load generator's
# start is in the window and the share follows from the rate and the cost); with IDLE=1, perf counts how often that core
# entered idle (power:cpu_idle), per 1,000 requests: on a KVM guest each entry halts the virtual CPU.
# Env: MODE (close|keepalive), WARM (30), D (5), BENCH (../shared/bench), NGINX (/usr/sbin/nginx),
# NETTY (the Netty peer's jar), IDLE (unset; 1: count idle entries, needs perf), RATE (unset: wrk's closed loop
# measures; R: `shardloop load --rate R`, an open loop at R req/s, measures, so that every server is offered the same
# load and idles by its own cost; LOADJAR, this tree's shardloop.jar, runs it).
# A faster server under the closed loop leaves its core idle more often (wrk is the bottleneck), and the halts and
# wake-ups of that idle are charged per request; RATE takes that difference out of the comparison.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bin/jdk.sh"
PASSES=${1:?passes}; shift
D=${D:-5}; WARM=${WARM:-30}; NGINX=${NGINX:-/usr/sbin/nginx}
BENCH=${BENCH:-$ROOT/../shared/bench}
NETTY=${NETTY:-$BENCH/netty-plaintext/target/netty-plaintext.jar}
if [ -n "${RATE:-}" ] && [ -z "${LOADJAR:-}" ]; then "$ROOT/shardloop" --version > /dev/null; fi # builds the jar if needed
LOADJAR=${LOADJAR:-$ROOT/shardloop-lab/target/shardloop.jar}
if [ -n "${RATE:-}" ] && [ ! -f "$LOADJAR" ]; then
    echo "close-cpu: no load generator at LOADJAR=$LOADJAR" >&2; exit 2
fi
JVM=(-Xms1g -Xmx1g -XX:+UseParallelGC)
HDR=(-H 'Connection: close'); [ "${MODE:-close}" = keepalive ] && HDR=()
if [ -n "${RATE:-}" ] && [ "${MODE:-close}" != keepalive ]; then
    echo "close-cpu: RATE needs MODE=keepalive (the load generator's open loop has no short-connection mode)" >&2
    exit 2
fi
RUN=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$RUN"' EXIT # a failed step leaves no server behind
sed -e "s#@PORT@#18090#g" -e "s#@RUNDIR@#$RUN#g" "$BENCH/nginx/nginx.conf" > "$RUN/nginx.conf"
# nginx-deferred: the same with `listen ... deferred` (TCP_DEFER_ACCEPT), to compare like with like
sed -e 's#^\( *listen [^;]*\);#\1 deferred;#' "$RUN/nginx.conf" > "$RUN/nginx-deferred.conf"
mkdir -p "$RUN/client_body"
tree_ticks() { # pid -> "utime stime" over it and its children
    local u=0 s=0 a b
    for p in $1 $(pgrep -P "$1"); do read -r a b < <(awk '{print $14, $15}' "/proc/$p/stat"); u=$((u + a)); s=$((s + b)); done
    echo "$u $s"
}
jit_ticks() { # pid -> utime+stime of its JIT compiler threads (0 for a process without them)
    local t=0 task c
    for task in /proc/"$1"/task/*; do
        read -r c < "$task/comm" || continue
        case $c in C1\ CompilerThre*|C2\ CompilerThre*) t=$((t + $(awk '{print $14 + $15}' "$task/stat"))) ;; esac
    done
    echo $t
}
cpu0_idle() { # idle and iowait ticks of CPU 0, the server's core
    awk '/^cpu0 / { print $5 + $6 }' /proc/stat
}
out_segs() { # TCP segments this host has sent (on loopback: both ends of every connection)
    awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "OutSegs") c = i; h = 1 } else print $c }' /proc/net/snmp
}
run() {
    local srv=$1 port pid
    case $srv in
        nginx|nginx-deferred) port=18090
            taskset -c 0 "$NGINX" -p "$RUN" -c "$RUN/$srv.conf" -g 'daemon off;' 2>/dev/null & pid=$! ;;
        netty-epoll) port=18081
            [ -f "$NETTY" ] || { echo "close-cpu: no Netty peer at $NETTY (run $BENCH/build.sh, or set NETTY)" >&2; exit 2; }
            taskset -c 0 "$JAVA_HOME/bin/java" "${JVM[@]}" --enable-native-access=ALL-UNNAMED -jar "$NETTY" \
                --port $port --transport epoll --threads 1 > "$RUN/server.log" 2>&1 & pid=$! ;;
        jar:*) local jar model extra jvm; IFS=: read -r _ jar model extra jvm <<< "$srv"; port=18080
            taskset -c 0 "$JAVA_HOME/bin/java" "${JVM[@]}" ${jvm//,/ } -jar "$jar" serve --protocol http \
                --threads 1 --port $port --no-admin --model "$model" ${extra//,/ } > "$RUN/server.log" 2>&1 & pid=$! ;;
        *) echo "close-cpu: unknown server $srv" >&2; exit 2 ;;
    esac
    for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
    # in two runs: the clients' stop and restart (connections closed before a request) compiled before measuring
    taskset -c 1 wrk -t1 -c64 -d"$((WARM / 2))s" "${HDR[@]}" "http://127.0.0.1:$port/plaintext" > /dev/null
    taskset -c 1 wrk -t1 -c64 -d"$((WARM - WARM / 2))s" "${HDR[@]}" "http://127.0.0.1:$port/plaintext" > /dev/null
    local u0 s0 u1 s1 j0 j1 g0 g1 i0 i1 w0 w1 n idles=0 perf=
    read -r u0 s0 < <(tree_ticks $pid); j0=$(jit_ticks $pid); g0=$(out_segs); i0=$(cpu0_idle); w0=$(date +%s%N)
    if [ -n "${IDLE:-}" ]; then
        perf stat -x, -C 0 -e power:cpu_idle -o "$RUN/idle.csv" -- sleep "$D" & perf=$!
    fi
    if [ -n "${RATE:-}" ]; then # open loop at a rate every server can carry: the same offered load for all
        taskset -c 1 "$JAVA_HOME/bin/java" -jar "$LOADJAR" load --rate "$RATE" -c 64 -d "${D}s" -w 0s \
            --json "$RUN/load.json" "http://127.0.0.1:$port/plaintext" > /dev/null
        n=$(sed -n 's/.*"requests" *: *\([0-9]*\).*/\1/p' "$RUN/load.json" | head -1) # the top level's, not a second's
    else
        n=$(taskset -c 1 wrk -t1 -c64 -d"${D}s" "${HDR[@]}" "http://127.0.0.1:$port/plaintext" | awk '/requests in/{print $1}')
    fi
    read -r u1 s1 < <(tree_ticks $pid); j1=$(jit_ticks $pid); g1=$(out_segs); i1=$(cpu0_idle); w1=$(date +%s%N)
    if [ -n "$perf" ]; then
        wait $perf
        idles=$(awk -F, '$1 ~ /^[0-9]+$/ { print int($1 / 2) }' "$RUN/idle.csv") # an entry and an exit each
    fi
    kill $pid; wait $pid 2>/dev/null || true
    awk -v n="$n" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v name="$srv" -v d="$D" -v j=$((j1 - j0)) -v g=$((g1 - g0)) \
        -v i=$((i1 - i0)) -v w=$(((w1 - w0) / 1000000)) -v e="$idles" -v rate="${RATE:-}" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        printf "%-60s req/s %7.0f  user %6.2f  sys %6.2f  total %6.2f us/req  (jit %5.2f)  segs/req %5.2f", name, n / d,
            u * 1e6 / hz / n, s * 1e6 / hz / n, (u + s) * 1e6 / hz / n, j * 1e6 / hz / n, g / n
        if (!rate) printf "  cpu0 idle %4.1f%%", i * 100 / hz / (w / 1000)
        if (e > 0) printf "  idle entries/kreq %6.2f", e * 1000 / n
        printf "\n" }'
}
for ((p = 1; p <= PASSES; p++)); do
    if ((p % 2)); then order=("$@"); else order=(); for ((i = $#; i >= 1; i--)); do order+=("${!i}"); done; fi
    for s in "${order[@]}"; do run "$s"; done
done
