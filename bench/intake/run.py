"""Intake benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/intake/run.py                 # text-only and 1 MB photo runs
    .venv/bin/python bench/intake/run.py --text-only     # skip the photo run
    .venv/bin/python bench/intake/run.py --threads 4     # gthread workers instead of sync
    .venv/bin/python bench/intake/run.py --text-only --repeat 3   # medians and ranges of ratios
    .venv/bin/python bench/intake/run.py --text-only --rate-limits  # limits on, many addresses
    .venv/bin/python bench/intake/run.py --text-only --stack  # and the fixed stack's floor

Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_bench_intake), migrates it and
loads the regions. Then, for text reports at 8 and 32 clients and 1 MB photo reports at 32, it
measures the floor (bench/floor/floor_app.py: a minimal Django view that parses the same body,
hashes the file and does one INSERT) and Netral back to back, each under gunicorn with two sync
workers on 127.0.0.1:NETRAL_BENCH_PORT (default 8102; demo mode, var dir NETRAL_BENCH_VAR or
/tmp/netral-bench-var, rate limits off through bench_settings.py), and prints each result and
the ratios of the pair (throughput, p95, worker RSS). The report form page (`GET /lapor/baru/`) is
timed against the floor's tiny page (`/tiny`: one indexed read, a small HTML answer), one
request at a time, so the time is the server's. With --repeat N the pairs run N times and the
medians and ranges of the ratios are printed with the load average. Drops the database and
removes the evidence files it wrote at the end. Nothing else is touched.

Every measured run starts from the same page cache: the evidence files earlier runs stored are
removed and the rest written back (`sync`), so no run pays for another's files. A photo run then
writes its own back and reports the machine's CPU for it per report
(`writeback_cpu_ms_per_report`), which its other figures leave out and which the floor, storing
nothing, does not have.

With --rate-limits Netral runs with its public rate limits on, as in production behind a
reverse proxy (NETRAL_CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR), and the load generator sends
every report, to Netral and to the floor alike, from one of ADDRESSES addresses in
X-Forwarded-For: the limits count per address as they would for a province's reporters.

With --stack the text runs also measure bench/floor/stack_app.py (the platform's fixed stack,
Django's contrib apps and django-ninja, with no Netral code) after the floor, and print its
ratios to the floor: the share of a ratio that no change inside Netral can remove.
"""

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

PG_NAME = common.database("netral_bench_intake")
PORT = common.port(8102)
FLOOR_DIR = common.BENCH / "floor"
# (mode, clients) measured against the floor, interleaved: floor, (stack,) Netral, next.
RUNS = [("text", 8), ("text", 32), ("form", 1), ("photo", 32)]
FORM_REQUESTS = 300
FORM_PATH = "/lapor/baru/"  # the report form (/lapor/ is the page that explains the tracks)
VAR_DIR = Path(os.environ.get("NETRAL_BENCH_VAR", "/tmp/netral-bench-var"))
ADDRESSES = 50_000  # reporters' addresses with --rate-limits (each sends far below 10 a minute)
LOADGEN_ARGS: list[str] = []  # set by --rate-limits


def _env() -> dict[str, str]:
    return common.env(PG_NAME, VAR_DIR, HERE)


def _netral_env() -> dict[str, str]:
    env = _env()
    if LOADGEN_ARGS:
        env.update(NETRAL_BENCH_RATE_LIMITS="1", NETRAL_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    return env


def _floor_env(settings: str = "floor_app") -> dict[str, str]:
    env = _env()
    env.update(DJANGO_SETTINGS_MODULE=settings, PYTHONPATH=str(FLOOR_DIR))
    return env


def _port_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def _worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def _backend_pids() -> list[int]:
    rows = common.pg("SELECT pid FROM pg_stat_activity WHERE datname = %s", PG_NAME)
    return [row[0] for row in rows]


def _cpu_snapshot(server: subprocess.Popen) -> dict[str, dict[int, float]]:
    return {
        "gunicorn": {pid: common.cpu_seconds(pid) for pid in _worker_pids(server)},
        "postgres": {pid: common.cpu_seconds(pid) for pid in _backend_pids()},
    }


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two snapshots; a process that started in between counts from zero (one
    that ended in between is missed: database connections live 60 s, so few do)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _loadgen(*args: str, server: subprocess.Popen | None = None) -> dict:
    """One bounded load run; with `server`, also CPU milliseconds per accepted report."""
    command = [sys.executable, str(HERE / "loadgen.py"), "--port", str(PORT), *LOADGEN_ARGS, *args]
    before = _cpu_snapshot(server) if server else {}
    load_before = os.getloadavg()[0]
    own_before = os.times()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    own_after = os.times()
    result: dict = json.loads(output.strip().splitlines()[-1])
    if server and result["accepted"]:
        after = _cpu_snapshot(server)
        spent = {name: _spent(before[name], after[name]) for name in after}
        spent["loadgen"] = (own_after.children_user + own_after.children_system) - (
            own_before.children_user + own_before.children_system
        )
        result["cpu_ms_per_report"] = {
            name: round(seconds * 1000 / result["accepted"], 2) for name, seconds in spent.items()
        }
        result["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


def _start(app: str, threads: int) -> subprocess.Popen:
    """gunicorn with two workers on PORT, serving Netral, the floor or the stack's floor."""
    wsgi = "config.wsgi" if app == "netral" else "django.core.wsgi:get_wsgi_application()"
    env = _netral_env() if app == "netral" else _floor_env(f"{app}_app")
    return common.gunicorn(PORT, env, wsgi=wsgi, threads=threads)


def _worker_rss_mb(server: subprocess.Popen) -> float:
    """The largest resident set of the server's workers, in MB."""
    return round(max((common.rss_mb(pid) for pid in _worker_pids(server)), default=0.0), 1)


def _page_times(path: str, count: int) -> dict:
    """One client, one request at a time: the latency is the server's time (and the loopback)."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    samples = []
    load_before = os.getloadavg()[0]
    try:
        for number in range(count + 20):
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"GET {path} answered {response.status}")
            if number >= 20:  # the first ones warm both workers' templates and caches
                samples.append((time.perf_counter() - started) * 1000)
    finally:
        connection.close()
    return {
        "mode": "form",
        "clients": 1,
        "path": path,
        "requests": count,
        "accepted_per_second": round(1000 / statistics.mean(samples), 1),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(common.p95(samples), 2),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def _measure(app: str, mode: str, clients: int, seconds: str, threads: int) -> dict:
    server = _start(app, threads)
    try:
        if mode == "form":
            result = _page_times("/tiny" if app == "floor" else FORM_PATH, FORM_REQUESTS)
            result["app"] = app
            result["worker_rss_mb"] = _worker_rss_mb(server)
            return result
        warm = ["--requests", "300", "--seconds", "15", "--clients", str(clients)]
        _loadgen(*warm)  # warm both workers
        _forget_stored_files()
        args = ["--clients", str(clients), "--seconds", seconds]
        args += ["--photo", "--requests", "1500"] if mode == "photo" else ["--requests", "15000"]
        result = _loadgen(*args, server=server)
        if mode == "photo":
            result["writeback_cpu_ms_per_report"] = _writeback_ms(result["accepted"])
        result["app"] = app
        result["worker_rss_mb"] = _worker_rss_mb(server)
        return result
    finally:
        common.stop(server)


def _forget_stored_files() -> None:
    """Every run starts from the same page cache: the evidence earlier runs stored is removed
    (nothing reads it again), and what is left reaches the disk now rather than during the run
    (the kernel writes files back up to 30 s later), so no run pays for another's files.

    On a virtual machine, memory the guest has not used yet costs about five times as much to
    write a file into as memory a removed file gave back (1 MB: 3.3-3.5 ms of CPU against
    0.4-0.8 ms here); a server whose page cache is full recycles memory, and so does a run that
    starts this way. Kept, the earlier runs' files made every later photo run 20-25% slower."""
    shutil.rmtree(VAR_DIR / "media" / "evidence", ignore_errors=True)
    os.sync()


def _writeback_ms(reports: int) -> float:
    """The machine's CPU milliseconds per report spent writing this run's files to the disk,
    which no run's own figures include: the kernel does most of it after the run."""
    before = common.busy_cpu_seconds()
    os.sync()
    return round((common.busy_cpu_seconds() - before) * 1000 / max(reports, 1), 2)


def _ratios(netral: dict, floor: dict) -> dict:
    extra = {}
    if netral["mode"] == "form":
        extra["p50_ratio"] = round(netral["p50_ms"] / max(floor["p50_ms"], 0.01), 2)
    return {
        "mode": netral["mode"],
        "clients": netral["clients"],
        **extra,
        "throughput_ratio": round(
            netral["accepted_per_second"] / max(floor["accepted_per_second"], 0.1), 2
        ),
        "p95_ratio": round(netral["p95_ms"] / max(floor["p95_ms"], 0.1), 2),
        "rss_ratio": round(netral["worker_rss_mb"] / max(floor["worker_rss_mb"], 0.1), 2),
        "load_average": netral.get("load_average"),
    }


def _summary(all_ratios: list[dict]) -> list[dict]:
    """Median and range of each ratio over the repeats, per (mode, clients)."""
    out = []
    for key in dict.fromkeys((r["mode"], r["clients"]) for r in all_ratios):
        rows = [r for r in all_ratios if (r["mode"], r["clients"]) == key]
        summary: dict = {"mode": key[0], "clients": key[1], "runs": len(rows)}
        for name in ("throughput_ratio", "p95_ratio", "p50_ratio", "rss_ratio"):
            values = [r[name] for r in rows if name in r]
            if values:
                summary[name] = {
                    "median": round(statistics.median(values), 2),
                    "range": [min(values), max(values)],
                }
        loads = [value for r in rows for value in (r.get("load_average") or [])]
        summary["load_average_range"] = [min(loads, default=0), max(loads, default=0)]
        out.append(summary)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-only", action="store_true")
    parser.add_argument("--photo-only", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="run every pair N times")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--threads", type=int, default=0, help="gthread workers with N threads (default: sync)"
    )
    parser.add_argument(
        "--rate-limits",
        action="store_true",
        help="Netral's rate limits on, reports from many addresses (X-Forwarded-For)",
    )
    parser.add_argument(
        "--stack", action="store_true", help="text runs also measure the fixed stack's floor"
    )
    args = parser.parse_args()
    if args.rate_limits:
        LOADGEN_ARGS[:] = ["--addresses", str(ADDRESSES)]
    if not _port_free():
        raise SystemExit(f"127.0.0.1:{PORT} is in use: stop that server first")
    try:
        common.fresh_database(PG_NAME, VAR_DIR)
        runs = [run for run in RUNS if not (args.text_only and run[0] == "photo")]
        if args.photo_only:
            runs = [run for run in RUNS if run[0] == "photo"]
        all_ratios, stack_ratios = [], []
        for _round in range(args.repeat):
            for mode, clients in runs:
                floor = _measure("floor", mode, clients, str(args.seconds), args.threads)
                if args.stack and mode == "text":
                    stack = _measure("stack", mode, clients, str(args.seconds), args.threads)
                    print(json.dumps(stack), flush=True)
                    stack_ratios.append(_ratios(stack, floor))
                    print(json.dumps({"stack_ratios": stack_ratios[-1]}), flush=True)
                netral = _measure("netral", mode, clients, str(args.seconds), args.threads)
                for result in (floor, netral):
                    print(json.dumps(result), flush=True)
                all_ratios.append(_ratios(netral, floor))
                print(json.dumps({"ratios": all_ratios[-1]}), flush=True)
        for summary in _summary(all_ratios):
            print(json.dumps({"summary": summary}), flush=True)
        for summary in _summary(stack_ratios):
            print(json.dumps({"stack_summary": summary}), flush=True)
    finally:
        common.drop_database(PG_NAME, VAR_DIR)


if __name__ == "__main__":
    main()
