"""Intake benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/intake/run.py                 # text-only and 1 MB photo runs
    .venv/bin/python bench/intake/run.py --text-only     # skip the photo run
    .venv/bin/python bench/intake/run.py --threads 4     # gthread workers instead of sync

Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_bench_intake), migrates it and
loads the regions. Then, for text reports at 8 and 32 clients and 1 MB photo reports at 32, it
measures the floor (bench/floor/floor_app.py: a minimal Django view that parses the same body,
hashes the file and does one INSERT) and Netral back to back, each under gunicorn with two sync
workers on 127.0.0.1:NETRAL_BENCH_PORT (default 8102; demo mode, var dir /tmp/netral-bench-var,
rate limits off through bench_settings.py), and prints each result and the ratios of the pair
(throughput, p95, worker RSS). Drops the database and removes the evidence files it wrote at the
end. Nothing else is touched.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

PG_NAME = common.database("netral_bench_intake")
PORT = common.port(8102)
FLOOR_DIR = common.BENCH / "floor"
# (mode, clients) measured against the floor, interleaved: floor, Netral, next.
RUNS = [("text", 8), ("text", 32), ("photo", 32)]
VAR_DIR = Path("/tmp/netral-bench-var")


def _env() -> dict[str, str]:
    return common.env(PG_NAME, VAR_DIR, HERE)


def _floor_env() -> dict[str, str]:
    env = _env()
    env.update(DJANGO_SETTINGS_MODULE="floor_app", PYTHONPATH=str(FLOOR_DIR))
    return env


def _port_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def _cpu_seconds(pid: int) -> float:
    """User plus system CPU time of one process, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [int(pid) for pid in children]


def _backend_pids() -> list[int]:
    rows = common.pg("SELECT pid FROM pg_stat_activity WHERE datname = %s", PG_NAME)
    return [row[0] for row in rows]


def _cpu_snapshot(server: subprocess.Popen) -> dict[str, dict[int, float]]:
    return {
        "gunicorn": {pid: _cpu_seconds(pid) for pid in _worker_pids(server)},
        "postgres": {pid: _cpu_seconds(pid) for pid in _backend_pids()},
    }


def _spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU used between two snapshots; a process that started in between counts from zero (one
    that ended in between is missed: database connections live 60 s, so few do)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _loadgen(*args: str, server: subprocess.Popen | None = None) -> dict:
    """One bounded load run; with `server`, also CPU milliseconds per accepted report."""
    command = [sys.executable, str(HERE / "loadgen.py"), "--port", str(PORT), *args]
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
    """gunicorn with two workers on PORT, serving Netral or the floor app."""
    wsgi = "config.wsgi" if app == "netral" else "django.core.wsgi:get_wsgi_application()"
    env = _env() if app == "netral" else _floor_env()
    return common.gunicorn(PORT, env, wsgi=wsgi, threads=threads)


def _worker_rss_mb(server: subprocess.Popen) -> float:
    """The largest resident set of the server's workers, in MB."""
    sizes = []
    for pid in _worker_pids(server):
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(status.split("VmRSS:")[1].split()[0]) / 1024)
    return round(max(sizes, default=0.0), 1)


def _measure(app: str, mode: str, clients: int, seconds: str, threads: int) -> dict:
    server = _start(app, threads)
    try:
        warm = ["--requests", "300", "--seconds", "15", "--clients", str(clients)]
        _loadgen(*warm)  # warm both workers
        args = ["--clients", str(clients), "--seconds", seconds]
        args += ["--photo", "--requests", "1500"] if mode == "photo" else ["--requests", "15000"]
        result = _loadgen(*args, server=server)
        result["app"] = app
        result["worker_rss_mb"] = _worker_rss_mb(server)
        return result
    finally:
        common.stop(server)


def _ratios(netral: dict, floor: dict) -> dict:
    return {
        "mode": netral["mode"],
        "clients": netral["clients"],
        "throughput_ratio": round(
            netral["accepted_per_second"] / max(floor["accepted_per_second"], 0.1), 2
        ),
        "p95_ratio": round(netral["p95_ms"] / max(floor["p95_ms"], 0.1), 2),
        "rss_ratio": round(netral["worker_rss_mb"] / max(floor["worker_rss_mb"], 0.1), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-only", action="store_true")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument(
        "--threads", type=int, default=0, help="gthread workers with N threads (default: sync)"
    )
    args = parser.parse_args()
    if not _port_free():
        raise SystemExit(f"127.0.0.1:{PORT} is in use: stop that server first")
    try:
        common.fresh_database(PG_NAME, VAR_DIR)
        runs = [run for run in RUNS if not (args.text_only and run[0] == "photo")]
        for mode, clients in runs:
            floor = _measure("floor", mode, clients, str(args.seconds), args.threads)
            netral = _measure("netral", mode, clients, str(args.seconds), args.threads)
            for result in (floor, netral):
                print(json.dumps(result))
            print(json.dumps({"ratios": _ratios(netral, floor)}))
    finally:
        common.drop_database(PG_NAME, VAR_DIR)


if __name__ == "__main__":
    main()
