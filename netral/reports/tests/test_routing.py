"""Assigning an intake report to a colleague and forwarding it to another Bawaslu."""

import pytest
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
    # The receiver's history says where it went and why (the event's headline).
    assert f"→ {diy.name}: Pejabat tingkat provinsi." in receiver.get(detail).content.decode()
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


def test_each_staff_action_form_keeps_its_own_button_and_hint(
    client_for, bantul_tip, bawaslu_bantul_officer
):
    url = reverse("reports:staff_detail", args=[bantul_tip.report.code])
    page = client_for(bawaslu_bantul_officer).get(url).content.decode()
    # The forwarding hint belongs to the forward form only, not to the forms after it.
    assert page.count("Anda tidak lagi melihat laporan ini") == 1
    assert page.count('type="submit" class="button danger"') == 1
    for action in ("assign", "forward", "request_information", "mark_duplicate", "reject"):
        assert f'action="{reverse(f"reports:{action}", args=[bantul_tip.report.code])}"' in page
