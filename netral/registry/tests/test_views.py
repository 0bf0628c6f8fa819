import pytest
from django import forms as django_forms
from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils import translation

from netral.registry import election_file, forms
from netral.registry import services as registry_services
from netral.registry.tests.test_loaders import ELECTION


@pytest.fixture(autouse=True)
def english(client):
    """Pages are Indonesian unless the language switch chose English (a cookie); these tests
    read the English source texts."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def test_region_browser_lists_provinces_and_searches(client, regions):
    page = client.get(reverse("registry:regions"))
    assert page.status_code == 200
    assert "Daerah Istimewa Yogyakarta" in page.text
    found = client.get(reverse("registry:regions"), {"q": "bantul"})
    assert reverse("registry:region", args=["34.02"]) in found.text


def test_region_search_with_htmx_returns_only_the_results(client, regions):
    response = client.get(
        reverse("registry:regions"), {"q": "sewon"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text
    assert "Sewon" in response.text


def test_region_page_shows_path_and_children(client, regions, agencies):
    response = client.get(reverse("registry:region", args=["34.02"]))
    assert response.status_code == 200
    assert "Sewon" in response.text
    assert "Daerah Istimewa Yogyakarta" in response.text
    assert "Pemerintah Kabupaten Bantul" in response.text
    assert client.get("/registri/wilayah/99.99/").status_code == 404


def test_region_autocomplete_as_options_for_a_datalist(client, regions):
    response = client.get(
        reverse("registry:region_autocomplete"), {"q": "ban", "format": "options"}
    )
    assert response.text.strip().startswith('<option value="34.02">Kabupaten Bantul')


def test_agency_pages_are_public_but_staff_lists_need_a_login(client, civil_servants):
    listing = client.get(reverse("registry:agencies"))
    assert "Dinas Pendidikan Kabupaten Bantul" in listing.text
    detail = client.get(reverse("registry:agency", args=["PEMDA-3402-DISDIK"]))
    assert detail.status_code == 200
    assert "Bupati Bantul" in detail.text
    assert civil_servants["disdik"].nip not in detail.text
    assert "log in" in detail.text


@pytest.mark.parametrize(
    ("actor", "sees"),
    [("bawaslu_bantul_officer", True), ("bawaslu_sleman_officer", False), ("bkn_officer", True)],
    indirect=["actor"],
)
def test_agency_staff_list_is_scoped(client_for, actor, sees, civil_servants):
    page = client_for(actor).get(reverse("registry:agency", args=["PEMDA-3402-DISDIK"]))
    assert (civil_servants["disdik"].nip in page.text) is sees
    assert ("outside your jurisdiction" in page.text) is not sees


@pytest.mark.parametrize(
    ("actor", "status"),
    [
        ("bawaslu_bantul_officer", 200),
        ("bawaslu_diy_supervisor", 200),
        ("ppk_officer", 200),
        ("bkn_officer", 200),
        ("admin", 200),
        ("bawaslu_sleman_officer", 403),
    ],
    indirect=["actor"],
)
def test_civil_servant_detail_matrix(client_for, actor, status, civil_servants):
    person = civil_servants["disdik"]
    response = client_for(actor).get(reverse("registry:civil_servant", args=[person.public_id]))
    assert response.status_code == status
    assert (person.nip in response.text) is (status == 200)
    if status == 403:
        assert "Outside your jurisdiction" in response.text


def test_civil_servant_detail_requires_login(client, civil_servants):
    url = reverse("registry:civil_servant", args=[civil_servants["disdik"].public_id])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_civil_servant_detail_decodes_the_nip(client_for, bkn_officer, civil_servants):
    person = civil_servants["bantul"]
    response = client_for(bkn_officer).get(
        reverse("registry:civil_servant", args=[person.public_id])
    )
    assert "Birth date (from the number)" in response.text


def test_election_pages_mark_unverified_stages(client, regions):
    election = registry_services.load_election_file(election_file.parse(ELECTION))
    assert election.name in client.get(reverse("registry:elections")).text
    detail = client.get(reverse("registry:election", args=[election.code]))
    assert "Calon Satu – Wakil Satu" in detail.text
    assert detail.text.count('class="badge unverified"') == 1  # only the quiet period (R)
    assert client.get(reverse("registry:election", args=["tidak-ada"])).status_code == 404


def test_pages_are_indonesian_by_default(client, regions):
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    page = client.get(reverse("registry:regions"))
    assert "<h1>Wilayah</h1>" in page.text


class ReportLikeForm(django_forms.Form):
    title = django_forms.CharField()
    region = forms.RegionCascadeField(min_level=2, max_level=3)


def test_cascade_without_javascript_offers_the_next_level_after_refine(regions):
    html = ReportLikeForm().as_div()
    assert 'name="region_1"' in html and 'name="region_2"' not in html
    data = QueryDict("title=x&region_1=34&region_refine=1")
    assert forms.refine_requested(data, "region")
    html = ReportLikeForm(initial=forms.refine_initial(data, "region")).as_div()
    assert 'name="region_2"' in html and "Kabupaten Bantul" in html
    assert "<noscript>" in html


def test_cascade_cleans_to_the_deepest_consistent_region(regions):
    form = ReportLikeForm(
        {"title": "x", "region_1": "34", "region_2": "34.02", "region_3": "34.02.15"}
    )
    assert form.is_valid()
    assert form.cleaned_data["region"] == regions["sewon"]
    stale = ReportLikeForm(
        {"title": "x", "region_1": "34", "region_2": "34.04", "region_3": "34.02.15"}
    )
    assert stale.is_valid()
    assert stale.cleaned_data["region"] == regions["sleman"]


def test_cascade_enforces_the_minimum_level(regions):
    form = ReportLikeForm({"title": "x", "region_1": "34"})
    assert not form.is_valid()
    assert "Regency / city" in form.errors["region"][0]
    assert not ReportLikeForm({"title": "x"}).is_valid()


def test_cascade_endpoint_renders_the_next_level_for_htmx(client, regions):
    response = client.get(
        reverse("registry:region_cascade"),
        {"name": "lokasi", "max_level": "4", "lokasi_1": "34", "lokasi_2": "34.02"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'name="lokasi_3"' in response.text and "Sewon" in response.text
    assert 'id="id_lokasi-cascade"' in response.text
    bad = client.get(reverse("registry:region_cascade"), {"name": "<script>"})
    assert bad.status_code == 400 and "error-page" in bad.text  # the friendly page


@pytest.mark.django_db
def test_registry_front_page_links_to_its_sections(client):
    response = client.get("/registri/")
    assert response.status_code == 200
    for url in ("/registri/wilayah/", "/registri/instansi/", "/registri/pemilihan/"):
        assert url in response.text


def test_a_filter_input_asks_for_suggestions_under_its_own_name(client, regions):
    """registry.forms.AutocompleteInput sends its value as `region`, not `q`."""
    response = client.get(
        reverse("registry:region_autocomplete"), {"format": "options", "region": "Bant"}
    )
    assert 'value="34.02"' in response.content.decode()


def test_the_autocomplete_input_is_a_labelled_text_input_with_a_datalist():
    html = forms.AutocompleteInput("registry:region_autocomplete").render(
        "region", "34", {"id": "id_region"}
    )
    assert 'list="id_region-options"' in html and '<datalist id="id_region-options">' in html
    assert 'value="34"' in html and 'hx-get="/registri/wilayah/cari/?format=options"' in html
