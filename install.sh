#!/usr/bin/env bash
# Installs hoop: builds it with Maven and the newest JDK >= 21, installs a launcher in ${PREFIX:-$HOME/.local}/bin
# and an ahead-of-time class cache so the many short `hoop` calls an agent makes start fast. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")"
PREFIX="${PREFIX:-$HOME/.local}"
SHARE="$PREFIX/share/hoop"
BIN="$PREFIX/bin"
say() { printf 'install.sh: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

. scripts/find-jdk.sh
if ! hoop_find_jdk; then
  if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
    say "no JDK >= 21 found; installing one with apt-get"
    as_root apt-get update -qq
    as_root apt-get install -y -qq openjdk-21-jdk-headless >/dev/null 2>&1 \
      || as_root apt-get install -y -qq openjdk-25-jdk-headless >/dev/null 2>&1 || true
  fi
  if ! hoop_find_jdk; then
    say "no JDK >= 21 found (looked at \$JAVA_HOME, /usr/lib/jvm/*, java on PATH)." >&2
    say "install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME to it." >&2
    exit 1
  fi
fi
if ! command -v mvn >/dev/null; then
  if command -v apt-get >/dev/null && as_root true 2>/dev/null; then
    say "Maven is missing; installing it with apt-get"
    as_root apt-get update -qq && as_root apt-get install -y -qq maven >/dev/null
  else
    say "Maven is missing: install it (apt-get install maven) and re-run." >&2
    exit 1
  fi
fi
export JAVA_HOME="$HOOP_JAVA_HOME"
say "building with JDK $HOOP_JAVA_VERSION at $JAVA_HOME"
mvn -B -q -ntp -DskipTests -pl cli -am package

rm -rf "$SHARE.new"
mkdir -p "$SHARE.new/lib" "$BIN"
cp cli/target/lib/*.jar "$SHARE.new/lib/"
cp cli/target/cli-*.jar "$SHARE.new/lib/"
CP=$(cd "$SHARE.new/lib" && ls *.jar | sort | sed "s#^#$SHARE/lib/#" | paste -sd:)
rm -rf "$SHARE" && mv "$SHARE.new" "$SHARE"

JAVA="$JAVA_HOME/bin/java"
OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED"
# Ahead-of-time cache (JDK 25+: AOT cache; 21-24: dynamic CDS archive), trained on a config check,
# which loads the YAML, policy and masking classes most commands need.
train_dir=$(mktemp -d)
trap 'rm -rf "$train_dir"' EXIT
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" hoop.cli.Main config default > "$train_dir/hoop.yaml"
CACHE_OPT=""
if [ "$HOOP_JAVA_VERSION" -ge 25 ]; then
  if HOOP_HOME="$train_dir" "$JAVA" $OPTS -XX:AOTCacheOutput="$SHARE/hoop.aot" -Xlog:aot=off -Xlog:cds=off -cp "$CP" \
       hoop.cli.Main config check "$train_dir/hoop.yaml" >/dev/null 2>&1 && [ -f "$SHARE/hoop.aot" ]; then
    CACHE_OPT="-XX:AOTCache=$SHARE/hoop.aot -Xlog:aot=off -Xlog:cds=off"
  fi
else
  if HOOP_HOME="$train_dir" "$JAVA" $OPTS -XX:ArchiveClassesAtExit="$SHARE/hoop.jsa" -Xlog:cds=off -cp "$CP" \
       hoop.cli.Main config check "$train_dir/hoop.yaml" >/dev/null 2>&1 && [ -f "$SHARE/hoop.jsa" ]; then
    CACHE_OPT="-XX:SharedArchiveFile=$SHARE/hoop.jsa -Xlog:cds=off"
  fi
fi

cat > "$BIN/hoop.new" <<LAUNCHER
#!/usr/bin/env bash
# hoop launcher, written by install.sh. The gateway runs long: it gets the full JIT and the JDK's vector API
# (binary answers are searched for compressed streams 32 bytes at a time); other commands start fast.
if [ "\${1:-}" = gateway ]; then
  exec "$JAVA" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$CP" hoop.cli.Main "\$@"
fi
exec "$JAVA" $OPTS $CACHE_OPT -cp "$CP" hoop.cli.Main "\$@"
LAUNCHER
chmod 755 "$BIN/hoop.new"
mv "$BIN/hoop.new" "$BIN/hoop"
say "installed $BIN/hoop ($("$BIN/hoop" --version))${CACHE_OPT:+ with a start-up cache}"
case ":$PATH:" in
  *":$BIN:"*) ;;
  *) say "note: $BIN is not on your PATH; add it: export PATH=\"$BIN:\$PATH\"" ;;
esac
