"""Coverage of 5,000 agencies, run by hand (not part of the test suite):

    .venv/bin/python bench/prevention/coverage.py                # 5,000 agencies x 40 staff
    .venv/bin/python bench/prevention/coverage.py --agencies 5000 --staff 100

Creates the PostgreSQL database NETRAL_BENCH_DB (default netral_prev_bench_cov) and fills it
(set-up, not measured) with AGENCIES agencies of STAFF active civil servants each, one open
campaign per agency for one election, and signatures for a share of each agency's staff that
differs by agency (10-90 %). Then it measures, three times each, best kept:

- the floor: two grouped counts in raw SQL (active staff per agency, signatures per campaign),
  what any coverage table must at least read;
- `selectors.campaign_list` for a BKN officer (who sees every campaign) evaluated in full, with
  the agency and election names the list page shows: the coverage of every agency;
- `selectors.region_coverage` for the same officer: every agency's campaign added up per
  province (the region page, decision 0169).

The issue's target: < 2 s. Prints seconds and the ratio to the floor. Drops the database at the
end. Nothing else is touched.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]
import common  # noqa: E402

PG_NAME = common.database("netral_prev_bench_cov")
FLOOR_SQL = [
    "SELECT agency_id, count(*) FROM registry_civilservant WHERE status = 'active' "
    "GROUP BY agency_id",
    "SELECT campaign_id, count(*) FROM prevention_signature GROUP BY campaign_id",
]


def _best(function, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def _fill(agencies: int, staff: int) -> object:
    from netral.accounts import services as account_services
    from netral.accounts.models import Membership, Organisation
    from netral.prevention.models import Campaign, Signature
    from netral.registry.models import Agency, CivilServant, Election, Region

    now = dt.datetime(2024, 9, 2, 9, 0, tzinfo=dt.UTC)
    rng = random.Random(16)
    region = Region.objects.create(code="99", name="Provinsi Uji", level=1, search_name="UJI")
    Agency.objects.bulk_create(
        (
            Agency(code=f"A{n:05d}", name=f"Instansi {n}", kind="lembaga", region=region)
            for n in range(agencies)
        ),
        batch_size=5000,
    )
    ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    CivilServant.objects.bulk_create(
        (
            CivilServant(
                nip=f"1980{a:06d}2005{i:04d}",
                name=f"Pegawai {a}-{i}",
                agency_id=agency_id,
                unit=f"Unit {i % 8}",
            )
            for a, agency_id in enumerate(ids)
            for i in range(staff)
        ),
        batch_size=5000,
    )
    election = Election.objects.create(
        code="uji", name="Pemilihan Uji", kind="bupati", voting_day=dt.date(2024, 11, 27)
    )
    Campaign.objects.bulk_create(
        (
            Campaign(election=election, agency_id=a, title="Ikrar", text="Ikrar.", opened_at=now)
            for a in ids
        ),
        batch_size=5000,
    )
    campaigns = dict(Campaign.objects.values_list("agency_id", "pk"))
    people = CivilServant.objects.order_by("pk").values_list("pk", "agency_id")
    share = {a: rng.uniform(0.1, 0.9) for a in ids}
    Signature.objects.bulk_create(
        (
            Signature(
                campaign_id=campaigns[agency_id],
                civil_servant_id=pk,
                method="online",
                text_version=1,
                signed_at=now,
                certificate_code=f"C{pk:011d}",
            )
            for pk, agency_id in people.iterator(chunk_size=10000)
            if rng.random() < share[agency_id]
        ),
        batch_size=5000,
    )
    organisation = account_services.create_organisation(
        name="Badan Kepegawaian Negara", kind=Organisation.Kind.BKN
    )
    return account_services.create_staff_user(
        username="bkn.bench",
        password="bench-only-password-123",  # noqa: S106
        organisation=organisation,
        role=Membership.Role.OFFICER,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--staff", type=int, default=40)
    options = parser.parse_args()
    var_dir = Path("/tmp/netral-prev-bench-cov")
    os.environ.update(common.env(PG_NAME, var_dir, HERE))
    common.on_path(HERE)
    try:
        common.pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        common.pg(f"CREATE DATABASE {PG_NAME}")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, connections

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        user = _fill(options.agencies, options.staff)
        fill_s = time.perf_counter() - started
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        from netral.prevention import selectors

        def floor() -> int:
            rows = 0
            with connection.cursor() as cursor:
                for sql in FLOOR_SQL:
                    cursor.execute(sql)
                    rows += len(cursor.fetchall())
            return rows

        def coverage() -> list[tuple[str, str, int, int]]:
            return [
                (c.agency.name, c.election.name, c.signed, c.staff)
                for c in selectors.campaign_list(user)
            ]

        from netral.registry.models import Election

        day = Election.objects.get().voting_day

        def regions() -> list[object]:
            return list(selectors.region_coverage(user, day))

        floor_s, _rows = _best(floor)
        coverage_s, rows = _best(coverage)
        regions_s, _regions = _best(regions)
        signed = sum(row[2] for row in rows)  # type: ignore[union-attr]
        staff = sum(row[3] for row in rows)  # type: ignore[union-attr]
        connections.close_all()
    finally:
        common.pg(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
    print(
        f"{len(rows):,} agencies, {staff:,} active staff, {signed:,} signatures "  # type: ignore[arg-type]
        f"(set-up {fill_s:.0f} s, not measured)"
    )
    print(f"  floor (two grouped counts in SQL): {floor_s:6.3f} s")
    print(
        f"  campaign_list, every agency:       {coverage_s:6.3f} s  "
        f"{coverage_s / floor_s:.1f}x the floor; target < 2 s"
    )
    print(
        f"  region_coverage, every agency:     {regions_s:6.3f} s  "
        f"{regions_s / floor_s:.1f}x the floor"
    )


if __name__ == "__main__":
    main()
