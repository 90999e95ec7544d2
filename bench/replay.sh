#!/usr/bin/env bash
# Replaying, exporting and verifying one 100,000-event session through the real `hoop` CLI, with the JVM
# capped at -Xmx64m so a build that loaded the session into memory would fail here. Prints wall time and
# peak RSS per run, and the ratio of each run's time to a baseline that only reads the same rows
# (sqlite3 dumping every payload). Informational: never part of the test verdict.
#   bench/replay.sh                 100,000 events
#   EVENTS=1000000 bench/replay.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
hoop_find_jdk || { echo "no JDK >= 21" >&2; exit 1; }
export JAVA_HOME="$HOOP_JAVA_HOME"
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 CLI (apt-get install sqlite3)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
mvn -B -q -ntp -DskipTests -pl bench,cli -am package
events=${EVENTS:-100000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOOP_HOME="$work/home"
BENCH_CP="bench/target/classes:$(ls bench/target/lib/*.jar | paste -sd:)"
CLI_CP="$(ls cli/target/cli-*.jar):$(ls cli/target/lib/*.jar | paste -sd:)"
id=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" hoop.bench.ReplayFixture "$HOOP_HOME" "$events")
printf 'session %s: %d events, database %s\n' "$id" "$events" "$(du -h "$HOOP_HOME/hoop.db" | cut -f1)"

measure() { # label, command...: prints "label  seconds  peak-RSS"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" > "$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r secs kb < "$work/t"
  printf '%-26s %7.2f s  %7d MB peak RSS  %10d bytes out' "$label" "$secs" $((kb / 1024)) "$(stat -c %s "$work/out")"
  [ -n "${base:-}" ] && awk -v a="$secs" -v b="$base" 'BEGIN { printf "  %5.1fx baseline", (b > 0 ? a / b : 0) }'
  echo
  last=$secs
}
HOOP=("$JAVA_HOME/bin/java" -Xmx64m --enable-native-access=ALL-UNNAMED -cp "$CLI_CP" hoop.cli.Main)

base=
measure "baseline sqlite3 dump" sqlite3 "$HOOP_HOME/hoop.db" "SELECT seq, at, type, payload FROM events"
base=$last
measure "replay --format text" "${HOOP[@]}" replay "$id" --format text
measure "replay --format json" "${HOOP[@]}" replay "$id" --format json
measure "replay --format asciicast" "${HOOP[@]}" replay "$id" --format asciicast
measure "audit verify" "${HOOP[@]}" audit verify "$id"
"${HOOP[@]}" replay "$id" --format json > "$work/export.json"
measure "audit verify --file" "${HOOP[@]}" audit verify --file "$work/export.json" --pubkey "$("${HOOP[@]}" audit key)"
