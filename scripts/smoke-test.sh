#!/usr/bin/env bash
# Checks run-all.sh the way a student uses it: it builds what is missing, serves an item through the gateway and
# a WebSocket echo from Service B, refuses a taken port with a clear message, and leaves no process behind.
# Uses ports 18000-18002 (override with SMOKE_BASE_PORT) so it does not disturb a course running on 8000-8002.
set -uo pipefail
cd "$(dirname "$0")/.."
base="${SMOKE_BASE_PORT:-18000}"
export GATEWAY_PORT="$base" SERVICE_A_PORT="$((base + 1))" SERVICE_B_PORT="$((base + 2))"
passed=0 failed=0 log="$(mktemp)"
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }
leftovers() { pgrep -f -- "--port $SERVICE_A_PORT|--port $SERVICE_B_PORT|target/gateway.jar" >/dev/null; }

setsid ./run-all.sh >"$log" 2>&1 &
runner=$!
for _ in $(seq 900); do grep -q '^.*Ready:' "$log" && break; kill -0 "$runner" 2>/dev/null || break; sleep 0.2; done
check "run-all.sh reports ready" "grep -q 'Ready:' '$log'"
check "an item through the gateway" \
  "curl -fs localhost:$GATEWAY_PORT/service-a/items/1 | grep -q '\"id\":1'"
check "output is prefixed per process" "grep -q '^\[gateway\] ' '$log' && grep -q '^\[service-a\] ' '$log' && grep -q '^\[service-b\] ' '$log'"
check "WebSocket echo from service-b" \
  "printf 'smoke\n' | timeout 20 java -cp service-b/target/service-b.jar course.serviceb.WsCat ws://localhost:$SERVICE_B_PORT/ws | grep -q '< smoke'"
taken_out="$(timeout 60 ./run-all.sh 2>&1)"; taken_code=$?
check "a taken port is named and fails" "[ $taken_code -ne 0 ] && grep -q 'port $SERVICE_A_PORT (for service-a) is already in use' <<<\"\$taken_out\""
kill -TERM "$runner"; wait "$runner" 2>/dev/null
sleep 1
check "no process left after stop" "! leftovers"
leftovers && pkill -f -- "--port $SERVICE_A_PORT|--port $SERVICE_B_PORT|target/gateway.jar"
[ "$failed" -eq 0 ] || { echo "--- run-all.sh output ---"; cat "$log"; }
rm -f "$log"
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
