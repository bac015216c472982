# Sourced by ./shardloop and ./test: exports JAVA_HOME pointing at a JDK 25 or newer.
# Order: $JAVA_HOME if it is 25+, else the newest JDK 25+ under /usr/lib/jvm; otherwise one clear line and exit 1.
java_major() { # prints the feature version of the java binary given, or nothing
    "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}
find_jdk25() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        local v; v=$(java_major "$JAVA_HOME/bin/java")
        if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
    fi
    local best="" bestv=0 d v
    for d in /usr/lib/jvm/*/; do
        d=${d%/}
        [ -x "$d/bin/javac" ] || continue
        v=$(java_major "$d/bin/java")
        if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
    done
    [ -n "$best" ] && echo "$best"
}
SHARDLOOP_JDK=$(find_jdk25)
if [ -z "$SHARDLOOP_JDK" ]; then
    echo "shardloop: no JDK 25 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm): install one, e.g. 'apt-get install temurin-25-jdk' or a JDK 25 tarball under /usr/lib/jvm, or set JAVA_HOME to it" >&2
    exit 1
fi
export JAVA_HOME=$SHARDLOOP_JDK
