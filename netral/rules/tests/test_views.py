"""Public pages: readable by everyone, HTMX fragments, answers without JavaScript, no 500s."""

import re

import pytest
from django.urls import reverse

PAGES = [
    reverse("rules:catalogue"),
    reverse("rules:catalogue") + "?q=like&on=2020-05-01",
    reverse("rules:entry", args=["KE-04"]),
    reverse("rules:entry", args=["ds-05"]) + "?on=2020-01-01",
    reverse("rules:check"),
    reverse("rules:sanctions"),
    reverse("rules:versions"),
    reverse("rules:deadlines"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("actor", [None, "bawaslu_bantul_officer", "admin"], indirect=True)
def test_pages_are_public(client_for, actor, url):
    response = client_for(actor).get(url)
    assert response.status_code == 200


@pytest.mark.django_db
def test_unknown_code_is_not_found(client):
    assert client.get(reverse("rules:entry", args=["XX-99"])).status_code == 404


@pytest.mark.django_db
def test_catalogue_search_returns_only_the_fragment_for_htmx(client):
    url = reverse("rules:catalogue") + "?q=baliho"
    full = client.get(url)
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert b"<html" in full.content and b"<html" not in fragment.content
    assert b"KE-01" in fragment.content and b"KE-04" not in fragment.content


@pytest.mark.django_db
def test_self_check_answers_without_javascript(client):
    response = client.get(
        reverse("rules:check"),
        {
            "act": "social_media_support",
            "interaction": "like",
            "incident_date": "2024-10-01",
            "election_kind": "pilkada",
            "designation_date": "2024-09-22",
        },
    )
    assert response.status_code == 200
    assert response.context["answer"].verdict == "tidak_boleh"
    assert b"DS-06" in response.content


@pytest.mark.django_db
def test_self_check_example_that_depends(client):
    response = client.get(reverse("rules:check"), {"contoh": "banner-unknown-stage"})
    answer = response.context["answer"]
    assert answer.verdict == "tergantung"
    assert [alt.codes for _, _, alt in answer.alternatives] == [("KE-01",), ("DS-01",)]


@pytest.mark.django_db
def test_self_check_allowed_example(client):
    response = client.get(reverse("rules:check"), {"contoh": "vote"}, HTTP_HX_REQUEST="true")
    assert response.context["answer"].verdict == "boleh"
    assert b"<html" not in response.content


@pytest.mark.django_db
def test_self_check_with_bad_input_shows_errors(client):
    response = client.get(
        reverse("rules:check"),
        {"act": "dance", "incident_date": "2024-13-40", "campaign_start": "2024-01-01"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"act", "incident_date", "campaign_end"}
    assert response.context["answer"] is None


@pytest.mark.django_db
def test_self_check_with_htmx_marks_the_fields_it_asks_to_correct(client):
    """The htmx answer only replaces the answer area, so it brings the form out of band with the
    empty act marked, and an error summary whose line leads to that field."""
    response = client.get(
        reverse("rules:check"), {"act": "", "incident_date": ""}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert b"<html" not in response.content
    assert body.count('id="check-form"') == 1 and 'hx-swap-oob="true"' in body
    act = re.search(r'<select name="act"[^>]*>', body)
    assert act and 'aria-invalid="true"' in act.group()
    assert 'href="#id_act"' in body and "data-error-summary" in body
    # A corrected answer brings the form back unmarked, so old marks do not stay behind.
    fixed = client.get(
        reverse("rules:check"),
        {"act": "vote", "incident_date": "2024-10-01"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'hx-swap-oob="true"' in fixed and 'aria-invalid="true"' not in fixed


@pytest.mark.django_db
def test_self_check_page_without_javascript_holds_the_form_once(client):
    page = client.get(reverse("rules:check"), {"act": ""}).content.decode()
    assert page.count('id="check-form"') == 1 and "hx-swap-oob" not in page
    assert 'href="#id_act"' in page and "has-error" in page


@pytest.mark.django_db
def test_version_diff_page(client):
    response = client.get(reverse("rules:versions"), {"a": "2023-10-31", "b": "2024-08-24"})
    assert response.context["diff"].recommending_body == ("KASN", "BKN")
    assert client.get(reverse("rules:versions"), {"a": "nope", "b": "x"}).status_code == 200


@pytest.mark.django_db
def test_deadline_calculator_uses_the_holiday_table(client):
    response = client.get(
        reverse("rules:deadlines"), {"rule": "pemilu.report", "start": "2024-04-05"}
    )
    assert response.context["due"].due_date.isoformat() == "2024-04-24"
    bad = client.get(reverse("rules:deadlines"), {"rule": "nope", "start": "x"})
    assert bad.status_code == 200 and bad.context["due"] is None


@pytest.mark.django_db
def test_deadline_page_lists_this_years_holidays(client):
    from netral.rules.models import Holiday

    Holiday.objects.all().delete()
    response = client.get(reverse("rules:deadlines"))
    assert list(response.context["holidays"]) == []


@pytest.mark.django_db
def test_self_check_for_a_village_head_says_where_to_report(client):
    response = client.get(reverse("rules:check"), {"contoh": "village-head-banner"})
    answer = response.context["answer"]
    assert answer.verdict == "bukan_asn"
    content = response.content.decode()
    assert "Di luar aturan ASN" in content and "Bawaslu" in content
    assert "UU 6/2014" in content  # the reason it is unverified is shown


@pytest.mark.django_db
def test_self_check_offers_the_non_asn_statuses(client):
    response = client.get(reverse("rules:check"))
    choices = dict(response.context["form"].fields["asn_kind"].choices)
    assert {"pns", "pppk", "village_head", "tni_polri", "non_asn_staff"} <= set(choices)


NOT_ALLOWED = {
    "act": "social_media_support",
    "interaction": "like",
    "incident_date": "2024-10-01",
    "election_kind": "pilkada",
    "designation_date": "2024-09-22",
}


@pytest.mark.django_db
def test_a_not_allowed_answer_links_to_reporting_and_an_allowed_one_does_not(client):
    refused = client.get(reverse("rules:check"), NOT_ALLOWED)
    assert reverse("reports:start") in refused.content.decode()
    allowed = client.get(reverse("rules:check"), {"contoh": "vote"}, HTTP_HX_REQUEST="true")
    assert reverse("reports:start") not in allowed.content.decode()


@pytest.mark.django_db
def test_self_check_shows_what_registered_explainers_offer(client, monkeypatch):
    from netral.rules import explainers

    seen = []

    def explainer(entries, family, day):
        seen.append(([e.code for e in entries], family))
        return [explainers.Link("Modul uji", "/belajar/uji/")] * 2  # one address: shown once

    monkeypatch.setattr(explainers, "_registered", [explainer])
    page = client.get(reverse("rules:check"), NOT_ALLOWED, HTTP_HX_REQUEST="true")
    assert seen == [(["DS-06"], "pilkada")]
    assert page.context["explainers"] == [explainers.Link("Modul uji", "/belajar/uji/")]
    assert page.content.decode().count('href="/belajar/uji/"') == 1
    monkeypatch.setattr(explainers, "_registered", [])
    assert client.get(reverse("rules:check"), NOT_ALLOWED).context["explainers"] == []
