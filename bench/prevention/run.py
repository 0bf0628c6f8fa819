"""Prevention benchmark, run by hand (not part of the test suite):

    .venv/bin/python bench/prevention/run.py                 # SQLite file in /tmp
    .venv/bin/python bench/prevention/run.py --postgres      # database netral_bench_prevention
    .venv/bin/python bench/prevention/run.py --count 20000   # a smaller agency

Measures, for one agency of COUNT civil servants: issuing COUNT signing codes; recording a paper
list of COUNT NIPs (CSV) as signatures; online signatures one after another (one process). Each
figure is also given as a ratio to a floor measured on the same machine in the same run: reading
the same CSV with the registry's table reader (what any import must at least do). The issue's
target: 100,000 signatures recorded in < 60 s. The PostgreSQL database is created at start and
dropped at the end; no other is touched.
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgres://postgres@127.0.0.1:5432/"
PG_NAME = "netral_bench_prevention"


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _setup(postgres: bool, sqlite_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
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


def _timed(label: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    return result, seconds


def run(count: int, online: int, workdir: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test.utils import override_settings

    from netral.prevention import services
    from netral.registry import importers
    from netral.registry.models import Agency, CivilServant, Election

    now = dt.datetime(2024, 9, 2, 9, 0, tzinfo=dt.UTC)
    agency = Agency.objects.create(code="BENCH", name="Instansi Uji", kind="lembaga")
    # Set-up, not measured: the registry's own import is benchmarked in bench/registry.
    CivilServant.objects.bulk_create(
        (
            CivilServant(
                nip=f"198001012005{index:06d}",
                name=f"Pegawai {index}",
                agency=agency,
                unit=f"Unit {index % 50}",
            )
            for index in range(count + online)
        ),
        batch_size=5000,
    )
    election = Election.objects.create(
        code="bench", name="Pemilihan Uji", kind="bupati", voting_day=dt.date(2024, 11, 27)
    )
    campaign = services.open_campaign(
        agency=agency, election=election, title="Ikrar", text="Ikrar uji.", by=None, now=now
    )
    people = list(CivilServant.objects.filter(agency=agency).order_by("pk"))
    paper, web = people[:count], people[count:]
    csv_path = workdir / "daftar.csv"
    csv_path.write_text("nip\n" + "\n".join(p.nip for p in paper) + "\n", encoding="utf-8")

    _table, floor = _timed("floor", importers.read_table, csv_path, services.PAPER_TABLE)
    issued, codes_s = _timed(
        "codes", services.issue_codes, campaign=campaign, unit=None, by=None, now=now
    )
    codes = {item.civil_servant.nip: item.code for item in issued}
    scan = SimpleUploadedFile("daftar.pdf", b"%PDF-1.4 bench")
    with override_settings(MEDIA_ROOT=str(workdir / "media")):
        result, paper_s = _timed(
            "paper",
            services.record_paper_list,
            campaign=campaign,
            scan=scan,
            table_path=csv_path,
            by=None,
            now=now,
        )
    assert result.signed == count, result.problems[:3]

    started = time.perf_counter()
    for person in web:
        services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=now)
    online_s = time.perf_counter() - started

    rows = [
        (f"floor: read {count:,} NIPs from CSV", floor, ""),
        (f"issue {len(issued):,} signing codes", codes_s, f"{codes_s / floor:.1f}x floor"),
        (
            f"record a paper list of {count:,} signatures",
            paper_s,
            f"{paper_s / floor:.1f}x floor; target < 60 s",
        ),
        (f"{online:,} online signatures, one process", online_s, f"{online / online_s:.0f}/s"),
    ]
    for label, seconds, note in rows:
        print(f"{label:<48} {seconds:8.2f} s  {note}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--online", type=int, default=1000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        _setup(options.postgres, workdir / "bench.sqlite3")
        try:
            run(options.count, options.online, workdir)
        finally:
            if options.postgres:
                from django.db import connections

                connections.close_all()
                _pg(f"DROP DATABASE IF EXISTS {PG_NAME}")


if __name__ == "__main__":
    main()
