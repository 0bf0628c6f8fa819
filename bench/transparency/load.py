"""Public pages under HTTP load, run by hand (not part of the test suite):

    .venv/bin/python bench/transparency/load.py --database-url postgres://…/netral_x_demo
    .venv/bin/python bench/transparency/load.py --database-url … --clients 16 --seconds 20

Two gunicorn processes (2 sync workers, as in bench/intake) on 127.0.0.1:PORT serve first the
floor (bench/floor/floor_app.py `/tiny`: one indexed row read and a small HTML answer), then
Netral's public pages, on the same database. A load generator in a second process (this file
with `--loadgen`; threads with keep-alive connections) asks for the pages in turn for SECONDS
and prints requests per second and latency percentiles; the script prints both runs and their
ratios. The pages are requested once before the run, so they are served from the cache, as
the public is served (the cold cost is bench/transparency/run.py's). The issue's target: 200
requests per second on this machine with two web processes.
"""

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOOR_DIR = ROOT / "bench" / "floor"
GUNICORN = Path(sys.executable).with_name("gunicorn")
PORT = int(os.environ.get("NETRAL_BENCH_PORT", "8106"))
PAGES = [
    "/publik/",
    "/publik/statistik/",
    "/publik/kepatuhan-ppk/",
    "/publik/indeks/",
    "/publik/pengumuman/",
    "/publik/data/",
]
FLOOR_PAGES = ["/tiny"]


def _env(app: str, database_url: str) -> dict[str, str]:
    env = dict(os.environ, DATABASE_URL=database_url, NETRAL_LOG_LEVEL="WARNING")
    if app == "floor":
        env.update(DJANGO_SETTINGS_MODULE="floor_app", PYTHONPATH=str(FLOOR_DIR))
    else:
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            PYTHONPATH=str(ROOT),
            NETRAL_MODE="demo",
            NETRAL_ALLOWED_HOSTS="127.0.0.1,localhost",
        )
    return env


def _start(app: str, database_url: str) -> subprocess.Popen:
    wsgi = "config.wsgi" if app == "netral" else "django.core.wsgi:get_wsgi_application()"
    command = [str(GUNICORN), wsgi, "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning"]
    server = subprocess.Popen(command, env=_env(app, database_url), cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited; is the port taken?")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer on /healthz")


def _measure(app: str, database_url: str, clients: int, seconds: float) -> dict:
    server = _start(app, database_url)
    pages = PAGES if app == "netral" else FLOOR_PAGES
    try:
        for page in pages * 2:  # fill the cache on both workers' side
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{page}", timeout=120):
                pass
        command = [sys.executable, __file__, "--loadgen", "--clients", str(clients)]
        command += ["--seconds", str(seconds), "--pages", ",".join(pages)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        return {"app": app, **json.loads(output.strip().splitlines()[-1])}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


# ------------------------------------------------------------------ the load generator process


def _client(pages: list[str], stop_at: float, latencies: list[float], errors: list[float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    turn = 0
    while time.monotonic() < stop_at:
        started = time.perf_counter()
        try:
            connection.request("GET", pages[turn % len(pages)], headers={"Accept-Encoding": "gzip"})
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            ok = False
        (latencies if ok else errors).append(time.perf_counter() - started)
        turn += 1


def loadgen(pages: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[float] = []
    started = time.monotonic()
    threads = [
        threading.Thread(target=_client, args=(pages, started + seconds, latencies, errors))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": len(errors),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--loadgen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pages", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loadgen:
        print(json.dumps(loadgen(args.pages.split(","), args.clients, args.seconds)))
        return
    if not args.database_url.startswith("postgres"):
        raise SystemExit("give --database-url of a PostgreSQL database with data (e.g. the demo)")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            raise SystemExit(f"127.0.0.1:{PORT} is in use: stop that server first")
    floor = _measure("floor", args.database_url, args.clients, args.seconds)
    netral = _measure("netral", args.database_url, args.clients, args.seconds)
    print(json.dumps(floor))
    print(json.dumps(netral))
    ratios = {
        "throughput_ratio": round(netral["per_second"] / max(floor["per_second"], 0.1), 2),
        "p95_ratio": round(netral["p95_ms"] / max(floor["p95_ms"], 0.1), 2),
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps({"ratios": ratios}))


if __name__ == "__main__":
    main()
