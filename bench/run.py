#!/usr/bin/env python3
"""The gateway's benchmark, against nginx and Spring Cloud Gateway as reverse proxies on the same machine, in the
same run.

    python3 bench/run.py                    # 3 rounds of 10 s per case and target (about 20 minutes)
    python3 bench/run.py --quick            # 1 round of 3 s, to check that everything works
    python3 bench/run.py --cases 64,WebSocket  # only the cases whose names contain one of these
    python3 bench/run.py --cases held          # only 1,000 WebSockets held open: each target's peak RSS

Needs: a JDK 17+ and Maven (to build the jars, the Spring Cloud Gateway peer in bench/scg/ included: its first
build downloads Spring's jars from Maven Central), wrk and nginx (Debian: apt-get install wrk nginx-light).
Everything listens on 127.0.0.1, ports 19001-19040. The load generator runs on core 0; backends and proxies on
core 1, so the proxy under test and the load never compete for a core. Targets are interleaved over rounds, and
every figure is a median of the rounds with its min-max, so the machine's noise shows instead of hiding.

It stops before starting anything when one of its ports is taken, and names what holds it (--kill-leftovers first
stops what an earlier, interrupted run left there, and nothing else); it stops everything it started however it ends.

Writes bench/RESULTS.md and prints it.
"""
import argparse
import atexit
import ctypes
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
API_KEY = "bench-key-0123456789abcdef"
SMALL_JSON = '{"id": 1, "name": "Item 1", "price": 1.37, "servedBy": "nginx", "note": "a small JSON answer!!"}\n'
assert len(SMALL_JSON) == 97, len(SMALL_JSON)

BACKEND, SERVICE_B, SERVICE_A, NGINX_PROXY, GW_LEAN, GW_FULL, GW_SMALL_HEAP = 19001, 19002, 19003, 19010, 19020, 19021, 19022
SCG, GW_OTHER = 19023, 19024
# The JVMs started afresh to hold 1,000 WebSockets: the gateway, SCG, then each --compare build.
GW_HELD, SCG_HELD, GW_OTHER_HELD = 19031, 19032, 19033
SCG_DIR = os.path.join(ROOT, "bench", "scg")
DEFAULT_JAR = os.path.join(ROOT, "gateway", "target", "gateway.jar")
SCG_JAR = os.path.join(SCG_DIR, "target", "scg-peer.jar")


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs).stdout


# The work folders of bench/run.py, bench/profile.py and bench/dashboard.py (tempfile.mkdtemp prefixes; copies of
# gateway jars to measure with --jar or --compare are often named /tmp/gateway-bench-*.jar too). Every process a run
# starts has its folder as its current directory, most have it on their command line: that is how a leftover of an
# earlier run is told from anything else that may be running.
WORK_PREFIXES = ("gateway-bench-", "gateway-profile-", "gateway-dashboard-bench-")
BENCH_SCRIPTS = ("run.py", "profile.py", "dashboard.py")


def add_kill_leftovers(parser):
    parser.add_argument("--kill-leftovers", action="store_true",
                        help="when a port it needs is held by a process an earlier, interrupted run of a benchmark"
                        " script left behind (recognised by its work folder in /tmp), stop that process first;"
                        " anything else holding a port only stops the script, with a message")


def check_ports(ports, kill_leftovers, script):
    """Stops the script before it starts anything when a port it needs is taken: otherwise a server of its own fails
    to bind while the one already there answers in its place, and the figures are someone else's. With
    kill_leftovers, first stops what holds them if it is a leftover of an earlier run; nothing else."""
    taken = [port for port in ports if not port_is_free(port)]
    if taken and kill_leftovers:
        stop_leftovers({pid for port in taken for pid in listeners(port) if is_leftover(pid)}, script)
        taken = [port for port in taken if not port_is_free(port)]
    if not taken:
        return
    leftovers = False
    for port in taken:
        print(f"{script}: port 127.0.0.1:{port} is taken", file=sys.stderr)
        pids = listeners(port)
        for pid in pids:
            leftovers |= is_leftover(pid)
            whose = "a leftover of an earlier benchmark run" if is_leftover(pid) else "not this benchmark's"
            print(f"  by pid {pid} ({whose}): {command_line(pid)[:200]}", file=sys.stderr)
        if not pids:
            print(f"  by a process ss does not show (another user's?): see ss -ltnp 'sport = :{port}'",
                  file=sys.stderr)
    how = (f"run {script} again with --kill-leftovers, which stops only leftovers of earlier runs, or stop them"
           " yourself (kill PID)" if leftovers else "stop what holds them, or wait for it to finish")
    sys.exit(f"{script}: it needs 127.0.0.1 ports {', '.join(map(str, sorted(ports)))} free. Nothing was started:"
             f" {how}.")


def port_is_free(port):
    with socket.socket() as probe:
        # SO_REUSEADDR as servers set it: connections of an earlier run still in TIME_WAIT do not count, a listener
        # (IPv4 or IPv6) does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def listeners(port):
    """The pids that listen on the port, as ss shows them (another user's only to root)."""
    out = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True).stdout
    return sorted({int(pid) for pid in re.findall(r"pid=(\d+)", out)})


def command_line(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def is_leftover(pid):
    """Whether the process was started by an earlier run of a benchmark script that has ended: it or its parent (an
    nginx worker's master) works in one of their work folders or names one, and no running benchmark script is
    among its ancestors (a run still going is not a leftover, whoever started it)."""
    if not (in_work_folder(pid) or in_work_folder(parent(pid))):
        return False
    ancestor = parent(pid)
    while ancestor > 1:
        args = command_line(ancestor).split()
        if args and "python" in os.path.basename(args[0]) and any(os.path.basename(a) in BENCH_SCRIPTS for a in args):
            return False
        ancestor = parent(ancestor)
    return True


def in_work_folder(pid):
    try:
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        cwd = ""
    return any(f"/{prefix}" in cwd or f"/{prefix}" in command_line(pid) for prefix in WORK_PREFIXES)


def parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def stop_leftovers(pids, script):
    """SIGTERM, then SIGKILL after 10 s, to each pid (one by one: a leftover's process group may hold other
    processes, such as the shell that started the earlier run)."""
    for pid in pids:
        print(f"{script}: stopping pid {pid}, a leftover of an earlier run: {command_line(pid)[:200]}",
              file=sys.stderr)
    terminate(pids, signal_pid, lambda pid: os.path.exists(f"/proc/{pid}"))
    time.sleep(0.5)  # the kernel closes a killed process's sockets as it reaps it


def terminate(targets, send, alive, grace_seconds=10):
    """SIGTERM to every target, then SIGKILL to each one still alive after the grace: send(target, signal) and
    alive(target) say what a target is (a pid, a process group)."""
    for target in targets:
        send(target, signal.SIGTERM)
    deadline = time.time() + grace_seconds
    while any(alive(target) for target in targets) and time.time() < deadline:
        time.sleep(0.1)
    for target in targets:
        if alive(target):
            send(target, signal.SIGKILL)


def signal_pid(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


PR_SET_PDEATHSIG = 1  # prctl(2)
LIBC = ctypes.CDLL(None, use_errno=True)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def die_with_parent():
    """Runs in a started process before it execs: the kernel sends it SIGTERM when the benchmark dies, even of a
    SIGKILL that no finally block or handler sees, so that no server outlives its run holding a port."""
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_on_signal(signum, frame):
    # Python's default for SIGTERM and SIGHUP ends the process on the spot, without running finally blocks or
    # atexit, and would leave every server behind. Raised as SystemExit instead, they unwind like an exception.
    print(f"\nbench: {signal.Signals(signum).name}: stopping what this run started", file=sys.stderr)
    raise SystemExit(128 + signum)


class Processes:
    """Every process the benchmark starts, stopped at the end whatever happens: a normal end, an exception, Ctrl-C,
    SIGTERM or SIGHUP (handlers installed here), leaving the script by another way (atexit), and even a SIGKILL
    of the script (die_with_parent)."""

    def __init__(self, work):
        self.work = work
        self.started = []
        for signum in STOP_SIGNALS:
            signal.signal(signum, stop_on_signal)
        atexit.register(self.stop_all)

    def start(self, name, args, core="1"):
        path = os.path.join(self.work, name + ".log")
        log = open(path, "w")
        # Its own session and process group, so that stopping it stops its children too (nginx's workers).
        process = subprocess.Popen(["taskset", "-c", core] + args, stdout=log, stderr=subprocess.STDOUT,
                                   cwd=self.work, start_new_session=True, preexec_fn=die_with_parent)
        process.log = path
        self.started.append(process)
        return process

    def stop_all(self):
        """SIGTERM to each started process group, then SIGKILL to what is still there 10 s later."""
        for signum in STOP_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)  # a second Ctrl-C must not cut the stopping short
        started, self.started = self.started, []
        terminate(started, signal_group, group_alive)
        for process in started:
            process.wait()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)


def signal_group(process, signum):
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        pass


def group_alive(process):
    """Whether anything of the process's group is left: the process itself (reaped first, or its zombie would
    count) or a child of it whose parent is gone, such as an nginx worker whose master died."""
    process.poll()
    try:
        os.killpg(process.pid, 0)
        return True
    except ProcessLookupError:
        return False


def log_tail(path, lines=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:]).rstrip() or "(empty)"
    except OSError as e:
        return f"(cannot read it: {e.strerror})"


def wait_for(url, what, seconds=60, process=None):
    """Waits until url answers; gives up at once, with the end of its log, when the process meant to answer ends."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            sys.exit(f"bench: {what} exited (code {process.returncode}) before answering {url}; the end of its log,"
                     f" {process.log}:\n{log_tail(process.log)}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status < 500:
                    return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"bench: {what} did not answer {url} within {seconds} s (see its log in the work folder)")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


def peak_rss_mib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            total += int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1))
    return total / 1024


def nginx_config(work, listen, body):
    return f"""
daemon off;
user root;
worker_processes 1;
pid {work}/nginx-{listen}.pid;
error_log {work}/nginx-{listen}-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/body-{listen};
    proxy_temp_path {work}/proxy-{listen};
    keepalive_requests 1000000;
    {body}
}}
"""


def start_backends(procs, work):
    with open(os.path.join(work, "small.json"), "w") as f:
        f.write(SMALL_JSON)
    with open(os.path.join(work, "64k"), "wb") as f:
        f.write(os.urandom(64 * 1024))
    backend = nginx_config(work, BACKEND, f"""
    server {{
        listen 127.0.0.1:{BACKEND};
        root {work};
        location = /small.json {{ default_type application/json; }}
        location = /upload {{ client_max_body_size 2m; return 200 '{{"ok":true}}'; }}
    }}""")
    path = os.path.join(work, "backend.conf")
    with open(path, "w") as f:
        f.write(backend)
    nginx = procs.start("backend-nginx", ["nginx", "-c", path])
    service_b = procs.start("service-b", ["java", *SERVICE_FLAGS, "-jar", f"{ROOT}/service-b/target/service-b.jar",
                                          "--port", str(SERVICE_B)])
    service_a = procs.start("service-a", ["java", *SERVICE_FLAGS, "-jar", f"{ROOT}/service-a/target/service-a.jar",
                                          "--port", str(SERVICE_A)])
    wait_for(f"http://127.0.0.1:{BACKEND}/small.json", "the nginx backend", process=nginx)
    wait_for(f"http://127.0.0.1:{SERVICE_B}/health", "Service B", process=service_b)
    wait_for(f"http://127.0.0.1:{SERVICE_A}/health", "Service A", process=service_a)


def start_nginx_proxy(procs, work):
    proxy = nginx_config(work, NGINX_PROXY, f"""
    upstream backend {{ server 127.0.0.1:{BACKEND}; keepalive 64; }}
    upstream serviceb {{ server 127.0.0.1:{SERVICE_B}; keepalive 64; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
    server {{
        listen 127.0.0.1:{NGINX_PROXY};
        location /b/ {{
            proxy_pass http://backend/;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            client_max_body_size 2m;
        }}
        location /service-b/ {{
            proxy_pass http://serviceb/;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 600s;
        }}
    }}""")
    path = os.path.join(work, "proxy.conf")
    with open(path, "w") as f:
        f.write(proxy)
    master = procs.start("nginx-proxy", ["nginx", "-c", path])
    wait_for(f"http://127.0.0.1:{NGINX_PROXY}/b/small.json", "the nginx proxy", process=master)
    return nginx_workers(master, os.path.join(work, f"nginx-{NGINX_PROXY}-error.log"))


def nginx_workers(master, error_log, seconds=10):
    """The nginx master's worker processes, whose CPU and memory are the proxy's. taskset execs nginx, so the
    process started is the master and the workers are its children; it forks them once it has read its config and
    bound its port, and on a busy machine that can come after the first answer."""
    deadline = time.time() + seconds
    while master.poll() is None and time.time() < deadline:
        workers = subprocess.run(["pgrep", "-P", str(master.pid)], capture_output=True, text=True).stdout.split()
        if workers:
            return [int(pid) for pid in workers]
        time.sleep(0.2)
    state = f"exited (code {master.returncode})" if master.poll() is not None else f"has none after {seconds} s"
    sys.exit(f"bench: found no worker process of the nginx proxy (pid {master.pid}): it {state}. The end of its"
             f" error log, {error_log}:\n{log_tail(error_log)}")


def gateway_config(features_on):
    backend = f"http://127.0.0.1:{BACKEND}"
    return {
        "server": {"port": 0, "maxRequestBodyBytes": 2 * 1024 * 1024 * 1024},
        "routes": [
            {"name": "b", "prefix": "/b", "upstreams": [backend], "timeoutMs": 10000, "cache": {"enabled": False}},
            {"name": "c", "prefix": "/c", "upstreams": [backend], "timeoutMs": 10000},
            {"name": "a", "prefix": "/a", "upstreams": [f"http://127.0.0.1:{SERVICE_A}"], "timeoutMs": 60000},
            {"name": "service-b", "prefix": "/service-b", "upstreams": [f"http://127.0.0.1:{SERVICE_B}"]},
        ],
        "rateLimit": {"enabled": features_on, "limit": 1000000000, "windowSeconds": 1},
        "cache": {"enabled": True},
        "auth": {"enabled": features_on, "keys": {"bench": API_KEY}},
        "breaker": {"enabled": features_on},
        "logging": {"enabled": features_on},
    }


def jvm_options(name):
    """The JVM flags on jvm.options' line NAME=flags, the file run-all.sh takes its defaults from."""
    with open(os.path.join(ROOT, "jvm.options")) as f:
        for line in f:
            key, _, flags = line.strip().partition("=")
            if key == name:
                return flags.split()
    raise SystemExit(f"jvm.options has no line {name}=...")


GATEWAY_FLAGS = jvm_options("GATEWAY_JAVA_OPTS")  # as run-all.sh starts it, so the benchmark measures what students run
SERVICE_FLAGS = jvm_options("LOAD_SERVICE_JAVA_OPTS")


def start_gateway(procs, work, name, port, features_on, heap=None, jar=None):
    config = gateway_config(features_on)
    config["server"]["port"] = port
    path = os.path.join(work, name + ".json")
    with open(path, "w") as f:
        json.dump(config, f)
    flags = [heap] if heap else GATEWAY_FLAGS
    process = procs.start(name, ["java", *flags, "-jar", jar or DEFAULT_JAR, "--config", path])
    wait_for(f"http://127.0.0.1:{port}/health", name, process=process)
    return process.pid


def build_scg():
    """Builds the Spring Cloud Gateway peer (bench/scg/, its own Maven project) when its jar is missing or older
    than its sources."""
    sources = [os.path.join(d, f) for d, _, files in os.walk(SCG_DIR) if "target" not in d for f in files]
    if os.path.exists(SCG_JAR) and all(os.path.getmtime(f) <= os.path.getmtime(SCG_JAR) for f in sources):
        return
    print("bench: building the Spring Cloud Gateway peer (bench/scg/)", file=sys.stderr)
    subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=SCG_DIR, check=True)


def start_scg(procs, port=SCG, name="scg"):
    """Spring Cloud Gateway (reactive, on Netty) with its defaults, the same JVM flags as the gateway, and the
    routes of nginx's proxy: /b/ to the nginx backend, /service-b/ to Service B's WebSockets, prefix stripped."""
    routes = "spring.cloud.gateway.server.webflux.routes"
    args = [f"--server.address=127.0.0.1", f"--server.port={port}"]
    for i, (route, uri, prefix) in enumerate([("b", f"http://127.0.0.1:{BACKEND}", "/b"),
                                              ("service-b", f"ws://127.0.0.1:{SERVICE_B}", "/service-b")]):
        args += [f"--{routes}[{i}].id={route}", f"--{routes}[{i}].uri={uri}",
                 f"--{routes}[{i}].predicates[0]=Path={prefix}/**", f"--{routes}[{i}].filters[0]=StripPrefix=1"]
    process = procs.start(name, ["java", *GATEWAY_FLAGS, "-jar", SCG_JAR, *args])
    wait_for(f"http://127.0.0.1:{port}/b/small.json", "Spring Cloud Gateway", seconds=120, process=process)
    return process.pid


def wrk(url, seconds, connections=32, headers=(), script=None):
    args = ["taskset", "-c", "0", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        args += ["-H", header]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0

    def latency(percent):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {"rps": rps, "requests": requests, "errors": errors, "p50": latency(50), "p99": latency(99)}


def ws_load(url, mode, connections, seconds):
    out = subprocess.run(["taskset", "-c", "0", "java", f"{ROOT}/bench/WsLoad.java", mode, url, str(connections),
                          str(seconds)], capture_output=True, text=True, timeout=seconds + 180).stdout
    return json.loads(out.strip().splitlines()[-1])


def jit_seconds(pids):
    """Seconds the JIT compilers of these JVMs have worked so far (the Time column of jstat -compiler)."""
    return sum(float(sh("jstat", "-compiler", str(pid)).splitlines()[1].split()[3]) for pid in pids)


def warm_up(target, run, seconds, most=15):
    """Runs a case until the JVM's JIT compiled for under 2% of a run, so that what is measured is the steady
    state. A proxied request's hot path took 80 s of load on the pinned core to get there (requests/s rose from
    1,600 to 7,300 meanwhile); a fixed warm-up left the gateway with every step on mid-way. Non-JVM targets
    (nginx) run once."""
    if not target.get("jvm"):
        run()
        return
    for _ in range(most):
        before = jit_seconds(target["pids"])
        run()
        if jit_seconds(target["pids"]) - before < 0.02 * seconds:
            return


def measure(target, run):
    before = cpu_seconds(target["pids"]) if target["pids"] else None
    result = run()
    if before is not None:
        count = result.get("requests") or result.get("messages") or 0
        used = cpu_seconds(target["pids"]) - before
        result["cpu_us"] = used / count * 1e6 if count else None
    return result


def fmt_range(values, digits=0):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    median = statistics.median(values)
    return f"{median:,.{digits}f} ({min(values):,.{digits}f}-{max(values):,.{digits}f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 round of 3 s: a check, not a measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--cases", help="comma-separated: only the cases whose names contain one of these;"
                        " 'held' is the 1,000 WebSockets held open (each proxy a JVM started for it);"
                        " the 1 GiB transfers run only without this")
    parser.add_argument("--warm-runs", type=int, default=15,
                        help="at most this many warm-up runs per case and JVM target (the JIT may still be busy)")
    parser.add_argument("--jar", default=DEFAULT_JAR,
                        help="the gateway jar to measure (default: the one the build makes)")
    parser.add_argument("--compare", metavar="JAR", action="append", default=[],
                        help="also measure this gateway jar (an earlier build, say) as the target 'gateway, other"
                        " build', steps off, beside this one in the same run; given again, 'other build 2', ...")
    add_kill_leftovers(parser)
    options = parser.parse_args()
    rounds, seconds = (1, 3) if options.quick else (options.rounds, options.seconds)
    wanted = [w.strip().lower() for w in options.cases.split(",") if w.strip()] if options.cases else []
    for tool in ("wrk", "nginx", "taskset", "java", "mvn"):
        if not shutil.which(tool):
            sys.exit(f"bench: '{tool}' is missing (Debian: apt-get install wrk nginx-light util-linux)")
    if os.cpu_count() < 2:
        sys.exit("bench: needs at least 2 cores (load on one, the system under test on another)")
    ports = [BACKEND, SERVICE_B, SERVICE_A, NGINX_PROXY, GW_LEAN, GW_FULL, SCG, GW_HELD, SCG_HELD]
    ports += [GW_OTHER + i for i in range(len(options.compare))] + ([] if wanted else [GW_SMALL_HEAP])
    ports += [GW_OTHER_HELD + i for i in range(len(options.compare))]
    check_ports(ports, options.kill_leftovers, "bench/run.py")
    if not all(os.path.exists(f"{ROOT}/{m}/target/{m}.jar") for m in ("service-a", "service-b", "gateway")):
        subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=ROOT, check=True)
    build_scg()

    work = tempfile.mkdtemp(prefix="gateway-bench-")
    procs = Processes(work)
    try:
        start_backends(procs, work)
        nginx_workers = start_nginx_proxy(procs, work)
        jar = os.path.abspath(options.jar)
        lean = start_gateway(procs, work, "gateway-lean", GW_LEAN, features_on=False, jar=jar)
        full = start_gateway(procs, work, "gateway-full", GW_FULL, features_on=True, jar=jar)
        scg_pid = start_scg(procs)
        upload_script = os.path.join(work, "upload.lua")
        with open(upload_script, "w") as f:
            f.write('wrk.method = "POST"\nwrk.body = string.rep("u", 1024 * 1024)\n'
                    'wrk.headers["Content-Type"] = "application/octet-stream"\n')

        key = f"X-API-Key: {API_KEY}"
        direct = {"name": "direct", "pids": None}
        nginx = {"name": "nginx", "pids": nginx_workers}
        gw = {"name": "gateway", "pids": [lean], "jvm": True}
        gw_full = {"name": "gateway, all steps on", "pids": [full], "jvm": True}
        scg = {"name": "Spring Cloud Gateway", "pids": [scg_pid], "jvm": True}
        others = []  # (target, port) for each --compare
        for i, other_jar in enumerate(options.compare):
            name = "gateway, other build" + (f" {i + 1}" if i else "")
            other_pid = start_gateway(procs, work, name.replace(", ", "-").replace(" ", "-"), GW_OTHER + i,
                                      features_on=False, jar=os.path.abspath(other_jar))
            others.append(({"name": name, "pids": [other_pid], "jvm": True}, GW_OTHER + i))
        cases = [
            ("small JSON (cache miss)", [
                (direct, lambda: wrk(f"http://127.0.0.1:{BACKEND}/small.json", seconds)),
                (nginx, lambda: wrk(f"http://127.0.0.1:{NGINX_PROXY}/b/small.json", seconds)),
                (gw, lambda port=GW_LEAN: wrk(f"http://127.0.0.1:{port}/b/small.json", seconds)),
                (gw_full, lambda: wrk(f"http://127.0.0.1:{GW_FULL}/b/small.json", seconds, headers=[key])),
                (scg, lambda: wrk(f"http://127.0.0.1:{SCG}/b/small.json", seconds))]),
            ("small JSON (cache hit)", [
                (nginx, lambda: wrk(f"http://127.0.0.1:{NGINX_PROXY}/b/small.json", seconds)),
                (gw, lambda port=GW_LEAN: wrk(f"http://127.0.0.1:{port}/c/small.json", seconds))]),
            ("64 KiB response", [
                (direct, lambda: wrk(f"http://127.0.0.1:{BACKEND}/64k", seconds)),
                (nginx, lambda: wrk(f"http://127.0.0.1:{NGINX_PROXY}/b/64k", seconds)),
                (gw, lambda port=GW_LEAN: wrk(f"http://127.0.0.1:{port}/b/64k", seconds)),
                (scg, lambda: wrk(f"http://127.0.0.1:{SCG}/b/64k", seconds))]),
            ("1 MiB upload", [
                (direct, lambda: wrk(f"http://127.0.0.1:{BACKEND}/upload", seconds, script=upload_script)),
                (nginx, lambda: wrk(f"http://127.0.0.1:{NGINX_PROXY}/b/upload", seconds, script=upload_script)),
                (gw, lambda port=GW_LEAN: wrk(f"http://127.0.0.1:{port}/b/upload", seconds, script=upload_script)),
                (scg, lambda: wrk(f"http://127.0.0.1:{SCG}/b/upload", seconds, script=upload_script))]),
        ]
        for connections in (32, 128):
            cases.append((f"WebSocket echo, {connections} connections", [
                (direct, lambda c=connections: ws_load(f"ws://127.0.0.1:{SERVICE_B}/ws", "echo", c, seconds)),
                (nginx, lambda c=connections: ws_load(f"ws://127.0.0.1:{NGINX_PROXY}/service-b/ws", "echo", c,
                                                      seconds)),
                (gw, lambda c=connections, port=GW_LEAN: ws_load(f"ws://127.0.0.1:{port}/service-b/ws", "echo", c,
                                                                 seconds)),
                (scg, lambda c=connections: ws_load(f"ws://127.0.0.1:{SCG}/service-b/ws", "echo", c, seconds))]))
        for other, other_port in others:
            for _, targets in cases:
                for target, run in list(targets):
                    if target is gw:
                        # The same load, sent to the other build's port instead.
                        targets.append((other, lambda run=run, port=other_port: run(port=port)))
        if wanted:
            cases = [case for case in cases if any(w in case[0].lower() for w in wanted)]

        print(f"bench: warming up every target until its JIT is done, then {rounds} round(s) of {seconds} s per case"
              " and target", file=sys.stderr)
        # The JVM compiles its hot paths while the first runs go on, on the same core as the requests: every case
        # runs on every target until the JIT is done with it, so the figures are the steady state.
        for _, targets in cases:
            for target, run in targets:
                if options.quick:
                    run()
                else:
                    warm_up(target, run, seconds, most=options.warm_runs)
        results = {}
        for round_number in range(rounds):
            for case, targets in cases:
                order = targets if round_number % 2 == 0 else list(reversed(targets))
                for target, run in order:
                    result = measure(target, run)
                    results.setdefault((case, target["name"]), []).append(result)
                    print(f"  round {round_number + 1} {case:38} {target['name']:24} "
                          f"{result.get('rps', result.get('messagesPerSecond', 0)):>10,.0f}/s", file=sys.stderr)

        rss = {"gateway": peak_rss_mib([lean]), "gateway, all steps on": peak_rss_mib([full]),
               "Spring Cloud Gateway": peak_rss_mib([scg_pid]), "nginx (worker)": peak_rss_mib(nginx_workers)}
        held = big = None
        if not wanted or "held" in wanted:
            held = hold_websockets(procs, work, jar, [other["name"] for other, _ in others], options.compare,
                                   max(5, seconds))
        if not wanted:
            big = big_transfers(procs, work, jar)
        report = render(cases, results, rounds, seconds, held, rss, big, options)
    finally:
        procs.stop_all()
    with open(os.path.join(ROOT, "bench", "RESULTS.md"), "w") as f:
        f.write(report)
    print(report)
    shutil.rmtree(work, ignore_errors=True)


def hold_websockets(procs, work, jar, other_names, other_jars, seconds):
    """1,000 idle WebSockets held open through the gateway, SCG and each other build, each a JVM started for it
    with run-all.sh's flags: its peak RSS (VmHWM, which only grows) is then what holding them costs, whatever
    loads ran before in the same benchmark run. Returns, per target, ws_load's result with the peak RSS added."""
    holders = [("gateway", GW_HELD, start_gateway(procs, work, "gateway-held", GW_HELD, features_on=False, jar=jar)),
               (SCG_NAME, SCG_HELD, start_scg(procs, SCG_HELD, "scg-held"))]
    for i, (name, other_jar) in enumerate(zip(other_names, other_jars)):
        pid = start_gateway(procs, work, f"other-held-{i + 1}", GW_OTHER_HELD + i, features_on=False,
                            jar=os.path.abspath(other_jar))
        holders.append((name, GW_OTHER_HELD + i, pid))
    held = {}
    for name, port, pid in holders:
        held[name] = ws_load(f"ws://127.0.0.1:{port}/service-b/ws", "hold", 1000, seconds)
        held[name]["rss"] = peak_rss_mib([pid])
    return held


def big_transfers(procs, work, jar):
    """A 1 GiB download and a 1 GiB upload through a gateway limited to a 64 MiB heap."""
    small = start_gateway(procs, work, "gateway-64m", GW_SMALL_HEAP, features_on=False, heap="-Xmx64m",
                          jar=jar)
    gib = 1024 * 1024 * 1024
    down = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
                           f"http://127.0.0.1:{GW_SMALL_HEAP}/a/bytes/{gib}"], capture_output=True, text=True,
                          timeout=600).stdout.split()
    # -T - streams stdin chunked; --data-binary @- would read all of it into curl's memory first.
    upload = subprocess.run(f"head -c {gib} /dev/zero | curl -s -H 'Content-Type: application/octet-stream'"
                            f" -T - http://127.0.0.1:{GW_SMALL_HEAP}/a/inspect", shell=True,
                            capture_output=True, text=True, timeout=600).stdout
    try:
        uploaded = json.loads(upload)["bodyBytes"]
    except (ValueError, KeyError):
        uploaded = None
    return {"download": down[0] == "200" and int(down[1]) == gib, "upload": uploaded == gib,
            "rss": peak_rss_mib([small]), "alive": procs.started[-1].poll() is None}


SCG_NAME = "Spring Cloud Gateway"


def render(cases, results, rounds, seconds, held, rss, big, options):
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    lines = [
        "# Benchmark results",
        "",
        f"`python3 bench/run.py` on {os.cpu_count()} cores ({cpu}), {time.strftime('%Y-%m-%d')}: {rounds} round(s)"
        f" of {seconds} s per case and target, load (wrk -t1 -c32, or bench/WsLoad.java) on core 0, backend and"
        " proxy on core 1. Figures are medians with min-max over the rounds; ratios compare medians taken in the"
        " same run. The HTTP backend is nginx serving static answers; the WebSocket backend is Service B.",
        "",
        "| case | target | requests/s | p50 ms | p99 ms | errors | CPU µs/request | × direct | × nginx | × SCG |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    all_medians = {}
    for case, targets in cases:
        medians = all_medians[case] = {}
        for target, _ in targets:
            runs = results[(case, target["name"])]
            medians[target["name"]] = statistics.median(r.get("rps", r.get("messagesPerSecond", 0)) for r in runs)
        for target, _ in targets:
            name = target["name"]
            runs = results[(case, name)]
            rate = fmt_range([r.get("rps", r.get("messagesPerSecond")) for r in runs])
            p50 = fmt_range([r.get("p50") for r in runs], 2)
            p99 = fmt_range([r.get("p99") for r in runs], 2)
            errors = sum(r.get("errors", 0) for r in runs)
            cpu_us = fmt_range([r.get("cpu_us") for r in runs], 1)
            vs_direct = f"{medians[name] / medians['direct']:.2f}" if "direct" in medians else "-"
            vs_nginx = f"{medians[name] / medians['nginx']:.2f}" if "nginx" in medians else "-"
            vs_scg = f"{medians[name] / medians[SCG_NAME]:.2f}" if SCG_NAME in medians else "-"
            lines.append(f"| {case} | {name} | {rate} | {p50} | {p99} | {errors} | {cpu_us} | {vs_direct} |"
                         f" {vs_nginx} | {vs_scg} |")
    lines += [
        "",
        "WebSocket figures are messages/s (echo round trips) instead of requests/s. Spring Cloud Gateway (SCG) is"
        " bench/scg/: reactive, defaults, started with the gateway's JVM flags."
        + (f" The gateway is {os.path.basename(options.jar)}." if options.jar != DEFAULT_JAR else "")
        + "".join(f" \"gateway, other build{f' {i + 1}' if i else ''}\" is {os.path.basename(jar)}."
                  for i, jar in enumerate(options.compare)),
        "",
        "| memory and capacity | result |",
        "|---|---|",
        f"| peak RSS under the loads above, gateway ({' '.join(GATEWAY_FLAGS)}, as run-all.sh) |"
        f" {rss['gateway']:.0f} MiB |",
        f"| peak RSS, gateway with every step on | {rss['gateway, all steps on']:.0f} MiB |",
        f"| peak RSS under the loads above, Spring Cloud Gateway (same flags) | {rss[SCG_NAME]:.0f} MiB |",
        f"| peak RSS, nginx proxy worker | {rss['nginx (worker)']:.0f} MiB |",
    ]
    if held:
        for name in held:
            lines.append(f"| 1,000 idle WebSockets held through {'the gateway' if name == 'gateway' else name} |"
                         f" {held[name]['usable']} of {held[name]['held']} still echo ({held[name]['errors']} errors);"
                         f" peak RSS {held[name]['rss']:.0f} MiB (a JVM started for this) |")
    if big:
        lines += [
            f"| 1 GiB download through a gateway with -Xmx64m | {'complete' if big['download'] else 'FAILED'} |",
            f"| 1 GiB upload through a gateway with -Xmx64m | {'complete' if big['upload'] else 'FAILED'}"
            f" (peak RSS {big['rss']:.0f} MiB, {'still running' if big['alive'] else 'DIED'}) |",
        ]
    lines += targets_met(all_medians, held)
    lines.append("")
    return "\n".join(lines)


# The gateway's targets against Spring Cloud Gateway (docs/performance.md): case, wanted, lowest ratio, and whether
# the ratio must be above it rather than at least it.
SCG_TARGETS = [("small JSON (cache miss)", "ahead", 1.0, True), ("64 KiB response", "≥ 1×", 1.0, False),
               ("WebSocket echo, 32 connections", "≥ 0.75×", 0.75, False),
               ("WebSocket echo, 128 connections", "≥ 0.75×", 0.75, False)]
HELD_TARGET_MIB = 256


def targets_met(medians, held):
    """The targets, each checked against this run's own figures (those of the cases it ran)."""
    lines = ["", "| target, in this run | wanted | measured | met |", "|---|---|---|---|"]
    for case, wanted, lowest, above in SCG_TARGETS:
        if case in medians and SCG_NAME in medians[case]:
            ratio = medians[case]["gateway"] / medians[case][SCG_NAME]
            met = ratio > lowest if above else ratio >= lowest
            lines.append(f"| {case}, gateway × SCG | {wanted} | {ratio:.2f}× | {'yes' if met else 'no'} |")
    if held:
        rss = held["gateway"]["rss"]
        lines.append(f"| 1,000 WebSockets held, gateway's peak RSS | ≤ {HELD_TARGET_MIB} MiB | {rss:.0f} MiB"
                     f" ({held['gateway']['usable']} of 1,000 still echo) |"
                     f" {'yes' if rss <= HELD_TARGET_MIB and held['gateway']['usable'] == 1000 else 'no'} |")
    return lines if len(lines) > 3 else []


if __name__ == "__main__":
    main()
