#!/usr/bin/env bash
# The load cases too slow for `mvn verify`, or bounded in time: builds, then runs every test tagged "slow"
# (100,000 distinct clients, 1,000 WebSockets held for 60 s, eight 16 MiB WebSocket messages at once through a
# gateway at -Xmx256m, and the latency-bounded cases of 500 slow requests and slowloris), which print their figures;
# with --soak, then the 10-minute soak (scripts/soak.sh). `mvn verify` checks the 500 slow requests and slowloris
# by the order of events instead (SlowRouteProgressTest, SlowClientsProgressTest).
# What each case checks, and the recorded figures: docs/robustness.md.
#
#   scripts/load-test.sh            the slow tests, about 5 minutes
#   scripts/load-test.sh --soak     and then the soak, 10 minutes more
#
# Set MVN="mvn -o" to build offline.
set -euo pipefail
cd "$(dirname "$0")/.."
soak=false
case "${1:-}" in
  --soak) soak=true ;;
  "") ;;
  *) echo "usage: scripts/load-test.sh [--soak]" >&2; exit 2 ;;
esac

# -Pslow runs only the tests tagged "slow" in the gateway module; the services' own (fast) tests run on the way.
${MVN:-mvn} -B -q -Pslow -pl gateway -am test
echo "load-test: every slow test passed"
if $soak; then
  ${MVN:-mvn} -B -q -pl service-a,service-b,gateway -am package -DskipTests
  scripts/soak.sh
fi
