"""Bulk assignment in the intake queue: the ticked reports go to one colleague through
`assign_report`, all or none (decision 0127)."""

import pytest
from django.conf import settings
from django.urls import reverse

from netral.accounts.models import Membership
from netral.reports import selectors
from netral.reports.models import ReportEvent
from netral.reports.tests import factories
from netral.reports.tests.test_routing import _colleague

pytestmark = pytest.mark.django_db


def _bulk_assign(client, reports, assignee, **extra):
    data = {"reports": [r.display_code for r in reports], "action": "assign", "assignee": assignee}
    return client.post(reverse("reports:bulk"), data, **extra)


def test_bulk_assign_gives_every_ticked_report_to_the_colleague(
    client_for, regions, now, bawaslu_bantul_officer
):
    first, second = factories.submit(now=now).report, factories.submit(now=now).report
    rina = _colleague(bawaslu_bantul_officer)
    client = client_for(bawaslu_bantul_officer)
    queue = client.get(reverse("reports:queue")).content.decode()
    assert f'<option value="{rina.pk}">' in queue
    response = _bulk_assign(client, [first, second], rina.pk, follow=True)
    assert "2 laporan ditugaskan kepada" in response.content.decode()
    for report in (first, second):
        report.refresh_from_db()
        assert report.assignee == rina
        event = report.events.get(type=ReportEvent.Type.ASSIGNED)
        assert (event.actor, event.payload["assignee"]) == (bawaslu_bantul_officer, rina.pk)
    assert set(selectors.queue(rina, selectors.QueueFilters(mine=True))) == {first, second}


@pytest.mark.parametrize(
    ("actor", "status"),
    [("bawaslu_sleman_officer", 404), ("ppk_officer", 404), ("citizen", 302)],
    indirect=["actor"],
)
def test_bulk_assign_is_refused_outside_the_jurisdiction(
    client_for, actor, status, bantul_tip, bawaslu_bantul_officer
):
    report = bantul_tip.report
    assert _bulk_assign(client_for(actor), [report], bawaslu_bantul_officer.pk).status_code == (
        status
    )
    report.refresh_from_db()
    assert report.assignee is None and not report.events.filter(type="assigned").exists()


def test_bulk_assign_is_refused_to_anonymous_visitors(client, bantul_tip, bawaslu_bantul_officer):
    response = _bulk_assign(client, [bantul_tip.report], bawaslu_bantul_officer.pk)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.assignee is None


def test_a_colleague_without_the_seat_to_give_work_may_not_bulk_assign(
    client_for, bantul_tip, bawaslu_bantul_officer
):
    viewer = _colleague(bawaslu_bantul_officer, "viewer", Membership.Role.VIEWER)
    response = _bulk_assign(client_for(viewer), [bantul_tip.report], bawaslu_bantul_officer.pk)
    assert response.status_code == 403
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.assignee is None


def test_one_report_outside_the_jurisdiction_stops_the_whole_bulk_assign(
    client_for, regions, now, bantul_tip, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    sleman = factories.submit(now=now, region=regions["sleman"]).report
    mine = bantul_tip.report
    response = _bulk_assign(client_for(bawaslu_bantul_officer), [mine, sleman], "")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.assignee is None


@pytest.mark.parametrize(
    ("assignee", "message"),
    [
        ("", "Pilih rekan yang akan ditugasi."),
        ("abc", "Pilih petugas Bawaslu Anda dari daftar."),
        ("sleman", "Pilih petugas Bawaslu Anda dari daftar."),
    ],
)
def test_bulk_assign_to_no_one_or_a_stranger_says_so_and_changes_nothing(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_sleman_officer, assignee, message
):
    value = bawaslu_sleman_officer.pk if assignee == "sleman" else assignee
    client = client_for(bawaslu_bantul_officer)
    response = _bulk_assign(client, [bantul_tip.report], value, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    bantul_tip.report.refresh_from_db()
    assert bantul_tip.report.assignee is None


def test_the_bulk_assign_error_follows_the_readers_language(
    client_for, bantul_tip, bawaslu_bantul_officer
):
    client = client_for(bawaslu_bantul_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _bulk_assign(client, [bantul_tip.report], "abc", follow=True)
    assert "Choose an officer of your Bawaslu from the list." in response.content.decode()
