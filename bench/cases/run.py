"""Cases benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/cases/run.py            # create, generate, measure, drop
    .venv/bin/python bench/cases/run.py --keep     # leave netral_bench_cases for inspection
    .venv/bin/python bench/cases/run.py --reuse    # measure an existing netral_bench_cases
    NETRAL_BENCH_DB=netral_x_bench .venv/bin/python bench/cases/run.py --reuse --keep --pages-only
                                                   # the pages only, on a copy, kept afterwards

Creates the PostgreSQL database netral_bench_cases on postgres://postgres@127.0.0.1:5432/,
migrates it, generates 100,000 cases with 1,000,000 hash-chained events (bench/cases/generate.py),
then measures the work-queue page (p95 over several organisations and filters, through Django's
test client with a signed-in officer), the deadline sweep over all open cases (with the steps
that fell due since the last sweep, then again idle), two sweep workers racing on the same
overdue steps, and verify-timeline over every case. Drops the database at the end. Nothing else
is touched.

The pages (`--pages-only` measures only them: nothing is written, so a kept copy can be measured
again) are the work queue, the PPK compliance page and the case page, for each kind of officer,
each as a ratio to a floor measured in the same run by the same signed-in client: the staff home
page (`core:staff_home`: session, user, the base layout and one small query). `--queries` adds the
statement count and SQL time of each page.
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
sys.path[:0] = [str(ROOT / "bench")]
import common  # noqa: E402  (bench/common.py, put on the path just above)

PG_SERVER = common.PG_SERVER
PG_NAME = common.database("netral_bench_cases")
NOW = dt.datetime(2024, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _setup_django() -> None:
    os.environ.update(
        DATABASE_URL=PG_SERVER + PG_NAME,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR=f"/tmp/netral-bench-cases-var-{PG_NAME}",
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


def _people() -> dict[str, object]:
    """One signed-in member of each kind of organisation the pages serve."""
    from netral.accounts.models import Membership

    members = Membership.objects.select_related("user", "organisation")
    return {
        "bawaslu_kabkota": members.filter(organisation__kind="bawaslu_kabkota").first(),
        "bawaslu_provinsi": members.filter(organisation__kind="bawaslu_provinsi").first(),
        "bkn": members.filter(organisation__kind="bkn").first(),
        "ppk": members.filter(organisation__kind="ppk", organisation__region__level=2).first(),
    }


def _cases_for(membership: object, count: int = 5) -> list[str]:
    """Codes of cases this member reads: owned ones and, where there are, ones it handed on."""
    from netral.cases.models import Case, Handoff

    org = membership.organisation  # type: ignore[attr-defined]
    owned = list(Case.objects.filter(owner=org).values_list("code", flat=True)[:count])
    sent = list(
        Handoff.objects.filter(from_organisation=org)
        .exclude(case__owner=org)
        .values_list("case__code", flat=True)[:count]
    )
    if not owned and not sent:  # oversight only: cases in its region
        region = org.region.code if org.region_id else ""
        owned = list(
            Case.objects.filter(region_code__startswith=region).values_list("code", flat=True)[
                :count
            ]
        )
    return (owned + sent)[: count * 2]


def _timed(client: object, calls: list[tuple[str, dict[str, str]]], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for url, query in calls:
            started = time.perf_counter()
            response = client.get(url, query)  # type: ignore[attr-defined]
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, query, response.status_code)
    return timings


def _statements(client: object, calls: list[tuple[str, dict[str, str]]]) -> dict[str, object]:
    """Statements and SQL milliseconds of one pass over the calls, and the slowest statement."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    counts, sql_ms, slowest = [], [], (0.0, "")
    for url, query in calls:
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            client.get(url, query)  # type: ignore[attr-defined]
        times = [float(q["time"]) * 1000 for q in captured.captured_queries]
        counts.append(len(times))
        sql_ms.append(sum(times))
        for q, ms in zip(captured.captured_queries, times, strict=True):
            if ms > slowest[0]:
                slowest = (ms, q["sql"][:300])
    return {
        "statements_max": max(counts),
        "sql_ms_max": round(max(sql_ms), 1),
        "slowest_ms": round(slowest[0], 1),
        "slowest_sql": slowest[1],
    }


def _pages(rounds: int, queries: bool) -> dict[str, object]:
    """p95 of the queue, compliance and case pages per kind of officer, each against the floor
    (the staff home page) of the same client in the same run, interleaved round by round."""
    import time_machine
    from django.test import Client
    from django.urls import reverse

    queue = [(reverse("cases:queue"), query) for query in QUEUE_QUERIES]
    compliance = [(reverse("cases:compliance"), query) for query in COMPLIANCE_QUERIES]
    floor = [(reverse("core:staff_home"), {})]
    results: dict[str, object] = {"load_average": [round(v, 2) for v in os.getloadavg()]}
    with time_machine.travel(NOW, tick=True):
        for name, membership in _people().items():
            client = Client()
            client.force_login(membership.user)  # type: ignore[attr-defined]
            case_pages = [(reverse("cases:detail", args=[c]), {}) for c in _cases_for(membership)]
            pages = {"queue": queue, "compliance": compliance, "case": case_pages}
            for calls in (floor, *pages.values()):
                _timed(client, calls, 1)  # warm caches and the connection
            samples: dict[str, list[float]] = {key: [] for key in ("floor", *pages)}
            by_filter: dict[str, list[float]] = {json.dumps(q): [] for q in QUEUE_QUERIES}
            for _ in range(rounds):  # interleaved, so that load moves all of them alike
                samples["floor"] += _timed(client, floor, 3)
                for key, calls in pages.items():
                    timings = _timed(client, calls, 1)
                    samples[key] += timings
                    if key == "queue":
                        for query, ms in zip(QUEUE_QUERIES, timings, strict=True):
                            by_filter[json.dumps(query)].append(ms)
            floor_p95 = common.p95(samples["floor"])
            row: dict[str, object] = {"floor_p95_ms": round(floor_p95, 1)}
            for key in pages:
                p95 = common.p95(samples[key])
                row[key] = {
                    "median_ms": round(statistics.median(samples[key]), 1),
                    "p95_ms": round(p95, 1),
                    "ratio_p95": round(p95 / floor_p95, 2),
                }
                if queries:
                    row[key]["sql"] = _statements(client, pages[key])  # type: ignore[index]
            row["queue_median_by_filter_ratio"] = {
                query: round(statistics.median(ms) / statistics.median(samples["floor"]), 1)
                for query, ms in by_filter.items()
            }
            results[name] = row
            print(json.dumps({name: row}), flush=True)
    results["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    return results


QUEUE_QUERIES = [
    {},
    {"overdue": "on"},
    {"state": "recommended"},
    {"category": "HD_BERAT"},
    {"page": "3"},
    {"q": "Santoso"},
    {"closed": "on"},
]
COMPLIANCE_QUERIES: list[dict[str, str]] = [{}, {"region": "34"}, {"region": "34.02"}]


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
    parser.add_argument("--pages-only", action="store_true", help="queue, compliance, case page")
    parser.add_argument("--queries", action="store_true", help="statement counts per page")
    args = parser.parse_args()
    if not args.reuse:
        _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
        _pg(f"CREATE DATABASE {PG_NAME}")
    _setup_django()
    try:
        report: dict[str, object] = {}
        if args.pages_only:
            report["pages"] = _pages(args.rounds, args.queries)
            print(json.dumps(report, indent=2))
            return
        if not args.reuse:
            report["generate"] = _generate(args.cases)
            print(json.dumps(report), flush=True)
        report["verify_timeline"] = _verify()
        print(json.dumps(report["verify_timeline"]), flush=True)
        report["queue"] = _queue(args.rounds)
        print(json.dumps(report["queue"]), flush=True)
        report["pages"] = _pages(args.rounds, args.queries)
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
