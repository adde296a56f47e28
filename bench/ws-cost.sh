#!/usr/bin/env bash
# What one relayed WebSocket message costs, in CPU, system calls and context switches, in the gateway and in
# Service B behind it, beside Spring Cloud Gateway: `perf stat` on each process while bench/WsLoad.java echoes
# over 32 connections. Service B is itself a Jetty WebSocket echo (one read and one write per message), so its
# cost is the yardstick for what Jetty's WebSocket stack costs per message.
#
#   bench/ws-cost.sh [GATEWAY_JAR [OTHER_GATEWAY_JAR]]   (default: gateway/target/gateway.jar)
#
# Needs the built jars (mvn -q -DskipTests package; bench/run.py builds bench/scg once) and `perf`
# (Debian: apt-get install linux-perf; run as root or with kernel.perf_event_paranoid <= 0). Ports 19200-19204 on
# 127.0.0.1; load on core 0, the proxies and Service B on core 1, one proxy at a time. About 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
gateway=${1:-gateway/target/gateway.jar}
other=${2:-}
scg=bench/scg/target/scg-peer.jar
for jar in service-b/target/service-b.jar "$gateway" $other "$scg"; do
  [[ -f "$jar" ]] || { echo "ws-cost: $jar is missing: build first (see the comment at the top)" >&2; exit 2; }
done
command -v perf > /dev/null || { echo "ws-cost: perf is missing (apt-get install linux-perf)" >&2; exit 2; }

work=$(mktemp -d /tmp/gateway-ws-cost-XXXXXX)
pids=()
trap 'kill "${pids[@]}" 2> /dev/null || true' EXIT

start() { # name, then the command; its pid in $started
  taskset -c 1 "${@:2}" > "$work/$1.log" 2>&1 &
  started=$!
  pids+=("$started")
}
gateway_config() { # port
  cat <<JSON
{"server": {"port": $1}, "routes": [{"name": "service-b", "prefix": "/service-b",
 "upstreams": ["http://127.0.0.1:19202"]}], "rateLimit": {"enabled": false}, "cache": {"enabled": true},
 "auth": {"enabled": false}, "breaker": {"enabled": false}, "logging": {"enabled": false}}
JSON
}

start service-b java -Xmx256m -jar service-b/target/service-b.jar --port 19202; service_b=$started
gateway_config 19200 > "$work/gateway.json"
start gateway java -Xms64m -Xmx256m -jar "$gateway" --config "$work/gateway.json"
targets=("gateway:$started:19200")
if [[ -n "$other" ]]; then
  gateway_config 19204 > "$work/other.json"
  start other java -Xms64m -Xmx256m -jar "$other" --config "$work/other.json"
  targets+=("other:$started:19204")
fi
R=spring.cloud.gateway.server.webflux.routes
start scg java -Xms64m -Xmx256m -jar "$scg" --server.address=127.0.0.1 --server.port=19203 \
  "--$R[0].id=service-b" "--$R[0].uri=ws://127.0.0.1:19202" "--$R[0].predicates[0]=Path=/service-b/**" \
  "--$R[0].filters[0]=StripPrefix=1"
targets+=("scg:$started:19203")
sleep 30 # every JVM up

count() { # perf output file, event
  awk -v event="$2" '$2 == event || $3 == event { gsub(",", "", $1); print $1 }' "$1"
}
printf '%-8s %10s %14s %16s %14s %14s\n' proxy "msgs/s" "proxy CPU µs" "Service B CPU µs" "syscalls/msg" "switches/msg"
for target in "${targets[@]}"; do
  IFS=: read -r name pid port <<< "$target"
  url=ws://127.0.0.1:$port/service-b/ws
  taskset -c 0 java bench/WsLoad.java echo "$url" 32 20 > /dev/null 2>&1 # warm-up
  taskset -c 0 java bench/WsLoad.java echo "$url" 32 16 > "$work/$name.load" 2>&1 &
  load=$!
  sleep 5
  perf stat -e raw_syscalls:sys_enter,context-switches,task-clock -p "$service_b" -- sleep 8 2> "$work/$name.b.perf" &
  perf_b=$!
  perf stat -e raw_syscalls:sys_enter,context-switches,task-clock -p "$pid" -- sleep 8 2> "$work/$name.perf"
  wait "$perf_b" "$load"
  rate=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["messagesPerSecond"])' "$work/$name.load")
  python3 - "$name" "$rate" "$(count "$work/$name.perf" task-clock)" "$(count "$work/$name.b.perf" task-clock)" \
    "$(count "$work/$name.perf" raw_syscalls:sys_enter)" "$(count "$work/$name.perf" context-switches)" <<'PY'
import sys
name, rate, cpu_ms, b_cpu_ms, calls, switches = sys.argv[1], *map(float, sys.argv[2:])
messages = rate * 8  # perf counted for 8 s of the steady load
print(f"{name:<8} {rate:>10,.0f} {cpu_ms * 1000 / messages:>14.1f} {b_cpu_ms * 1000 / messages:>16.1f}"
      f" {calls / messages:>14.1f} {switches / messages:>14.2f}")
PY
done
rm -rf "$work"
