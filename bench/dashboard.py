#!/usr/bin/env python3
"""What the live dashboard costs the request path: the gateway with every step on, with no page open and with a
page following /gateway/ui/events, in alternating rounds of the same run.

    python3 bench/dashboard.py            # 6 rounds of 10 s each way, after a warm-up (about 5 minutes)
    python3 bench/dashboard.py --quick    # 1 round of 3 s each way, to check that everything works
    python3 bench/dashboard.py --without-dashboard OLD.jar   # also a gateway built before the dashboard existed

Needs what bench/run.py needs (a JDK, Maven, wrk, nginx) plus curl, which stands in for the page: it follows the
event stream as the page's script does (the browser's drawing costs the browser, not the gateway). Ports 19101-19120,
so it does not collide with bench/run.py. Load (wrk, curl) on core 0, everything under test on core 1. Prints a
Markdown table; docs/performance.md quotes it.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the benchmark's own helpers: processes, backends, wrk, CPU accounting)

run.BACKEND, run.SERVICE_B, run.SERVICE_A = 19101, 19102, 19103
GATEWAY = 19120


def follow_dashboard(port):
    """A page following the dashboard's event stream, until stopped."""
    return subprocess.Popen(["taskset", "-c", "0", "curl", "-sN", "-o", "/dev/null", "-H",
                             "Accept: text/event-stream", f"http://127.0.0.1:{port}/gateway/ui/events"],
                            start_new_session=True)


def start_jar(procs, work, jar, port):
    """Another build of the gateway, with the same config and JVM flags as the one under test."""
    config = run.gateway_config(features_on=True)
    config["server"]["port"] = port
    path = os.path.join(work, "gateway-other.json")
    with open(path, "w") as f:
        json.dump(config, f)
    process = procs.start("gateway-other", ["java", *run.GATEWAY_FLAGS, "-jar", os.path.abspath(jar), "--config", path])
    run.wait_for(f"http://127.0.0.1:{port}/health", "the other gateway", process=process)
    return process.pid


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 round of 3 s each way: a check, not a measurement")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--without-dashboard", metavar="JAR",
                        help="a gateway.jar built from a commit before the dashboard, measured alike as a third case")
    run.add_kill_leftovers(parser)
    options = parser.parse_args()
    rounds, seconds = (1, 3) if options.quick else (options.rounds, options.seconds)
    ports = [run.BACKEND, run.SERVICE_B, run.SERVICE_A, GATEWAY] + ([GATEWAY + 1] if options.without_dashboard else [])
    run.check_ports(ports, options.kill_leftovers, "bench/dashboard.py")
    if not os.path.exists(f"{run.ROOT}/gateway/target/gateway.jar"):
        subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=run.ROOT, check=True)

    work = tempfile.mkdtemp(prefix="gateway-dashboard-bench-")
    procs = run.Processes(work)
    try:
        run.start_backends(procs, work)
        pid = run.start_gateway(procs, work, "gateway-full", GATEWAY, features_on=True)
        cases = {"no page open": (GATEWAY, [pid]), "a page open": (GATEWAY, [pid])}
        if options.without_dashboard:
            cases = {"before the dashboard existed": (GATEWAY + 1, [start_jar(procs, work, options.without_dashboard,
                                                                             GATEWAY + 1)]), **cases}
        loads = {case: lambda port=port: run.wrk(f"http://127.0.0.1:{port}/b/small.json", seconds,
                                                 headers=[f"X-API-Key: {run.API_KEY}"])
                 for case, (port, _) in cases.items()}
        for case, (port, pids) in cases.items():
            run.warm_up({"pids": pids, "jvm": True}, loads[case], seconds)
        results = {case: [] for case in cases}
        for _ in range(rounds):
            for case, (port, pids) in cases.items():  # interleaved, so drift on a shared machine falls on all alike
                page = follow_dashboard(port) if case == "a page open" else None
                try:
                    results[case].append(run.measure({"pids": pids}, loads[case]))
                finally:
                    if page:
                        page.terminate()
                        page.wait()
        print(f"Small JSON through the gateway with every step on, 32 connections, {rounds} rounds of {seconds} s"
              " each way (median, min-max):\n")
        print("| | requests/s | CPU µs per request | p99 ms | errors |")
        print("|---|---:|---:|---:|---:|")
        for case, runs in results.items():
            print(f"| {case} | {run.fmt_range([r['rps'] for r in runs])} | "
                  f"{run.fmt_range([r.get('cpu_us') for r in runs])} | {run.fmt_range([r['p99'] for r in runs], 1)} | "
                  f"{sum(r['errors'] for r in runs)} |")
        base = statistics.median(r["rps"] for r in results["no page open"])
        for case in results:
            if case != "no page open":
                ratio = statistics.median(r["rps"] for r in results[case]) / base
                print(f"\n{case[0].upper() + case[1:]}: {ratio:.1%} of the requests/s with no page open.", end="")
        print()
    finally:
        procs.stop_all()


if __name__ == "__main__":
    main()
