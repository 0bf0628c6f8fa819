"""The registry's admin writes agencies through the import service and edits nothing else."""

import pytest
from django.urls import reverse

from netral.registry.models import Agency, Election
from netral.reports import adapters as report_adapters

pytestmark = pytest.mark.django_db


def _agency_form(agency, **changes):
    data = {
        "name": agency.name,
        "kind": agency.kind,
        "region": agency.region_id or "",
        "parent": agency.parent_id or "",
        "ppk_name": agency.ppk_name,
        "ppk_position": agency.ppk_position,
    }
    return data | changes


def test_renaming_an_agency_keeps_reports_matching_it(client_for, admin, agencies):
    disdik = agencies["disdik"]
    url = reverse("admin:registry_agency_change", args=[disdik.pk])
    new_name = "Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Bantul"
    response = client_for(admin).post(url, _agency_form(disdik, name=new_name))
    assert response.status_code == 302, response.content.decode()[:2000]
    disdik.refresh_from_db()
    assert disdik.name == new_name
    assert report_adapters.agency_for(name=new_name.lower()) == disdik


def test_the_admin_refuses_what_the_import_refuses(client_for, admin, agencies, regions):
    ministry = agencies["ministry"]
    url = reverse("admin:registry_agency_change", args=[ministry.pk])
    data = _agency_form(ministry, kind=Agency.Kind.REGENCY_GOVERNMENT)  # a regency needs a region
    response = client_for(admin).post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    ministry.refresh_from_db()
    assert ministry.kind == Agency.Kind.MINISTRY


def test_a_new_agency_is_created_with_its_search_name(client_for, admin, agencies):
    data = _agency_form(agencies["ministry"], name="Badan Kepegawaian  Negara") | {"code": "BKN"}
    response = client_for(admin).post(reverse("admin:registry_agency_add"), data)
    assert response.status_code == 302
    assert Agency.objects.get(code="BKN").search_name == "BADAN KEPEGAWAIAN NEGARA"


def test_loaded_reference_data_is_read_only_in_the_admin(client_for, admin, regions):
    client = client_for(admin)
    bantul = regions["bantul"]
    page = client.get(reverse("admin:registry_region_change", args=[bantul.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(
        reverse("admin:registry_region_change", args=[bantul.pk]), {"name": "Renamed"}
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:registry_election_add")).status_code == 403
    assert not Election.objects.exists()
