"""Registry benchmarks, run by hand (not part of the test suite):

    .venv/bin/python bench/registry/run.py                     # SQLite file in /tmp
    .venv/bin/python bench/registry/run.py --postgres          # database netral_bench_registry
    .venv/bin/python bench/registry/run.py --count 20000       # a smaller import

Measures: loading all 91,599 regions (first load and an unchanged reload); importing generated
agencies and COUNT civil servants from CSV (first import, unchanged re-import, dry run); region
and agency autocomplete latency (selector and HTTP endpoint, p50/p95 over seeded queries).
The PostgreSQL database is created at start and dropped at the end; no other is touched.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = os.environ.get("NETRAL_BENCH_DB", "netral_bench_registry")


def _setup(postgres: bool, sqlite_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(Path(__file__).parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    if postgres:
        _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")
        _pg(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = PG_SERVER + PG_NAME
    else:
        sqlite_path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _timed(label: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - started:8.2f} s")
    return result


def bench_regions() -> None:
    from netral.registry import services

    rows = services.read_region_file()
    _timed("load all 91,599 regions (empty database)", services.load_regions, rows=rows)
    _timed("load all regions again (unchanged)", services.load_regions, rows=rows)


def bench_import(count: int, workdir: Path) -> None:
    import generate

    from netral.registry import importers, services

    generate.write_files(workdir, count, extra_agencies=20_000)
    for name, table_format, upsert in (
        ("agencies", importers.AGENCIES, services.upsert_agencies),
        ("civil_servants", importers.CIVIL_SERVANTS, services.upsert_civil_servants),
    ):
        path = workdir / f"{name}.csv"

        def run(path=path, table_format=table_format, upsert=upsert, **options):
            table = importers.read_table(path, table_format)
            result = upsert(rows=table.rows, **options)
            assert not result.problems, result.problems[:3]
            return result

        rows = sum(1 for _ in path.open()) - 1
        _timed(f"import {rows:,} {name} (read + check + write)", run)
        _timed(f"import {rows:,} {name} again (unchanged)", run)
        _timed(f"import {rows:,} {name} (dry run)", run, dry_run=True)


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return (
        f"p50 {statistics.median(ordered):6.1f} ms   p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms"
    )


def _queries(names: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for _ in range(count):
        name = rng.choice(names)
        queries.append(name[: rng.randint(2, min(8, len(name)))])
    return queries


def _get_ok(client, url: str, query: str) -> None:
    response = client.get(url, {"q": query})
    assert response.status_code == 200, response.status_code


def bench_autocomplete(count: int) -> None:
    from django.test import Client

    from netral.registry import selectors
    from netral.registry.models import Agency, Region

    client = Client(HTTP_HOST="localhost")
    region_names = list(Region.objects.values_list("name", flat=True))
    region_names = [n.removeprefix("Kabupaten ").removeprefix("Kota ") for n in region_names]
    agency_names = list(Agency.objects.values_list("name", flat=True))
    cases = (
        (
            "region",
            _queries(region_names, count, 1),
            selectors.autocomplete_regions,
            "/registri/wilayah/cari/",
        ),
        (
            "agency",
            _queries(agency_names, count, 2),
            selectors.autocomplete_agencies,
            "/registri/instansi/cari/",
        ),
    )
    for label, queries, selector, url in cases:
        for name, call in (
            ("selector", lambda q, s=selector: s(q)),
            ("HTTP", lambda q, u=url: _get_ok(client, u, q)),
        ):
            call(queries[0])  # warm up: URL map, templates
            samples = []
            for query in queries:
                started = time.perf_counter()
                call(query)
                samples.append((time.perf_counter() - started) * 1000)
            title = f"{label} autocomplete, {name} ({len(queries)} queries)"
            print(f"{title:<48} {_percentiles(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        _setup(options.postgres, workdir / "bench.sqlite3")
        from django.db import connection

        print(f"database: {connection.vendor}")
        try:
            bench_regions()
            bench_import(options.count, workdir)
            bench_autocomplete(options.queries)
        finally:
            connection.close()
            if options.postgres:
                _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
