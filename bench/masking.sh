#!/usr/bin/env bash
# Masking throughput (MB/s) of hoop's engine vs the naive one-regex-at-a-time baseline, measured in the
# same JMH run, and their ratio. Informational: never part of the test verdict.
#   bench/masking.sh            quick run (~1 min)
#   FORKS=2 ITER=5 bench/masking.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
hoop_find_jdk || { echo "no JDK >= 21" >&2; exit 1; }
export JAVA_HOME="$HOOP_JAVA_HOME"
mvn -B -q -ntp -DskipTests -pl bench -am package
CP="bench/target/classes:$(ls bench/target/lib/*.jar | paste -sd:)"
out=$(mktemp)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main MaskingBench \
  -f "${FORKS:-1}" -wi "${WARMUP:-3}" -i "${ITER:-5}" -w 1s -r 1s -rf csv -rff "$out" >/dev/null
# CSV: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: bytes"
awk -F, 'NR>1 { gsub(/"/,""); name=$1; sub(/.*\./,"",name); ms[name]=$5; err[name]=$6; bytes=$8 }
  END {
    for (n in ms) printf "%-14s %9.2f ms/MiB-op  %8.1f MB/s  (+/- %.2f ms)\n", n, ms[n], bytes/1e6/(ms[n]/1000), err[n];
    printf "ratio hoopWhole/naiveBaseline throughput: %.1fx\n", ms["naiveBaseline"]/ms["hoopWhole"];
    printf "ratio hoopStreamed/naiveBaseline throughput: %.1fx\n", ms["naiveBaseline"]/ms["hoopStreamed"];
    printf "known secrets (and their forms) cost: whole %.2fx, streamed %.2fx the time\n", ms["hoopWholeKnown"]/ms["hoopWhole"], ms["hoopStreamedKnown"]/ms["hoopStreamed"];
  }' "$out"
rm -f "$out"
