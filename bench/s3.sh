#!/usr/bin/env bash
# S3 through hoop vs direct, in one run on this machine (informational, never a test verdict): the AWS SDK v2
# puts and gets 10 MB objects on an embedded s3proxy, directly and through hoop's AWS proxy (SigV4 checked and
# re-signed with an STS credential from a local AssumeRole double, policy, masking and recording on).
# Prints MB/s for each and the ratio.   ROUNDS=20 bench/s3.sh   (then the same through a bare TCP relay, the floor
# of any proxy on this machine; RELAY=0 leaves it out)
# Both paths are warmed first, as a long-running gateway is: 50*WARMUP small requests (compiling the per-request path:
# verify, judge, re-sign) then WARMUP 10 MB rounds (default 100: after 30, hoop's C2 compiler thread still took 20-50%
# of hoop's CPU in the measured rounds, read from /proc per thread; after 100 it is near idle), repeated until
# WARMUP_SECONDS (default 120) have passed: C2 goes on recompiling the body path for about 100 s. Also prints the CPU
# hoop's JVM used per measured round. OBJECT_KB=1 measures the fixed cost per request instead; PUT_ONLY=1 runs uploads (GET_ONLY=1 downloads)
# alone (for a profiler); ROUND_LOG=1 prints each round's times (an outlier round moves the overall ratio, not the median). hoop runs in a JVM of its own, as `hoop gateway` does; INPROCESS=1 puts it in the bench's
# JVM beside the SDK and s3proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
hoop_find_jdk || { echo "no JDK >= 21" >&2; exit 1; }
export JAVA_HOME="$HOOP_JAVA_HOME"
mvn -B -q -ntp -DskipTests -pl bench -am package
CP="bench/target/classes:$(ls bench/target/lib/*.jar | paste -sd:)"
# The bench's JVM holds the SDK client and s3proxy, and makes several 10 MB arrays per round. With G1's default
# regions each is a humongous allocation that starts a concurrent mark (one every ~100 ms, each taking tens of ms of
# the two cores): the medians of alternate rounds then differed by up to half (0.44x against 0.81x in one run). 32 MB regions keep them ordinary.
# HOOP_BENCH_JAVA_OPTS adds options to hoop's JVM, BENCH_JVM_OPTS to this one.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -Xmx1g -XX:G1HeapRegionSize=32m ${BENCH_JVM_OPTS:-} -cp "$CP" hoop.bench.S3Bench
