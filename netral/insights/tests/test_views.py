"""The dashboard, its charts and downloads: who may see them, in which scope, and bad input."""

import io
import re

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from netral.insights.models import InsightEvent

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("insights:dashboard")


def test_visitors_are_sent_to_sign_in(client):
    for url in (
        DASHBOARD,
        reverse("insights:chart", args=["stages"]),
        reverse("insights:download", args=["stages", "csv"]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_an_officer_sees_the_figures_of_their_jurisdiction(
    client_for, bawaslu_bantul_officer, at_ppk
):
    response = client_for(bawaslu_bantul_officer).get(DASHBOARD)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kabupaten Bantul" in body
    assert 'id="table-stages"' in body and 'id="table-intake_outcomes"' in body
    assert "state=recommended" in body  # the count links to the cases behind it
    assert 'id="table-monitoring"' in body


def test_on_a_phone_charts_scroll_in_their_own_box_and_table_titles_wrap(
    client_for, bawaslu_bantul_officer, at_ppk
):
    """At 320 px a chart shrunk to the screen had 5 px labels and a long table title ("Waktu per
    tahapan hukum dibanding tenggatnya") was cut off by its table's sideways scroll."""
    body = client_for(bawaslu_bantul_officer).get(DASHBOARD).content.decode()
    charts = re.findall(r'<div class="chart-scroll"([^>]*)>\s*<img src="/evaluasi/grafik/', body)
    assert charts and all('tabindex="0"' in c and 'role="region"' in c for c in charts)
    assert 'aria-label="Grafik (dapat digeser ke samping)"' in charts[0]
    css = (settings.BASE_DIR / "netral/insights/static/insights/insights.css").read_text()
    phone = re.search(r"@media \(max-width: 40rem\) \{(.*?)\n\}", css, re.S)
    assert phone and re.search(r"\.chart-scroll img \{ width: 45rem; max-width: none; \}", phone[1])
    caption = r"\.figure-pair caption \{[^}]*position: sticky; left: 0; max-width: 100cqi"
    assert re.search(caption, css)


def test_bkn_reads_national_counts_without_intake_or_links(
    client_for, bkn_officer, at_ppk, open_case
):
    open_case(title="Belum sampai BKN")  # not BKN's case, but counted nationally
    body = client_for(bkn_officer).get(DASHBOARD).content.decode()
    assert 'id="table-stages"' in body and "/evaluasi/grafik/map.svg" in body
    assert 'id="table-intake_outcomes"' not in body and 'id="table-monitoring"' not in body
    assert "state=received" not in body and ">1</td>" in body  # a count, not a link


def test_a_ppk_reads_its_own_cases_with_links(client_for, ppk_officer, at_ppk, open_case):
    open_case(title="Belum sampai PPK")
    client = client_for(ppk_officer)
    body = client.get(DASHBOARD).content.decode()
    assert "state=recommended" in body and "state=received" not in body
    assert client.get(DASHBOARD, {"region": "34.04"}).status_code == 403


def test_a_region_outside_the_jurisdiction_is_refused(client_for, bawaslu_sleman_officer, at_ppk):
    client = client_for(bawaslu_sleman_officer)
    assert client.get(DASHBOARD, {"region": "34.02"}).status_code == 403
    assert (
        client.get(reverse("insights:chart", args=["stages"]), {"region": "34.02"}).status_code
        == 403
    )
    assert (
        client.get(
            reverse("insights:download", args=["stages", "csv"]), {"region": "34.02"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "query",
    [{"region": "99.99"}, {"election": "tidak-ada"}, {"agency": "NOPE"},
     {"date_from": "2024-12-01", "date_to": "2024-01-01"}, {"date_from": "bukan-tanggal"}],
)  # fmt: skip
def test_wrong_filters_show_an_empty_state_not_an_error(client_for, bawaslu_bantul_officer, query):
    response = client_for(bawaslu_bantul_officer).get(DASHBOARD, query)
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()


def test_an_election_with_no_cases_says_so(client_for, bawaslu_bantul_officer, at_ppk):
    from netral.cases.tests.factories import ElectionFactory

    ElectionFactory(code="pilkada-kosong")
    response = client_for(bawaslu_bantul_officer).get(DASHBOARD, {"election": "pilkada-kosong"})
    assert response.status_code == 200
    assert "empty-state" in response.content.decode()


def test_people_without_a_case_organisation_are_refused(client_for, django_user_model):
    user = django_user_model.objects.create_user(username="nobody", password="x-very-long-1")
    assert client_for(user).get(DASHBOARD).status_code == 403


def test_the_platform_administrator_sees_numbers_without_links(client_for, admin, at_ppk):
    body = client_for(admin).get(DASHBOARD).content.decode()
    assert 'id="table-stages"' in body and "state=recommended" not in body


def test_a_chart_is_an_svg_image_without_script(client_for, bawaslu_bantul_officer, at_ppk):
    client = client_for(bawaslu_bantul_officer)
    for name in ("stages", "outcomes", "codes", "weeks", "categories", "monitoring", "map"):
        response = client.get(reverse("insights:chart", args=[name]))
        assert response.status_code == 200, name
        assert response["Content-Type"] == "image/svg+xml"
        assert b"<script" not in response.content and b"<title" in response.content
    assert client.get(reverse("insights:chart", args=["nope"])).status_code == 404


def test_downloads_are_in_scope_and_recorded(client_for, bawaslu_bantul_officer, at_ppk):
    client = client_for(bawaslu_bantul_officer)
    response = client.get(reverse("insights:download", args=["stages", "csv"]), {"region": "34.02"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "Rekomendasi" in text or "Recommendation" in text
    response = client.get(reverse("insights:download", args=["codes", "xlsx"]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.values)
    assert rows[1][1:] == (1, 1) and rows[1][0].startswith("DS-06")
    events = InsightEvent.objects.order_by("pk")
    assert [(e.type, e.payload["table"], e.payload["format"]) for e in events] == [
        ("export_downloaded", "stages", "csv"),
        ("export_downloaded", "codes", "xlsx"),
    ]
    assert (
        events[0].payload["scope"] == {"region": "34.02"}
        and events[0].actor == bawaslu_bantul_officer
    )


def test_download_refusals(client_for, bkn_officer, bawaslu_bantul_officer):
    client = client_for(bkn_officer)
    assert client.get(reverse("insights:download", args=["monitoring", "csv"])).status_code == 403
    assert client.get(reverse("insights:download", args=["nope", "csv"])).status_code == 404
    assert client.get(reverse("insights:download", args=["stages", "pdf"])).status_code == 404
    wrong = client_for(bawaslu_bantul_officer).get(
        reverse("insights:download", args=["stages", "csv"]), {"election": "tidak-ada"}
    )
    assert wrong.status_code == 302 and not InsightEvent.objects.exists()


def test_the_staff_home_links_to_the_dashboard(client_for, bawaslu_bantul_officer):
    assert (
        DASHBOARD
        in client_for(bawaslu_bantul_officer).get(reverse("core:staff_home")).content.decode()
    )
