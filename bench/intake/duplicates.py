"""The duplicate check's cost against the number of reports in the regency, run by hand:

    NETRAL_BENCH_DB=netral_bench_duplicates .venv/bin/python bench/intake/duplicates.py

Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_bench_duplicates), migrated, with
three regions. For each size (1,000, 10,000 and 100,000 reports in one regency, added by one
INSERT … SELECT each) and two spreads of incident dates (over a 90-day campaign, and all within
the check's ±3-day window: an election-day burst), it times the worker's look-up for a new report
(`duplicates.find_possible_duplicates`, median of 30 runs) and the similar-text candidate query,
before (the window as one range, sorted for the newest 50) and now (the newest 50 of each day,
one bounded index range each), with their plan figures (rows scanned, buffers). The cost is flat
when the 100,000 figures match the 1,000 ones. Drops the database at the end.
"""

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

PG_NAME = common.database("netral_bench_duplicates")
VAR_DIR = Path(os.environ.get("NETRAL_BENCH_VAR", "/tmp/netral-bench-duplicates"))
SIZES = [int(n) for n in os.environ.get("NETRAL_BENCH_SIZES", "1000,10000,100000").split(",")]
DAY = dt.date(2024, 11, 20)
SPREADS = {"campaign_90_days": 90, "burst_7_days": 7}
if os.environ.get("NETRAL_BENCH_SPREAD"):
    SPREADS = {name: SPREADS[name] for name in os.environ["NETRAL_BENCH_SPREAD"].split(",")}
RUNS = 30


def _setup_django() -> None:
    os.environ.update(common.env(PG_NAME, VAR_DIR, HERE))
    sys.path[:0] = [str(HERE), str(common.ROOT)]
    import django

    django.setup()


def _fill(size: int, days: int, template_id: int) -> None:
    """Grows the regency to `size` reports by copying the template with new codes, names, dates
    and texts (so the fuzzy comparison has real work)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reports_report")
        have = cursor.fetchone()[0]
        if have >= size:
            return
        cursor.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'reports_report' AND column_name <> 'id'"
        )
        columns = [row[0] for row in cursor.fetchall()]
        override = {
            "code": "substr(md5(random()::text || n::text), 1, 12)",
            "receipt_hash": "md5(random()::text || n::text) || md5(n::text)",
            "subject_name": "'Pegawai ' || n::text",
            "subject_key": "'PEGAWAI ' || n::text",
            # Dates grow with the id, as they do when reports come in during a campaign.
            "incident_date": f"%s::date - {days - 1} + ((n - 1) * {days} / {size})",
            "description": "'Laporan nomor ' || n::text || ' tentang kegiatan kampanye di kantor "
            "dinas, dengan poster dan ajakan memilih pasangan calon ' || (n %% 97)::text",
        }
        select = ", ".join(override.get(column, column) for column in columns)
        cursor.execute(
            f"INSERT INTO reports_report ({', '.join(columns)}) SELECT {select} "  # noqa: S608
            f"FROM reports_report, generate_series(%s, %s) AS n WHERE id = %s",
            [DAY, have + 1, size, template_id],
        )
        cursor.execute("ANALYZE reports_report")


def _range_query(report):
    """The candidate query before this change: the whole ±3-day window of the regency, sorted by
    id for the newest 50 (on the index's first two columns)."""
    from netral.reports.models import Report
    from netral.reports.services import duplicates

    window = dt.timedelta(days=duplicates._TEXT_DAYS)
    return (
        Report.objects.filter(
            regency_code=report.regency_code,
            incident_date__range=(report.incident_date - window, report.incident_date + window),
        )
        .exclude(pk=report.pk)
        .order_by("-id")
        .values_list("pk", "description")[: duplicates._TEXT_CANDIDATES]
    )


def _per_day_query(report):
    from netral.reports.services import duplicates

    per_day = duplicates.newest_per_day(report)
    return per_day[0].union(*per_day[1:], all=True).order_by()


def _plan(queryset) -> dict:
    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]
    top = plan["Plan"]

    def rows_read(node: dict) -> int:
        """Rows every scan produced or read and dropped by its filter."""
        own = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node.get(
            "Actual Loops", 1
        )
        children = sum(rows_read(child) for child in node.get("Plans", []))
        return (own if "Scan" in node.get("Node Type", "") else 0) + children

    return {
        "ms": round(plan["Execution Time"], 3),
        "rows_scanned": rows_read(top),
        "buffers": top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0),
    }


def _median_ms(call) -> float:
    walls = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        walls.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(walls), 3)


def _measure(report) -> dict:
    from netral.reports.services import duplicates

    cpu = time.process_time()
    whole = _median_ms(lambda: duplicates.find_possible_duplicates(report=report))
    cpu_ms = (time.process_time() - cpu) * 1000 / RUNS
    return {
        "before_range_query": _plan(_range_query(report))
        | {"median_ms": _median_ms(lambda: list(_range_query(report)))},
        "now_per_day_query": _plan(_per_day_query(report))
        | {"median_ms": _median_ms(lambda: duplicates.similar_text_candidates(report))},
        "whole_check_median_ms": whole,
        "whole_check_cpu_ms": round(cpu_ms, 3),
    }


def main() -> None:
    common.pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    common.pg(f"CREATE DATABASE {PG_NAME}")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:
        common.netral("migrate", "--verbosity", "0", database=PG_NAME, var_dir=VAR_DIR)
        _setup_django()
        from django.db import connection
        from django.utils import timezone

        from netral.registry.models import Region
        from netral.reports.tests import factories

        province = Region.objects.create(code="34", name="DIY", level=1, search_name="DIY")
        bantul = Region.objects.create(
            code="34.02", name="Bantul", level=2, parent=province, search_name="BANTUL"
        )
        Region.objects.create(
            code="34.02.15", name="Sewon", level=3, parent=bantul, search_name="SEWON"
        )
        for spread, days in SPREADS.items():
            with connection.cursor() as cursor:
                cursor.execute("TRUNCATE reports_report CASCADE")
            now = timezone.now()
            template = factories.submit(now=now, incident_date=DAY - dt.timedelta(days=days)).report
            for size in SIZES:
                _fill(size, days, template.pk)
                # A report on the newest day, and a late one on the campaign's middle day.
                for label, back in (("newest_day", 0), ("middle_day", days // 2)):
                    probe = factories.submit(
                        now=now,
                        incident_date=DAY - dt.timedelta(days=back),
                        subject_name="Pegawai Baru",
                        description="Laporan baru tentang kegiatan kampanye di kantor dinas, "
                        "dengan poster dan ajakan memilih pasangan calon",
                    ).report
                    result = {"spread": spread, "reports_in_regency": size, "probe": label}
                    result |= _measure(probe)
                    print(json.dumps(result), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        if not os.environ.get("NETRAL_BENCH_KEEP"):  # keep it to look at the plans by hand
            common.drop_database(PG_NAME, VAR_DIR)


if __name__ == "__main__":
    main()
