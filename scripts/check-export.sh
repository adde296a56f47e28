#!/usr/bin/env bash
# Proves the classroom export (scripts/export-classroom.sh; docs/teaching.md) in a scratch student repository:
#   1. the export is a fresh git repository, and a second export into the same folder is refused;
#   2. it holds no reference code: gateway/src/main is exactly the generated starter, no maintainer tool came
#      along, and no line the generator takes out of any step's solution (a region or a whole file) is anywhere in
#      it (the guides aside: they are the measure of what students may see, and what they quote is listed); no
#      path or option of the course repository is left in what students read, and every relative link resolves;
#   3. mvn verify passes there without running the graded suite, and run-all.sh starts the student's gateway;
#   4. ./grade.sh scores the untouched starter 0, with the JSON and JUnit XML reports written, agreeing with the table;
#   5. the workflow is valid YAML with one entry per step and bonus, named with its points;
#   6. with the reference's code copied over the starter (a finished student), ./grade.sh gives full marks, an
#      instructor's private tests (--extra docs/teaching/private-tests-example) count in a row of their own, and
#      the Classroom results add up to the same points.
# Needs java, mvn, git, perl, curl and python3 with yaml; Bonus E counts only where redis-server is installed.
# Ports 18100-18102 for run-all.sh (CHECK_EXPORT_BASE_PORT to change). CHECK_EXPORT_KEEP=DIR keeps the reports
# (the starter's and the finished copy's: table, JSON, JUnit XML) and the export's file list there.
set -uo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
repo="$work/student-repo"
passed=0 failed=0
: >"$work/said"
check() { if eval "$2"; then passed=$((passed + 1)); echo "ok   $1"; else failed=$((failed + 1)); echo "FAIL $1"; fi; }
# The report checks (scripts/check-export-reports.py) say what they found; it is shown under the check's line.
reports() { python3 scripts/check-export-reports.py "$@" >>"$work/said" 2>&1; }
said() { sed 's/^/     /' "$work/said"; : >"$work/said"; }

# --- 1. the export ----------------------------------------------------------------------------------------
scripts/export-classroom.sh "$repo" >"$work/export.log" 2>&1
check "export-classroom.sh writes a fresh git repository, one commit, nothing left uncommitted" \
  "[ -d '$repo/.git' ] && [ \"\$(git -C '$repo' rev-list --count HEAD)\" = 1 ] && [ -z \"\$(git -C '$repo' status --porcelain)\" ]"
sed 's/^/     /' "$work/export.log"
refusal="$(scripts/export-classroom.sh "$repo" 2>&1)"; refused=$?
check "a second export into the same folder is refused, and says why" \
  "[ $refused -ne 0 ] && grep -q 'is not empty' <<<\"\$refusal\""

# --- 2. no reference code ---------------------------------------------------------------------------------
check "no maintainer tool: no exercises/, stubs, generator or course/starter" \
  "[ ! -e '$repo/exercises' ] && ! git -C '$repo' ls-files | grep -qE 'stubs/|StarterGenerator|course/starter/|classroom/gateway-pom'"
javac -d "$work/generator" exercises/src/test/java/course/starter/StarterGenerator.java
generate() { java -cp "$work/generator" course.starter.StarterGenerator --out "$work/$1" "${@:2}" >/dev/null; }
generate starter
generate reference --only none   # no step turned back: the reference without its markers
# As the exporter does (docs/teaching.md): gateway/ where the course repository says exercises/, and so on.
(cd "$work/starter" && find . -name '*.java' -exec perl -pi -e '
  s{exercises/target/student-gateway\.jar}{gateway/target/gateway.jar}g;
  s{(run-all\.sh[^\n"`]*?) --student\b}{$1}g;
  s{exercises/}{gateway/}g;' {} +)
check "gateway/src/main is exactly the generated starter: the same files, the same text" \
  "diff -r '$work/starter' '$repo/gateway/src/main' >'$work/starter.diff'"
sed -n 1,10p "$work/starter.diff" | sed 's/^/     /'

# Lines of the reference that the generator takes out for a step, compared trimmed; lines with fewer than 10
# letters and digits (a lone "continue;"), imports, and lines that Service A, Service B or the test kit hold too
# say nothing about a solution and are not counted.
cat >"$work/unique.pl" <<'EOF'
use strict; use warnings; use File::Find;
my ($reference, $generated, $export, @given) = @ARGV;
sub norm { my $l = shift; $l =~ s/^\s+|\s+$//g; return "" if $l =~ /^(?:import|package)\s/;
           return ($l =~ tr/A-Za-z0-9_//) >= 10 ? $l : ""; }
sub lines { my %set; for my $dir (@_) { find({no_chdir => 1, wanted => sub {
  $File::Find::prune = 1 if m{/(?:\.git|target)$}; return unless -f $_; open my $f, '<', $_ or return;
  while (my $l = <$f>) { $l = norm($l); $set{$l} = 1 if length $l } }}, $dir) } return \%set; }
my ($ref, $gen, $ok) = (lines($reference), lines($generated), lines(@given));
my %solution = map { $_ => 1 } grep { !$gen->{$_} && !$ok->{$_} } keys %$ref;
print "lines ", scalar(keys %solution), "\n";
find({no_chdir => 1, wanted => sub { $File::Find::prune = 1 if m{/\.git$}; return unless -f $_;
  open my $f, '<', $_ or return; my $n = 0;
  while (my $l = <$f>) { $n++; my $k = norm($l);
    next unless length $k && $solution{$k};
    (my $where = $_) =~ s{^\Q$export\E/}{};
    print(($where =~ m{^gateway/steps/} ? "guide " : "found "), "$where:$n: $k\n") } }}, $export);
EOF
for step in $(ls exercises/starter/stubs | sed 's/\.txt$//' | sort -u); do
  generate "only-$step" --only "$step"
  perl "$work/unique.pl" "$work/reference" "$work/only-$step" "$repo" service-a service-b testkit >"$work/unique-$step"
  lines=$(sed -n 's/^lines //p' "$work/unique-$step")
  check "step $step: none of the $lines solution lines the generator takes out is in the export" \
    "[ \"$lines\" -gt 0 ] && ! grep -q '^found ' '$work/unique-$step'"
  grep '^found ' "$work/unique-$step" | sed -n 1,10p | sed 's/^found /     in /'
  quoted=$(grep -c '^guide ' "$work/unique-$step")
  if [ "$quoted" -gt 0 ]; then
    echo "     note: the guides quote $quoted of these lines (allowed, but worth a look):"
    grep '^guide ' "$work/unique-$step" | sed -n 1,5p | sed 's/^guide /       /'
  fi
done

# What the student reads: no path or option of the course repository (the scripts' refusals aside), and every
# relative link of the Markdown leads somewhere.
(cd "$repo" && { grep -rnE 'exercises/|-pl exercises|--student|--reference' --include='*.md' --include='*.java' . ;
                 grep -rn 'reference gateway' --include='*.md' . ;
                 grep -nE '^#.*(exercises|--student|--reference)' grade.sh run-all.sh; }) >"$work/leftovers"
check "no path or option of the course repository left in the guides, README, sources or script help"   "[ ! -s '$work/leftovers' ]"
sed -n 1,10p "$work/leftovers" | sed 's/^/     /'
(cd "$repo" && git ls-files '*.md' | while read -r page; do
  perl -ne 'while (/\]\(([^)#\s]+)/g) { print "$1\n" unless $1 =~ m{^[a-z]+:} }' "$page" |
    while read -r link; do [ -e "$(dirname "$page")/$link" ] || echo "$page: $link"; done
done) >"$work/broken-links"
check "every relative link in the export's Markdown resolves" "[ ! -s '$work/broken-links' ]"
sed -n 1,10p "$work/broken-links" | sed 's/^/     /'

# --- 3. mvn verify and run-all.sh -------------------------------------------------------------------------
(cd "$repo" && mvn -B -q verify >"$work/verify.log" 2>&1); verified=$?
check "mvn verify passes in the export" "[ $verified -eq 0 ]"
[ "$verified" -eq 0 ] || tail -30 "$work/verify.log" | sed "s/$(printf '\033')\[[0-9;]*m//g; s/^/     /"
check "mvn verify ran the services' tests and no graded test" \
  "ls '$repo'/service-a/target/surefire-reports/*.xml >/dev/null 2>&1 &&
   ! ls '$repo'/gateway/target/surefire-reports 2>/dev/null | grep -q course.grading &&
   [ ! -e '$repo/gateway/target/grade-report.txt' ]"

base="${CHECK_EXPORT_BASE_PORT:-18100}"
# In a session of its own, so that whatever it started is found by session id and stopped.
SERVICE_A_PORT=$((base + 1)) SERVICE_B_PORT=$((base + 2)) GATEWAY_PORT=$base setsid "$repo/run-all.sh" \
  >"$work/run-all.log" 2>&1 &
runner=$!
for _ in $(seq 600); do grep -q 'Ready:' "$work/run-all.log" && break; kill -0 "$runner" 2>/dev/null || break; sleep 0.2; done
check "./run-all.sh starts the student's gateway with both services, its dashboard included" \
  "grep -q 'Ready: .*your gateway (gateway/)' '$work/run-all.log' && curl -fs -o /dev/null localhost:$base/health &&
   curl -fs localhost:$base/gateway/ui | grep -q '<title>API gateway: live</title>' &&
   curl -fs localhost:$((base + 1))/health | grep -q service-a && curl -fs localhost:$((base + 2))/health | grep -q service-b"
kill -TERM "$runner" 2>/dev/null; wait "$runner" 2>/dev/null
sleep 1; pkill -KILL -s "$runner" 2>/dev/null
grep -q 'Ready:' "$work/run-all.log" || tail -20 "$work/run-all.log" | sed 's/^/     /'
options="$(cd "$repo" && ./run-all.sh --student 2>&1; ./grade.sh --reference 2>&1)"
check "--student and --reference are refused there, saying the repository has only the student's gateway" \
  "[ \"\$(grep -c 'has only your gateway (gateway/)' <<<\"\$options\")\" = 2 ]"

# --- 4. the starter scores 0, with the reports written ----------------------------------------------------
(cd "$repo" && ./grade.sh --json "$work/starter.json" --junit "$work/starter.xml" >"$work/starter.txt" 2>&1)
check "./grade.sh scores the untouched starter 0, the JSON and JUnit XML written with the table's points" \
  "[ -s '$work/starter.json' ] && [ -s '$work/starter.xml' ] &&
   reports reports '$work/starter.txt' '$work/starter.json' '$work/starter.xml' zero"
said
grep -q 'Total' "$work/starter.txt" || tail -20 "$work/starter.txt" | sed 's/^/     /'

# --- 5. the workflow --------------------------------------------------------------------------------------
check "the workflow is valid YAML naming every step and bonus with its points" \
  "reports workflow '$repo/.github/workflows/classroom.yml' '$work/starter.json'"
said

# --- 6. a finished student, and an instructor's private tests ---------------------------------------------
rm -rf "$repo/gateway/src/main" && cp -R gateway/src/main "$repo/gateway/src/main"
(cd "$repo" && ./grade.sh --extra "$root/docs/teaching/private-tests-example" \
  --json "$work/finished.json" --junit "$work/finished.xml" >"$work/finished.txt" 2>&1)
check "with the reference's solutions in place ./grade.sh gives full marks, private tests included" \
  "reports reports '$work/finished.txt' '$work/finished.json' '$work/finished.xml' full"
said
sed -n '/Score (/,/Total/p' "$work/finished.txt" | sed 's/^/     /'
check "the private tests count in a row of their own" \
  "grep -qE '^  Private: .* [1-9][0-9]*/[1-9]' '$work/finished.txt'"
check "the Classroom results add up to the report's points, and entry.sh passes one on" \
  "reports classroom '$repo/gateway/target/classroom' '$work/finished.json' &&
   cmp -s <(cd '$repo' && .github/classroom/entry.sh step-1 0 | sed 's/^result=//' | base64 -d) \
          '$repo/gateway/target/classroom/step-1.json'"
said

if [ -n "${CHECK_EXPORT_KEEP:-}" ]; then
  mkdir -p "$CHECK_EXPORT_KEEP" && cp "$work"/starter.* "$work"/finished.* "$CHECK_EXPORT_KEEP"/ 2>/dev/null
  git -C "$repo" ls-files >"$CHECK_EXPORT_KEEP/files.txt"
fi
echo "check-export: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
