"""The intake queue on a phone: a table of cards, times with their zone label, kept to the hour."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from netral.reports import selectors
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db


def test_the_intake_queue_is_a_table_of_cards_with_zone_labelled_times(
    client_for, bawaslu_bantul_officer, regions
):
    factories.submit(dt.datetime(2026, 12, 3, 20, 17, tzinfo=dt.UTC))
    html = client_for(bawaslu_bantul_officer).get(reverse("reports:queue")).content.decode()
    assert 'class="table-cards"' in html
    assert 'data-label="' in html
    assert "4 Des 2026, 03.00 WIB" in html  # Bantul is WIB; the minute is not shown
    assert not re.search(r"03\.17", html)


def test_the_election_list_follows_the_region(client, regions):
    from netral.registry.tests.factories import ElectionFactory

    bantul = ElectionFactory(
        code="pilbup-bantul-2024", name="Pilbup Bantul", region=regions["bantul"]
    )
    sleman = ElectionFactory(
        code="pilbup-sleman-2024", name="Pilbup Sleman", region=regions["sleman"]
    )
    url = reverse("reports:election_options")
    html = client.get(url, {"region_1": "34", "region_2": "34.02", "election": bantul.code}).content
    text = html.decode()
    assert bantul.code in text and sleman.code not in text
    assert f'value="{bantul.code}" selected' in text  # the reader's choice is kept
    assert "Pilbup Sleman" not in client.get(url, {"region_1": "34"}).content.decode()


def test_without_javascript_refining_the_region_returns_to_the_cascade(client, regions):
    html = client.get(reverse("reports:new")).content.decode()
    assert 'formaction="#id_region-cascade"' in html
    assert 'id="id_region-cascade"' in html


def test_the_intake_queue_searches_numbers_names_and_words(
    client_for, bawaslu_bantul_officer, bawaslu_sleman_officer, regions
):
    moment = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)
    budi = factories.submit(moment).report
    factories.submit(moment, subject_name="Siti Aminah", description="Memakai mobil dinas.")
    url = reverse("reports:queue")
    client = client_for(bawaslu_bantul_officer)

    def found(q: str) -> str:
        return client.get(url, {"q": q}).content.decode()

    assert budi.display_code in found("budi")
    assert budi.display_code not in found("siti")
    assert budi.display_code in found(budi.display_code.lower())
    assert budi.display_code in found("grup guru")  # words of the description, each must match
    assert "Siti Aminah" in found("mobil")
    # Another Bawaslu searching the same words finds nothing outside its jurisdiction.
    assert (
        budi.display_code
        not in client_for(bawaslu_sleman_officer).get(url, {"q": "budi"}).content.decode()
    )


def test_the_intake_queue_shows_when_the_initial_review_is_due(
    client_for, bawaslu_bantul_officer, regions
):
    report = factories.submit(dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)).report
    due = selectors.review_deadline(report)
    assert due is not None and due.due_date == dt.date(2026, 12, 6)  # Pilkada: 2 calendar days
    html = client_for(bawaslu_bantul_officer).get(reverse("reports:queue")).content.decode()
    assert "6 Des 2026, 23.59 WIB" in html


def test_bulk_reject_closes_every_ticked_report_with_one_reason(
    client_for, bawaslu_bantul_officer, regions
):
    moment = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)
    first, second = factories.submit(moment).report, factories.submit(moment).report
    client = client_for(bawaslu_bantul_officer)
    data = {
        "reports": [first.display_code, second.code],
        "action": "reject",
        "reason": "Bukan ASN.",
    }
    assert client.post(reverse("reports:bulk"), data).status_code == 302
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.decision_reason) == ("rejected", "Bukan ASN.")
        assert report.events.filter(type="rejected").count() == 1


def test_bulk_duplicate_and_a_missing_reason_change_nothing_wrongly(
    client_for, bawaslu_bantul_officer, regions
):
    moment = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)
    original, copy = factories.submit(moment).report, factories.submit(moment).report
    client = client_for(bawaslu_bantul_officer)
    client.post(reverse("reports:bulk"), {"reports": [copy.code], "action": "reject"})
    copy.refresh_from_db()
    assert copy.status == "received"  # no reason: nothing closed
    data = {"reports": [copy.code], "action": "duplicate", "original": original.display_code}
    client.post(reverse("reports:bulk"), data)
    copy.refresh_from_db()
    assert (copy.status, copy.duplicate_of) == ("duplicate", original)


def test_bulk_actions_need_the_right_to_triage_every_ticked_report(
    client, client_for, bawaslu_sleman_officer, ppk_officer, regions
):
    report = factories.submit(dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)).report
    data = {"reports": [report.code], "action": "reject", "reason": "Bukan ASN."}
    url = reverse("reports:bulk")
    assert client.post(url, data).status_code == 302  # to the login page
    assert client_for(bawaslu_sleman_officer).post(url, data).status_code in (403, 404)
    assert client_for(ppk_officer).post(url, data).status_code in (403, 404)
    assert client_for(bawaslu_sleman_officer).get(url).status_code == 405
    report.refresh_from_db()
    assert report.status == "received"


def test_the_same_photo_in_two_reports_is_a_duplicate_hint(regions):
    from netral.reports.models import PossibleDuplicate

    photo = factories.jpeg_bytes()
    moment = dt.datetime(2026, 12, 3, 20, 0, tzinfo=dt.UTC)
    first = factories.submit(moment, files=[photo], subject_name="A", links=()).report
    other = factories.submit_checked(
        moment, files=[photo], subject_name="B", links=(), description="Teks lain sama sekali."
    ).report
    hint = PossibleDuplicate.objects.get(report=other)
    assert (hint.other, hint.reasons) == (first, ["same_file"])
