#!/usr/bin/env bash
# Grades your gateway (exercises/) with the acceptance suite and prints a score table.
#
#   ./grade.sh               every step and every bonus
#   ./grade.sh 2             steps 1 to 2 (earlier steps always run again: they are the ground later ones stand on)
#   ./grade.sh bonus-c       one bonus challenge: bonus-a, bonus-b, bonus-c, bonus-d or bonus-e
#   ./grade.sh -v ...        every failure in full, and Maven's own output
#   ./grade.sh --watch ...   grade again whenever a file under exercises/src/main changes (Ctrl-C to stop)
#   ./grade.sh --reference   grade the finished reference gateway instead, to see what "done" looks like
set -euo pipefail
cd "$(dirname "$0")"

usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; }
target=student verbose=false watch=false tests="" label="every step and bonus"
for arg in "$@"; do
  case "$arg" in
    -v|--verbose) verbose=true ;;
    --watch) watch=true ;;
    --reference) target=reference ;;
    [1-4])
      tests=$(seq -s, -f 'Step%g*Test' 1 "$arg"); label="steps 1 to $arg" ;;
    bonus-[a-eA-E])
      letter=$(tr '[:lower:]' '[:upper:]' <<<"${arg#bonus-}"); tests="Bonus${letter}*Test"; label="bonus $letter" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "grade.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done
command -v mvn >/dev/null || { echo "grade.sh: Maven (mvn) is not installed; the README lists what the course needs" >&2; exit 2; }

# Each compiler error once (Maven prints them twice), as file:line:column: message with its detail lines, paths
# relative to here, no colour codes.
esc=$(printf '\033')   # colour codes, removed with sed in a way BSD sed (macOS) understands too
compile_errors() {
  sed "s/${esc}\[[0-9;]*m//g" "$1" | awk -v root="$PWD/" '
    /^\[ERROR\] \/.*\.java:\[[0-9]+,[0-9]+\]/ {
      line = substr($0, 9); sub(root, "", line)
      match(line, /:\[[0-9]+,[0-9]+\]/)
      where = substr(line, RSTART + 2, RLENGTH - 3); sub(",", ":", where)
      key = substr(line, 1, RSTART - 1) ":" where ":" substr(line, RSTART + RLENGTH)
      if (!(key in detail)) { order[++n] = key; detail[key] = "" }
      current = key; fresh = ""
      next
    }
    /^\[ERROR\]   (symbol|location|required|found|reason)/ {
      if (current != "") fresh = fresh "\n    " substr($0, 11)
      if (length(fresh) > length(detail[current])) detail[current] = fresh
      next
    }
    { current = "" }
    END { for (i = 1; i <= n; i++) print order[i] detail[order[i]] }'
}

grade_once() {
  local log=exercises/target/grade.log report=exercises/target/grade-report.txt
  mkdir -p exercises/target
  rm -f "$report"
  echo "Grading the $target gateway: $label ..."
  # -am builds what the suite needs (the services, and the reference); -Dtest picks the steps, and modules
  # without graded tests simply run none.
  local args=(-pl exercises -am test -Dmaven.main.skip=false -Dgrade.target="$target" -Dgrade.verbose="$verbose"
              -Dsurefire.failIfNoSpecifiedTests=false -Dtest="${tests:-Step*Test,Bonus*Test}")
  local status=0
  if [[ "$verbose" == true ]]; then
    mvn -B "${args[@]}" 2>&1 | tee "$log" || status=$?
  else
    mvn -q -B "${args[@]}" >"$log" 2>&1 || status=$?
  fi
  if [[ -f "$report" ]]; then
    [[ "$verbose" == true ]] || cat "$report"
  else
    echo
    if compile_errors "$log" | grep -q .; then
      echo "No score: your code does not compile yet. The compiler said:"
      compile_errors "$log" | sed -n 1,40p
    else
      echo "No score: the build failed before the tests could run. The end of what Maven said:"
      sed "s/${esc}\[[0-9;]*m//g" "$log" | tail -30
    fi
    echo "(the whole output is in $log)"
    return 1
  fi
  return "$status"
}

if [[ "$watch" == true ]]; then
  stamp=$(mktemp)
  trap 'rm -f "$stamp"' EXIT
  while true; do
    grade_once || true
    touch "$stamp"
    echo "Watching exercises/src/main for changes (Ctrl-C to stop) ..."
    until [[ -n "$(find exercises/src/main -newer "$stamp" -type f -print -quit)" ]]; do sleep 1; done
  done
else
  grade_once
fi
