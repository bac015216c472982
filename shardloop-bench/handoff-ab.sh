#!/usr/bin/env bash
# Issue 16's speed criterion, side by side: work-stealing tasks/s before and after the fairness work must not drop
# by more than 5% in either mode. Runs the probe that `lab handoff` runs (HandoffProbe: internal and external modes,
# workers 1,2,4, each case in its own JVM pinned to $CPUS, $WARMUP ms of the same load on a discarded executor before
# the measured window) from the "before" build and from this tree in A B A B order, $PAIRS pairs, then JMH's
# HandoffBenchmark (work-stealing) from both builds in the same order, and prints medians and after/before ratios.
# Both builds run today's probe and benchmark source (the executor API they use is unchanged), so only the
# executors differ.
#
#   shardloop-bench/handoff-ab.sh                      # before = 067cd0d (main before the fairness merge)
#   PAIRS=5 MILLIS=2000 CPUS=0 shardloop-bench/handoff-ab.sh /tmp/fair2/before.jar
#   JMH=0 shardloop-bench/handoff-ab.sh                 # the probe pairs only
#
# A missing "before" build is made in a detached worktree under $WORK (never installed into ~/.m2).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bin/jdk.sh"
BEFORE_COMMIT=${BEFORE_COMMIT:-067cd0d}
WORK=${WORK:-/tmp/handoff-ab}
BEFORE_JAR=${1:-$WORK/before-$BEFORE_COMMIT-lab.jar}
BEFORE_JMH=${2:-$WORK/before-$BEFORE_COMMIT-benchmarks.jar}
PAIRS=${PAIRS:-3}; MILLIS=${MILLIS:-2000}; WARMUP=${WARMUP:-1000}; WORKERS=${WORKERS:-1 2 4}; CPUS=${CPUS:-0}
JMH=${JMH:-1}
AFTER_JAR=$ROOT/shardloop-lab/target/shardloop.jar
AFTER_JMH=$ROOT/shardloop-bench/target/benchmarks.jar
MVN=(./mvnw -q -B -ntp -DskipTests -Dmaven.javadoc.skip=true package -pl shardloop-lab,shardloop-bench -am)
PROBE=io.shardloop.lab.experiments.HandoffProbe
mkdir -p "$WORK"

if [ ! -f "$BEFORE_JAR" ] || { [ "$JMH" = 1 ] && [ ! -f "$BEFORE_JMH" ]; }; then
    SRC=$WORK/before-src
    [ -d "$SRC" ] || git -C "$ROOT" worktree add --detach "$SRC" "$BEFORE_COMMIT" >&2
    for f in shardloop-bench/src/main/java/io/shardloop/bench/HandoffBenchmark.java \
             shardloop-lab/src/main/java/io/shardloop/lab/experiments/HandoffProbe.java; do
        cp "$ROOT/$f" "$SRC/$f"
    done
    echo "handoff-ab: building $BEFORE_COMMIT in $SRC..." >&2
    (cd "$SRC" && "${MVN[@]}") >&2
    cp "$SRC/shardloop-lab/target/shardloop.jar" "$BEFORE_JAR"
    cp "$SRC/shardloop-bench/target/benchmarks.jar" "$BEFORE_JMH"
fi
(cd "$ROOT" && "${MVN[@]}") >&2

OUT=$WORK/run-$(date -u +%Y%m%dT%H%M%S)
mkdir -p "$OUT"
echo "handoff-ab: results under $OUT; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for i in $(seq "$PAIRS"); do
    for mode in internal external; do
        for w in $WORKERS; do
            for side in before after; do
                jar=$BEFORE_JAR; [ "$side" = after ] && jar=$AFTER_JAR
                args=$(printf '{"executor":"work-stealing","workers":%d,"mode":"%s","millis":%d,"warmupMillis":%d,"work":500}' \
                    "$w" "$mode" "$MILLIS" "$WARMUP")
                taskset -c "$CPUS" "$JAVA_HOME/bin/java" -XX:+UseParallelGC -Xss256k -cp "$jar" "$PROBE" "$args" \
                    2>>"$OUT/probe-$side.log" | sed -n "s/^{/{\"mode\":\"$mode\",\"workers\":$w,/p" >>"$OUT/probe-$side.jsonl"
            done
        done
    done
done
if [ "$JMH" = 1 ]; then
    for i in $(seq "$PAIRS"); do
        for side in before after; do
            jar=$BEFORE_JMH; [ "$side" = after ] && jar=$AFTER_JMH
            taskset -c "$CPUS" "$JAVA_HOME/bin/java" -jar "$jar" 'HandoffBenchmark' -p executor=work-stealing \
                -f 1 -wi 2 -i 3 -rf json -rff "$OUT/jmh-$side-$i.json" >"$OUT/jmh-$side-$i.log" 2>&1
        done
    done
fi

python3 - "$OUT" "$PAIRS" <<'EOF'
import glob, json, statistics as st, sys
out, pairs = sys.argv[1], int(sys.argv[2])
def probe(side):
    rows = {}
    for line in open(f"{out}/probe-{side}.jsonl"):
        r = json.loads(line)
        rows.setdefault((r["mode"], r["workers"]), []).append((r["tasksPerSecond"], r["queueWaitMaxMicros"]))
    return rows
b, a = probe("before"), probe("after")
print(f"HandoffProbe (lab handoff's), work-stealing, medians of {pairs} A B pairs")
print(f"{'mode':9} {'workers':>7} {'before t/s':>11} {'after t/s':>11} {'after/before':>12}  max wait before -> after")
for key in sorted(b):
    if key not in a:
        continue
    med = lambda rows, i: st.median(r[i] for r in rows)
    ratio = med(a[key], 0) / med(b[key], 0)
    print(f"{key[0]:9} {key[1]:>7} {med(b[key], 0):>11,.0f} {med(a[key], 0):>11,.0f} {ratio:>12.3f}"
          f"  {med(b[key], 1) / 1e3:,.1f} ms -> {med(a[key], 1) / 1e3:,.1f} ms")
def jmh(side):
    scores = {}
    for f in glob.glob(f"{out}/jmh-{side}-*.json"):
        for r in json.load(open(f)):
            scores.setdefault(r["benchmark"].rsplit(".", 1)[1], []).append(r["primaryMetric"]["score"])
    return scores
jb, ja = jmh("before"), jmh("after")
if jb:
    print(f"\nJMH HandoffBenchmark, work-stealing, ops/s, medians of {pairs} pairs")
    for name in sorted(jb):
        if name in ja:
            print(f"{name:14} before {st.median(jb[name]):>11,.0f}  after {st.median(ja[name]):>11,.0f}"
                  f"  after/before {st.median(ja[name]) / st.median(jb[name]):.3f}")
EOF
