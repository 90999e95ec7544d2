#!/usr/bin/env bash
# Runs the whole test suite with the newest JDK >= 21 (tests start their own servers and clients).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/find-jdk.sh
if ! hoop_find_jdk; then
  echo "test.sh: no JDK >= 21 found (JAVA_HOME, /usr/lib/jvm/*, PATH). Install one, e.g. apt-get install openjdk-21-jdk-headless" >&2
  exit 1
fi
command -v mvn >/dev/null || { echo "test.sh: Maven is missing: apt-get install maven" >&2; exit 1; }
export JAVA_HOME="$HOOP_JAVA_HOME"
exec mvn -B -ntp verify "$@"
