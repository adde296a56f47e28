#!/usr/bin/env bash
# Checks run-all.sh the way a student uses it: it builds what is missing, serves an item through the gateway, the
# dashboard at the URL it prints, and a WebSocket echo from Service B, refuses a taken port with a clear message, and leaves no process behind.
# Then (when redis-server is installed) run-all.sh --scale-out: two gateways sharing one Redis share the cache and
# the rate limit. Uses ports 18000-18004 (override with SMOKE_BASE_PORT) so it does not disturb a course on 8000.
set -uo pipefail
cd "$(dirname "$0")/.."
base="${SMOKE_BASE_PORT:-18000}"
export GATEWAY_PORT="$base" SERVICE_A_PORT="$((base + 1))" SERVICE_B_PORT="$((base + 2))"
export GATEWAY2_PORT="$((base + 3))" REDIS_PORT="$((base + 4))"
passed=0 failed=0 log="$(mktemp)"
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }
# run-all.sh runs in its own session (setsid), so whatever it started and left behind is found by session id,
# never confused with another gateway on the machine. Zombies (exited, waiting for a reaper that a container may
# not have) are not left running.
leftovers() { ps -o stat= -s "$runner" | grep -qv '^Z'; }
wait_ready() { for _ in $(seq 900); do grep -q '^.*Ready:' "$log" && break; kill -0 "$runner" 2>/dev/null || break; sleep 0.2; done; }

setsid ./run-all.sh >"$log" 2>&1 &
runner=$!
wait_ready
check "run-all.sh reports ready" "grep -q 'Ready:' '$log'"
check "an item through the gateway" \
  "curl -fs localhost:$GATEWAY_PORT/service-a/items/1 | grep -q '\"id\":1'"
check "the dashboard's URL is printed, and it serves the page" \
  "grep -q 'Watch the traffic live: http://localhost:$GATEWAY_PORT/gateway/ui' '$log' &&
   curl -fs localhost:$GATEWAY_PORT/gateway/ui | grep -q '<title>API gateway: live</title>'"
check "output is prefixed per process" "grep -q '^\[gateway\] ' '$log' && grep -q '^\[service-a\] ' '$log' && grep -q '^\[service-b\] ' '$log'"
check "WebSocket echo from service-b" \
  "printf 'smoke\n' | timeout 20 java -cp service-b/target/service-b.jar course.serviceb.WsCat ws://localhost:$SERVICE_B_PORT/ws | grep -q '< smoke'"
taken_out="$(timeout 60 ./run-all.sh 2>&1)"; taken_code=$?
check "a taken port is named and fails" "[ $taken_code -ne 0 ] && grep -q 'port $SERVICE_A_PORT (for service-a) is already in use' <<<\"\$taken_out\""
# Checked before any build, and the command it suggests keeps --student.
touch exercises/pom.xml   # the student jar is now older than its sources: a build would start if ports came later
taken_out="$(timeout 60 ./run-all.sh --student 2>&1)"; taken_code=$?
check "a taken port is found before building, and the hint keeps --student" \
  "[ $taken_code -ne 0 ] && ! grep -q Building <<<\"\$taken_out\" && grep -q '=9000 ./run-all.sh --student' <<<\"\$taken_out\""
kill -TERM "$runner"; wait "$runner" 2>/dev/null
sleep 1
check "no process left after stop" "! leftovers"
leftovers && pkill -KILL -s "$runner"

if command -v redis-server >/dev/null; then
  : >"$log"
  setsid ./run-all.sh --scale-out >"$log" 2>&1 &
  runner=$!
  wait_ready
  check "run-all.sh --scale-out reports two replicas ready" "grep -q 'two replicas' '$log'"
  check "cached through one replica, a HIT through the other" \
    "curl -fs -o /dev/null localhost:$GATEWAY_PORT/service-a/items/2 &&
     curl -fsi localhost:$GATEWAY2_PORT/service-a/items/2 | grep -qi '^X-Cache: HIT'"
  codes=""
  for _ in $(seq 6); do for p in "$GATEWAY_PORT" "$GATEWAY2_PORT"; do
    codes="$codes$(curl -s -o /dev/null -w '%{http_code}' "localhost:$p/service-a/users") "; done; done
  # The limit is 10 per client and route across both; the two item requests above used 2 of them.
  check "the limit of 10 holds across both replicas (got: $codes)" \
    "[ \"\$(grep -o 200 <<<'$codes' | wc -l)\" -eq 8 ] && [ \"\$(grep -o 429 <<<'$codes' | wc -l)\" -eq 4 ]"
  kill -TERM "$runner"; wait "$runner" 2>/dev/null
  sleep 1
  check "no process left after stopping the scale-out" "! leftovers"
  leftovers && pkill -KILL -s "$runner"
else
  echo "skip run-all.sh --scale-out: redis-server is not installed (sudo apt-get install redis-server)"
fi
[ "$failed" -eq 0 ] || { echo "--- run-all.sh output ---"; cat "$log"; }
rm -f "$log"
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
