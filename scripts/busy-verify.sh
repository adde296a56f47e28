#!/usr/bin/env bash
# Runs `mvn -B verify` several times while stress-ng keeps the CPUs busy, to show that the default test run does
# not depend on a quiet machine (no test in it has a bound on wall-clock time that a busy machine could break).
# Prints one line per run (pass or fail, and how long it took) and a summary; a failed run's failing tests are
# named, and every run's output is kept in target/busy-verify/run-N.log.
#
#   scripts/busy-verify.sh          5 runs, with stress-ng --cpu 2
#   scripts/busy-verify.sh 3        3 runs
#   STRESS_CPUS=4 scripts/busy-verify.sh
#
# Installs stress-ng (apt-get) if it is missing. Set MVN="mvn -o" to build offline. Takes about 4-5 minutes a run
# on 2 busy cores.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cpus="${STRESS_CPUS:-2}"
case "$runs" in
  ''|*[!0-9]*) echo "usage: scripts/busy-verify.sh [RUNS]" >&2; exit 2 ;;
esac

if ! command -v stress-ng >/dev/null; then
  echo "busy-verify: installing stress-ng ..."
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -q stress-ng >/dev/null || { echo "busy-verify: could not install stress-ng" >&2; exit 1; }
fi

logs=target/busy-verify
mkdir -p "$logs"
stress_pid=""
stop_stress() {
  if [ -n "$stress_pid" ]; then
    kill -TERM "$stress_pid" 2>/dev/null
    wait "$stress_pid" 2>/dev/null
    stress_pid=""
  fi
}
trap 'stop_stress; exit 130' INT
trap 'stop_stress; exit 143' TERM
trap 'stop_stress' EXIT

# Until stopped: stress-ng's own --timeout would end the load halfway through a slow run.
stress-ng --cpu "$cpus" --quiet >/dev/null 2>&1 &
stress_pid=$!
sleep 1
kill -0 "$stress_pid" 2>/dev/null || { echo "busy-verify: stress-ng did not start" >&2; exit 1; }
echo "busy-verify: $runs runs of '${MVN:-mvn} -B verify' with stress-ng --cpu $cpus (pid $stress_pid) on $(nproc) cores"

passed=0 failed=0 durations=""
for run in $(seq "$runs"); do
  log="$logs/run-$run.log"
  start=$(date +%s)
  ${MVN:-mvn} -B verify >"$log" 2>&1
  status=$?
  took=$(( $(date +%s) - start ))
  durations="$durations ${took}s"
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$status" -eq 0 ]; then
    passed=$((passed + 1))
    echo "run $run: PASS in ${took}s (load average $load)"
  else
    failed=$((failed + 1))
    echo "run $run: FAIL in ${took}s (load average $load); output in $log"
    grep -E '<<< (FAILURE|ERROR)!' "$log" | sed 's/^/    /' | head -20
  fi
done
stop_stress
echo "busy-verify: $passed of $runs runs passed, $failed failed; durations:$durations"
[ "$failed" -eq 0 ]
