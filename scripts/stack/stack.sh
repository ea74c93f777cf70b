#!/usr/bin/env bash
# Local stack for the customs risk engine: PostgreSQL and a single-node Apache Kafka broker (KRaft).
#
#   stack.sh up       start what is missing (idempotent), wait until both accept connections
#   stack.sh down     stop what this script started
#   stack.sh status   say what runs where
#   stack.sh restart-kafka | restart-postgres   (fault tests) restart one service
#
# PostgreSQL: the server at DATABASE_URL is used when it answers; otherwise a local cluster is
# started, installing Debian's postgresql package first when there is none.
# Kafka: the broker jars come from Maven Central (scripts/stack/kafka-pom.xml) into .stack/kafka,
# formatted once, and run with the machine's Java 17. A second `up` reuses jars and data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${STACK_DIR:-$ROOT/.stack}"
KAFKA_DIR="$STACK_DIR/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LOGS="$KAFKA_DIR/logs"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_JVM_DEFAULTS="-Xms256m -Xmx512m -XX:+UseG1GC"
PG_MARK="$STACK_DIR/postgres.started"

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/risk_engine}"
KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:9092}"
KAFKA_HOST="${KAFKA_BROKERS%%,*}"
KAFKA_PORT="${KAFKA_HOST##*:}"
KAFKA_HOST="${KAFKA_HOST%:*}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"

log() { printf '[stack] %s\n' "$*"; }
die() {
  printf '[stack] ERROR: %s\n' "$*" >&2
  exit 1
}

# --- PostgreSQL -------------------------------------------------------------------------------

pg_parse() {
  # postgres://user[:password]@host[:port]/database
  local rest="${DATABASE_URL#*://}"
  local auth="" hostport
  if [[ "$rest" == *@* ]]; then
    auth="${rest%%@*}"
    rest="${rest#*@}"
  fi
  hostport="${rest%%/*}"
  PG_USER="${auth%%:*}"
  PG_USER="${PG_USER:-postgres}"
  PG_HOST="${hostport%%:*}"
  PG_PORT="5432"
  [[ "$hostport" == *:* ]] && PG_PORT="${hostport##*:}"
  PG_DB="${rest#*/}"
  PG_DB="${PG_DB%%\?*}"
}

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    tcp_open "$PG_HOST" "$PG_PORT"
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

pg_install_and_start() {
  case "$PG_HOST" in
    127.0.0.1 | localhost) ;;
    *) die "PostgreSQL at $PG_HOST:$PG_PORT does not answer, and it is not a local address to start one on." ;;
  esac
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    command -v apt-get >/dev/null 2>&1 || die "No PostgreSQL and no apt-get to install one; set DATABASE_URL to a running server."
    log "installing PostgreSQL from the Debian packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$version" ] || die "PostgreSQL is installed but has no cluster under /etc/postgresql"
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Local development trusts loopback connections, as the default DATABASE_URL has no password.
  if ! as_root grep -q '^host all all 127.0.0.1/32 trust' "$hba"; then
    log "allowing trusted loopback connections in $hba"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  mkdir -p "$STACK_DIR"
  echo "$version" >"$PG_MARK"
}

pg_up() {
  pg_parse
  if pg_answers; then
    log "PostgreSQL answers at $PG_HOST:$PG_PORT"
    return
  fi
  pg_install_and_start
  for _ in $(seq 1 60); do
    pg_answers && {
      log "PostgreSQL answers at $PG_HOST:$PG_PORT"
      return
    }
    sleep 1
  done
  die "PostgreSQL did not start at $PG_HOST:$PG_PORT"
}

pg_down() {
  if [ -f "$PG_MARK" ]; then
    log "stopping the PostgreSQL cluster this script started"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(cat "$PG_MARK")" main stop || true
    rm -f "$PG_MARK"
  else
    log "PostgreSQL was not started by this script; leaving it running"
  fi
}

# --- Kafka ------------------------------------------------------------------------------------

kafka_pid() {
  [ -f "$KAFKA_PID" ] || return 1
  local pid
  pid="$(cat "$KAFKA_PID")"
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

kafka_fetch() {
  if [ -f "$KAFKA_LIBS/.complete" ]; then return; fi
  command -v mvn >/dev/null 2>&1 || die "Apache Maven is needed once to fetch the Kafka broker jars (apt-get install maven)"
  command -v java >/dev/null 2>&1 || die "Java 17 is needed to run the Kafka broker (apt-get install openjdk-17-jre-headless)"
  log "fetching the Apache Kafka broker jars from Maven Central into $KAFKA_LIBS"
  rm -rf "$KAFKA_LIBS"
  mkdir -p "$KAFKA_LIBS"
  mvn -q -B -f "$ROOT/scripts/stack/kafka-pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS" >"$KAFKA_DIR/fetch.log" 2>&1 ||
    die "fetching the Kafka jars failed; see $KAFKA_DIR/fetch.log"
  touch "$KAFKA_LIBS/.complete"
}

kafka_configure() {
  mkdir -p "$KAFKA_DATA" "$KAFKA_LOGS"
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" \
    -e "s#@DATA_DIR@#$KAFKA_DATA#g" "$ROOT/scripts/stack/server.properties.template" >"$KAFKA_DIR/server.properties"
  if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
    local cluster_id
    cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-22)"
    cluster_id="A${cluster_id:1}"
    log "formatting the broker's log directory (cluster $cluster_id)"
    java -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$ROOT/scripts/stack/log4j2.properties" \
      -Dkafka.logs.dir="$KAFKA_LOGS" kafka.tools.StorageTool format -g -t "$cluster_id" \
      -c "$KAFKA_DIR/server.properties" >"$KAFKA_LOGS/format.log" 2>&1 ||
      die "formatting the Kafka log directory failed; see $KAFKA_LOGS/format.log"
  fi
}

kafka_up() {
  if pid="$(kafka_pid)"; then
    log "Kafka broker already running (pid $pid) at $KAFKA_HOST:$KAFKA_PORT"
    kafka_wait
    return
  fi
  if tcp_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    log "a Kafka broker not started by this script answers at $KAFKA_HOST:$KAFKA_PORT; using it"
    return
  fi
  mkdir -p "$KAFKA_DIR"
  kafka_fetch
  kafka_configure
  log "starting the Kafka broker at $KAFKA_HOST:$KAFKA_PORT"
  : >"$KAFKA_LOGS/server.log"
  # shellcheck disable=SC2086 # KAFKA_JVM_OPTS is a list of options
  nohup java ${KAFKA_JVM_OPTS:-$KAFKA_JVM_DEFAULTS} -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$ROOT/scripts/stack/log4j2.properties" -Dkafka.logs.dir="$KAFKA_LOGS" \
    -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_LOGS/stdout.log" 2>&1 &
  echo $! >"$KAFKA_PID"
  kafka_wait
}

kafka_wait() {
  for _ in $(seq 1 120); do
    if ! kafka_pid >/dev/null; then
      tail -n 30 "$KAFKA_LOGS/stdout.log" "$KAFKA_LOGS/server.log" >&2 || true
      die "the Kafka broker exited during start-up"
    fi
    if grep -q 'Kafka Server started' "$KAFKA_LOGS/server.log" 2>/dev/null && tcp_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      log "Kafka broker ready at $KAFKA_HOST:$KAFKA_PORT (pid $(cat "$KAFKA_PID"), logs in $KAFKA_LOGS)"
      return
    fi
    sleep 0.5
  done
  die "the Kafka broker did not become ready within 60 s; see $KAFKA_LOGS/server.log"
}

kafka_down() {
  local pid
  if pid="$(kafka_pid)"; then
    log "stopping the Kafka broker (pid $pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  else
    log "no Kafka broker started by this script is running"
  fi
  rm -f "$KAFKA_PID"
}

pg_restart() {
  # Fault tests: a real restart of the local cluster (fast shutdown drops every connection).
  pg_parse
  local version
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$version" ] && command -v pg_ctlcluster >/dev/null 2>&1 || die "no local Debian PostgreSQL cluster to restart"
  log "restarting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main restart -m fast
  for _ in $(seq 1 60); do
    pg_answers && return
    sleep 0.5
  done
  die "PostgreSQL did not come back at $PG_HOST:$PG_PORT"
}

status() {
  pg_parse
  if pg_answers; then log "PostgreSQL: up at $PG_HOST:$PG_PORT (database $PG_DB)"; else log "PostgreSQL: down at $PG_HOST:$PG_PORT"; fi
  if pid="$(kafka_pid)"; then
    log "Kafka: up at $KAFKA_HOST:$KAFKA_PORT (pid $pid, started by this script)"
  elif tcp_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    log "Kafka: up at $KAFKA_HOST:$KAFKA_PORT (not started by this script)"
  else
    log "Kafka: down at $KAFKA_HOST:$KAFKA_PORT"
  fi
}

case "${1:-}" in
  up)
    pg_up
    kafka_up
    log "ready: DATABASE_URL=$DATABASE_URL KAFKA_BROKERS=$KAFKA_BROKERS"
    ;;
  down)
    kafka_down
    pg_down
    ;;
  status) status ;;
  restart-kafka)
    kafka_pid >/dev/null || die "the Kafka broker at $KAFKA_HOST:$KAFKA_PORT was not started by this script; it cannot restart it"
    kafka_down
    kafka_up
    ;;
  restart-postgres) pg_restart ;;
  *)
    echo "usage: $0 up|down|status|restart-kafka|restart-postgres" >&2
    exit 2
    ;;
esac
