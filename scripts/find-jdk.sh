# Sourced by install.sh and test.sh: sets HOOP_JAVA_HOME to the newest JDK >= 21.
# Order of preference: $JAVA_HOME, then /usr/lib/jvm/*, then `java` on PATH.

hoop_java_major() {
  # Prints the feature version of the java binary given, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n1
}

hoop_find_jdk() {
  local best="" best_v=0 cand v
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for cand in /usr/lib/jvm/*; do [ -d "$cand" ] && candidates+=("$cand"); done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for cand in "${candidates[@]}"; do
    [ -x "$cand/bin/java" ] && [ -x "$cand/bin/javac" ] || continue
    v=$(hoop_java_major "$cand/bin/java")
    [ -n "$v" ] || continue
    # JAVA_HOME wins when it qualifies; otherwise the newest qualifying JDK.
    if [ "$v" -ge 21 ] && { [ "$cand" = "${JAVA_HOME:-}" ] && [ -z "$best" ] || [ "$v" -gt "$best_v" ] && [ "$best" != "${JAVA_HOME:-}" ]; }; then
      best="$cand"; best_v="$v"
    fi
  done
  [ -n "$best" ] || return 1
  HOOP_JAVA_HOME="$best"
  HOOP_JAVA_VERSION="$best_v"
  export HOOP_JAVA_HOME HOOP_JAVA_VERSION
}
