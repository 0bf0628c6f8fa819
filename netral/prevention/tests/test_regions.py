"""Signing coverage per province and per regency / city, scoped by the viewer's jurisdiction."""

import datetime as dt

import pytest
from django.urls import reverse

from netral.prevention import selectors, services
from netral.prevention.tests.conftest import NOW
from netral.registry.models import Agency
from netral.registry.tests.factories import AgencyFactory, CivilServantFactory, ElectionFactory

pytestmark = pytest.mark.django_db
URL = reverse("prevention:regions")


def _campaign(agency, election, people, signed):
    for _n in range(people):
        CivilServantFactory(agency=agency)
    campaign = services.open_campaign(
        agency=agency, election=election, title="Ikrar", text="Netral.", by=None, now=NOW
    )
    issued = services.issue_codes(campaign=campaign, unit=None, by=None, now=NOW)
    for item in issued[:signed]:
        services.sign_online(campaign=campaign, nip=item.civil_servant.nip, code=item.code, now=NOW)
    return campaign


@pytest.fixture
def spread(campaign, codes, staff, sleman, election, regions):
    """Bantul: 2 of 5 signed; Sleman (its own election, the same day): 1 of 4; a national
    agency: 3 of 3; an election of another day is left out."""
    for person in staff[:2]:
        services.sign_online(campaign=campaign, nip=person.nip, code=codes[person.nip], now=NOW)
    same_day = ElectionFactory(region=regions["sleman"], name="Pemilihan Bupati Sleman 2024")
    _campaign(sleman, same_day, 4, 1)
    other_day = ElectionFactory(
        region=regions["sleman"], name="Pemilihan lain", voting_day=dt.date(2019, 4, 17)
    )
    _campaign(AgencyFactory(region=regions["sleman"]), other_day, 2, 2)
    national = AgencyFactory(code="KEMEN-X", name="Kementerian X", kind=Agency.Kind.MINISTRY)
    national.region = None
    national.save()
    _campaign(national, election, 3, 3)


def _rows(page):
    return [(r.code, r.agencies, r.staff, r.signed, r.percent) for r in page.context["rows"]]


def test_national_viewer_sees_provinces_then_regencies(client_for, bkn_officer, spread, election):
    client = client_for(bkn_officer)
    page = client.get(URL)
    assert page.status_code == 200 and page.context["day"] == election.voting_day
    assert _rows(page) == [(None, 1, 3, 3, 100), ("34", 2, 9, 3, 33)]
    assert page.context["total"].percent == 50
    assert "wilayah=34" in page.content.decode()
    page = client.get(URL, {"wilayah": "34", "hari": election.voting_day.isoformat()})
    assert _rows(page) == [("34.02", 1, 5, 2, 40), ("34.04", 1, 4, 1, 25)]
    assert "Kabupaten Sleman" in page.content.decode()


def test_a_regency_viewer_counts_only_its_agencies(client_for, bawaslu_bantul_officer, spread):
    page = client_for(bawaslu_bantul_officer).get(URL)
    assert _rows(page) == [("34", 1, 5, 2, 40)]
    drilled = client_for(bawaslu_bantul_officer).get(URL, {"wilayah": "34"})
    assert _rows(drilled) == [("34.02", 1, 5, 2, 40)]


def test_unknown_or_non_province_region_is_404(client_for, bkn_officer, spread):
    client = client_for(bkn_officer)
    assert client.get(URL, {"wilayah": "99"}).status_code == 404
    assert client.get(URL, {"wilayah": "34.02"}).status_code == 404
    assert client.get(URL, {"hari": "2031-01-01"}).context["rows"]  # the latest day instead


@pytest.mark.parametrize("actor", ["citizen"], indirect=True)
def test_outsiders_see_nothing(actor, client_for, spread):
    response = client_for(actor).get(URL)
    assert response.status_code in (302, 404)


def test_no_campaign_visible_no_rows(client_for, bkn_officer):
    page = client_for(bkn_officer).get(URL)
    assert page.status_code == 200 and page.context["rows"] == []
    assert selectors.voting_days(bkn_officer) == []
