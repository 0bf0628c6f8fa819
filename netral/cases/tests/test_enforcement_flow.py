"""Issue 13's "Done when", as a flow test: the enforcement loop closes.

report → Bawaslu decides DS-06 → BKN recommends *sedang* → the PPK records a *ringan* decree with
a reason → BKN refuses the reason → the ladder climbs under a moved clock → BKN pusat and
Kemendagri see and act in their own queues → the PPK records a compliant decree → the SIASN
block is lifted → the compliance page counts each step right.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from netral.accounts import services as account_services
from netral.accounts.models import Membership
from netral.cases import selectors, services, timeline
from netral.cases.models import CaseEvent, DecreeOutcome, SiasnBlock, Step
from netral.cases.tests.conftest import NOW, REASON
from netral.cases.tests.test_flow import accepted_report as accepted_report  # noqa: F401

WHY = "Terlapor baru pertama kali melanggar dan telah meminta maaf secara terbuka."


def step(case, user, action, now, **data):
    return services.transition(
        case=case, action=action, by=user, now=now, data=data, expected_version=case.version
    )


@pytest.fixture
def kemendagri_officer(regions):
    organisation = account_services.create_organisation(
        name="Kementerian Dalam Negeri", kind="kemendagri"
    )
    return account_services.create_staff_user(
        username="kemendagri", password="kata-sandi-uji-12345", organisation=organisation,
        role=Membership.Role.OFFICER,
    )  # fmt: skip


def _row(user, at):
    with time_machine.travel(at, tick=False):
        rows = selectors.ppk_compliance_for(user)
    assert len(rows) == 1
    return rows[0]


def _sweep_past_open_step(case):
    due = case.steps.filter(status=Step.Status.OPEN).order_by("due_at").first().due_at
    moment = due + dt.timedelta(minutes=1)
    services.mark_overdue_steps(now=moment)
    return moment


def test_the_enforcement_loop_closes(
    accepted_report,  # noqa: F811
    client,
    bawaslu_bantul_officer,
    bkn_officer,
    ppk_officer,
    kemendagri_officer,
):
    case = services.open_case_from_report(
        report=accepted_report, by=bawaslu_bantul_officer, now=NOW
    )
    for action, data in [
        ("start_review", {}),
        ("register", {"registration_number": "013/PL/PB/34.02/X/2024", "reasoning": REASON}),
        ("start_examination", {}),
        ("decide_asn_violation", {"codes": ["DS-06"], "reasoning": REASON}),
    ]:
        case = step(case, bawaslu_bantul_officer, action, NOW, **data)
    case = step(
        case, bkn_officer, "recommend_sanction", NOW,
        codes=["DS-06"], sanction_category="HD_SEDANG", reasoning=REASON,
    )  # fmt: skip
    recommendation = case.recommendations.get()
    assert _row(bkn_officer, NOW).received == 1

    # The PPK records a lighter decree (ringan) with its reason: not compliance.
    decree = {
        "decree_number": "800/12/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": NOW.date().isoformat(),
        "reasoning": REASON,
    }
    case = step(
        case, ppk_officer, "record_ppk_decision", NOW,
        sanction="PP94-RINGAN-TERTULIS", deviation_reason=WHY, **decree,
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.outcome == DecreeOutcome.FOLLOWED_LIGHTER
    assert _row(bkn_officer, NOW).lighter == 1
    assert _row(bkn_officer, NOW).followed == 0

    # BKN refuses the reason: back to the PPK, the ladder applies.
    case = services.review_ppk_reason(
        case=case, by=bkn_officer, now=NOW, accept=False, reason=REASON
    )
    assert case.state == "recommended" and case.owner == recommendation.addressed_to

    # The clock moves: the ladder climbs, nobody at the PPK acts.
    moment = _sweep_past_open_step(case)  # reminder (the PPK's)
    moment = _sweep_past_open_step(case)  # BKN pusat's reprimand
    bkn_step = case.steps.get(kind="escalation.bkn_reprimand")
    assert bkn_step.organisation == bkn_officer.memberships.get().organisation
    client.force_login(bkn_officer)
    with time_machine.travel(moment, tick=False):
        queue = client.get(reverse("cases:queue")).content.decode()
        assert case.code in queue
        case.refresh_from_db()
        response = client.post(
            reverse("cases:escalation_action", args=[case.code, bkn_step.public_id]),
            {"version": case.version, "action": "send_reprimand"},
        )
    assert response.status_code == 303
    assert case.documents.filter(template_key="ppk_reprimand_letter").exists()

    moment = _sweep_past_open_step(case)  # the PPK's period after the reprimand → SIASN rung
    block_step = case.steps.get(kind="escalation.siasn_block", status=Step.Status.OPEN)
    case.refresh_from_db()
    case = services.act_on_rung(
        case=case, step_id=str(block_step.public_id), action="confirm_block", by=bkn_officer,
        now=moment, expected_version=case.version,
    )  # fmt: skip

    moment = _sweep_past_open_step(case)  # → Kemendagri's rung (Bantul is a regional PPK)
    ministry_step = case.steps.get(kind="escalation.ministry_reprimand")
    client.force_login(kemendagri_officer)
    with time_machine.travel(moment, tick=False):
        queue = client.get(reverse("cases:queue")).content.decode()
        assert case.code in queue
        compliance = client.get(reverse("cases:compliance"))
        assert compliance.status_code == 200 and "BKPSDM Kabupaten Bantul" in (
            compliance.content.decode()
        )
        case.refresh_from_db()
        response = client.post(
            reverse("cases:escalation_action", args=[case.code, ministry_step.public_id]),
            {"version": case.version, "action": "send_reprimand"},
        )
    assert response.status_code == 303
    assert _row(kemendagri_officer, moment).received == 1

    # The block cannot be lifted yet.
    case.refresh_from_db()
    with pytest.raises(services.ActionRefused):
        services.lift_siasn_block(case=case, by=bkn_officer, now=moment)

    # The PPK records a compliant decree (sedang): followed, late.
    case = step(
        case, ppk_officer, "record_ppk_decision", moment,
        sanction="PP94-SEDANG-6", **{**decree, "decree_number": "800/99/2025",
                                     "decree_date": moment.date().isoformat()},
    )  # fmt: skip
    recommendation.refresh_from_db()
    assert recommendation.outcome == DecreeOutcome.FOLLOWED
    assert case.steps.filter(closed_at__isnull=True, kind__startswith="escalation.").count() == 0
    case = services.lift_siasn_block(case=case, by=bkn_officer, now=moment)
    recommendation.refresh_from_db()
    assert recommendation.siasn_block == SiasnBlock.LIFTED

    # Each step is on the timeline, in order, and the chain verifies.
    kinds = list(case.events.order_by("seq").values_list("type", flat=True))
    expected = [
        CaseEvent.Type.PPK_DECISION_RECORDED,
        CaseEvent.Type.PPK_REASON_REFUSED,
        CaseEvent.Type.ESCALATED,
        CaseEvent.Type.ESCALATION_ACTED,
        CaseEvent.Type.SIASN_BLOCK_REQUESTED,
        CaseEvent.Type.SIASN_BLOCK_CONFIRMED,
        CaseEvent.Type.ESCALATION_ACTED,
        CaseEvent.Type.PPK_DECISION_RECORDED,
        CaseEvent.Type.SIASN_BLOCK_LIFTED,
    ]
    remaining = iter(kinds)
    assert all(kind in remaining for kind in expected)  # in this order
    assert timeline.verify_case(case) is None

    # The compliance table: one recommendation, now followed, acted on late.
    row = _row(bkn_officer, moment)
    assert (row.received, row.followed, row.lighter, row.not_followed) == (1, 1, 0, 0)
    assert row.late == 1
