"""Builds the demo data set through the same services production uses. Seeded and repeatable."""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from netral.accounts import services as account_services
from netral.accounts.models import Organisation, User
from netral.demo import agencies, people, pledges, reports, staff
from netral.registry import services as registry_services
from netral.registry.models import CivilServant, Region
from netral.transparency import policies as transparency_policies
from netral.transparency import services as transparency_services
from netral.transparency.models import AuditRecommendation

DATA_DIR = Path(__file__).parent / "data"
ELECTION_FILES = (
    "pilkada-bantul-2024.yaml",
    "pilkada-sleman-2024.yaml",
    "pilkada-kota-yogyakarta-2024.yaml",
)
PLATFORMS = ("facebook", "instagram", "x", "tiktok")


class DemoDataError(RuntimeError):
    """The demo data cannot be built (for example, regions are not loaded)."""


@dataclass
class DemoSummary:
    agencies: int = 0
    civil_servants: int = 0
    social_accounts: int = 0
    reports: int = 0
    pledges: int = 0
    elections: list[str] = field(default_factory=list)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # username, organisation, role


def build_demo_data(
    *,
    seed: int = 2024,
    civil_servants: int = 5000,
    now: dt.datetime,
    progress: Callable[[str], object] = lambda _message: None,
) -> DemoSummary:
    """The whole demo set; rerunning with the same seed changes nothing."""
    if not Region.objects.filter(code="34.02").exists():
        raise DemoDataError("Regions are not loaded: run `netral load-regions` first.")
    summary = DemoSummary()
    progress("staff and organisations")
    summary.logins = create_staff()
    progress("agencies")
    summary.agencies = create_agencies()
    progress("civil servants")
    summary.civil_servants, summary.social_accounts = create_civil_servants(
        seed=seed, count=civil_servants, now=now
    )
    progress("elections")
    for name in ELECTION_FILES:
        summary.elections.append(registry_services.load_election_file(DATA_DIR / name).name)
    progress("public reports")
    summary.reports = reports.create_demo_reports(now=now)
    progress("pledge campaign")
    summary.pledges = pledges.create_demo_campaign(seed=seed, now=now)
    progress("audit recommendation")
    create_demo_recommendation(now=now)
    return summary


@transaction.atomic
def create_staff() -> list[tuple[str, str, str]]:
    """One login per organisation kind; existing users are kept as they are."""
    logins = []
    for row in staff.STAFF:
        organisation = account_services.create_organisation(
            name=row.organisation, kind=row.kind, region_code=row.region_code
        )
        user = User.objects.filter(username=row.username).first()
        if user is None:
            user = account_services.create_staff_user(
                username=row.username,
                password=staff.DEMO_PASSWORD,
                full_name=row.full_name,
                email=f"{row.username}@demo.netral.invalid",
                is_platform_admin=row.kind == staff.Kind.PLATFORM,
            )
        account_services.add_membership(user=user, organisation=organisation, role=row.role)
        logins.append((row.username, row.organisation, row.role))
    return logins


def create_agencies() -> int:
    rows = [
        {
            "code": row.code,
            "name": row.name,
            "kind": row.kind,
            "region_code": row.region_code,
            "parent_code": row.parent_code or "",
            "ppk_name": row.ppk_name,
            "ppk_position": row.ppk_position,
        }
        for row in agencies.agency_rows()
    ]
    _check(registry_services.upsert_agencies(rows=rows))
    return len(rows)


def civil_servant_rows(*, seed: int, count: int) -> list[dict[str, str]]:
    """Deterministic rows: the same seed and count give the same people and NIPs."""
    rng = random.Random(seed)
    codes = [row.code for row in agencies.agency_rows()]
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    while len(rows) < count:
        person = people.person(rng)
        is_pppk = rng.random() < 0.12
        number = people.ni_pppk(person, rng) if is_pppk else people.nip(person, rng)
        if number in seen:
            continue
        seen.add(number)
        position, rank = rng.choice(people.PPPK_POSITIONS if is_pppk else people.POSITIONS)
        rows.append(
            {
                "nip": number,
                "kind": "pppk" if is_pppk else "pns",
                "name": person.name,
                "agency_code": rng.choice(codes),
                "unit": rng.choice(people.UNITS),
                "position": position,
                "rank": rank,
                "status": "aktif",
            }
        )
    return rows


def create_civil_servants(*, seed: int, count: int, now: dt.datetime) -> tuple[int, int]:
    rows = civil_servant_rows(seed=seed, count=count)
    _check(registry_services.upsert_civil_servants(rows=rows, today=now.date()))
    return len(rows), declare_some_accounts(seed=seed, rows=rows, now=now)


def declare_some_accounts(*, seed: int, rows: list[dict[str, str]], now: dt.datetime) -> int:
    """About one in ten civil servants declares a social-media account."""
    rng = random.Random(seed + 1)
    chosen = [row for row in rows if rng.random() < 0.1]
    by_nip = CivilServant.objects.in_bulk([row["nip"] for row in chosen], field_name="nip")
    for row in chosen:
        handle = row["name"].lower().replace(" ", ".") + str(rng.randrange(10, 99))
        registry_services.declare_social_account(
            civil_servant=by_nip[row["nip"]], platform=rng.choice(PLATFORMS), handle=handle, now=now
        )
    return len(chosen)


def _check(result: registry_services.UpsertResult) -> None:
    if result.problems:
        first = result.problems[0]
        raise DemoDataError(f"row {first.row}, {first.column}: {first.message}")


def create_demo_recommendation(*, now: dt.datetime) -> None:
    """The demo auditor's one recommendation to Bawaslu Bantul, filed once."""
    auditor = User.objects.get(username=staff.AUDITOR_USERNAME)
    organisation = transparency_policies.filing_organisations(auditor)[0]
    if AuditRecommendation.objects.filter(auditor=organisation).exists():
        return
    transparency_services.file_recommendation(
        by=auditor,
        auditor=organisation,
        addressed_to=Organisation.objects.get(name=staff.AUDITOR_ADDRESSEE),
        title="Percepat kajian temuan media sosial",
        body=(
            "Dalam paket audit, kajian temuan media sosial di Kabupaten Bantul rata-rata "
            "melewati tenggat. Kami merekomendasikan penambahan petugas kajian selama masa "
            "kampanye dan laporan mingguan atas temuan yang belum dikaji."
        ),
        now=now,
    )
