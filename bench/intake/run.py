"""Intake benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/intake/run.py                 # text-only and 1 MB photo runs
    .venv/bin/python bench/intake/run.py --text-only     # skip the photo run
    .venv/bin/python bench/intake/run.py --threads 4     # gthread workers instead of sync

Creates the PostgreSQL database netral_bench_intake, migrates it and loads the regions, starts
gunicorn with two sync workers on 127.0.0.1:8102 (demo mode, var dir /tmp/netral-bench-var,
rate limits off through bench_settings.py), runs loadgen.py with 32 clients, then stops gunicorn,
drops the database and removes the evidence files it wrote. Nothing else is touched.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = os.environ.get("NETRAL_BENCH_DB", "netral_bench_intake")
PORT = 8102
VAR_DIR = Path("/tmp/netral-bench-var")


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=PG_SERVER + PG_NAME,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR=str(VAR_DIR),
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join([str(HERE), str(ROOT)]),
        NETRAL_LOG_LEVEL="WARNING",
    )
    return env


def _netral(*args: str) -> None:
    subprocess.run([str(ROOT / ".venv/bin/netral"), *args], env=_env(), check=True, cwd=ROOT)


def _port_free() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) != 0


def _wait_for_server(server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; is the port taken?")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer on /healthz")


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
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", (PG_NAME,)
        ).fetchall()
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
    _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
    _pg(f"CREATE DATABASE {PG_NAME}")
    server = None
    try:
        _netral("migrate", "--verbosity", "0")
        _netral("load-regions")
        command = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "-w", "2"]
        command += ["-b", f"127.0.0.1:{PORT}"]
        if args.threads:
            command += ["--threads", str(args.threads)]
        server = subprocess.Popen(command, env=_env(), cwd=ROOT)
        _wait_for_server(server, time.monotonic() + 30)
        _loadgen("--requests", "300", "--seconds", "15")  # warm both workers
        seconds = str(args.seconds)
        results = [_loadgen("--requests", "15000", "--seconds", seconds, server=server)]
        if not args.text_only:
            photo = ["--photo", "--requests", "1500", "--seconds", seconds]
            results.append(_loadgen(*photo, server=server))
        for result in results:
            print(json.dumps(result))
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
        shutil.rmtree(VAR_DIR / "media", ignore_errors=True)


if __name__ == "__main__":
    main()
