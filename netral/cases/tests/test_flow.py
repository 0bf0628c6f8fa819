"""The journey across agencies, each seeing only what it should:

a citizen's report → Bawaslu Bantul registers it and decides DS-06 → BKN verifies and recommends
to the PPK → the PPK decides → BKN closes the follow-up. And, with the clock moved forward, an
ignored recommendation that escalates on its own.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from netral.cases import policies, selectors, services, workflow
from netral.cases.models import CaseEvent, Document, LetterCounter, Recommendation
from netral.cases.services.letters import ROMAN
from netral.cases.tests.conftest import NOW, REASON, walk
from netral.reports import services as report_services
from netral.reports.models import Report
from netral.reports.tests import factories as report_factories


def step(case, user, action, now, **data):
    return services.transition(
        case=case, action=action, by=user, now=now, data=data, expected_version=case.version
    )


@pytest.fixture
def accepted_report(regions, pilkada_bantul, disdik_bantul, bawaslu_bantul_officer):
    submission = report_services.submit_report(
        data=report_factories.report_input(
            track=Report.Track.FORMAL, identity=report_factories.identity(), election=pilkada_bantul
        ),
        evidence=[],
        channel="web",
        now=NOW - dt.timedelta(hours=3),
    )
    return report_services.accept_report(
        report=submission.report, by=bawaslu_bantul_officer, now=NOW
    )


def test_report_to_sanction_across_agencies(
    accepted_report,
    client_for,
    bawaslu_bantul_officer,
    bawaslu_sleman_officer,
    bkn_officer,
    ppk_officer,
    bawaslu_diy_supervisor,
):
    # The reports app calls this when a report is accepted.
    case = services.open_case_from_report(
        report=accepted_report, by=bawaslu_bantul_officer, now=NOW
    )
    assert (
        services.open_case_from_report(report=accepted_report, by=bawaslu_bantul_officer, now=NOW)
        == case
    )
    assert case.owner.name == "Bawaslu Kabupaten Bantul" and case.origin == "report"
    assert selectors.public_progress(accepted_report)["stages"][0]["key"] == "received"

    bantul = bawaslu_bantul_officer
    case = step(case, bantul, "start_review", NOW)
    case = step(
        case,
        bantul,
        "register",
        NOW,
        registration_number="012/PL/PB/34.02/X/2024",
        reasoning=REASON,
    )
    case.refresh_from_db()
    assert case.registration_number == "012/PL/PB/34.02/X/2024"  # on the case, not in an event
    notice = Document.objects.get(case=case, template_key="registration_notice")
    assert "012/PL/PB/34.02/X/2024" in notice.html
    case = step(case, bantul, "start_examination", NOW)
    later = NOW + dt.timedelta(days=2)
    case = step(case, bantul, "decide_asn_violation", later, codes=["DS-06"], reasoning=REASON)
    assert case.owner.kind == "bkn" and case.sanction_category == "HD_BERAT"

    # Who sees what while BKN verifies.
    assert policies.can_view(bkn_officer, case) and not policies.can_view_identity(
        bkn_officer, case
    )
    assert policies.can_view(bantul, case) and not policies.can_act(bantul, case)
    assert not policies.can_view(bawaslu_sleman_officer, case)
    assert not policies.can_view(ppk_officer, case)
    assert policies.can_view(bawaslu_diy_supervisor, case)

    case = step(
        case,
        bkn_officer,
        "recommend_sanction",
        later,
        codes=["DS-06"],
        sanction_category="HD_BERAT",
        reasoning=REASON,
    )
    assert case.owner.name == "BKPSDM Kabupaten Bantul"
    assert policies.can_view(ppk_officer, case) and not policies.can_view_identity(
        ppk_officer, case
    )
    ppk_page = (
        client_for(ppk_officer).get(reverse("cases:detail", args=[case.code])).content.decode()
    )
    assert "Siti Rahayu" not in ppk_page  # the reporter's name never reaches the PPK
    assert selectors.public_progress(accepted_report)["stages"][-1]["key"] == "recommended"

    team = {"superior": "Kepala Dinas", "inspektorat": "Irban II", "personnel": "BKPSDM"}
    case = step(case, ppk_officer, "start_disciplinary_examination", later, examination_team=team)
    decree = {
        "decree_number": "800/45/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": later.date().isoformat(),
    }
    case = step(
        case,
        ppk_officer,
        "record_ppk_decision",
        later,
        **decree,
        sanction="PP94-BERAT-TURUN",
        reasoning=REASON,
    )
    assert case.owner.kind == "bkn" and case.state == workflow.State.FOLLOW_UP
    assert case.recommendations.get().status == Recommendation.Status.ACTED_IN_TIME
    case = step(
        case,
        bkn_officer,
        "close_follow_up",
        later,
        reasoning="Keputusan telah disampaikan dan dicatat di I'DIS.",
    )
    assert case.state == workflow.State.CLOSED and case.outcome == workflow.Outcome.SANCTIONED

    progress = selectors.public_progress(accepted_report)
    assert progress["closed"] and progress["outcome"]
    # Every stage the reporter sees carries the day it was reached, read from the steps the
    # stages opened and the closing time, not from the event payloads.
    reached = {stage["key"]: stage["reached_on"] for stage in progress["stages"]}
    assert None not in reached.values() and reached["closed"] == later.date()
    assert list(reached) == [
        "received",
        "review",
        "registered",
        "forwarded",
        "recommended",
        "decided",
        "closed",
    ]
    assert "800/45/2024" not in str(progress)
    letters = set(case.documents.values_list("template_key", flat=True))
    assert {"forwarding_letter_bkn", "recommendation_letter_ppk", "case_summary"} <= letters
    assert services.mark_overdue_steps(now=later + dt.timedelta(days=365)) == 0


def test_an_ignored_recommendation_escalates_on_its_own(
    accepted_report, bawaslu_bantul_officer, bkn_officer, ppk_officer
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
    case = step(case, bkn_officer, "recommend_sanction", NOW, codes=["DS-06"], reasoning=REASON)

    # Nobody touches the case; only the sweep runs, once a day, for three months.
    day = NOW
    for _ in range(90):
        day += dt.timedelta(days=1)
        services.mark_overdue_steps(now=day)
    escalations = case.events.filter(type=CaseEvent.Type.ESCALATED).order_by("seq")
    assert [e.payload["rung"] for e in escalations] == [
        "reminder",
        "bkn_reprimand",
        "siasn_block",
        "ministry_reprimand",
        "final_report",
    ]
    assert case.recommendations.get().status == Recommendation.Status.IGNORED
    assert selectors.ppk_compliance()[0].overdue == 1
    assert case.events.filter(type=CaseEvent.Type.DEADLINE_MISSED).count() == 5


def test_a_registration_left_empty_takes_the_next_number_of_the_counter(
    open_case, bawaslu_bantul_officer, client
):
    """Decision 0071: one locked counter per organisation and year, never reused."""
    first = walk(
        open_case(),
        bawaslu_bantul_officer,
        ("start_review", {}),
        ("register", {"reasoning": REASON}),
    )
    first.refresh_from_db()
    # The register has its own series: 001/REG/<jurisdiction>/<month>/<year>, apart from letters.
    region = first.owner.jurisdiction_code or "RI"
    assert first.registration_number == f"001/REG/{region}/{ROMAN[NOW.month - 1]}/{NOW.year}"
    second = walk(
        open_case(),
        bawaslu_bantul_officer,
        ("start_review", {}),
        ("register", {"reasoning": REASON}),
    )
    assert second.registration_number.startswith("002/REG/")
    counter = LetterCounter.objects.get(organisation=first.owner, year=NOW.year, series="letter")
    assert counter.last == 2  # each registration notice takes its own letter number
    notices = Document.objects.filter(template_key="registration_notice").order_by("pk")
    assert [d.number.split("/")[0] for d in notices] == ["001", "002"]
    notice = Document.objects.get(case=first, template_key="registration_notice")
    assert first.registration_number in notice.html
    client.force_login(bawaslu_bantul_officer)
    page = client.get(reverse("cases:detail", args=[first.code]))
    assert first.registration_number in page.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_registration_number_the_organisation_gave_another_case_is_refused_naming_it(
    open_case, bawaslu_bantul_officer, client
):
    number = "001/REG/34.02/X/2024"
    first = walk(
        open_case(),
        bawaslu_bantul_officer,
        ("start_review", {}),
        ("register", {"registration_number": number, "reasoning": REASON}),
    )
    second = walk(open_case(), bawaslu_bantul_officer, ("start_review", {}))
    client.force_login(bawaslu_bantul_officer)
    url = reverse("cases:transition", args=[second.code, "register"])
    typed = {"version": second.version, "registration_number": number.lower(), "reasoning": REASON}
    response = client.post(url, typed)
    assert response.status_code == 200
    assert first.code in response.content.decode()
    second.refresh_from_db()
    assert second.state == workflow.State.INITIAL_REVIEW and not second.registration_number
    # Left empty, the next number of the register skips one typed by hand before.
    typed = {"version": second.version, "registration_number": "", "reasoning": REASON}
    mine = f"/REG/{first.owner.jurisdiction_code or 'RI'}/{ROMAN[NOW.month - 1]}/{NOW.year}"
    walk(
        open_case(),
        bawaslu_bantul_officer,
        ("start_review", {}),
        ("register", {"registration_number": "002" + mine, "reasoning": REASON}),
    )
    assert number == "001" + mine  # the first case's, typed by hand too
    assert client.post(url, typed).status_code == 303
    second.refresh_from_db()
    assert second.registration_number == "003" + mine


@time_machine.travel(NOW, tick=False)
def test_a_number_typed_in_another_month_is_still_skipped(open_case, bawaslu_bantul_officer):
    region = bawaslu_bantul_officer.memberships.get().organisation.jurisdiction_code or "RI"
    other_month = ROMAN[(NOW.month % 12)]  # not this month
    typed = f"001/REG/{region}/{other_month}/{NOW.year}"
    walk(
        open_case(),
        bawaslu_bantul_officer,
        ("start_review", {}),
        ("register", {"registration_number": typed, "reasoning": REASON}),
    )
    given = walk(
        open_case(),
        bawaslu_bantul_officer,
        ("start_review", {}),
        ("register", {"reasoning": REASON}),
    )
    assert given.registration_number.startswith("002/REG/")
