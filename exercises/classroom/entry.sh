#!/usr/bin/env bash
# One grading entry of the autograding workflow (.github/workflows/classroom.yml): prints result=<base64 JSON>
# for GitHub Classroom's reporter, taken from the result ./grade.sh wrote for the entry (gateway/target/classroom/
# ID.json, one test per graded test, each scored with its points). Without one (the code does not compile, or the
# grader did not run) the entry scores 0 of MAX and says why.
#
#   .github/classroom/entry.sh ID MAX >> "$GITHUB_OUTPUT"      e.g. entry.sh step-1 26
set -euo pipefail
cd "$(dirname "$0")/../.."
[[ $# -eq 2 ]] || { echo "usage: $0 ID MAX" >&2; exit 2; }
id="$1" max="$2"
file="gateway/target/classroom/$id.json"
if [[ -f "$file" ]]; then
  json="$(cat "$file")"
  found="$(grep -o '"max_score":[0-9]*' "$file" | head -1 | cut -d: -f2)"
  if [[ "$max" != 0 && "$found" != "$max" ]]; then
    # The workflow was written for other tests than the ones that ran: say so where the instructor looks.
    echo "::warning title=$id::the graded suite gives $id $found points, the workflow says $max" >&2
  fi
else
  why="no score: ./grade.sh wrote no result (the Grade step's log says why; most often the code does not compile)"
  json="{\"version\":1,\"status\":\"error\",\"max_score\":$max,\"tests\":[{\"name\":\"$id\",\"status\":\"error\","
  json+="\"score\":0,\"message\":\"$why\",\"test_code\":\"./grade.sh\",\"filename\":\"\",\"line_no\":0,\"duration\":0}]}"
fi
printf 'result=%s\n' "$(printf '%s' "$json" | base64 | tr -d '\n')"
