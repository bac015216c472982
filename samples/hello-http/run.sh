#!/usr/bin/env bash
# A user's view of Shardloop: installs the library artifacts (./mvnw install), builds this project outside the
# reactor against them, checks that serving HTTP pulls no admin libraries, starts the server on the module path
# and checks its reply with curl. Run by .ci/run after the tests. MAVEN_REPO_LOCAL=DIR installs into DIR instead
# of ~/.m2 (to keep a shared local repository clean).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/bin/jdk.sh"
repo=()
[ -n "${MAVEN_REPO_LOCAL:-}" ] && repo=(-Dmaven.repo.local="$MAVEN_REPO_LOCAL")
(cd "$ROOT" && ./mvnw -B -q -ntp "${repo[@]}" -DskipTests install -pl .,shardloop-native,shardloop-core,shardloop-load,shardloop-http)
for kind in sources javadoc; do
    ls "$ROOT"/shardloop-http/target/shardloop-http-*-"$kind".jar >/dev/null
done
"$ROOT/mvnw" -B -q -ntp "${repo[@]}" -f "$HERE/pom.xml" clean package
echo "sample: runtime dependencies: $(ls "$HERE/target/lib" | tr '\n' ' ')"
if ls "$HERE/target/lib" | grep -Eq 'jackson|prometheus|bouncycastle|bcpkix|bcprov'; then
    echo "sample: FAIL: serving HTTP pulled an optional library (admin endpoints or TLS keys)" >&2
    exit 1
fi
log=$(mktemp)
"$JAVA_HOME/bin/java" --enable-native-access=io.shardloop.nativeio \
    --module-path "$HERE/target/hello-http.jar:$HERE/target/lib" -m com.example.hello/com.example.hello.Hello 0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$log")
    [ -n "$port" ] && break
    kill -0 $pid 2>/dev/null || { cat "$log" >&2; echo "sample: FAIL: the server exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { cat "$log" >&2; echo "sample: FAIL: no listening line in 10 s" >&2; exit 1; }
cat "$log"
reply=$(curl -sS --max-time 5 "http://127.0.0.1:$port/hello/world")
echo "sample: curl http://127.0.0.1:$port/hello/world -> $reply"
[ "$reply" = "hello world" ] || { echo "sample: FAIL: unexpected reply" >&2; exit 1; }
echo "sample: OK"
