#!/usr/bin/env bash
# Grades your gateway (exercises/) with the acceptance suite and prints a score table.
#
#   ./grade.sh               every step and every bonus
#   ./grade.sh 2             steps 1 to 2 (earlier steps always run again: they are the ground later ones stand on)
#   ./grade.sh bonus-c       one bonus challenge: bonus-a, bonus-b, bonus-c, bonus-d or bonus-e
#   ./grade.sh -v ...        every failure in full, and Maven's own output
#   ./grade.sh --watch ...   grade again whenever a file under exercises/src/main changes (Ctrl-C to stop)
#   ./grade.sh --reference   grade the finished reference gateway instead, to see what "done" looks like
#   ./grade.sh --json FILE --junit FILE ...   also copy the report as JSON and as JUnit XML to FILE
#   ./grade.sh --extra DIR ...                also run the tests under DIR (an instructor's own), in rows of their own
#
# Every run writes the table and the same points as JSON and JUnit XML to exercises/target/grade-report.txt,
# .json and .xml, and one result per step for GitHub Classroom to exercises/target/classroom/.
set -euo pipefail
start_dir="$PWD"
cd "$(dirname "$0")"

# The module graded, and the reference beside it. A student repository (scripts/export-classroom.sh) has only the
# student's gateway: there the exporter sets STUDENT_MODULE=gateway and REFERENCE_MODULE to nothing.
STUDENT_MODULE=exercises
REFERENCE_MODULE=gateway

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
absolute() { [[ "$1" == /* ]] && echo "$1" || echo "$start_dir/$1"; }
target=student verbose=false watch=false tests="" label="every step and bonus" json="" junit="" extra=""
while (($#)); do
  arg="$1"
  case "$arg" in
    -v|--verbose) verbose=true ;;
    --watch) watch=true ;;
    --reference)
      if [[ -z "$REFERENCE_MODULE" ]]; then
        echo "grade.sh: this repository has only your gateway ($STUDENT_MODULE/), and ./grade.sh grades it:" \
             "there is no --reference here" >&2
        exit 2
      fi
      target=reference ;;
    --json|--junit|--extra)
      [[ $# -ge 2 ]] || { echo "grade.sh: $arg needs a path" >&2; exit 2; }
      printf -v "${arg#--}" '%s' "$(absolute "$2")"; shift ;;
    [1-4])
      tests=$(seq -s, -f 'Step%g*Test' 1 "$arg"); label="steps 1 to $arg" ;;
    bonus-[a-eA-E])
      letter=$(tr '[:lower:]' '[:upper:]' <<<"${arg#bonus-}"); tests="Bonus${letter}*Test"; label="bonus $letter" ;;
    -h|--help) usage; exit 0 ;;
    --student)
      echo "grade.sh: there is no --student: ./grade.sh grades your gateway ($STUDENT_MODULE/) unless told otherwise" >&2
      exit 2 ;;
    *) echo "grade.sh: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
tests="${tests:-Step*Test,Bonus*Test}"
if [[ -n "$extra" ]]; then
  [[ -d "$extra" ]] || { echo "grade.sh: --extra: no folder '$extra'" >&2; exit 2; }
  # Every *Test class there runs too, whichever steps were asked for.
  extra_tests=$(find "$extra" -name '*Test.java' -exec basename {} .java \; | sort | paste -sd, -)
  [[ -n "$extra_tests" ]] || { echo "grade.sh: --extra: no *Test.java under '$extra'" >&2; exit 2; }
  tests="$tests,$extra_tests"; label="$label, and the tests in $extra"
fi
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
  local out="$STUDENT_MODULE/target"
  local log="$out/grade.log" report="$out/grade-report.txt"
  mkdir -p "$out"
  rm -rf "$report" "$out/grade-report.json" "$out/grade-report.xml" "$out/classroom"
  echo "Grading the $target gateway: $label ..."
  # -am builds what the suite needs (the services, and the reference); -Dtest picks the steps, and modules
  # without graded tests simply run none. grade.skip=false: a student repository's pom leaves the graded suite
  # out of mvn verify unless asked.
  local args=(-pl "$STUDENT_MODULE" -am test -Dmaven.main.skip=false -Dgrade.skip=false -Dgrade.target="$target"
              -Dgrade.verbose="$verbose" -Dsurefire.failIfNoSpecifiedTests=false -Dtest="$tests")
  [[ -n "$extra" ]] && args+=(-Dgrade.extra="$extra")
  local status=0
  if [[ "$verbose" == true ]]; then
    mvn -B "${args[@]}" 2>&1 | tee "$log" || status=$?
  else
    mvn -q -B "${args[@]}" >"$log" 2>&1 || status=$?
  fi
  if [[ -f "$report" ]]; then
    [[ "$verbose" == true ]] || cat "$report"
    if [[ -n "$json" ]]; then cp "$out/grade-report.json" "$json" && echo "JSON report: $json"; fi
    if [[ -n "$junit" ]]; then cp "$out/grade-report.xml" "$junit" && echo "JUnit XML report: $junit"; fi
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
    echo "Watching $STUDENT_MODULE/src/main for changes (Ctrl-C to stop) ..."
    until [[ -n "$(find "$STUDENT_MODULE/src/main" -newer "$stamp" -type f -print -quit)" ]]; do sleep 1; done
  done
else
  grade_once
fi
