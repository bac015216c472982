#!/usr/bin/env bash
# `shardloop advise` with its defaults (each example's own requests and workload.properties) on the three examples,
# one after the other, each into OUT/NAME with OUT/NAME.json; prints each one's wall time, run count and
# recommendation. Run it in a quiet window: other processes on the pinned CPUs show as `contended` in every row.
#   shardloop-bench/advise-examples.sh [OUT]                 # OUT defaults to lab-results/advise-examples-<time>
#   EXAMPLES="db" shardloop-bench/advise-examples.sh         # only db (the under-5-minutes check)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$ROOT/lab-results/advise-examples-$(date +%Y%m%d-%H%M%S)}
. "$ROOT/bin/jdk.sh"
"$ROOT/shardloop" --version >/dev/null   # builds shardloop.jar and the examples if needed
mkdir -p "$OUT"
for name in ${EXAMPLES:-db json-cpu downstream}; do
  start=$(date +%s.%N)
  rc=0
  "$JAVA_HOME/bin/java" -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -jar "$ROOT/shardloop-lab/target/shardloop.jar" \
      advise --app-jar "$ROOT/examples/$name/target/$name.jar" --out "$OUT/$name" --no-progress --json "$OUT/$name.json" \
      >"$OUT/$name.out" 2>"$OUT/$name.err" || rc=$?
  wall=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  runs=$(($(wc -l <"$OUT/$name/results.csv") - 1))
  echo "== $name: exit $rc, $runs runs in ${wall} s ($(uptime | sed 's/.*load average/load average/'))"
  grep -m1 -E '^(Use |No setting)' "$OUT/$name/advice.md" || true
done
