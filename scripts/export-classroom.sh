#!/usr/bin/env bash
# Writes a student repository for a class: a fresh git repository at DIR with Service A, Service B, the test kit,
# the starter as the student's own `gateway` module (the graded suite and the step guides beside it), grade.sh,
# run-all.sh, config.json, jvm.options, a root pom, a README for students and a GitHub Classroom workflow that
# grades every push. It holds no reference code: the starter is generated afresh from the reference with every
# step turned back, and nothing else of gateway/ is copied. See docs/teaching.md.
#
#   scripts/export-classroom.sh DIR     DIR must be new or empty
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
die() { echo "export-classroom.sh: $*" >&2; exit 1; }
if [[ $# -ne 1 || "$1" == -* ]]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
fi
out="$1"
if [[ -e "$out" ]]; then
  [[ -d "$out" ]] || die "$out exists and is not a folder; give a new or empty folder"
  [[ -z "$(ls -A "$out")" ]] || die "$out exists and is not empty; give a new or empty folder"
fi
for tool in java git perl; do command -v "$tool" >/dev/null || die "'$tool' is not installed"; done
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# --- copy: the files git knows under each path (tracked or new, never ignored, so no build output) ------------
files_of() {
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -co --exclude-standard -- "$@" | while read -r file; do [[ -f "$file" ]] && echo "$file"; done
  else
    find "$@" -type f -not -path '*/target/*'
  fi
}
copy() { files_of "$@" | tar -cf - -T - | tar -xf - -C "$out"; }

copy service-a service-b testkit config.json jvm.options grade.sh run-all.sh .gitignore
printf '# The instructor'"'"'s private tests, fetched by the autograding workflow when configured\n.private-tests/\n' \
  >>"$out/.gitignore"

# --- the student's gateway: the starter, generated afresh; the graded suite and the guides beside it ---------
mkdir -p "$out/gateway"
cp exercises/classroom/gateway-pom.xml "$out/gateway/pom.xml"
java exercises/src/test/java/course/starter/StarterGenerator.java --out "$out/gateway/src/main" >/dev/null
# Everything of exercises/ but the starter (generated above), the maintainers' tools (the generator and its
# checks in course/starter, the stubs) and these templates.
files_of exercises/src/test exercises/steps | grep -v '^exercises/src/test/java/course/starter/' |
  while read -r file; do
    mkdir -p "$out/gateway/$(dirname "${file#exercises/}")"
    cp -p "$file" "$out/gateway/${file#exercises/}"
  done

# --- the root pom without the course's own modules --------------------------------------------------------
perl -ne 'print unless m{^\s*<module>exercises</module>\s*$}' pom.xml >"$out/pom.xml"
cmp -s pom.xml "$out/pom.xml" && die "pom.xml: no <module>exercises</module> line to leave out"
grep -q '<module>gateway</module>' "$out/pom.xml" || die "pom.xml: no <module>gateway</module> line"
cp exercises/classroom/README.md "$out/README.md"

# --- text: paths and commands as the student repository has them ------------------------------------------
# The workbook module is gateway/ and its jar gateway/target/gateway.jar; run-all.sh starts the student's gateway
# without --student. In Markdown, text between <!-- course-repo-only --> and <!-- end course-repo-only --> is
# left out, and the text of a <!-- student-repo-only ... --> comment shown.
# A comment aligned in a column (`command   # what it does`) stays in its column.
text_files() { find "$out" -type f \( -name '*.md' -o -name '*.java' \) -print0; }
text_files | xargs -0 perl -0pi -e '
  s{<!-- course-repo-only -->.*?<!-- end course-repo-only -->}{}gs;
  s{<!-- student-repo-only\n?(.*?)\n?-->}{$1}gs;
'
text_files | xargs -0 perl -pi -e '
  my $before = $_;
  s{exercises/target/student-gateway\.jar}{gateway/target/gateway.jar}g;
  s{(run-all\.sh[^\n"`]*?) --student\b}{$1}g;
  s{exercises/}{gateway/}g;
  if ($_ ne $before && $before =~ /^(.*?\S)(\s{2,})#/) {
    my $column = length($1) + length($2);
    s{^(.*?\S)\s{2,}#}{$1 . " " x ($column - length($1) > 2 ? $column - length($1) : 2) . "#"}e;
  }
'
# The scripts keep one copy for both repositories: here they grade and start the student's gateway only, and
# their help leaves out the options of the course repository.
perl -pi -e '
  s{^STUDENT_MODULE=.*}{STUDENT_MODULE=gateway};
  s{^STUDENT_JAR=.*}{STUDENT_JAR=gateway/target/gateway.jar};
  s{^REFERENCE_MODULE=.*}{REFERENCE_MODULE=};
  if (/^#/) {
    $_ = "" if m{^#\s+\./(?:run-all|grade)\.sh --(?:student|reference)\b};
    s{ \(add --student for yours\)}{};
    s{the reference gateway \(gateway/\)}{your gateway (gateway/)};
    s{exercises/}{gateway/}g;
  }
' "$out/grade.sh" "$out/run-all.sh"
for script in grade.sh run-all.sh; do
  grep -q '^STUDENT_MODULE=gateway$' "$out/$script" && grep -q '^REFERENCE_MODULE=$' "$out/$script" ||
    die "$script: found no STUDENT_MODULE= and REFERENCE_MODULE= lines to set"
done
grep -q '^STUDENT_JAR=gateway/target/gateway.jar$' "$out/run-all.sh" || die "run-all.sh: found no STUDENT_JAR= line"

# --- the autograding workflow: one entry per step and bonus, with its points, read from the graded suite ------
# Each line: id, title, points (the sum of the class's @Points), steps first, then bonuses.
steps="$(perl -0ne '
  next unless /^\@Graded\(\s*step\s*=\s*"([^"]+)"\s*,\s*title\s*=\s*"([^"]+)"/m;
  my ($id, $title, $points) = ($1, $2, 0);
  $points += $1 while /\@Points\((\d+)\)/g;
  print "$id\t$title\t$points\n";
' exercises/src/test/java/course/grading/*.java | LC_ALL=C sort)"
[[ -n "$steps" ]] || die "found no @Graded test class in exercises/src/test/java/course/grading"
entries="" env="" runners=""
while IFS=$'\t' read -r id title points; do
  if [[ "$id" =~ ^[0-9]+$ ]]; then name="Step $id $title" runner="step-$id"
  else name="Bonus $id $title" runner="bonus-$(tr '[:upper:]' '[:lower:]' <<<"$id")"; fi
  entries+="      - name: \"$name ($points points)\"
        id: $runner
        run: .github/classroom/entry.sh $runner $points >> \"\$GITHUB_OUTPUT\"
"
  env+="          $(tr '[:lower:]' '[:upper:]' <<<"$runner")_RESULTS: \"\${{ steps.$runner.outputs.result }}\"
"
  runners+="${runners:+,}$runner"
done <<<"$steps"
mkdir -p "$out/.github/workflows" "$out/.github/classroom"
cp exercises/classroom/entry.sh "$out/.github/classroom/entry.sh"
chmod +x "$out/.github/classroom/entry.sh"
cat >"$out/.github/workflows/classroom.yml" <<EOF
# Autograding for GitHub Classroom: every push, to any branch, runs the graded suite once (./grade.sh) and reports
# each step's and each bonus's points to Classroom, one grading entry each. The points come from the grader's
# results (partial credit: every graded test scores its own points), reported by GitHub Classroom's own reporter.
# The Grade step's log shows the usual score table; the reports (JSON, JUnit XML) are kept as the run's artifact.
name: Autograding Tests
"on":
  - push
  - workflow_dispatch
  - repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - name: Check out the pushed commit
        uses: actions/checkout@v4
      - name: JDK 17, with Maven's downloads cached
        uses: actions/setup-java@v4
        with:
          distribution: temurin
          java-version: "17"
          cache: maven
      - name: redis-server for Bonus E (without it, Bonus E's tests are skipped)
        continue-on-error: true
        run: command -v redis-server || { sudo apt-get update -q && sudo apt-get install -y -q redis-server; }
      - name: The instructor's private tests (only when the PRIVATE_TESTS_REPO variable names a repository)
        if: \${{ vars.PRIVATE_TESTS_REPO != '' }}
        uses: actions/checkout@v4
        with:
          repository: \${{ vars.PRIVATE_TESTS_REPO }}
          token: \${{ secrets.PRIVATE_TESTS_TOKEN }}
          path: .private-tests
      - name: Grade
        continue-on-error: true
        run: ./grade.sh \${{ vars.PRIVATE_TESTS_REPO != '' && format('--extra .private-tests/{0}', vars.PRIVATE_TESTS_PATH) || '' }}
      - name: Keep the reports (JSON, JUnit XML)
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: grade-report
          path: gateway/target/grade-report.*
          if-no-files-found: ignore
${entries}      - name: "The instructor's private tests"
        id: private
        if: \${{ vars.PRIVATE_TESTS_REPO != '' }}
        run: .github/classroom/entry.sh private 0 >> "\$GITHUB_OUTPUT"
      - name: Autograding Reporter
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
${env}          PRIVATE_RESULTS: "\${{ steps.private.outputs.result }}"
        with:
          runners: "${runners}\${{ vars.PRIVATE_TESTS_REPO != '' && ',private' || '' }}"
EOF

# --- a fresh repository, one commit ----------------------------------------------------------------------
chmod +x "$out/grade.sh" "$out/run-all.sh"
source_commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
git -C "$out" init -q
git -C "$out" symbolic-ref HEAD refs/heads/main
git -C "$out" add -A
ident=()
git -C "$out" config user.name >/dev/null || ident+=(-c "user.name=Course export")
git -C "$out" config user.email >/dev/null || ident+=(-c "user.email=course-export@localhost")
git -C "$out" ${ident[@]+"${ident[@]}"} commit -q -m "Build an API Gateway: the starter repository" \
  -m "Exported from the course repository at $source_commit by scripts/export-classroom.sh."
echo "wrote a student repository to $out: $(git -C "$out" ls-files | wc -l | tr -d ' ') files, one commit on main"
echo "next: push it to GitHub and make it a template repository for GitHub Classroom (docs/teaching.md)"
