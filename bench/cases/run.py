"""Cases benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/cases/run.py            # create, generate, measure, drop
    .venv/bin/python bench/cases/run.py --keep     # leave netral_bench_cases for inspection
    .venv/bin/python bench/cases/run.py --reuse    # measure an existing netral_bench_cases

Creates the PostgreSQL database netral_bench_cases on postgres://postgres@127.0.0.1:5432/,
migrates it, generates 100,000 cases with 1,000,000 hash-chained events (bench/cases/generate.py),
then measures the work-queue page (p95 over several organisations and filters, through Django's
test client with a signed-in officer), the deadline sweep over all open cases (with the steps
that fell due since the last sweep, then again idle), two sweep workers racing on the same
overdue steps, and verify-timeline over every case. Drops the database at the end. Nothing else
is touched.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = os.environ.get("NETRAL_BENCH_DB", "netral_bench_cases")
NOW = dt.datetime(2024, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _setup_django() -> None:
    os.environ.update(
        DATABASE_URL=PG_SERVER + PG_NAME,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR="/tmp/netral-bench-cases-var",
        DJANGO_SETTINGS_MODULE="bench_settings",
        NETRAL_LOG_LEVEL="WARNING",
        NETRAL_EMAIL_BACKEND="locmem",
    )
    sys.path[:0] = [str(ROOT), str(HERE)]
    import django

    django.setup()


def _generate(cases: int) -> dict[str, object]:
    import generate
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    world = generate.build_world()
    counts = generate.generate(world, cases=cases, now=NOW)
    return {"generated": counts, "seconds": round(time.monotonic() - started, 1)}


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _queue(rounds: int) -> dict[str, object]:
    """Median and p95 of the queue page for four kinds of officer and several filters."""
    import time_machine
    from django.test import Client
    from django.urls import reverse

    from netral.accounts.models import Membership

    people = {
        "bawaslu_kabkota": Membership.objects.filter(organisation__kind="bawaslu_kabkota").first(),
        "bawaslu_provinsi": Membership.objects.filter(
            organisation__kind="bawaslu_provinsi"
        ).first(),
        "bkn": Membership.objects.filter(organisation__kind="bkn").first(),
        "ppk": Membership.objects.filter(
            organisation__kind="ppk", organisation__region__level=2
        ).first(),
    }
    queries = [
        {},
        {"overdue": "on"},
        {"state": "recommended"},
        {"category": "HD_BERAT"},
        {"page": "3"},
        {"q": "Santoso"},
        {"closed": "on"},
    ]
    results: dict[str, object] = {}
    everything: list[float] = []
    with time_machine.travel(NOW, tick=True):
        for name, membership in people.items():
            client = Client()
            client.force_login(membership.user)
            client.get(reverse("cases:queue"))  # warm caches and the connection
            timings = []
            for _ in range(rounds):
                for query in queries:
                    started = time.perf_counter()
                    response = client.get(reverse("cases:queue"), query)
                    timings.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
            everything += timings
            results[name] = {
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(_p95(timings), 1),
            }
    results["all"] = {"requests": len(everything), "p95_ms": round(_p95(everything), 1)}
    return results


def _sweep() -> dict[str, object]:
    from netral.cases import services
    from netral.cases.models import CaseEvent, Step

    due = Step.objects.filter(status="open", due_at__lt=NOW).count()
    open_steps = Step.objects.filter(status="open").count()
    started = time.monotonic()
    flipped = services.mark_overdue_steps(now=NOW)
    first = time.monotonic() - started
    started = time.monotonic()
    again = services.mark_overdue_steps(now=NOW)
    idle = time.monotonic() - started
    events = CaseEvent.objects.filter(type="deadline_missed", at=NOW).count()
    return {
        "open_steps": open_steps,
        "due_since_last_sweep": due,
        "flipped": flipped,
        "events_written": events,
        "first_sweep_s": round(first, 2),
        "per_step_ms": round(first * 1000 / max(flipped, 1), 2),
        "idle_sweep_s": round(idle, 3),
        "second_run_flipped": again,
    }


def _race(workers: int = 2) -> dict[str, object]:
    """Several sweep processes on the same newly overdue steps: each step must flip exactly once."""
    import subprocess

    from netral.cases.models import CaseEvent, Step

    later = NOW + dt.timedelta(days=4)
    due = Step.objects.filter(status="open", due_at__lt=later).count()
    code = (
        "import run; run._setup_django(); import datetime as dt; "
        "from netral.cases import services; "
        f"print(services.mark_overdue_steps(now=dt.datetime.fromisoformat('{later.isoformat()}')))"
    )
    started = time.monotonic()
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=HERE, stdout=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    flipped = [int(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    seconds = time.monotonic() - started
    events = CaseEvent.objects.filter(type="deadline_missed", at=later).count()
    return {
        "workers": workers,
        "due": due,
        "flipped_per_worker": flipped,
        "events_written": events,
        "exactly_once": sum(flipped) == due == events,
        "seconds": round(seconds, 2),
    }


def _verify() -> dict[str, object]:
    from netral.cases import timeline
    from netral.cases.models import Case, CaseEvent

    started = time.monotonic()
    broken = list(timeline.verify_all())
    seconds = time.monotonic() - started
    return {
        "cases": Case.objects.count(),
        "events": CaseEvent.objects.count(),
        "broken": len(broken),
        "seconds": round(seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    if not args.reuse:
        _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
        _pg(f"CREATE DATABASE {PG_NAME}")
    _setup_django()
    try:
        report: dict[str, object] = {}
        if not args.reuse:
            report["generate"] = _generate(args.cases)
            print(json.dumps(report), flush=True)
        report["verify_timeline"] = _verify()
        print(json.dumps(report["verify_timeline"]), flush=True)
        report["queue"] = _queue(args.rounds)
        print(json.dumps(report["queue"]), flush=True)
        report["sweep"] = _sweep()
        print(json.dumps(report["sweep"]), flush=True)
        report["race"] = _race()
        print(json.dumps(report["race"]), flush=True)
        print(json.dumps(report, indent=2))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
