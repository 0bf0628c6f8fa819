"""The escalation ladder reaches the bodies it addresses; the SIASN block has a life.

Each rung is a step of its addressee (BKN pusat, Kemendagri for a regional PPK, KemenPAN-RB),
in that body's queue and on its case page, with its actions; each action is refused to
everyone else, and a refused action changes nothing.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from netral.accounts import services as account_services
from netral.accounts.models import Membership, Organisation
from netral.cases import policies, selectors, services
from netral.cases.models import CaseEvent, SiasnBlock, Step
from netral.cases.tests.conftest import NOW, REASON, walk

PASSWORD = "kata-sandi-uji-12345"


def _member(org: Organisation, username: str, role: str = Membership.Role.OFFICER):
    return account_services.create_staff_user(
        username=username, password=PASSWORD, organisation=org, role=role
    )


@pytest.fixture
def kemendagri(regions):
    return account_services.create_organisation(name="Kementerian Dalam Negeri", kind="kemendagri")


@pytest.fixture
def kemenpanrb(regions):
    return account_services.create_organisation(name="KemenPAN-RB", kind="kemenpanrb")


@pytest.fixture
def kemendagri_officer(kemendagri):
    return _member(kemendagri, "itjen_kemendagri")


@pytest.fixture
def kemendagri_viewer(kemendagri):
    return _member(kemendagri, "kemendagri_viewer", Membership.Role.VIEWER)


@pytest.fixture
def kemenpanrb_officer(kemenpanrb):
    return _member(kemenpanrb, "menpan")


def _open_step(case):
    return case.steps.filter(status=Step.Status.OPEN).order_by("due_at").first()


def climb_to(case, level: int):
    """Lets every open deadline pass until the recommendation stands at `level`; the moment."""
    moment = NOW
    while case.recommendations.get().escalation_level < level:
        moment = _open_step(case).due_at + dt.timedelta(minutes=1)
        services.mark_overdue_steps(now=moment)
    return moment


def rung_step(case, key):
    return case.steps.get(kind=f"escalation.{key}", status=Step.Status.OPEN)


COMPLIANT = {
    "decree_number": "800/77/2025",
    "decree_signatory": "Bupati Bantul",
    "sanction": "PP94-BERAT-TURUN",
    "reasoning": REASON,
}


def test_the_bkn_rung_is_bkn_pusats_step_and_its_reprimand_sends_a_letter(
    at_ppk, bkn_officer, ppk_officer
):
    moment = climb_to(at_ppk, 2)
    step = rung_step(at_ppk, "bkn_reprimand")
    assert step.organisation == bkn_officer.memberships.get().organisation
    assert at_ppk in policies.owned_cases(bkn_officer)
    assert [s.pk for s in policies.rungs_to_act_on(bkn_officer, at_ppk)] == [step.pk]
    assert policies.rungs_to_act_on(ppk_officer, at_ppk) == []
    case = services.act_on_rung(
        case=at_ppk, step_id=str(step.public_id), action="send_reprimand", by=bkn_officer,
        now=moment,
    )  # fmt: skip
    step.refresh_from_db()
    assert step.status == Step.Status.DONE
    assert case.documents.filter(template_key="ppk_reprimand_letter").count() == 1
    acted = case.events.get(type=CaseEvent.Type.ESCALATION_ACTED)
    assert acted.payload["action"] == "send_reprimand"
    # The PPK has the rung's period again; past it, the next rung.
    grace = _open_step(case)
    assert grace.organisation == case.owner and grace.escalation_level == 2
    services.mark_overdue_steps(now=grace.due_at + dt.timedelta(minutes=1))
    assert rung_step(case, "siasn_block").organisation == step.organisation


def test_a_rung_acted_on_twice_is_refused_the_second_time(at_ppk, bkn_officer):
    moment = climb_to(at_ppk, 2)
    step = rung_step(at_ppk, "bkn_reprimand")
    args = {"step_id": str(step.public_id), "action": "send_reprimand", "by": bkn_officer}
    services.act_on_rung(case=at_ppk, now=moment, **args)
    events = at_ppk.events.count()
    with pytest.raises(services.ActionRefused):
        services.act_on_rung(case=at_ppk, now=moment, **args)
    assert at_ppk.events.count() == events


def test_the_siasn_block_lives_requested_confirmed_and_lifted_after_a_compliant_decree(
    at_ppk, bkn_officer, ppk_officer
):
    moment = climb_to(at_ppk, 3)
    recommendation = at_ppk.recommendations.get()
    assert recommendation.siasn_block == SiasnBlock.REQUESTED
    assert at_ppk.events.filter(type=CaseEvent.Type.SIASN_BLOCK_REQUESTED).count() == 1
    step = rung_step(at_ppk, "siasn_block")
    services.act_on_rung(
        case=at_ppk, step_id=str(step.public_id), action="confirm_block", by=bkn_officer,
        now=moment,
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.siasn_block == SiasnBlock.CONFIRMED
    assert policies.can_lift_siasn_block(bkn_officer, at_ppk)
    assert not policies.can_lift_siasn_block(ppk_officer, at_ppk)
    # Before a compliant decree: a clear message, nothing changes.
    at_ppk.refresh_from_db()
    version, events = at_ppk.version, at_ppk.events.count()
    with pytest.raises(services.ActionRefused, match="SIASN"):
        services.lift_siasn_block(case=at_ppk, by=bkn_officer, now=moment)
    at_ppk.refresh_from_db()
    recommendation.refresh_from_db()
    assert (at_ppk.version, at_ppk.events.count()) == (version, events)
    assert recommendation.siasn_block == SiasnBlock.CONFIRMED
    # The PPK records the recommended sanction: the block can go.
    data = {**COMPLIANT, "decree_date": moment.date().isoformat()}
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", data), now=moment)
    services.lift_siasn_block(case=case, by=bkn_officer, now=moment, note="SK diterima.")
    recommendation.refresh_from_db()
    assert recommendation.siasn_block == SiasnBlock.LIFTED
    assert case.events.filter(type=CaseEvent.Type.SIASN_BLOCK_LIFTED).count() == 1
    assert not policies.can_lift_siasn_block(bkn_officer, case)


def test_refusing_the_block_needs_a_reason(at_ppk, bkn_officer):
    moment = climb_to(at_ppk, 3)
    step = rung_step(at_ppk, "siasn_block")
    args = {"case": at_ppk, "step_id": str(step.public_id), "by": bkn_officer, "now": moment}
    with pytest.raises(services.ActionRefused):
        services.act_on_rung(action="refuse_block", note="tidak", **args)
    services.act_on_rung(action="refuse_block", note=REASON, **args)
    assert at_ppk.recommendations.get().siasn_block == SiasnBlock.REFUSED
    assert at_ppk.events.filter(type=CaseEvent.Type.SIASN_BLOCK_REFUSED).count() == 1


def test_kemendagri_sees_acts_on_and_counts_the_rung_addressed_to_it(
    at_ppk, kemendagri_officer, kemenpanrb_officer, kemendagri
):
    assert at_ppk not in policies.visible_cases(kemendagri_officer)
    moment = climb_to(at_ppk, 4)
    step = rung_step(at_ppk, "ministry_reprimand")
    assert step.organisation == kemendagri
    assert at_ppk in policies.owned_cases(kemendagri_officer)
    queue = selectors.work_queue(kemendagri_officer, selectors.QueueFilters(), now=moment)
    assert list(queue) == [at_ppk]
    assert at_ppk not in policies.visible_cases(kemenpanrb_officer)
    # Both ministries read the national compliance table.
    for officer in (kemendagri_officer, kemenpanrb_officer):
        rows = selectors.ppk_compliance_for(officer)
        assert [row.overdue for row in rows] == [1]
    services.act_on_rung(
        case=at_ppk, step_id=str(step.public_id), action="send_reprimand",
        by=kemendagri_officer, now=moment,
    )  # fmt: skip
    letter = at_ppk.documents.get(template_key="ppk_reprimand_letter")
    assert letter.organisation == kemendagri
    # Past the period, the last rung is KemenPAN-RB's.
    services.mark_overdue_steps(now=_open_step(at_ppk).due_at + dt.timedelta(minutes=1))
    last = rung_step(at_ppk, "final_report")
    assert last.organisation.kind == "kemenpanrb"
    assert at_ppk in policies.owned_cases(kemenpanrb_officer)


# Views: every new action refused to everyone but its addressee's deciders.


def _post_action(client, case, step, action, note=""):
    case.refresh_from_db()
    url = reverse("cases:escalation_action", args=[case.code, step.public_id])
    return client.post(url, {"version": case.version, "action": action, "note": note})


@pytest.mark.parametrize(
    "who, expected",
    [
        ("kemendagri_officer", 303),
        ("kemendagri_viewer", 403),
        ("ppk_officer", 403),
        ("bkn_officer", 403),
        ("kemenpanrb_officer", 404),
        ("bawaslu_sleman_officer", 404),
        (None, 302),
    ],
)
def test_the_ministry_rung_action_permission_matrix(client, request, at_ppk, who, expected):
    request.getfixturevalue("kemendagri_officer")
    request.getfixturevalue("kemenpanrb_officer")
    moment = climb_to(at_ppk, 4)
    step = rung_step(at_ppk, "ministry_reprimand")
    user = request.getfixturevalue(who) if who else None
    if user is not None:
        client.force_login(user)
    events = at_ppk.events.count()
    with time_machine.travel(moment, tick=False):
        response = _post_action(client, at_ppk, step, "send_reprimand")
    assert response.status_code == expected
    if who == "kemendagri_officer":
        assert at_ppk.events.filter(type=CaseEvent.Type.ESCALATION_ACTED).count() == 1
    else:
        if who is None:
            assert "/masuk" in response["Location"] or "login" in response["Location"]
        assert at_ppk.events.count() == events


def test_the_rung_page_shows_its_form_and_a_bad_action_is_a_form_error(
    client, at_ppk, kemendagri_officer
):
    moment = climb_to(at_ppk, 4)
    step = rung_step(at_ppk, "ministry_reprimand")
    client.force_login(kemendagri_officer)
    with time_machine.travel(moment, tick=False):
        page = client.get(reverse("cases:detail", args=[at_ppk.code]))
        assert reverse("cases:escalation_action", args=[at_ppk.code, step.public_id]) in (
            page.content.decode()
        )
        response = _post_action(client, at_ppk, step, "confirm_block")
    assert response.status_code == 200
    assert at_ppk.events.filter(type=CaseEvent.Type.ESCALATION_ACTED).count() == 0


@pytest.mark.parametrize(
    "who, expected", [("bkn_officer", 303), ("ppk_officer", 403), ("kemendagri_officer", 403)]
)
def test_the_lift_permission_matrix_and_the_early_lift_message(
    client, request, at_ppk, bkn_officer, who, expected
):
    request.getfixturevalue("kemendagri_officer")
    moment = _confirmed_block(at_ppk, bkn_officer)
    if who == "kemendagri_officer":
        climb_to(at_ppk, 4)
    client.force_login(request.getfixturevalue(who))
    at_ppk.refresh_from_db()
    events = at_ppk.events.count()
    with time_machine.travel(moment, tick=False):
        response = client.post(
            reverse("cases:lift_block", args=[at_ppk.code]),
            {"version": at_ppk.version},
            follow=False,
        )
    assert response.status_code == expected
    assert at_ppk.events.count() == events  # no compliant decree yet: nothing lifted
    assert at_ppk.recommendations.get().siasn_block == SiasnBlock.CONFIRMED


def _confirmed_block(case, bkn_officer):
    moment = climb_to(case, 3)
    step = rung_step(case, "siasn_block")
    services.act_on_rung(
        case=case, step_id=str(step.public_id), action="confirm_block", by=bkn_officer,
        now=moment,
    )  # fmt: skip
    return moment


def test_bkn_lifts_the_block_from_the_case_page_once_the_decree_complies(
    client, at_ppk, bkn_officer, ppk_officer
):
    moment = _confirmed_block(at_ppk, bkn_officer)
    data = {**COMPLIANT, "decree_date": moment.date().isoformat()}
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", data), now=moment)
    client.force_login(bkn_officer)
    url = reverse("cases:lift_block", args=[case.code])
    with time_machine.travel(moment, tick=False):
        response = client.post(url, {"version": case.version, "note": "SK diterima."}, follow=True)
    assert "Pemblokiran SIASN telah dicabut." in response.content.decode()
    assert case.recommendations.get().siasn_block == SiasnBlock.LIFTED
    assert case.events.filter(type=CaseEvent.Type.SIASN_BLOCK_LIFTED).count() == 1


def test_a_lift_without_the_pages_version_asks_for_a_reload_and_changes_nothing(
    client, at_ppk, bkn_officer
):
    moment = _confirmed_block(at_ppk, bkn_officer)
    client.force_login(bkn_officer)
    events = at_ppk.events.count()
    with time_machine.travel(moment, tick=False):
        response = client.post(reverse("cases:lift_block", args=[at_ppk.code]), follow=True)
    assert "Muat ulang halaman lalu coba lagi." in response.content.decode()
    assert at_ppk.events.count() == events
    assert at_ppk.recommendations.get().siasn_block == SiasnBlock.CONFIRMED


def test_a_rung_action_on_a_stale_page_is_a_form_error_and_records_nothing(
    client, at_ppk, kemendagri_officer
):
    moment = climb_to(at_ppk, 4)
    step = rung_step(at_ppk, "ministry_reprimand")
    client.force_login(kemendagri_officer)
    at_ppk.refresh_from_db()
    url = reverse("cases:escalation_action", args=[at_ppk.code, step.public_id])
    data = {"version": at_ppk.version - 1, "action": "send_reprimand", "note": ""}
    with time_machine.travel(moment, tick=False):
        response = client.post(url, data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert at_ppk.events.filter(type=CaseEvent.Type.ESCALATION_ACTED).count() == 0


def test_a_ministry_sees_the_national_compliance_figures_without_links_to_empty_lists(
    client, at_ppk, kemenpanrb_officer, bkn_officer
):
    url = reverse("cases:compliance")
    client.force_login(kemenpanrb_officer)
    page = client.get(url).content.decode()
    assert "Ini angka nasional." in page
    assert "?scope=all" not in page  # no count opens a queue the ministry cannot read
    client.force_login(bkn_officer)
    page = client.get(url).content.decode()
    assert "?scope=all" in page and "Ini angka nasional." not in page


def test_a_rung_acted_on_from_another_tab_says_the_case_changed(
    client, at_ppk, bkn_officer, ppk_officer
):
    moment = climb_to(at_ppk, 2)
    step = rung_step(at_ppk, "bkn_reprimand")
    at_ppk.refresh_from_db()
    shown = at_ppk.version
    args = {"step_id": str(step.public_id), "action": "send_reprimand", "by": bkn_officer}
    services.act_on_rung(case=at_ppk, now=moment, **args)
    url = reverse("cases:escalation_action", args=[at_ppk.code, step.public_id])
    data = {"version": shown, "action": "send_reprimand", "note": ""}
    client.force_login(bkn_officer)
    with time_machine.travel(moment, tick=False):
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert "Muat ulang" in response.content.decode()
        client.force_login(ppk_officer)  # never addressed by the rung: a plain refusal
        assert client.post(url, data).status_code == 403


def test_a_rung_action_is_told_as_what_the_body_did_not_as_a_command(at_ppk, bkn_officer):
    from django.utils import translation

    from netral.cases.models import Notification

    moment = climb_to(at_ppk, 2)
    step = rung_step(at_ppk, "bkn_reprimand")
    args = {"step_id": str(step.public_id), "action": "send_reprimand", "by": bkn_officer}
    services.act_on_rung(case=at_ppk, now=moment, **args)
    notice = Notification.objects.filter(case=at_ppk, params__action="send_reprimand").first()
    assert notice is not None
    bkn = step.organisation.name
    with translation.override("en"):
        assert notice.message == f"Case {at_ppk.code}: {bkn} sent the reprimand to the PPK."
    with translation.override("id"):
        assert notice.message == f"Kasus {at_ppk.code}: {bkn} mengirim teguran kepada PPK."


def test_refusing_the_block_without_a_reason_is_a_form_error_that_keeps_the_version(
    client, at_ppk, bkn_officer
):
    moment = climb_to(at_ppk, 3)
    step = rung_step(at_ppk, "siasn_block")
    client.force_login(bkn_officer)
    events = at_ppk.events.count()
    with time_machine.travel(moment, tick=False):
        response = _post_action(client, at_ppk, step, "refuse_block", note="")
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert at_ppk.events.count() == events
