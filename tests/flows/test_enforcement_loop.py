"""Across apps, the enforcement loop (issue 13): a public report becomes a DS-06 case, BKN
recommends a moderate sanction, and the PPK's decree is compared with it. A lighter sanction is
not compliance: BKN answers the PPK's reason, and a refused reason climbs the escalation ladder
under a moved clock until a compliant decree is recorded. The compliance record counts each step.
"""

import datetime as dt

import pytest

from netral.cases import selectors, services, workflow
from netral.cases.models import Case, CaseEvent, DecreeOutcome, Notification, Recommendation
from netral.reports import services as report_services
from netral.reports.models import Report
from netral.reports.tests import factories

NOW = dt.datetime(2024, 10, 7, 2, 0, tzinfo=dt.UTC)  # a Monday, 09:00 WIB
REASON = "Bukti tangkapan layar dan klarifikasi terlapor menunjukkan dukungan terbuka."
WHY = "Terlapor baru pertama kali melanggar dan telah meminta maaf secara terbuka."
BKN_WHY = "Alasan itu tidak mengubah beratnya pelanggaran netralitas yang terbukti."


@pytest.fixture
def recommended(regions, bawaslu_bantul_officer, bkn_officer, ppk_officer):
    """Report → Bawaslu decides DS-06 → BKN recommends a moderate sanction to the Bantul PPK."""
    submission = factories.submit(
        NOW, track=Report.Track.FORMAL, identity=factories.identity(email="siti@example.id")
    )
    report_services.accept_report(report=submission.report, by=bawaslu_bantul_officer, now=NOW)
    case = Case.objects.get(source_ref=submission.report.code)
    bawaslu = [
        ("start_review", {}),
        ("register", {"registration_number": "001/REG/34.02/X/2024", "reasoning": REASON}),
        ("start_examination", {}),
        ("decide_asn_violation", {"codes": ["DS-06"], "reasoning": REASON}),
    ]
    for action, data in bawaslu:
        case = services.transition(
            case=case, action=action, by=bawaslu_bantul_officer, now=NOW, data=data
        )
    recommend = {"codes": ["DS-06"], "sanction_category": "HD_SEDANG", "reasoning": REASON}
    case = services.transition(
        case=case, action="recommend_sanction", by=bkn_officer, now=NOW, data=recommend
    )
    assert case.owner.kind == "ppk"
    return case


def _decree(case, officer, sanction, *, at=NOW, reason=""):
    data = {
        "decree_number": "800/9/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": at.date().isoformat(),
        "sanction": sanction,
        "reasoning": REASON,
        "deviation_reason": reason,
    }
    return services.transition(
        case=case, action="record_ppk_decision", by=officer, now=at, data=data
    )


def _compliance(bkn_officer):
    (row,) = selectors.ppk_compliance_for(bkn_officer)
    return row


@pytest.mark.django_db
def test_a_refused_reason_climbs_the_ladder_until_a_compliant_decree(
    recommended, bkn_officer, ppk_officer
):
    case = _decree(recommended, ppk_officer, "PP94-RINGAN-TERTULIS", reason=WHY)
    assert case.recommendations.get().outcome == DecreeOutcome.FOLLOWED_LIGHTER
    assert Notification.objects.filter(user=bkn_officer, kind="deviated").exists()
    assert _compliance(bkn_officer).lighter == 1

    case = services.review_ppk_reason(
        case=case, by=bkn_officer, now=NOW, accept=False, reason=BKN_WHY
    )
    assert case.state == workflow.State.RECOMMENDED and case.owner.kind == "ppk"

    recommendation = case.recommendations.get()
    later = recommendation.due_at + dt.timedelta(days=1)
    assert services.mark_overdue_steps(now=later) == 1
    recommendation.refresh_from_db()
    assert recommendation.escalation_level == 1
    assert recommendation.status == Recommendation.Status.IGNORED
    assert case.events.filter(type=CaseEvent.Type.ESCALATED).count() == 1
    assert _compliance(bkn_officer).lighter == 1  # still no compliance

    case = Case.objects.get(pk=case.pk)
    case = _decree(case, ppk_officer, "PP94-SEDANG-6", at=later)
    recommendation.refresh_from_db()
    assert recommendation.outcome == DecreeOutcome.FOLLOWED
    assert recommendation.status == Recommendation.Status.LATE
    row = _compliance(bkn_officer)
    assert (row.followed, row.lighter, row.not_followed) == (1, 0, 0)


@pytest.mark.django_db
def test_an_accepted_reason_is_recorded_and_still_not_compliance(
    recommended, bkn_officer, ppk_officer
):
    case = _decree(recommended, ppk_officer, "NONE", reason=WHY)
    case = services.review_ppk_reason(
        case=case, by=bkn_officer, now=NOW, accept=True, reason=BKN_WHY
    )
    assert case.state == workflow.State.FOLLOW_UP
    decision = case.decisions.get(kind="ppk_decree")
    assert (decision.reason_review, decision.reason_review_text) == ("accepted", BKN_WHY)
    later = NOW + dt.timedelta(days=60)
    services.mark_overdue_steps(now=later)
    assert not case.events.filter(type=CaseEvent.Type.ESCALATED, payload__rung="reminder").exists()
    row = _compliance(bkn_officer)
    assert (row.followed, row.not_followed) == (0, 1)


@pytest.mark.django_db
def test_a_compliant_decree_counts_as_followed_and_asks_for_no_reason(
    recommended, bkn_officer, ppk_officer
):
    case = _decree(recommended, ppk_officer, "PP94-BERAT-TURUN")
    assert services.decision_awaiting_review(case) is None
    assert not Notification.objects.filter(user=bkn_officer, kind="deviated").exists()
    row = _compliance(bkn_officer)
    assert (row.followed, row.lighter, row.not_followed, row.pending) == (1, 0, 0, 0)
