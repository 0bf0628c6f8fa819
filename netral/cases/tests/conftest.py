"""Fixtures for case tests: a Bantul agency and election, and helpers that walk a case along.

Cases are always made through the real services, never with objects.create.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netral.accounts import services as account_services
from netral.accounts.models import Membership
from netral.cases import services
from netral.cases.tests.factories import AgencyFactory, CivilServantFactory, ElectionFactory
from netral.registry.models import Agency

WIB = ZoneInfo("Asia/Jakarta")
# A Monday during the Pilkada 2024 campaign, 09:00 WIB.
NOW = dt.datetime(2024, 10, 7, 9, 0, tzinfo=WIB)
REASON = "Bukti tangkapan layar dan klarifikasi terlapor menunjukkan dukungan terbuka."


# A minimal whole PDF, as the evidence checks accept it: a decree (SK) scan stand-in.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def decree_storage(settings):
    """Decree files go to memory, never to MEDIA_ROOT."""
    from netral.reports import storage

    settings.NETRAL_EVIDENCE_STORAGE = "django.core.files.storage.InMemoryStorage"
    storage.evidence_storage.cache_clear()
    yield storage.evidence_storage()
    storage.evidence_storage.cache_clear()


def decree_pdf(name: str = "sk.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def bantul_gov(regions):
    return AgencyFactory(
        code="PEMDA-3402",
        name="Pemerintah Kabupaten Bantul",
        kind=Agency.Kind.REGENCY_GOVERNMENT,
        region=regions["bantul"],
        ppk_name="Bupati Bantul",
        ppk_position="Bupati Bantul",
    )


@pytest.fixture
def disdik_bantul(bantul_gov, regions):
    return AgencyFactory(
        code="PEMDA-3402-DISDIK",
        name="Dinas Pendidikan Kabupaten Bantul",
        kind=Agency.Kind.REGIONAL_UNIT,
        region=regions["bantul"],
        parent=bantul_gov,
    )


@pytest.fixture
def servant(disdik_bantul):
    return CivilServantFactory(nip="198001012005011001", name="Budi Santoso", agency=disdik_bantul)


@pytest.fixture
def pilkada_bantul(regions):
    return ElectionFactory(
        code="pilkada-bantul-2024", name="Pilkada Bantul 2024", region=regions["bantul"]
    )


@pytest.fixture
def open_case(bawaslu_bantul_officer, servant, pilkada_bantul, regions):
    """A function opening a Bantul finding (by the Bantul officer unless told otherwise)."""

    def make(by=None, title="Unggahan dukungan paslon di Facebook", at=NOW):
        facts = services.NewCase(
            title=title,
            civil_servant_name="",
            civil_servant=servant,
            region=regions["sewon"],
            election=pilkada_bantul,
            summary="ASN membagikan materi kampanye paslon di grup pemenangan.",
        )
        return services.open_finding(facts=facts, by=by or bawaslu_bantul_officer, now=at)

    return make


def walk(case, by, *steps, now=NOW):
    """Runs transitions in order; each step is (action, data) or an action name."""
    for step in steps:
        action, data = (step, {}) if isinstance(step, str) else step
        case = services.transition(case=case, action=action, by=by, now=now, data=data)
    return case


TO_EXAMINATION = (
    "start_review",
    ("register", {"reasoning": REASON}),  # the next number of the register: one per case
    "start_examination",
)
DECIDE_DS06 = (
    "decide_asn_violation",
    {"codes": ["DS-06"], "sanction_category": "HD_BERAT", "reasoning": REASON},
)
RECOMMEND = (
    "recommend_sanction",
    {"codes": ["DS-06"], "sanction_category": "HD_BERAT", "reasoning": REASON},
)


@pytest.fixture
def at_bkn(open_case, bawaslu_bantul_officer, bkn_officer):
    """A Bantul case decided as DS-06 and forwarded to BKN."""
    return walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)


@pytest.fixture
def at_ppk(at_bkn, bkn_officer, ppk_officer):
    """The same case, recommended by BKN to the PPK of Bantul."""
    return walk(at_bkn, bkn_officer, RECOMMEND)


@pytest.fixture
def bantul_admin(bawaslu_bantul_officer):
    """An administrator of Bawaslu Bantul: sets its letterhead and signatory."""
    return account_services.create_staff_user(
        username="bantul_admin",
        password="kata-sandi-uji-12345",
        organisation=bawaslu_bantul_officer.memberships.get().organisation,
        role=Membership.Role.ADMIN,
    )


@pytest.fixture
def lighter_decree(at_ppk, ppk_officer):
    """The same case after the PPK decreed a lighter sanction, with its reason (BKN to answer)."""
    decree = services.PpkDecision(
        decree_number="800/9/2024",
        decree_signatory="Bupati Bantul",
        decree_date=NOW.date(),
        sanction="PP94-SEDANG-6",
        reasoning=REASON,
        deviation_reason="Terlapor baru pertama kali melanggar dan telah meminta maaf.",
    )
    return services.record_ppk_decision(case=at_ppk, by=ppk_officer, now=NOW, decision=decree)
