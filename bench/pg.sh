#!/usr/bin/env bash
# PostgreSQL through hoop vs direct vs pgbouncer, measured in one run on this machine (informational, never a
# test verdict). Prints TPS ratios against the direct connection and p50/p99 latency for:
#   - pgbench -S (select-only, simple protocol), 4 clients / 2 threads
#   - a 1,000-row result script
#   - the same through a bare Netty relay (bare-relay: nothing judged, masked or recorded), the floor of a JVM proxy here
#   - select-only again with an application's catalog in the database (APP_CATALOG=0 leaves it out)
#   - a 1,000,000-row result through hoop with the gateway at -Xmx128m (must complete)
#   - COPY of 1,000,000 rows TO STDOUT, direct vs hoop
# hoop runs with policy + masking + recording on. Needs Debian's postgresql, postgresql-client and pgbouncer
# (installed here when missing and run as root).  DURATION=15 WARMUP=60 bench/pg.sh
# HOOP_BENCH_JAVA_OPTS adds gateway JVM options (a profiler, say: -XX:StartFlightRecording=filename=/tmp/pg.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-15}"
# Seconds each JVM proxy runs each workload before it is measured. A gateway runs for days: what counts is its
# compiled code. After one DURATION of select-only, hoop's C2 compiler thread still took about a sixth of its CPU in
# the measured run (async-profiler, per thread), and the bare relay, which has little to compile, is warm at once.
WARMUP="${WARMUP:-60}"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
need=()
[ -x "$PGBIN/postgres" ] || need+=(postgresql)
command -v pgbench >/dev/null || need+=(postgresql-client)
command -v pgbouncer >/dev/null || need+=(pgbouncer)
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
. scripts/find-jdk.sh
hoop_find_jdk
export JAVA_HOME="$HOOP_JAVA_HOME"
mvn -B -q -ntp -DskipTests -pl cli,bench -am package
CP="cli/target/cli-0.1.0-SNAPSHOT.jar:$(ls cli/target/lib/*.jar | paste -sd:)"
BENCH_CP="bench/target/classes:$(ls bench/target/lib/*.jar | paste -sd:)"

work=$(mktemp -d /tmp/hoop-bench.XXXX)
chown postgres "$work"
PORT=25432; BOUNCER_PORT=26432
cleanup() {
  set +e
  [ -n "${gw_pid:-}" ] && kill "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null
  [ -n "${relay_pid:-}" ] && kill "$relay_pid" 2>/dev/null
  [ -n "${bouncer_pid:-}" ] && kill "$bouncer_pid" 2>/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting PostgreSQL ($PGBIN) on $PORT"
echo "benchpw" > "$work/pw"; chown postgres "$work/pw"
runuser -u postgres -- "$PGBIN/initdb" -D "$work/data" -U postgres --auth=scram-sha-256 --pwfile="$work/pw" >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -l "$work/pg.log" \
  -o "-p $PORT -k $work -c listen_addresses=127.0.0.1 -c max_connections=50" -w start >/dev/null
export PGPASSWORD=benchpw
pgbench -h 127.0.0.1 -p $PORT -U postgres -i -s 10 -q postgres >/dev/null 2>&1

echo "== starting pgbouncer on $BOUNCER_PORT"
cat > "$work/pgbouncer.ini" <<INI
[databases]
postgres = host=127.0.0.1 port=$PORT dbname=postgres
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = session
default_pool_size = 20
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
unix_socket_dir =
INI
echo '"postgres" "benchpw"' > "$work/userlist.txt"
chown postgres "$work"/pgbouncer.ini "$work"/userlist.txt
runuser -u postgres -- pgbouncer "$work/pgbouncer.ini" >/dev/null 2>&1 &
bouncer_pid=$!

echo "== starting a bare Netty relay (what any JVM proxy on this machine costs at least)"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$BENCH_CP" hoop.bench.RelayMain $PORT > "$work/relay.out" 2>&1 &
relay_pid=$!
for _ in $(seq 1 100); do grep -q '^port ' "$work/relay.out" 2>/dev/null && break; sleep 0.2; done
RELAY_PORT=$(sed -n 's/^port //p' "$work/relay.out")

echo "== starting hoop (policy + masking + recording, -Xmx128m)"
mkdir -p "$work/home"
cat > "$work/home/hoop.yaml" <<YAML
gateway: { listen: 127.0.0.1:0, store: sqlite }
connections:
  - name: bench
    type: postgres
    listen: 127.0.0.1:0
    upstream: { host: 127.0.0.1, port: $PORT, database: postgres, user: postgres, password: "\${env:BENCH_PW}", sslmode: disable }
    policies: [sql-guard]
    masking: [pii]
policies:
  sql-guard:
    default: allow
    unknown: deny
    rules:
      - { action: deny, match: { kind: [dcl, admin, copy-program] } }
      - { action: review, match: { kind: [write], unbounded: true }, timeout: 1m }
masking:
  pii:
    detectors: [email, credit_card, iban, ssn, aws_access_key, aws_secret_key, jwt, private_key, github_token]
YAML
HOOP_HOME="$work/home" BENCH_PW=benchpw "$JAVA_HOME/bin/java" -Xmx128m ${HOOP_BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector -cp "$CP" \
  hoop.cli.Main gateway > "$work/gateway.log" 2>&1 &
gw_pid=$!
for _ in $(seq 1 100); do [ -f "$work/home/gateway.addr" ] && break; sleep 0.2; done
eval "$(HOOP_HOME="$work/home" "$JAVA_HOME/bin/java" -cp "$CP" hoop.cli.Main connect bench --env --ttl 2h)"
HOOP_HOST=$PGHOST HOOP_PORT=$PGPORT HOOP_USER=$PGUSER HOOP_PW=$PGPASSWORD
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE

printf '%s\n' '\set start random(1, 990000)' \
  'SELECT aid, bid, abalance, filler FROM pgbench_accounts WHERE aid > :start LIMIT 1000;' > "$work/rows1000.sql"

# CPU seconds a process has used (user + system), from /proc; 0 when there is no such process.
cpu_of() { [ -n "$1" ] && [ -r "/proc/$1/stat" ] && awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$1/stat" || echo 0; }

# run NAME HOST PORT USER PASSWORD ARGS... -> "tps p50_ms p99_ms proxy_cpu_us_per_tx"
run() {
  local name=$1 host=$2 port=$3 user=$4 pw=$5; shift 5
  local dir="$work/log-$name-$RANDOM"; mkdir -p "$dir"
  local proxy_pid=""
  case $name in pgbouncer) proxy_pid=$(cat "$work/pgbouncer.pid" 2>/dev/null);; hoop) proxy_pid=$gw_pid;; relay) proxy_pid=$relay_pid;; esac
  local cpu0; cpu0=$(cpu_of "$proxy_pid")
  local out
  out=$(cd "$dir" && PGPASSWORD=$pw pgbench -h "$host" -p "$port" -U "$user" -n -T "$([ "$name" = warmup ] && echo "$WARMUP" || echo "$DURATION")" -l "$@" postgres 2>&1) || { echo "$out" >&2; return 1; }
  local tps
  tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -n1)
  # pgbench -l: column 3 is the transaction latency in microseconds.
  cat "$dir"/pgbench_log.* | awk '{print $3}' | sort -n > "$dir/lat"
  local n p50 p99
  n=$(wc -l < "$dir/lat")
  p50=$(awk -v n="$n" 'NR==int(n*0.50)+1 {printf "%.3f", $1/1000}' "$dir/lat")
  p99=$(awk -v n="$n" 'NR==int(n*0.99)+1 {printf "%.3f", $1/1000}' "$dir/lat")
  # What the proxy itself spent per transaction: the cost that competes with pgbench and PostgreSQL.
  local cpu_us
  cpu_us=$(awk -v a="$cpu0" -v b="$(cpu_of "$proxy_pid")" -v n="$n" 'BEGIN { if (n > 0 && b > a) printf "%.1f", (b - a) * 1e6 / n; else print "-" }')
  echo "$tps $p50 $p99 $cpu_us"
}

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }'; }

report() {
  local title=$1; shift
  echo; echo "== $title"
  read -r d_tps d_p50 d_p99 d_cpu <<<"$(run direct 127.0.0.1 $PORT postgres benchpw "$@")"
  read -r b_tps b_p50 b_p99 b_cpu <<<"$(run pgbouncer 127.0.0.1 $BOUNCER_PORT postgres benchpw "$@")"
  read -r r_tps r_p50 r_p99 r_cpu <<<"$(run relay 127.0.0.1 "$RELAY_PORT" postgres benchpw "$@")"
  read -r h_tps h_p50 h_p99 h_cpu <<<"$(run hoop "$HOOP_HOST" "$HOOP_PORT" "$HOOP_USER" "$HOOP_PW" "$@")"
  printf "%-10s %10s %8s %10s %10s %14s\n" target tps ratio p50_ms p99_ms proxy_cpu_us/tx
  printf "%-10s %10.1f %8s %10s %10s %14s\n" direct "$d_tps" "1.00x" "$d_p50" "$d_p99" "-"
  printf "%-10s %10.1f %7.2fx %10s %10s %14s\n" pgbouncer "$b_tps" "$(div "$b_tps" "$d_tps")" "$b_p50" "$b_p99" "$b_cpu"
  printf "%-10s %10.1f %7.2fx %10s %10s %14s\n" bare-relay "$r_tps" "$(div "$r_tps" "$d_tps")" "$r_p50" "$r_p99" "$r_cpu"
  printf "%-10s %10.1f %7.2fx %10s %10s %14s\n" hoop "$h_tps" "$(div "$h_tps" "$d_tps")" "$h_p50" "$h_p99" "$h_cpu"
}

echo "== warming up the JIT of hoop and the relay (unmeasured)"
run warmup "$HOOP_HOST" "$HOOP_PORT" "$HOOP_USER" "$HOOP_PW" -S -c 4 -j 2 >/dev/null
run warmup "$HOOP_HOST" "$HOOP_PORT" "$HOOP_USER" "$HOOP_PW" -f "$work/rows1000.sql" -c 2 -j 2 >/dev/null
run warmup 127.0.0.1 "$RELAY_PORT" postgres benchpw -S -c 4 -j 2 >/dev/null
run warmup 127.0.0.1 "$RELAY_PORT" postgres benchpw -f "$work/rows1000.sql" -c 2 -j 2 >/dev/null

report "pgbench -S -c 4 -j 2 (select-only)" -S -c 4 -j 2
report "1,000-row results, -c 2 -j 2" -f "$work/rows1000.sql" -c 2 -j 2

if [ "${APP_CATALOG:-1}" = 1 ]; then
  # hoop reads the database's catalog (routines, views, keys) to judge statements, and looks things up in it for
  # every statement: the same select-only run with the catalog of an application's database, 400 tables with
  # foreign keys and a view each, and 1,500 SQL functions, shows what that costs per statement.
  PGPASSWORD=benchpw psql -X -q -h 127.0.0.1 -p $PORT -U postgres postgres <<'SQL'
DO $$
BEGIN
  FOR i IN 1..400 LOOP
    EXECUTE format('CREATE TABLE app_t%s (id int PRIMARY KEY, parent int REFERENCES app_t%s (id), name text)', i, greatest(i - 1, 1));
    EXECUTE format('CREATE VIEW app_v%s AS SELECT id, name FROM app_t%s', i, i);
  END LOOP;
  FOR i IN 1..1500 LOOP
    EXECUTE format('CREATE FUNCTION app_f%s(x int) RETURNS int LANGUAGE sql AS $f$ SELECT x + %s $f$', i, i);
  END LOOP;
END $$;
SQL
  run catalog-warmup "$HOOP_HOST" "$HOOP_PORT" "$HOOP_USER" "$HOOP_PW" -S -c 4 -j 2 >/dev/null
  report "pgbench -S -c 4 -j 2, database with 400 tables, 400 views, 1,500 functions (APP_CATALOG=0 skips)" -S -c 4 -j 2
fi

echo; echo "== 1,000,000-row result (gateway -Xmx128m)"
q="SELECT g AS id, 'user' || g || '@example.com' AS email, md5(g::text) AS filler FROM generate_series(1, 1000000) g"
# Unmeasured: the same query shape once at a fifth of the size, so masking's rebuild path is compiled too.
PGPASSWORD=$HOOP_PW psql -X -h "$HOOP_HOST" -p "$HOOP_PORT" -U "$HOOP_USER" -A -t -c "${q/1000000/200000}" postgres > /dev/null
PGPASSWORD=benchpw psql -X -h 127.0.0.1 -p $PORT -U postgres -A -t -c "${q/1000000/200000}" postgres > /dev/null
t0=$(date +%s.%N); PGPASSWORD=benchpw psql -X -h 127.0.0.1 -p $PORT -U postgres -A -t -c "$q" postgres | wc -l > "$work/direct.count"; t1=$(date +%s.%N)
PGPASSWORD=$HOOP_PW psql -X -h "$HOOP_HOST" -p "$HOOP_PORT" -U "$HOOP_USER" -A -t -c "$q" postgres > "$work/hoop.out"; t2=$(date +%s.%N)
direct_s=$(awk -v a="$t1" -v b="$t0" "BEGIN{print a-b}"); hoop_s=$(awk -v a="$t2" -v b="$t1" "BEGIN{print a-b}")
printf "direct %.2fs (%s rows), hoop %.2fs (%s rows, %s masked emails), throughput ratio %.2fx\n" "$direct_s" "$(cat "$work/direct.count")" \
  "$hoop_s" "$(wc -l < "$work/hoop.out")" "$(grep -c '\[EMAIL\]' "$work/hoop.out")" "$(div "$direct_s" "$hoop_s")"
kill -0 "$gw_pid" && echo "gateway still running after the 1M-row result (heap capped at 128 MiB)"

echo; echo "== COPY (1,000,000 pgbench_accounts rows) TO STDOUT"
# The other large-result path: CopyData is masked as a stream (the rows a terminal could redraw are its context).
copy="COPY (SELECT * FROM pgbench_accounts) TO STDOUT"
PGPASSWORD=$HOOP_PW psql -X -h "$HOOP_HOST" -p "$HOOP_PORT" -U "$HOOP_USER" -c "${copy/pgbench_accounts/pgbench_accounts LIMIT 200000}" postgres > /dev/null
t0=$(date +%s.%N); PGPASSWORD=benchpw psql -X -h 127.0.0.1 -p $PORT -U postgres -c "$copy" postgres | wc -l > "$work/direct.count"; t1=$(date +%s.%N)
PGPASSWORD=$HOOP_PW psql -X -h "$HOOP_HOST" -p "$HOOP_PORT" -U "$HOOP_USER" -c "$copy" postgres | wc -l > "$work/hoop.count"; t2=$(date +%s.%N)
direct_s=$(awk -v a="$t1" -v b="$t0" "BEGIN{print a-b}"); hoop_s=$(awk -v a="$t2" -v b="$t1" "BEGIN{print a-b}")
printf "direct %.2fs (%s rows), hoop %.2fs (%s rows), throughput ratio %.2fx\n" "$direct_s" "$(cat "$work/direct.count")" \
  "$hoop_s" "$(cat "$work/hoop.count")" "$(div "$direct_s" "$hoop_s")"
