"""Insights benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/insights/run.py                  # 100,000 cases: create, measure, drop
    .venv/bin/python bench/insights/run.py --cases 5000     # a quick run
    .venv/bin/python bench/insights/run.py --keep / --reuse # keep or reuse netral_bench_insights

Creates the PostgreSQL database netral_bench_insights, generates cases with their hash-chained
events through bench/cases/generate.py (100,000 cases ≈ 1,000,000 events), then measures, in the
same run, a floor and each insights figure as a ratio to it:

- the dashboard (/evaluasi/) p95 for a Bawaslu kabupaten, a Bawaslu provinsi, BKN (national) and
  a PPK, against the cases queue page (/kasus/) p95 of the same people (the floor);
- an XLSX of 100,000 rows written by insights.exports (openpyxl write-only) against the same rows
  as CSV, with the peak memory of each (tracemalloc);
- the monthly compliance snapshot over every agency, for the busiest month.

Drops the database at the end. Nothing else is touched.
"""

import argparse
import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CASES = ROOT / "bench" / "cases"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "netral_bench_insights"
NOW = dt.datetime(2024, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _setup_django() -> None:
    os.environ.update(
        DATABASE_URL=PG_SERVER + PG_NAME,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR="/tmp/netral-bench-insights-var",
        DJANGO_SETTINGS_MODULE="bench_settings",
        NETRAL_LOG_LEVEL="WARNING",
        NETRAL_EMAIL_BACKEND="locmem",
    )
    sys.path[:0] = [str(ROOT), str(HERE), str(CASES)]
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


def _timed(client: object, url: str, queries: list[dict[str, str]], rounds: int) -> list[float]:
    timings = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            response = client.get(url, query)  # type: ignore[attr-defined]
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, query, response.status_code)
    return timings


def _dashboards(rounds: int) -> dict[str, object]:
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
        {"date_from": "2024-09-01"},
        {"date_from": "2024-10-01", "date_to": "2024-10-31"},
    ]
    results: dict[str, object] = {}
    floor_all: list[float] = []
    dash_all: list[float] = []
    with time_machine.travel(NOW, tick=True):
        for name, membership in people.items():
            if membership is None:
                continue
            client = Client()
            client.force_login(membership.user)
            client.get(reverse("cases:queue"))
            client.get(reverse("insights:dashboard"))
            floor = _timed(client, reverse("cases:queue"), [{}], rounds * len(queries))
            dash = _timed(client, reverse("insights:dashboard"), queries, rounds)
            floor_all += floor
            dash_all += dash
            results[name] = {
                "queue_p95_ms": round(_p95(floor), 1),
                "dashboard_median_ms": round(statistics.median(dash), 1),
                "dashboard_p95_ms": round(_p95(dash), 1),
                "ratio_p95": round(_p95(dash) / _p95(floor), 1),
            }
    results["all"] = {
        "requests": len(dash_all),
        "queue_p95_ms": round(_p95(floor_all), 1),
        "dashboard_p95_ms": round(_p95(dash_all), 1),
        "ratio_p95": round(_p95(dash_all) / _p95(floor_all), 1),
    }
    return results


def _export(rows: int) -> dict[str, object]:
    """100,000 case rows through the export code, XLSX against CSV (the floor)."""
    from netral.cases.models import Case
    from netral.insights import exports

    columns = ["code", "state", "region_code", "received_at", "title"]

    def source():  # streamed from the database, as a queue export would be
        values = Case.objects.order_by("pk").values_list(*columns)
        for row in values.iterator(chunk_size=2000):
            yield [str(value) for value in row]

    tracemalloc.start()
    started = time.monotonic()
    sink = io.StringIO()
    for index, line in enumerate(exports.csv_lines(columns, source())):
        if index % 5000 == 0:
            sink = io.StringIO()  # a response would have sent it by now
        sink.write(line)
    csv_s = time.monotonic() - started
    csv_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    started = time.monotonic()
    with tempfile.TemporaryFile() as target:
        exports.write_xlsx([("Kasus", columns, source())], target)
        size = target.tell()
    xlsx_s = time.monotonic() - started
    xlsx_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {
        "rows": min(rows, Case.objects.count()),
        "csv_s": round(csv_s, 2),
        "csv_peak_mb": round(csv_peak / 2**20, 1),
        "xlsx_s": round(xlsx_s, 2),
        "xlsx_peak_mb": round(xlsx_peak / 2**20, 1),
        "xlsx_bytes": size,
        "ratio_s": round(xlsx_s / max(csv_s, 0.001), 1),
    }


def _snapshot() -> dict[str, object]:
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from netral.cases.models import Case
    from netral.insights import snapshots
    from netral.registry.models import Agency

    busiest = (
        Case.objects.annotate(month=TruncMonth("received_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    month = busiest["month"].date() if busiest else NOW.date()
    started = time.monotonic()
    rows = snapshots.compute_month(month, now=NOW)
    seconds = time.monotonic() - started
    return {
        "month": month.isoformat(),
        "cases_in_month": busiest["n"] if busiest else 0,
        "agencies": Agency.objects.count(),
        "rows": rows,
        "seconds": round(seconds, 2),
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
        for name, step in (
            ("dashboards", lambda: _dashboards(args.rounds)),
            ("export", lambda: _export(100_000)),
            ("snapshot", _snapshot),
        ):
            report[name] = step()
            print(json.dumps({name: report[name]}), flush=True)
        print(json.dumps(report, indent=2))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
