#!/usr/bin/env bash
# One terminal for the whole course: build if needed, start Service A, Service B and the gateway,
# wait until each is healthy, print what to try, and stop all three on Ctrl-C.
#
#   ./run-all.sh               the reference gateway (gateway/)
#   ./run-all.sh --student     your gateway (exercises/)
#   ./run-all.sh --scale-out   Bonus E: Redis and two gateways sharing it (add --student for yours)
#   ./run-all.sh --config F    the gateways read F instead of ./config.json (a failing graded test names one)
#   ./run-all.sh --help
#
# Ports come from SERVICE_A_PORT (8001), SERVICE_B_PORT (8002), GATEWAY_PORT (8000), and with --scale-out
# GATEWAY2_PORT (8003) and REDIS_PORT (6380, beside a system Redis on 6379).
# JVM flags come from GATEWAY_JAVA_OPTS and SERVICE_JAVA_OPTS, whose defaults are in ./jvm.options.
set -euo pipefail
cd "$(dirname "$0")"

# The student's gateway and, beside it, the finished reference that starts by default. A student repository
# (scripts/export-classroom.sh) has only the student's gateway: there the exporter sets STUDENT_MODULE=gateway,
# STUDENT_JAR=gateway/target/gateway.jar and REFERENCE_MODULE to nothing, and the student's gateway starts.
STUDENT_MODULE=exercises
STUDENT_JAR=exercises/target/student-gateway.jar
REFERENCE_MODULE=gateway

SERVICE_A_PORT="${SERVICE_A_PORT:-8001}"
SERVICE_B_PORT="${SERVICE_B_PORT:-8002}"
GATEWAY_PORT="${GATEWAY_PORT:-8000}"
jvm_options() { sed -n "s/^$1=//p" jvm.options; }   # a line of jvm.options, which says why these flags
GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-$(jvm_options GATEWAY_JAVA_OPTS)}"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:-$(jvm_options SERVICE_JAVA_OPTS)}"
SERVICE_B_JAVA_OPTS="${SERVICE_B_JAVA_OPTS:-$(jvm_options SERVICE_B_JAVA_OPTS)}"
if [[ -n "$REFERENCE_MODULE" ]]; then
  GATEWAY_JAR="$REFERENCE_MODULE/target/gateway.jar" GATEWAY_MODULE="$REFERENCE_MODULE"
  GATEWAY_LABEL="reference gateway"
else
  GATEWAY_JAR="$STUDENT_JAR" GATEWAY_MODULE="$STUDENT_MODULE" GATEWAY_LABEL="your gateway ($STUDENT_MODULE/)"
fi
GATEWAY2_PORT="${GATEWAY2_PORT:-8003}"
REDIS_PORT="${REDIS_PORT:-6380}"
scale_out=""

config=config.json
# How this script was started, so that every command it suggests keeps the same options.
invocation="./run-all.sh${*:+ $*}"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }

while (($#)); do
  case "$1" in
    --student|--reference)
      if [[ -z "$REFERENCE_MODULE" ]]; then
        echo "run-all.sh: there is no $1 here: this repository has only your gateway ($STUDENT_MODULE/)," \
             "and ./run-all.sh starts it" >&2
        exit 2
      fi
      [[ "$1" == --student ]] || { echo "run-all.sh: unknown option '$1'" >&2; usage >&2; exit 2; }
      GATEWAY_JAR="$STUDENT_JAR" GATEWAY_MODULE="$STUDENT_MODULE" GATEWAY_LABEL="your gateway ($STUDENT_MODULE/)" ;;
    --scale-out) scale_out=1 ;;
    --config) [[ $# -ge 2 ]] || { echo "run-all.sh: --config needs a file" >&2; exit 2; }
              config="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run-all.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
[[ -f "$config" ]] || { echo "run-all.sh: no config file '$config'" >&2; exit 2; }

say() { printf '\033[1m%s\033[0m\n' "$*"; }
die() { printf 'run-all.sh: %s\n' "$*" >&2; exit 1; }

for tool in java mvn curl; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed (the README lists what the course needs)"
done
if [[ -n "$scale_out" ]] && ! command -v redis-server >/dev/null; then
  die "--scale-out needs redis-server: sudo apt-get install redis-server (Debian/Ubuntu) or brew install redis"
fi

# --- refuse to start on a taken port ----------------------------------------------------------
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=(service-a:SERVICE_A_PORT service-b:SERVICE_B_PORT gateway:GATEWAY_PORT)
[[ -n "$scale_out" ]] && ports+=(gateway-2:GATEWAY2_PORT redis:REDIS_PORT)
for entry in "${ports[@]}"; do
  name="${entry%%:*}"; variable="${entry##*:}"; port="${!variable}"
  if port_taken "$port"; then
    die "port $port (for $name) is already in use. Stop whatever uses it (an earlier run-all.sh?"\
" 'ss -ltnp | grep :$port' shows it), or choose another: $variable=9000 $invocation"
  fi
done

# --- build, only when a jar is missing or older than the sources --------------------------------
jars=(service-a/target/service-a.jar service-b/target/service-b.jar "$GATEWAY_JAR")
stale=""
for jar in "${jars[@]}"; do
  module="${jar%%/*}"
  if [[ ! -f "$jar" ]] || [[ -n "$(find "$module/src" "$module/pom.xml" pom.xml -newer "$jar" -print -quit 2>/dev/null)" ]]; then
    stale="$stale $module"
  fi
done
if [[ -n "$stale" ]]; then
  if [[ ! -d "$HOME/.m2/repository/io/javalin" ]]; then
    say "Building (changed:$stale); the first build downloads the dependencies and takes a minute or two ..."
  else
    say "Building (changed:$stale) ..."
  fi
  # Maven's output is kept out of sight unless the build fails (even -q leaves colour codes behind).
  build_log="$(mktemp)"
  # Only the modules this run starts (and what they need), so that a module that does not compile never stops
  # the others from starting.
  if ! mvn -q -B -Dmaven.test.skip=true -Dmaven.main.skip=false package -pl "service-a,service-b,$GATEWAY_MODULE" -am >"$build_log" 2>&1; then
    sed "s/$(printf '\033')\[[0-9;]*m//g" "$build_log"
    rm -f "$build_log"
    die "the build failed; fix the errors above and run again"
  fi
  rm -f "$build_log"
fi
[[ -f "$GATEWAY_JAR" ]] || die "$GATEWAY_JAR was not built: does $GATEWAY_MODULE/ have its gateway yet?"

# --- start the three processes, each line of output prefixed with its name ----------------------
pids=() names=()
start() {
  local name="$1"; shift
  # exec replaces the subshell with java, so $! is java's own pid; sed adds the prefix.
  ( exec "$@" ) > >(sed -u "s/^/[$name] /") 2>&1 &
  pids+=("$!") names+=("$name")
}

stopping=""
stop_all() {
  [[ -n "$stopping" ]] && return
  stopping=1
  if ((${#pids[@]})); then
    echo
    say "Stopping ..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 50); do
      alive=""
      for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
      [[ -z "$alive" ]] && break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    say "All stopped."
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start service-a java $SERVICE_JAVA_OPTS -jar service-a/target/service-a.jar --port "$SERVICE_A_PORT"
start service-b java $SERVICE_B_JAVA_OPTS -jar service-b/target/service-b.jar --port "$SERVICE_B_PORT"
export SERVICE_A_URL="${SERVICE_A_URL:-http://localhost:$SERVICE_A_PORT}"
export SERVICE_B_URL="${SERVICE_B_URL:-http://localhost:$SERVICE_B_PORT}"
if [[ -n "$scale_out" ]]; then
  # A throw-away Redis: loopback only, nothing written to disk.
  start redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --loglevel warning
  export GATEWAY_STORE=redis REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
  GATEWAY_PORT="$GATEWAY2_PORT" start gateway-2 java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" --config "$config"
fi
GATEWAY_PORT="$GATEWAY_PORT" start gateway java $GATEWAY_JAVA_OPTS -jar "$GATEWAY_JAR" --config "$config"

# --- wait for /health on each, giving up if a process dies or 60 s pass ------------------------
wait_healthy() {
  local name="$1" pid="$2" url="$3"
  for _ in $(seq 600); do
    curl -fs -o /dev/null --max-time 1 "$url" && return 0
    kill -0 "$pid" 2>/dev/null || die "$name stopped during start-up (its output is above)"
    sleep 0.1
  done
  die "$name did not answer $url within 60 s"
}
pid_of() { for i in "${!names[@]}"; do [[ "${names[$i]}" == "$1" ]] && echo "${pids[$i]}"; done; }
wait_healthy service-a "$(pid_of service-a)" "http://localhost:$SERVICE_A_PORT/health"
wait_healthy service-b "$(pid_of service-b)" "http://localhost:$SERVICE_B_PORT/health"
wait_healthy gateway "$(pid_of gateway)" "http://localhost:$GATEWAY_PORT/health"
if [[ -n "$scale_out" ]]; then
  wait_healthy gateway-2 "$(pid_of gateway-2)" "http://localhost:$GATEWAY2_PORT/health"
fi

if [[ -n "$scale_out" ]]; then
  cat <<EOF

$(say "Ready: service-a :$SERVICE_A_PORT, service-b :$SERVICE_B_PORT, redis :$REDIS_PORT, two replicas of ${GATEWAY_LABEL/#reference/the reference} :$GATEWAY_PORT and :$GATEWAY2_PORT")
Watch the traffic live: http://localhost:$GATEWAY_PORT/gateway/ui (and :$GATEWAY2_PORT for the other replica)
They share one rate limit and one cache. Try, in another terminal:
  curl -i localhost:$GATEWAY_PORT/service-a/items/1      # X-Cache: MISS
  curl -i localhost:$GATEWAY2_PORT/service-a/items/1      # X-Cache: HIT, stored by the other replica
  for i in \$(seq 6); do for p in $GATEWAY_PORT $GATEWAY2_PORT; do curl -s -o /dev/null -w '%{http_code} ' localhost:\$p/service-a/users; done; done; echo
                                                          # 8 x 200 (the 2 above count: 10 in all), then 429 from both
  curl -s localhost:$GATEWAY2_PORT/gateway/health         # "store": {"type": "redis", "status": "up", ...}
Press Ctrl-C to stop them all.
EOF
else
  cat <<EOF

$(say "Ready: service-a :$SERVICE_A_PORT, service-b :$SERVICE_B_PORT, $GATEWAY_LABEL :$GATEWAY_PORT")
Watch the traffic live: http://localhost:$GATEWAY_PORT/gateway/ui
Try, in another terminal:
  curl -i localhost:$GATEWAY_PORT/service-a/items/1
  curl -i localhost:$GATEWAY_PORT/service-a/users
  curl -i localhost:$GATEWAY_PORT/gateway/health
  java -cp service-b/target/service-b.jar course.serviceb.WsCat ws://localhost:$SERVICE_B_PORT/ws
  java -cp service-b/target/service-b.jar course.serviceb.WsCat ws://localhost:$GATEWAY_PORT/service-b/ws
Press Ctrl-C to stop all three.
EOF
fi

# Stay until Ctrl-C, or until any of them exits on its own.
while true; do
  for i in "${!pids[@]}"; do
    if [[ "${names[$i]}" == redis && -z "${redis_gone:-}" ]] && ! kill -0 "${pids[$i]}" 2>/dev/null; then
      # Stopping Redis is how you try the gateways' fail mode, so it does not stop the rest.
      redis_gone=1
      say "redis stopped; the gateways go on without it. To start it again (then stop it yourself): redis-server --port $REDIS_PORT --bind 127.0.0.1 --save ''"
      continue
    fi
    [[ "${names[$i]}" == redis ]] && continue
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      die "${names[$i]} exited unexpectedly (its output is above); stopping the others"
    fi
  done
  sleep 1
done
