#!/usr/bin/env bash
# Soak test: Service A, Service B and the gateway jars on free loopback ports, under moderate mixed load
# for 10 minutes, while the gateway's threads, open file descriptors, heap after a full GC and RSS are sampled
# every 30 s. Prints a table and a verdict: the mean of the last third of the samples may not exceed the mean of
# the first third by more than a tolerance (threads and fds +10% +5, heap after GC +20% +8 MiB); exits 1 if it
# does, or if the gateway dies. RSS is shown but not judged: a JVM keeps heap it has grown into, which is not a leak.
#
#   scripts/soak.sh                 10 minutes
#   SOAK_SECONDS=120 scripts/soak.sh
#
# Load: wrk, 8 connections each pausing 5 ms between requests (at most ~1,600 requests/s), over a mix of cache
# hits and misses, a POST echo and unknown routes (404); plus, after each sample, 5 s of WebSocket echo on 4
# sessions that are then closed (bench/WsLoad.java), so sessions open and close all along. Needs a JDK, Maven,
# wrk and python3. Set MVN="mvn -o" to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SOAK_SECONDS:-600}" interval="${SOAK_INTERVAL:-30}"
work="$(mktemp -d)" pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

for tool in java jcmd wrk python3; do command -v "$tool" >/dev/null || { echo "soak: '$tool' is missing" >&2; exit 2; }; done
if [ ! -f gateway/target/gateway.jar ] || [ ! -f service-a/target/service-a.jar ] || [ ! -f service-b/target/service-b.jar ]; then
  ${MVN:-mvn} -B -q -pl service-a,service-b,gateway -am package -DskipTests
fi

read -r port_a port_b port_gw < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')
cat >"$work/config.json" <<EOF
{"server": {"port": $port_gw},
 "rateLimit": {"limit": 1000000, "windowSeconds": 60},
 "routes": [
   {"name": "service-a", "prefix": "/service-a", "upstreams": ["http://127.0.0.1:$port_a"]},
   {"name": "service-b", "prefix": "/service-b", "upstreams": ["http://127.0.0.1:$port_b"]}]}
EOF
# Copies of the jars, so that a script stopping "target/gateway.jar" processes elsewhere leaves these alone.
for jar in service-a service-b gateway; do cp "$jar/target/$jar.jar" "$work/soak-$jar.jar"; done
# JVM flags from jvm.options, the gateway's as run-all.sh starts it (unquoted below: the flags are words).
jvm_options() { sed -n "s/^$1=//p" jvm.options; }
service_flags=$(jvm_options LOAD_SERVICE_JAVA_OPTS) gateway_flags=$(jvm_options GATEWAY_JAVA_OPTS)
# shellcheck disable=SC2086
java $service_flags -jar "$work/soak-service-a.jar" --port "$port_a" >"$work/a.log" 2>&1 & pids+=($!)
# shellcheck disable=SC2086
java $service_flags -jar "$work/soak-service-b.jar" --port "$port_b" >"$work/b.log" 2>&1 & pids+=($!)
# The gateway's access log (one line per request) is thrown away.
# shellcheck disable=SC2086
java $gateway_flags -jar "$work/soak-gateway.jar" --config "$work/config.json" >/dev/null 2>"$work/gateway.err" &
gateway=$!; pids+=("$gateway")
for _ in $(seq 150); do curl -fs "localhost:$port_gw/gateway/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "localhost:$port_gw/gateway/health" >/dev/null || { echo "soak: the gateway did not start" >&2; cat "$work/gateway.err" >&2; exit 2; }

cat >"$work/mix.lua" <<'EOF'
-- One request in ten is a POST echo, one an unknown route (404), one the user list; the rest ask for one of
-- 2,000 items, so the cache both hits and misses (and evicts nothing: 2,000 answers fit easily).
math.randomseed(os.time())
request = function()
  local pick = math.random(10)
  if pick == 1 then
    return wrk.format("POST", "/service-a/echo", {["Content-Type"] = "application/octet-stream"}, string.rep("x", 1024))
  elseif pick == 2 then return wrk.format("GET", "/nowhere/" .. math.random(1000))
  elseif pick == 3 then return wrk.format("GET", "/service-a/users")
  end
  return wrk.format("GET", "/service-a/items/" .. math.random(2000))
end
delay = function() return 5 end
EOF
wrk -t1 -c8 -d"${seconds}s" --timeout 10s -s "$work/mix.lua" "http://127.0.0.1:$port_gw" >"$work/wrk.txt" 2>&1 &
pids+=($!)

sample() {  # seconds-since-start threads fds heap-after-gc-KiB rss-KiB
  jcmd "$gateway" GC.run >/dev/null
  local heap; heap="$(jcmd "$gateway" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')"
  echo "$1 $(awk '/^Threads:/ {print $2}' "/proc/$gateway/status") $(ls "/proc/$gateway/fd" | wc -l) $heap \
$(awk '/^VmRSS:/ {print $2}' "/proc/$gateway/status")"
}

echo "soak: gateway pid $gateway on port $port_gw, ${seconds} s, a sample every ${interval} s"
printf '%8s %8s %8s %14s %10s\n' "t (s)" threads fds "heap/GC (MiB)" "RSS (MiB)"
javac -d "$work/ws" bench/WsLoad.java
start=$SECONDS
: >"$work/samples"
for ((at = 0; at <= seconds; at += interval)); do
  sleep $((at > SECONDS - start ? at - (SECONDS - start) : 0))
  if ! kill -0 "$gateway" 2>/dev/null; then
    status=0; wait "$gateway" || status=$?
    echo "soak: FAIL, the gateway ended (exit status $status)" >&2; cat "$work/gateway.err" >&2; exit 1
  fi
  line="$(sample "$at")"
  echo "$line" >>"$work/samples"
  awk '{printf "%8d %8d %8d %14.1f %10.1f\n", $1, $2, $3, $4 / 1024, $5 / 1024}' <<<"$line"
  if [ $((at + interval)) -le "$seconds" ]; then
    java -cp "$work/ws" WsLoad echo "ws://127.0.0.1:$port_gw/service-b/ws" 4 5 >>"$work/ws.txt" 2>&1 || true
  fi
done
wait "${pids[3]}" 2>/dev/null || true
echo "--- wrk (HTTP mix) ---"; grep -E 'requests in|Requests/sec|Non-2xx|Socket errors|Latency ' "$work/wrk.txt" || true
echo "--- WebSocket echo rounds: $(grep -c messagesPerSecond "$work/ws.txt" || true), errors: \
$(grep -oE '"errors": [0-9]+' "$work/ws.txt" | awk '{s += $2} END {print s + 0}') ---"

# Verdict: the first sample is taken before the load has warmed anything up, so it is left out.
awk '
  NR > 1 { n++; for (i = 2; i <= 4; i++) v[n, i] = $i }
  END {
    third = int(n / 3); if (third < 1) { print "soak: too few samples for a verdict"; exit 1 }
    split("threads fds heap", name, " "); grown = 0
    for (i = 2; i <= 4; i++) {
      first = 0; last = 0
      for (k = 1; k <= third; k++) { first += v[k, i]; last += v[n - third + k, i] }
      first /= third; last /= third
      limit = (i == 4) ? first * 1.2 + 8192 : first * 1.1 + 5
      unit = (i == 4) ? 1024 : 1
      ok = last <= limit
      if (!ok) grown = 1
      printf "%-8s first third %10.1f  last third %10.1f  limit %10.1f  %s\n", name[i - 1], first / unit, last / unit,
             limit / unit, ok ? "ok" : "GROWTH"
    }
    print grown ? "soak: FAIL, growth found" : "soak: PASS, no growth in threads, fds or heap after GC"
    exit grown
  }' "$work/samples"
