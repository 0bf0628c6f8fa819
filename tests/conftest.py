"""The named cast every test may use.

Regions are reference data and come from factories; people and organisations are made
through the real services, as they are in production.

| fixture                 | who                                                  |
|-------------------------|------------------------------------------------------|
| citizen                 | an anonymous member of the public (no account)        |
| bawaslu_bantul_officer  | officer of Bawaslu Kabupaten Bantul (34.02)           |
| bawaslu_sleman_officer  | officer of Bawaslu Kabupaten Sleman (34.04)           |
| bawaslu_diy_supervisor  | supervisor of Bawaslu Provinsi DI Yogyakarta (34)     |
| bkn_officer             | officer of BKN (national)                             |
| ppk_officer             | officer of the PPK side of Pemkab Bantul (BKPSDM)     |
| admin                   | platform administrator                                |
"""

import pytest

from netral.accounts import services as account_services
from netral.accounts.models import Membership, Organisation
from netral.registry.models import Region

PASSWORD = "kata-sandi-uji-12345"
ACTORS = [
    "citizen",
    "bawaslu_bantul_officer",
    "bawaslu_sleman_officer",
    "bawaslu_diy_supervisor",
    "bkn_officer",
    "ppk_officer",
    "admin",
]


def _region(code: str, name: str, parent: Region | None) -> Region:
    level = code.count(".") + 1
    region, _ = Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": level, "parent": parent, "search_name": name.upper()},
    )
    return region


@pytest.fixture(autouse=True)
def fresh_registry_lookups():
    """Each test starts with an empty registry cache: rows cached by an earlier test were
    rolled back with it, without the signal that clears the cache."""
    from netral.registry import lookups

    lookups.forget()
    yield
    lookups.forget()


@pytest.fixture
def regions(db):
    """DI Yogyakarta with Bantul and Sleman, and one district and village in Bantul."""
    diy = _region("34", "Daerah Istimewa Yogyakarta", None)
    bantul = _region("34.02", "Kabupaten Bantul", diy)
    sleman = _region("34.04", "Kabupaten Sleman", diy)
    sewon = _region("34.02.15", "Sewon", bantul)
    _region("34.02.15.2001", "Pendowoharjo", sewon)
    return {"diy": diy, "bantul": bantul, "sleman": sleman, "sewon": sewon}


def _staff(username: str, kind: str, org_name: str, region_code: str | None, role: str):
    organisation = account_services.create_organisation(
        name=org_name, kind=kind, region_code=region_code
    )
    return account_services.create_staff_user(
        username=username,
        password=PASSWORD,
        full_name=username.replace("_", " ").title(),
        organisation=organisation,
        role=role,
    )


@pytest.fixture
def citizen():
    """The public has no account: an anonymous client stands for it."""
    return


@pytest.fixture
def bawaslu_bantul_officer(regions):
    return _staff(
        "bawaslu_bantul",
        Organisation.Kind.BAWASLU_KABKOTA,
        "Bawaslu Kabupaten Bantul",
        "34.02",
        Membership.Role.OFFICER,
    )


@pytest.fixture
def bawaslu_sleman_officer(regions):
    return _staff(
        "bawaslu_sleman",
        Organisation.Kind.BAWASLU_KABKOTA,
        "Bawaslu Kabupaten Sleman",
        "34.04",
        Membership.Role.OFFICER,
    )


@pytest.fixture
def bawaslu_diy_supervisor(regions):
    return _staff(
        "bawaslu_diy",
        Organisation.Kind.BAWASLU_PROVINSI,
        "Bawaslu Provinsi DI Yogyakarta",
        "34",
        Membership.Role.SUPERVISOR,
    )


@pytest.fixture
def bkn_officer(regions):
    return _staff(
        "bkn", Organisation.Kind.BKN, "Badan Kepegawaian Negara", None, Membership.Role.OFFICER
    )


@pytest.fixture
def ppk_officer(regions):
    return _staff(
        "ppk_bantul",
        Organisation.Kind.PPK,
        "BKPSDM Kabupaten Bantul",
        "34.02",
        Membership.Role.OFFICER,
    )


@pytest.fixture
def admin(regions):
    organisation = account_services.create_organisation(
        name="Administrator Platform", kind=Organisation.Kind.PLATFORM
    )
    return account_services.create_staff_user(
        username="admin",
        password=PASSWORD,
        full_name="Admin Netral",
        organisation=organisation,
        role=Membership.Role.ADMIN,
        is_platform_admin=True,
    )


@pytest.fixture
def actor(request):
    """Resolves an actor by name, for permission-matrix tests: `@pytest.mark.parametrize`."""
    return request.getfixturevalue(request.param) if request.param else None


@pytest.fixture
def client_for(client):
    """A test client logged in as the given user (or anonymous for None)."""

    def login(user):
        if user is not None:
            client.force_login(user)
        return client

    return login
