#!/usr/bin/env python3
"""What scripts/check-export.sh asks of the grader's reports and of the autograding workflow, one check a command.
Each command prints what it found and exits 0 when the check holds, 1 when it does not.

  reports TABLE JSON XML zero|full   the JSON and the JUnit XML have the table's points; the total is 0, or full marks
  classroom DIR JSON                 the Classroom results add up to the JSON's points, entry by entry
  workflow YML JSON                  the workflow is valid YAML with one entry per step, named with its points
"""
import json
import re
import sys
import xml.etree.ElementTree as ElementTree

ROW = re.compile(r"^  (\S.*?)\s+(\d+)/(\d+)\b")


def table(path):
    """The score table's rows, name -> (points, max), and its total, as grade.sh printed them."""
    rows, total = {}, None
    for line in open(path, encoding="utf-8"):
        match = ROW.match(line.rstrip("\n"))
        if not match:
            continue
        name, points, most = match.group(1), int(match.group(2)), int(match.group(3))
        if name == "Total":
            total = (points, most)
            break
        rows[name] = (points, most)
    return rows, total


def fail(message):
    print(message)
    sys.exit(1)


def reports(table_file, json_file, xml_file, expect):
    rows, total = table(table_file)
    report = json.load(open(json_file, encoding="utf-8"))
    counted = [s for s in report["steps"] if s["status"] != "skipped"]
    from_json = {s["name"]: (s["points"], s["max"]) for s in counted}
    if from_json != rows or (report["points"], report["max"]) != total:
        fail(f"table {rows} total {total}, JSON {from_json} total {(report['points'], report['max'])}")
    failures = [f for s in report["steps"] for f in s["failures"]]
    for failure in failures:
        if not failure["name"] or not failure["message"]:
            fail(f"a failure without a name or message: {failure}")
    whole = [f for f in failures if all(f[k] for k in ("expected", "got", "hint", "repro"))]
    suites = ElementTree.parse(xml_file).getroot()
    cases = suites.findall("./testsuite/testcase")
    failed = [c for c in cases if c.find("failure") is not None]
    tests = [t for s in report["steps"] for t in s["tests"]]
    if len(cases) != len(tests) or len(failed) != sum(t["status"] == "failed" for t in tests):
        fail(f"JUnit XML: {len(cases)} test cases, {len(failed)} failed; JSON: {len(tests)} tests")
    for suite in suites.findall("testsuite"):
        props = {p.get("name"): p.get("value") for p in suite.findall("./properties/property")}
        step = next(s for s in report["steps"] if s["name"] == suite.get("name"))
        if step["status"] != "skipped" and (int(props["points"]), int(props["max"])) != (step["points"], step["max"]):
            fail(f"JUnit XML: {suite.get('name')} has {props}, JSON {step['points']}/{step['max']}")
    points, most = total
    if expect == "zero" and (points != 0 or most == 0):
        fail(f"expected 0 of a positive maximum, got {points}/{most}")
    if expect == "full" and (points != most or most == 0):
        fail(f"expected full marks, got {points}/{most}")
    print(f"{points}/{most} in {len(rows)} rows; JSON and JUnit XML ({len(cases)} tests, {len(failed)} failing) agree;"
          f" {len(whole)} of {len(failures)} failures give expected, got, hint and repro")


def classroom(folder, json_file):
    import os
    report = json.load(open(json_file, encoding="utf-8"))
    entries = {}
    for name in sorted(os.listdir(folder)):
        result = json.load(open(os.path.join(folder, name), encoding="utf-8"))
        entries[name[:-5]] = (sum(t["score"] for t in result["tests"]), result["max_score"])
    score = sum(points for points, _ in entries.values())
    if score != report["points"]:
        fail(f"Classroom entries {entries} add up to {score}, the report says {report['points']}")
    print(f"{len(entries)} entries add up to {score} points, as the report: "
          + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in entries.items()))


def workflow(yml_file, json_file):
    try:
        import yaml
    except ImportError:
        fail("python3 cannot import yaml: apt-get install python3-yaml (or pip install pyyaml)")
    flow = yaml.safe_load(open(yml_file, encoding="utf-8"))
    report = json.load(open(json_file, encoding="utf-8"))
    job = flow["jobs"]["run-autograding-tests"]
    steps = job["steps"]
    by_name = {s.get("name"): s for s in steps}
    reporter = next(s for s in steps if str(s.get("uses", "")).startswith("classroom-resources/autograding-grading-reporter"))
    runners = re.sub(r"\$\{\{.*?\}\}", "", reporter["with"]["runners"])  # the private entry's expression aside
    problems = []
    if "push" not in flow.get("on", flow.get(True, [])):  # YAML 1.1 reads a bare on: as true
        problems.append("it does not run on push")
    named = []
    for step in report["steps"]:
        if step["step"].isdigit():
            entry_id = "step-" + step["step"]
        elif len(step["step"]) == 1:
            entry_id = "bonus-" + step["step"].lower()
        else:
            continue  # an instructor's rows share the optional "private" entry
        title = f"{step['name']} ({step['max']} points)"
        entry = by_name.get(title)
        if entry is None:
            problems.append(f"no entry named {title!r}")
            continue
        if entry.get("id") != entry_id or f"entry.sh {entry_id} {step['max']}" not in entry.get("run", ""):
            problems.append(f"{title!r}: id {entry.get('id')!r}, run {entry.get('run')!r}")
        if entry_id not in runners.split(",") or f"{entry_id.upper()}_RESULTS" not in reporter["env"]:
            problems.append(f"the reporter does not read {entry_id}")
        named.append(title)
    if problems:
        fail("; ".join(problems))
    print(f"valid YAML, {len(named)} grading entries: " + ", ".join(named))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"reports": reports, "classroom": classroom, "workflow": workflow}[command](*args)
