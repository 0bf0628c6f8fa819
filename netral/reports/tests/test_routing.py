"""Assigning an intake report to a colleague and forwarding it to another Bawaslu."""

import pytest
from django.conf import settings
from django.urls import reverse

from netral.accounts import services as account_services
from netral.accounts.models import Membership
from netral.reports import selectors
from netral.reports.models import Report, ReportEvent
from netral.reports.tests import factories

pytestmark = pytest.mark.django_db

IDENTITY_NIK = "3402124107900001"


def _organisation(user):
    return user.memberships.get().organisation


def _colleague(officer, username="rina", role=Membership.Role.OFFICER):
    return account_services.create_staff_user(
        username=username,
        password="x-Secret-12345",
        full_name=username.title(),
        organisation=_organisation(officer),
        role=role,
    )


def _forward(client, report, to, reason="Pejabat tingkat provinsi."):
    url = reverse("reports:forward", args=[report.code])
    return client.post(url, {"to": to.pk, "reason": reason})


def test_forwarding_moves_the_report_to_the_receiving_queue(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_diy_supervisor
):
    report, diy = bantul_tip.report, _organisation(bawaslu_diy_supervisor)
    response = _forward(client_for(bawaslu_bantul_officer), report, diy)
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.handling_organisation == diy
    event = report.events.get(type=ReportEvent.Type.FORWARDED)
    assert event.payload == {
        "to": diy.pk,
        "to_name": diy.name,
        "reason": "Pejabat tingkat provinsi.",
    }
    assert event.organisation == _organisation(bawaslu_bantul_officer)
    sender = client_for(bawaslu_bantul_officer)
    detail = reverse("reports:staff_detail", args=[report.code])
    assert detail not in sender.get(reverse("reports:queue")).content.decode()
    assert sender.get(detail).status_code == 404
    assert sender.post(reverse("reports:accept", args=[report.code])).status_code == 404
    receiver = client_for(bawaslu_diy_supervisor)
    assert detail in receiver.get(reverse("reports:queue")).content.decode()
    receiver.post(reverse("reports:accept", args=[report.code]))
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED


def test_a_forward_down_keeps_the_higher_bawaslu_informed(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_diy_supervisor, bawaslu_sleman_officer
):
    report, bantul = bantul_tip.report, _organisation(bawaslu_bantul_officer)
    _forward(client_for(bawaslu_diy_supervisor), report, _organisation(bawaslu_diy_supervisor))
    _forward(client_for(bawaslu_diy_supervisor), report, bantul)
    report.refresh_from_db()
    assert report.handling_organisation == bantul
    detail = reverse("reports:staff_detail", args=[report.code])
    assert client_for(bawaslu_diy_supervisor).get(detail).status_code == 200
    assert client_for(bawaslu_bantul_officer).get(detail).status_code == 200
    assert client_for(bawaslu_sleman_officer).get(detail).status_code == 404


def test_a_forward_only_goes_to_a_bawaslu_covering_the_region(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    report, sleman = bantul_tip.report, _organisation(bawaslu_sleman_officer)
    response = _forward(client_for(bawaslu_bantul_officer), report, sleman)
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.handling_organisation is None
    assert not report.events.filter(type=ReportEvent.Type.FORWARDED).exists()


def test_a_forward_needs_a_reason(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_diy_supervisor
):
    report = bantul_tip.report
    response = _forward(
        client_for(bawaslu_bantul_officer), report, _organisation(bawaslu_diy_supervisor), ""
    )
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.handling_organisation is None


@pytest.mark.parametrize(
    ("actor", "status"),
    [("bawaslu_sleman_officer", 404), ("bkn_officer", 404), ("ppk_officer", 404), ("citizen", 302)],
    indirect=["actor"],
)
def test_routing_is_refused_outside_the_jurisdiction(
    client_for, actor, status, bantul_tip, bawaslu_bantul_officer, bawaslu_diy_supervisor
):
    report = bantul_tip.report
    client = client_for(actor)
    assert _forward(client, report, _organisation(bawaslu_diy_supervisor)).status_code == status
    url = reverse("reports:assign", args=[report.code])
    assert client.post(url, {"assignee": bawaslu_bantul_officer.pk}).status_code == status
    report.refresh_from_db()
    assert report.handling_organisation is None and report.assignee is None


def test_a_viewer_may_neither_assign_nor_forward(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_diy_supervisor
):
    viewer = _colleague(bawaslu_bantul_officer, "viewer", Membership.Role.VIEWER)
    report, client = bantul_tip.report, client_for(viewer)
    assert _forward(client, report, _organisation(bawaslu_diy_supervisor)).status_code == 403
    url = reverse("reports:assign", args=[report.code])
    assert client.post(url, {"assignee": bawaslu_bantul_officer.pk}).status_code == 403
    report.refresh_from_db()
    assert report.handling_organisation is None and report.assignee is None


def test_assigning_to_a_colleague(client_for, bantul_tip, bawaslu_bantul_officer):
    report, rina = bantul_tip.report, _colleague(bawaslu_bantul_officer)
    client = client_for(bawaslu_bantul_officer)
    response = client.post(
        reverse("reports:assign", args=[report.code]), {"assignee": rina.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.assignee == rina
    assert report.events.get(type=ReportEvent.Type.ASSIGNED).payload["assignee"] == rina.pk
    mine = selectors.queue(rina, selectors.QueueFilters(mine=True))
    assert list(mine) == [report]
    assert not selectors.queue(bawaslu_bantul_officer, selectors.QueueFilters(mine=True)).exists()


def test_only_a_colleague_of_the_handling_bawaslu_can_be_assigned(
    client_for, bantul_tip, bawaslu_bantul_officer, bawaslu_sleman_officer
):
    report = bantul_tip.report
    url = reverse("reports:assign", args=[report.code])
    response = client_for(bawaslu_bantul_officer).post(url, {"assignee": bawaslu_sleman_officer.pk})
    assert response.status_code == 422
    report.refresh_from_db()
    assert report.assignee is None


def test_a_forwarded_formal_report_opens_its_identity_only_to_the_receiver(
    client_for, regions, now, bawaslu_bantul_officer, bawaslu_diy_supervisor
):
    report = factories.submit(
        now=now, track=Report.Track.FORMAL, identity=factories.identity()
    ).report
    _forward(client_for(bawaslu_bantul_officer), report, _organisation(bawaslu_diy_supervisor))
    forwarded = report.events.get(type=ReportEvent.Type.FORWARDED)
    assert IDENTITY_NIK not in str(forwarded.payload)
    url = reverse("reports:read_identity", args=[report.code])
    assert client_for(bawaslu_bantul_officer).post(url).status_code == 404
    assert IDENTITY_NIK in client_for(bawaslu_diy_supervisor).post(url).content.decode()
    public = [entry.type for entry in selectors.public_timeline(report)]
    assert ReportEvent.Type.FORWARDED not in public


# --------------------------------------------------------------------- bulk assignment (queue)


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
