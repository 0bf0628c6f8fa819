"""A web worker's memory against two floors, in-process, run by hand (not part of the suite):

    .venv/bin/python bench/intake/memory.py                  # 3 rounds, 1,000 reports each
    .venv/bin/python bench/intake/memory.py --rounds 5 --requests 2000

Each round starts, one after the other, a fresh Python process for each of three apps on the same
PostgreSQL database (NETRAL_BENCH_DB, default netral_bench_intake_memory, migrated, dropped at the
end): `floor` (bench/floor/floor_app.py: Django and nothing else), `stack` (bench/floor/
stack_app.py: the platform's fixed stack — Django's contrib apps, the DB-backed task backend and
django-ninja — with no Netral code) and `netral` (the bench settings). Each process reads its
settings, sets Django up, builds its WSGI handler and URL map, then answers REQUESTS text reports
posted straight to the handler (the load generator's bodies, no server, no network) and reports
its resident set size (VmRSS) after each step, and the CPU time each report took in the
handler (after a warm-up). Deterministic enough that three rounds agree to a
fraction of a MB; the HTTP bench (run.py) measures the same ratio under gunicorn.
"""

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler

PG_NAME = common.database("netral_bench_intake_memory")
VAR_DIR = Path("/tmp/netral-bench-intake-memory")
FLOOR_DIR = common.BENCH / "floor"
APPS = {"floor": "floor_app", "stack": "stack_app", "netral": "bench_settings"}
STEPS = ["python", "settings", "setup", "handler", "url_map", "after_requests"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--child", choices=sorted(APPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.requests)), flush=True)
        return
    try:
        common.fresh_database(PG_NAME, VAR_DIR)
        rounds = [{app: _run(app, args.requests) for app in APPS} for _round in range(args.rounds)]
        print(json.dumps(_summary(rounds), indent=1), flush=True)
    finally:
        common.drop_database(PG_NAME, VAR_DIR)


def _run(app: str, requests: int) -> dict:
    env = common.env(PG_NAME, VAR_DIR, HERE)
    if app != "netral":
        env.update(DJANGO_SETTINGS_MODULE=APPS[app], PYTHONPATH=str(FLOOR_DIR))
    command = [sys.executable, str(Path(__file__)), "--child", app, "--requests", str(requests)]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def _summary(rounds: list[dict]) -> dict:
    """Median MB per app and step over the rounds, and the ratios after the requests."""
    median = {
        app: {
            step: round(statistics.median(r[app]["rss_mb"][step] for r in rounds), 1)
            for step in STEPS
        }
        | {"modules": rounds[-1][app]["modules"]}
        for app in APPS
    }
    after = {app: median[app]["after_requests"] for app in APPS}
    return {
        "rounds": len(rounds),
        "rss_mb_median": median,
        "after_requests_range_mb": {
            app: [
                min(r[app]["rss_mb"]["after_requests"] for r in rounds),
                max(r[app]["rss_mb"]["after_requests"] for r in rounds),
            ]
            for app in APPS
        },
        "cpu_ms_per_report_median": {
            app: round(statistics.median(r[app]["cpu_ms_per_report"] for r in rounds), 3)
            for app in APPS
        },
        "ratios_after_requests": {
            "netral/floor": round(after["netral"] / after["floor"], 2),
            "stack/floor": round(after["stack"] / after["floor"], 2),
            "netral/stack": round(after["netral"] / after["stack"], 2),
        },
    }


def _rss_mb() -> float:
    return round(common.rss_mb(), 1)


def _child(requests: int) -> dict:
    rss = {"python": _rss_mb()}
    common.on_path(HERE)
    handler = _started(rss)
    cpu_ms = _reports_posted(handler, requests)
    rss["after_requests"] = _rss_mb()
    return {"rss_mb": rss, "modules": len(sys.modules), "cpu_ms_per_report": round(cpu_ms, 3)}


def _started(rss: dict[str, float]) -> "WSGIHandler":
    """Django set up as a gunicorn worker sets it up, the memory noted after each step."""
    import django
    from django.conf import settings

    settings.INSTALLED_APPS  # noqa: B018 (reads the settings module)
    rss["settings"] = _rss_mb()
    django.setup()
    rss["setup"] = _rss_mb()
    from django.core.wsgi import get_wsgi_application
    from django.urls import get_resolver

    handler = get_wsgi_application()
    rss["handler"] = _rss_mb()
    get_resolver().url_patterns  # noqa: B018 (imports the URL map, as the first request does)
    rss["url_map"] = _rss_mb()
    return handler


def _reports_posted(handler: "WSGIHandler", requests: int) -> float:
    """Posts `requests` text reports (the same ones for every app); the CPU milliseconds each
    took in the handler, after a warm-up."""
    import loadgen

    _answer(handler, "GET", "/healthz")
    rng, spent = random.Random(1), 0.0
    warm = min(50, requests // 10)  # the first requests import and cache what the rest reuse
    for number in range(requests):
        body, content_type = loadgen.multipart(loadgen._fields(rng), None)
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        started = time.process_time()  # the request's own CPU, not the body's making
        status = _answer(handler, "POST", "/api/reports/", body, content_type, address)
        spent += time.process_time() - started if number >= warm else 0.0
        if not status.startswith("201"):
            raise SystemExit(f"answered {status}")
    return spent * 1000 / (requests - warm)


def _answer(
    handler: "WSGIHandler",
    method: str,
    path: str,
    body: bytes = b"",
    content_type: str = "",
    address: str = "127.0.0.1",
) -> str:
    """One request straight through the WSGI handler; its status line."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": address,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    answer: list[str] = []
    response = handler(environ, lambda status, headers, *rest: answer.append(status))
    b"".join(response)
    response.close()
    return answer[0]


if __name__ == "__main__":
    main()
