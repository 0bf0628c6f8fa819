"""Public transparency pages benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/transparency/run.py                 # 100,000 cases, measure, drop
    .venv/bin/python bench/transparency/run.py --cases 20000   # smaller
    .venv/bin/python bench/transparency/run.py --keep          # leave the database
    .venv/bin/python bench/transparency/run.py --database-url sqlite:////tmp/demo.sqlite3
                                                               # measure an existing database

Creates the PostgreSQL database netral_bench_transparency, generates the cases with the cases
benchmark's generator (bench/cases/generate.py: same world, same seed), then measures every
public page and download through Django's test client as an anonymous visitor: the first
request (counted from the database, cache empty) and the median and p95 of the following ones
(served from Django's database cache). Prints JSON. Drops the database unless --keep.
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
CASES_BENCH = ROOT / "bench" / "cases"
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "netral_bench_transparency"
NOW = dt.datetime(2024, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _setup_django(database_url: str) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        NETRAL_MODE="demo",
        NETRAL_VAR_DIR="/tmp/netral-bench-transparency-var",
        DJANGO_SETTINGS_MODULE="bench_settings",
        NETRAL_LOG_LEVEL="WARNING",
        NETRAL_EMAIL_BACKEND="locmem",
    )
    sys.path[:0] = [str(ROOT), str(CASES_BENCH)]
    import django

    django.setup()


def _generate(cases: int) -> dict[str, object]:
    import generate  # bench/cases/generate.py
    from django.core.management import call_command

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    world = generate.build_world()
    counts = generate.generate(world, cases=cases, now=NOW)
    return {"generated": counts, "seconds": round(time.monotonic() - started, 1)}


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _measure(rounds: int) -> dict[str, object]:
    from django.core.cache import cache
    from django.test import Client

    from netral.registry.models import Election

    election = Election.objects.order_by("code").values_list("code", flat=True).first() or ""
    urls = [
        "/publik/",
        "/publik/kepatuhan-ppk/",
        "/publik/kepatuhan-ppk/?region=11",
        "/publik/statistik/",
        "/publik/statistik/?region=12",
        f"/publik/pemilu/{election}/",
        "/publik/data/kepatuhan-ppk.json",
        "/publik/data/kasus-per-tahap.csv",
        "/api/public/datasets/pelanggaran-per-kode",
        "/publik/indeks/",
    ]
    cache.clear()
    client = Client()
    found: dict[str, object] = {}
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        cold = (time.perf_counter() - started) * 1000
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
            samples.append((time.perf_counter() - started) * 1000)
        found[url] = {
            "status": response.status_code,
            "cold_ms": round(cold, 1),
            "median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(_p95(samples), 1),
        }
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--database-url", default="", help="measure this database as it is")
    args = parser.parse_args()
    if args.database_url:
        _setup_django(args.database_url)
        print(json.dumps({"pages": _measure(args.rounds)}, indent=1))
        return
    if not args.reuse:
        _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
        _pg(f"CREATE DATABASE {PG_NAME}")
    try:
        _setup_django(PG_SERVER + PG_NAME)
        result: dict[str, object] = {}
        if not args.reuse:
            result["generate"] = _generate(args.cases)
        result["pages"] = _measure(args.rounds)
        print(json.dumps(result, indent=1))
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
