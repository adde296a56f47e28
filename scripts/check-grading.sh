#!/usr/bin/env bash
# Proves the graded suite can be trusted (docs/workbook-maintenance.md, "The grading guards"), in a scratch copy
# of the repository:
#   1. on the untouched starter, every graded test fails (every step scores 0);
#   2. for each step, the reference with only that step turned back into starter code scores 0 on that step,
#      so every graded test can fail for the right reason;
#   3. on the reference, the suite scores full marks RUNS times in a row (default 20: a flake hunt).
# That the suite passes on the reference at all is proved by `mvn verify`.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar --exclude=./.git --exclude='*/target' -cf - . | tar -xf - -C "$work"
cd "$work"
passed=0 failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }
report=exercises/target/grade-report.txt
scores() { grep -E '^  (Step|Bonus|Total) .* [0-9]+/[0-9]+' "$1"; }    # the table, e.g. "  Step 2 rate limit   0/15"
score_line() { scores "$report" | grep -E "^  $1 "; }
scored_zero() { score_line "$1" | grep -qE ' 0/[0-9]+'; }

./grade.sh >/dev/null 2>&1
cp "$report" starter-report.txt 2>/dev/null
check "untouched starter: every step scores 0" \
  "[ -f starter-report.txt ] && ! scores starter-report.txt | grep -vqE ' 0/[0-9]+'"
scores starter-report.txt 2>/dev/null | sed 's/^/     /'

declare -A step_name=([1-routing]="Step 1" [2-rate-limit]="Step 2" [3-cache]="Step 3" [4-websocket]="Step 4"
                      [a-auth]="Bonus A" [b-config]="Bonus B" [c-breaker]="Bonus C" [d-logging]="Bonus D"
                      [e-scale-out]="Bonus E")
declare -A grade_arg=([1-routing]=1 [2-rate-limit]=2 [3-cache]=3 [4-websocket]=4
                      [a-auth]=bonus-a [b-config]=bonus-b [c-breaker]=bonus-c [d-logging]=bonus-d [e-scale-out]=bonus-e)
for step in 1-routing 2-rate-limit 3-cache 4-websocket a-auth b-config c-breaker d-logging e-scale-out; do
  java exercises/src/test/java/course/starter/StarterGenerator.java --force --only "$step" >/dev/null
  ./grade.sh "${grade_arg[$step]}" >/dev/null 2>&1
  check "reference with only $step reverted: ${step_name[$step]} scores 0" \
    "[ -f $report ] && scored_zero '${step_name[$step]}'"
  [ -f "$report" ] && scores "$report" | sed 's/^/     /'
done
java exercises/src/test/java/course/starter/StarterGenerator.java --force >/dev/null

full=0
for i in $(seq "$runs"); do
  ./grade.sh --reference >/dev/null 2>&1
  if grep -qE '^  Total +([0-9]+)/\1$' "$report" 2>/dev/null; then full=$((full + 1)); else
    # The whole failure section: which test lost points and what it saw, so a flake can be chased from CI's log.
    echo "     run $i:"; sed -n '/^  Total /,$p' "$report" 2>/dev/null | sed 's/^/     /'; fi
done
check "reference scores full marks $full of $runs runs in a row" "[ $full -eq $runs ]"
echo "grading guards: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
