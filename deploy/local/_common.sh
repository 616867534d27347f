# shellcheck shell=bash
# Shared helpers for deploy/local/kafka-{up,down,status}. Sourced, not executed.

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HOST="127.0.0.1"
KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$HOME/.cache/roaming-kafka}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"

JARS_DIR="$KAFKA_HOME_DIR/jars"
DATA_DIR="$KAFKA_HOME_DIR/data"
LOG_DIR="$KAFKA_HOME_DIR/logs"
CONF_DIR="$KAFKA_HOME_DIR/config"
PID_FILE="$KAFKA_HOME_DIR/kafka.pid"
CLUSTER_ID_FILE="$KAFKA_HOME_DIR/cluster.id"
SERVER_PROPS="$CONF_DIR/server.properties"
BROKER_LOG4J="$CONF_DIR/log4j.properties"
TOOLS_LOG4J="$CONF_DIR/tools-log4j.properties"
ADMIN_PROPS="$CONF_DIR/admin-client.properties"
KAFKA_OUT="$LOG_DIR/kafka.out"
POM="$SCRIPT_DIR/pom.xml"

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java || true)"
fi

log() { printf '[kafka-local] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# True if something accepts TCP connections on $KAFKA_HOST:$KAFKA_PORT.
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$KAFKA_HOST/$KAFKA_PORT" 2>/dev/null
}

# Prints the pid of our broker if the pid file points at a live kafka.Kafka process.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -cd '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the process must be our broker.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

jars_stamp() { sha256sum "$POM" | cut -d' ' -f1; }

# Download the broker jars (and deps) from Maven Central unless already present
# for the current pom.xml.
fetch_jars() {
  local stamp_file="$JARS_DIR/.fetched" stamp
  stamp="$(jars_stamp)"
  if [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch Kafka jars)"
  log "fetching Kafka jars from Maven Central into $JARS_DIR (first run only) ..."
  local tmp="$KAFKA_HOME_DIR/jars.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp" "$LOG_DIR"
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
        -DoutputDirectory="$tmp" >"$LOG_DIR/mvn-fetch.log" 2>&1 </dev/null; then
    rm -rf "$tmp"
    tail -n 40 "$LOG_DIR/mvn-fetch.log" >&2 || true
    die "maven dependency fetch failed (full log: $LOG_DIR/mvn-fetch.log)"
  fi
  echo "$stamp" >"$tmp/.fetched"
  rm -rf "$JARS_DIR"
  mv "$tmp" "$JARS_DIR"
  log "fetched $(find "$JARS_DIR" -name '*.jar' | wc -l) jars"
}

# Run a Kafka class (tool) with the cached jars and quiet tool logging.
kafka_java() {
  "$JAVA" -Xmx256m -Dlog4j.configuration="file:$TOOLS_LOG4J" -cp "$JARS_DIR/*" "$@"
}

# True if the broker answers a metadata request (topic listing).
broker_answers_metadata() {
  timeout 30 "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j.configuration="file:$TOOLS_LOG4J" \
    -cp "$JARS_DIR/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" --command-config "$ADMIN_PROPS" --list \
    >/dev/null 2>&1
}
