# Sourced by install.sh, test.sh and bench scripts: sets HOOP_JAVA_HOME (and HOOP_JAVA_VERSION) to a JDK >= 21:
# $JAVA_HOME when it qualifies, else the newest under /usr/lib/jvm, else the one of `java` on PATH.

hoop_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}

hoop_find_jdk() {
  local cand v best="" best_v=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(hoop_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then best="$JAVA_HOME"; best_v="$v"; fi
  fi
  if [ -z "$best" ]; then
    local others=(/usr/lib/jvm/*)
    if command -v java >/dev/null 2>&1; then others+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"); fi
    for cand in "${others[@]}"; do
      [ -x "$cand/bin/javac" ] || continue
      v=$(hoop_java_major "$cand")
      if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$cand"; best_v="$v"; fi
    done
  fi
  [ -n "$best" ] || return 1
  HOOP_JAVA_HOME="$best"
  HOOP_JAVA_VERSION="$best_v"
  export HOOP_JAVA_HOME HOOP_JAVA_VERSION
}
