import datetime as dt

import pytest

from netral.prevention import services
from netral.registry.models import Agency
from netral.registry.tests.factories import AgencyFactory, CivilServantFactory, ElectionFactory

NOW = dt.datetime(2024, 9, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def bantul(regions):
    return AgencyFactory(
        code="PEMDA-3402",
        name="Pemerintah Kabupaten Bantul",
        kind=Agency.Kind.REGENCY_GOVERNMENT,
        region=regions["bantul"],
    )


@pytest.fixture
def sleman(regions):
    return AgencyFactory(
        code="PEMDA-3404",
        name="Pemerintah Kabupaten Sleman",
        kind=Agency.Kind.REGENCY_GOVERNMENT,
        region=regions["sleman"],
    )


@pytest.fixture
def staff(bantul):
    """Five civil servants of Pemkab Bantul: three in Sekretariat, two in Dinas Pendidikan."""
    people = [CivilServantFactory(agency=bantul, unit="Sekretariat") for _ in range(3)]
    people += [CivilServantFactory(agency=bantul, unit="Dinas Pendidikan") for _ in range(2)]
    return people


@pytest.fixture
def election(regions):
    return ElectionFactory(region=regions["bantul"], name="Pemilihan Bupati Bantul 2024")


@pytest.fixture
def campaign(bantul, election, staff, ppk_officer):
    return services.open_campaign(
        agency=bantul,
        election=election,
        title="Ikrar Netralitas ASN Kabupaten Bantul",
        text="Kami, ASN Kabupaten Bantul, berikrar menjaga netralitas.",
        by=ppk_officer,
        now=NOW,
    )


@pytest.fixture
def codes(campaign, ppk_officer):
    """{nip: plain code} for every civil servant of the campaign."""
    issued = services.issue_codes(campaign=campaign, unit=None, by=ppk_officer, now=NOW)
    return {item.civil_servant.nip: item.code for item in issued}


@pytest.fixture
def briefing(campaign, ppk_officer):
    """A sosialisasi of the campaign, three days after NOW."""
    from netral.prevention.models import Briefing

    return services.create_briefing(
        campaign=campaign,
        kind=Briefing.Kind.SOSIALISASI,
        title="Sosialisasi Netralitas ASN",
        organiser="BKPSDM",
        starts_at=NOW + dt.timedelta(days=3),
        place="Aula Parasamya",
        by=ppk_officer,
        now=NOW,
    )
