import pytest

from netral.registry.models import Agency
from netral.registry.tests.factories import AgencyFactory, CivilServantFactory


@pytest.fixture
def agencies(regions):
    """Pemkab Bantul with its education office, Pemkab Sleman, and a national ministry."""
    bantul = AgencyFactory(
        code="PEMDA-3402",
        name="Pemerintah Kabupaten Bantul",
        kind=Agency.Kind.REGENCY_GOVERNMENT,
        region=regions["bantul"],
        ppk_name="Abdul Halim Muslih",
        ppk_position="Bupati Bantul",
    )
    disdik = AgencyFactory(
        code="PEMDA-3402-DISDIK",
        name="Dinas Pendidikan Kabupaten Bantul",
        region=regions["bantul"],
        parent=bantul,
        ppk_position="Bupati Bantul",
    )
    sleman = AgencyFactory(
        code="PEMDA-3404",
        name="Pemerintah Kabupaten Sleman",
        kind=Agency.Kind.REGENCY_GOVERNMENT,
        region=regions["sleman"],
        ppk_position="Bupati Sleman",
    )
    ministry = AgencyFactory(
        code="KEMENDAGRI", name="Kementerian Dalam Negeri", kind=Agency.Kind.MINISTRY
    )
    return {"bantul": bantul, "disdik": disdik, "sleman": sleman, "ministry": ministry}


@pytest.fixture
def civil_servants(agencies):
    """One civil servant in each agency, keyed like the agencies."""
    return {
        key: CivilServantFactory(agency=agency, name=f"Pegawai {key.title()}")
        for key, agency in agencies.items()
    }
