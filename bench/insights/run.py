"""Insights benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/insights/run.py                  # 100,000 cases: create, measure, drop
    .venv/bin/python bench/insights/run.py --cases 5000     # a quick run
    .venv/bin/python bench/insights/run.py --keep / --reuse # keep or reuse netral_bench_insights
    NETRAL_BENCH_DB=netral_x_bench .venv/bin/python bench/insights/run.py --reuse  # a copy of
        # a prepared database (createdb -T …); a reused database is never dropped

Creates the PostgreSQL database netral_bench_insights, generates cases with their hash-chained
events through bench/cases/generate.py (100,000 cases ≈ 1,000,000 events), then measures, in the
same run, a floor and each insights figure as a ratio to it:

- the public statistics page and neutrality index cold (empty page cache), counted live and
  then read from the stored figures, against the queue page of a Bawaslu kabupaten;
- the stored-figures refresh over every stored scope (decision 0100), timed; and the PPK
  scopes alone (`refresh_ppk`, decision 0132), what they add to it;
- the daily rows (decision 0170): a full fill of every day of the country and the provinces
  (`refresh_days`), then an incremental refresh with nothing changed (what finding no changed
  day costs);
- the dashboard (/evaluasi/) p95 for a Bawaslu kabupaten, a Bawaslu provinsi, BKN, Bawaslu RI
  and Kemendagri (national) and a PPK, unfiltered (stored), with whole-month periods (stored,
  decision 0131) and with periods of other days (read from the daily rows for the country and
  the provinces, decision 0170; live for a regency or a PPK), against the cases queue page
  (/kasus/) p95 of the same people (the floor);
- an XLSX of 100,000 rows written by insights.exports (XlsxWriter, constant memory) against the
  same rows as CSV, with the growth of the resident high-water mark;
- the monthly compliance snapshot over every agency, for the busiest month.

Drops the database it created at the end (not a reused one). Nothing else is touched.
"""

import argparse
import datetime as dt
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CASES = ROOT / "bench" / "cases"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = os.environ.get("NETRAL_BENCH_DB", "netral_bench_insights")
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


# CPU time of this process (Django's side, not PostgreSQL's) per request, by kind: on a shared
# machine the wall clock waits for other work, the CPU time much less.
CPU: dict[str, list[float]] = {}


def _timed(
    client: object, url: str, queries: list[dict[str, str]], rounds: int, cpu: str = ""
) -> list[float]:
    timings = []
    for _ in range(rounds):
        for query in queries:
            started, used = time.perf_counter(), time.process_time()
            response = client.get(url, query)  # type: ignore[attr-defined]
            timings.append((time.perf_counter() - started) * 1000)
            CPU.setdefault(cpu, []).append((time.process_time() - used) * 1000)
            assert response.status_code == 200, (url, query, response.status_code)
    return timings


def _people() -> dict[str, object]:
    from netral.accounts.models import Membership

    kinds = {"bawaslu_kabkota": {}, "bawaslu_provinsi": {}, "bkn": {}, "bawaslu_ri": {},
             "kemendagri": {}, "ppk": {"organisation__region__level": 2}}  # fmt: skip
    found = {
        name: Membership.objects.filter(organisation__kind=name, **extra).first()
        for name, extra in kinds.items()
    }
    return {name: membership for name, membership in found.items() if membership is not None}


# Stored scopes (no period: read from the refreshed figures), whole-month periods (stored too,
# decision 0131) and periods of other days (daily rows for the country and provinces, decision
# 0170): mid-month to mid-month, across a month's edge, one day, open at either end.
STORED_QUERIES: list[dict[str, str]] = [{}, {}]
PERIOD_QUERIES: list[dict[str, str]] = [
    {"date_from": "2024-09-01"},
    {"date_from": "2024-10-01", "date_to": "2024-10-31"},
]
LIVE_PERIOD_QUERIES: list[dict[str, str]] = [
    {"date_from": "2024-10-03", "date_to": "2024-10-17"},
    {"date_from": "2024-08-19", "date_to": "2024-09-12"},
    {"date_from": "2024-09-25", "date_to": "2024-09-25"},
    {"date_from": "2024-10-15"},
    {"date_to": "2024-09-20"},
]


def _refresh() -> dict[str, object]:
    """Recounts every stored figure, timed."""
    import time_machine
    from django.utils import timezone

    from netral.insights import services
    from netral.insights.models import StoredFigure

    with time_machine.travel(NOW, tick=True):
        started = time.monotonic()
        rows = services.refresh_figures(now=timezone.now())
    return {
        "rows": rows,
        "keys": StoredFigure.objects.count(),
        "seconds": round(time.monotonic() - started, 1),
    }


def _refresh_days() -> dict[str, object]:
    """Fills the daily rows of every day of the country and the provinces (decision 0170),
    timed; then refreshes them again with nothing changed (finding no changed day)."""
    import time_machine
    from django.utils import timezone

    from netral.insights import services
    from netral.insights.models import DailyFigure

    found: dict[str, object] = {}
    with time_machine.travel(NOW, tick=True):
        for name, full in (("full", True), ("nothing_changed", False)):
            started = time.monotonic()
            rows = services.refresh_days(now=timezone.now(), full=full)
            found[name] = {"rows": rows, "seconds": round(time.monotonic() - started, 1)}
    found["days"] = DailyFigure.objects.values("day").distinct().count()
    area_days = DailyFigure.objects.filter(key__startswith="stage_spans|").count()
    seconds = found["full"]["seconds"]  # type: ignore[index]
    found["area_days"] = area_days
    found["seconds_per_area_day"] = round(seconds / max(area_days, 1), 3)
    return found


def _refresh_ppk() -> dict[str, object]:
    """Recounts the PPK scopes only (decision 0132: every PPK with a case, unfiltered, then
    its stored months), timed: what they add to the full refresh."""
    import time_machine
    from django.utils import timezone

    from netral.insights import services

    found: dict[str, object] = {}
    with time_machine.travel(NOW, tick=True):
        for name, scopes in (
            ("unfiltered", list(services.ppk_scopes())),
            ("months", list(services.ppk_month_scopes())),
        ):
            started = time.monotonic()
            rows = services.refresh_figures(now=timezone.now(), scopes=scopes)
            seconds = time.monotonic() - started
            found[name] = {
                "scopes": len(scopes),
                "rows": rows,
                "seconds": round(seconds, 1),
                "seconds_per_scope": round(seconds / max(len(scopes), 1), 2),
            }
    return found


def _dashboards(rounds: int, kinds: set[str]) -> dict[str, object]:
    import time_machine
    from django.test import Client
    from django.urls import reverse

    results: dict[str, object] = {}
    pooled: dict[str, list[float]] = {"queue": [], "stored": [], "period": [], "live": []}
    with time_machine.travel(NOW, tick=True):
        for name, membership in _people().items():
            client = Client()
            client.force_login(membership.user)  # type: ignore[attr-defined]
            client.get(reverse("cases:queue"))
            client.get(reverse("insights:dashboard"))
            CPU.clear()
            queue = _timed(client, reverse("cases:queue"), [{}], rounds * 2, "queue")
            measured = {"queue": queue}
            for kind, queries in (("stored", STORED_QUERIES), ("period", PERIOD_QUERIES),
                                  ("live", LIVE_PERIOD_QUERIES)):  # fmt: skip
                if kind in kinds:
                    dashboard = reverse("insights:dashboard")
                    measured[kind] = _timed(client, dashboard, queries, rounds, kind)
            for key, samples in measured.items():
                pooled[key] += samples
            results[name] = _summary(measured) | {
                f"{kind}_cpu_median_ms": round(sorted(times)[len(times) // 2], 1)
                for kind, times in CPU.items()
            }
    results["all"] = _summary(pooled)
    results["load_average"] = [round(value, 1) for value in os.getloadavg()]
    return results


def _summary(measured: dict[str, list[float]]) -> dict[str, object]:
    """p95 of each kind of request, and its ratio to the floor (the queue page's p95)."""
    floor = _p95(measured["queue"])
    found: dict[str, object] = {"queue_p95_ms": round(floor, 1)}
    for key in [key for key in ("stored", "period", "live") if measured.get(key)]:
        found[f"{key}_p95_ms"] = round(_p95(measured[key]), 1)
        found[f"{key}_ratio_p95"] = round(_p95(measured[key]) / floor, 2)
    return found


def _public(stored: bool) -> dict[str, object]:
    """The public statistics page and neutrality index, cold (empty page cache), against the
    queue page of a Bawaslu kabupaten in the same run; `stored` False deletes the stored
    figures first, so the pages count live."""
    import time_machine
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from netral.insights.models import StoredFigure

    if not stored:
        StoredFigure.objects.all().delete()
    officer = Client()
    officer.force_login(_people()["bawaslu_kabkota"].user)  # type: ignore[attr-defined]
    found: dict[str, object] = {}
    with time_machine.travel(NOW, tick=True):
        floor = _p95(_timed(officer, reverse("cases:queue"), [{}], 5))
        for name in ("statistics", "neutrality"):
            cache.clear()
            cold = _timed(Client(), reverse(f"transparency:{name}"), [{}], 1)[0]
            found[name] = {"cold_ms": round(cold, 1), "ratio": round(cold / floor, 1)}
    return {"queue_p95_ms": round(floor, 1), **found}


def _export(rows: int) -> dict[str, object]:
    """The case queue export (insights.tables.queue_rows over every case, as Bawaslu RI would
    download it) as XLSX against the same rows as CSV (the floor). Times are taken without
    tracemalloc (which slows allocation-heavy code several times); peak memory is the growth of
    the process's resident high-water mark over the run."""
    import resource

    from netral.cases.models import Case
    from netral.insights import exports, tables

    columns = tables.queue_columns()

    def source():  # streamed from the database through a server-side cursor
        return tables.queue_rows(Case.objects.all())  # every case: 100,000 at full size

    def high_water() -> float:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB → MB

    before = high_water()
    started = time.monotonic()
    for index, line in enumerate(exports.csv_lines(columns, source())):
        if index % 5000 == 0:
            sink = io.StringIO()  # a response would have sent it by now
        sink.write(line)
    csv_s = time.monotonic() - started
    after_csv = high_water()
    started = time.monotonic()
    with tempfile.TemporaryFile() as target:
        exports.write_xlsx([("Kasus", columns, source())], target)
        size = target.tell()
    xlsx_s = time.monotonic() - started
    return {
        "rows": min(rows, Case.objects.count()),
        "csv_s": round(csv_s, 2),
        "xlsx_s": round(xlsx_s, 2),
        "ratio_s": round(xlsx_s / max(csv_s, 0.001), 1),
        "rss_before_mb": round(before, 1),
        "rss_growth_csv_mb": round(after_csv - before, 1),
        "rss_growth_xlsx_mb": round(high_water() - after_csv, 1),
        "rss_peak_mb": round(high_water(), 1),  # the whole bench process: an upper bound
        "xlsx_bytes": size,
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
    parser.add_argument("--only", default="", help="comma-separated steps: generate,dashboards,…")
    parser.add_argument(
        "--dashboards",
        default="stored,period,live",
        help="which dashboard requests: stored (no period), period (whole months), live "
        "(periods of other days: daily rows for the country and provinces, decision 0170)",
    )
    args = parser.parse_args()
    kinds = set(args.dashboards.split(","))
    if not args.reuse:
        _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
        _pg(f"CREATE DATABASE {PG_NAME}")
    _setup_django()
    try:
        report: dict[str, object] = {}
        only = set(filter(None, args.only.split(",")))
        if not args.reuse and (not only or "generate" in only):
            report["generate"] = _generate(args.cases)
            print(json.dumps(report), flush=True)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a reused database gets the newer tables
        for name, step in (
            ("public_live", lambda: _public(stored=False)),
            ("refresh_days", _refresh_days),  # first: `refresh` then finds no changed day
            ("refresh", _refresh),
            ("refresh_ppk", _refresh_ppk),
            ("public_stored", lambda: _public(stored=True)),
            ("dashboards", lambda: _dashboards(args.rounds, kinds)),
            ("export", lambda: _export(100_000)),
            ("snapshot", _snapshot),
        ):
            if only and name not in only:
                continue
            report[name] = step()
            print(json.dumps({name: report[name]}), flush=True)
        print(json.dumps(report, indent=2))
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep and not args.reuse:
            _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
