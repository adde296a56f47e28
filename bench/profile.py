#!/usr/bin/env python3
"""Where the gateway's CPU goes, case by case: the profile behind the benchmark's figures.

    python3 bench/profile.py            # 5 to 10 minutes; writes bench/PROFILE.md and prints it
    python3 bench/profile.py --seconds 20
    python3 bench/profile.py --cases 64,WebSocket   # only the cases whose names contain one of these

Starts the same backends and gateways as bench/run.py (same ports, same core pinning, jvm.options' JVM flags),
warms each case up, then samples the gateway's CPU with async-profiler (from Maven Central, fetched by Maven into
~/.m2; loaded into the running gateway with `jcmd JVMTI.agent_load`) while wrk or bench/WsLoad.java drives it. It
samples CPU time, so kernel work (socket calls, thread wake-ups) and the JVM's own threads (JIT, GC) count too,
which a JFR execution profile does not show. Every sample is put in one layer: the kernel by what it was doing;
otherwise the innermost frame of a library or of the gateway (JDK frames belong to whoever called them).
"""
import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (the benchmark's own helpers: the same setup, so the profile explains its figures)

PROFILER = "tools.profiler:async-profiler:4.2"
LAYERS = [  # (layer, prefixes of a Java frame's class) - the first match, from the innermost frame out, wins
    ("gateway code (course.gateway)", ("course/gateway/",)),
    ("OkHttp and Okio (upstream HTTP client)", ("okhttp3/", "okio/", "kotlin/")),
    ("Javalin (routing, context)", ("io/javalin/",)),
    ("Jetty WebSocket (frames and sessions, the relay's both sides)", ("org/eclipse/jetty/websocket/",)),
    ("Jetty I/O (selector, endpoints, thread pool)", ("org/eclipse/jetty/io/", "org/eclipse/jetty/util/thread/")),
    ("Jetty (HTTP server and client: parse, dispatch, write)", ("org/eclipse/jetty/",)),
    ("Jackson and Logback (request log)", ("com/fasterxml/", "ch/qos/", "org/slf4j/")),
]


def profiler_library(work):
    """libasyncProfiler.so for this machine, from the Maven Central jar."""
    version = PROFILER.rsplit(":", 1)[1]
    jar = os.path.expanduser(f"~/.m2/repository/tools/profiler/async-profiler/{version}/async-profiler-{version}.jar")
    if not os.path.exists(jar):
        subprocess.run(["mvn", "-q", "-B", "dependency:get", f"-Dartifact={PROFILER}"], check=True)
    with zipfile.ZipFile(jar) as archive:
        return archive.extract("linux-x64/libasyncProfiler.so", work)


def profiler(pid, library, command):
    # jcmd splits an unquoted option string at its commas, so the options go in quotes.
    subprocess.run(["jcmd", str(pid), "JVMTI.agent_load", library, f'"{command}"'], check=True,
                   capture_output=True)


def rate_of(result):
    return result["rps"] if "rps" in result else result["messagesPerSecond"]


def java_layer(frames):
    """The layer of the innermost library or gateway frame, None when there is none."""
    for frame in reversed(frames):
        for layer, prefixes in LAYERS:
            if frame.startswith(prefixes):
                return layer
    return None


def layer_of(frames):
    if frames[-1].endswith("_[k]"):
        kernel = ";".join(frames)
        if "futex" in kernel:
            return "kernel: thread wake-ups and sleeps (futex)"
        if "epoll" in kernel:
            return "kernel: waiting for sockets (epoll)"
        return "kernel: network I/O and other system calls"
    if any("CompileBroker" in frame for frame in frames):
        return "JVM: JIT compiler"
    if any(word in frame for frame in frames for word in ("GCTask", "Collect", "Scavenge", "DefNew", "G1")):
        return "JVM: garbage collector"
    layer = java_layer(frames)
    if layer:
        return layer
    if any("/" in frame for frame in frames):
        return "JDK (called from threads of the JDK itself)"
    return "JVM: other"


def summarize(collapsed_path):
    """Samples in all, by layer, by innermost frame, and the kernel's samples by the layer whose call they serve."""
    layers, leaves, kernel_for, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
    with open(collapsed_path) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            frames, count = stack.split(";"), int(count)
            total += count
            layers[layer_of(frames)] += count
            leaves[frames[-1].replace("/", ".")] += count
            if frames[-1].endswith("_[k]"):
                kernel_for[java_layer(frames) or "the JVM's own threads, or no Java frame"] += count
    return total, layers, leaves, kernel_for


def render(cases, seconds):
    lines = ["# Where the gateway's CPU goes", "",
             f"Written by `python3 bench/profile.py`: async-profiler CPU samples (1 ms) of the gateway while each "
             f"case ran for {seconds} s, after warming up until the JIT compiled for under 2% of a run, with the "
             "setup of `bench/run.py`. Each sample counts once, "
             "in the layer of its innermost library or gateway frame (JDK frames belong to their caller); kernel "
             "samples by what the kernel was doing, and once more, in a second table, by the layer whose system "
             "call (or wait) they served.", ""]
    for name, (rate, total, layers, leaves, kernel_for) in cases.items():
        lines += [f"## {name}", "", f"{rate}; {total:,} samples.", "", "| layer | share of the gateway's CPU |",
                  "|---|---|"]
        lines += [f"| {layer} | {100 * count / total:.1f}% |" for layer, count in layers.most_common()]
        lines += ["", "The kernel's samples, by the code whose system call (or wait) they were:", "",
                  "| called by | share of the gateway's CPU |", "|---|---|"]
        lines += [f"| {layer} | {100 * count / total:.1f}% |" for layer, count in kernel_for.most_common()]
        lines += ["", "Hottest frames: " + ", ".join(f"`{frame}` {100 * count / total:.1f}%"
                                                     for frame, count in leaves.most_common(6)), ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--cases", help="comma-separated: only the cases whose names contain one of these")
    parser.add_argument("--out", default=os.path.join(run.ROOT, "bench", "PROFILE.md"), help="where to write it")
    run.add_kill_leftovers(parser)
    options = parser.parse_args()
    seconds = options.seconds
    for tool in ("wrk", "nginx", "taskset", "java", "jcmd", "mvn"):
        if not shutil.which(tool):
            sys.exit(f"profile: '{tool}' is missing (Debian: apt-get install wrk nginx-light util-linux)")
    run.check_ports([run.BACKEND, run.SERVICE_B, run.SERVICE_A, run.GW_LEAN, run.GW_FULL], options.kill_leftovers,
                    "bench/profile.py")
    subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=run.ROOT, check=True)
    work = tempfile.mkdtemp(prefix="gateway-profile-")
    library = profiler_library(work)
    procs = run.Processes(work)
    key = f"X-API-Key: {run.API_KEY}"
    try:
        run.start_backends(procs, work)
        lean = run.start_gateway(procs, work, "gateway-lean", run.GW_LEAN, features_on=False)
        full = run.start_gateway(procs, work, "gateway-full", run.GW_FULL, features_on=True)
        def http(port, path, headers=()):
            return lambda: run.wrk(f"http://127.0.0.1:{port}{path}", seconds, headers=headers)
        ws = lambda: run.ws_load(f"ws://127.0.0.1:{run.GW_LEAN}/service-b/ws", "echo", 32, seconds)
        plan = [("small JSON, cache miss", lean, http(run.GW_LEAN, "/b/small.json")),
                ("small JSON, cache miss, every step on", full, http(run.GW_FULL, "/b/small.json", [key])),
                ("small JSON, cache hit", lean, http(run.GW_LEAN, "/c/small.json")),
                ("64 KiB response", lean, http(run.GW_LEAN, "/b/64k")),
                ("WebSocket echo, 32 connections", lean, ws)]
        if options.cases:
            wanted = [w.strip().lower() for w in options.cases.split(",") if w.strip()]
            plan = [case for case in plan if any(w in case[0].lower() for w in wanted)]
        cases = {}
        for name, pid, load in plan:
            print(f"profile: {name}", file=sys.stderr)
            run.warm_up({"pids": [pid], "jvm": True}, load, seconds)  # until the JIT is done, as in the benchmark
            output = os.path.join(work, "case.collapsed")
            profiler(pid, library, "start,event=cpu,interval=1ms")
            result = load()
            profiler(pid, library, f"stop,file={output},collapsed")
            rate = f"{rate_of(result):,.0f} " + ("requests/s" if "rps" in result else "messages/s")
            cases[name] = (rate, *summarize(output))
    finally:
        procs.stop_all()
    report = render(cases, seconds)
    with open(options.out, "w") as f:
        f.write(report + "\n")
    print(report)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
