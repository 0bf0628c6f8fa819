"""Reads for other apps: the reporter's progress page and the PPK compliance record."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from netral.cases import adapters, selectors, services
from netral.cases.models import CaseEvent, DecreeOutcome
from netral.cases.tests.conftest import NOW, REASON, RECOMMEND, walk


class FakeReport:
    def __init__(self, code):
        self.code = code


def test_no_progress_before_a_case_exists(db):
    assert selectors.public_progress(FakeReport("R-NONE")) is None


def test_progress_follows_the_case_without_names_or_reasons(at_ppk, ppk_officer):
    at_ppk.source_ref = "R-1"
    at_ppk.save()
    progress = selectors.public_progress(FakeReport("R-1"))
    keys = [stage["key"] for stage in progress["stages"]]
    assert keys == ["received", "review", "registered", "forwarded", "recommended"]
    assert progress["stages"][-1]["current"] and not progress["closed"]
    text = str(progress)
    assert REASON not in text and "Budi" not in text and "BKPSDM" not in text


def test_a_tip_shows_as_being_reviewed(open_case, bawaslu_bantul_officer):
    case = walk(
        open_case(), bawaslu_bantul_officer, "start_review", ("not_register", {"reasoning": REASON})
    )
    case.source_ref = "R-2"
    case.save()
    progress = selectors.public_progress(FakeReport("R-2"))
    assert progress["stages"][-1]["key"] == "review"


def test_a_duplicate_report_shows_the_progress_of_the_case_that_continues(
    open_case, bawaslu_bantul_officer
):
    first, second = open_case(), open_case(title="Laporan kedua")
    second.source_ref = "R-3"
    second.save()
    walk(first, bawaslu_bantul_officer, "start_review")
    services.close_as_duplicate(
        case=second, of=first, reason="Kejadian yang sama.", by=bawaslu_bantul_officer, now=NOW
    )
    progress = selectors.public_progress(FakeReport("R-3"))
    assert progress["case_code"] == first.code and not progress["closed"]


def test_compliance_counts_per_ppk_followed_overdue_in_time_and_late(
    open_case, bawaslu_bantul_officer, bkn_officer, ppk_officer
):
    from netral.cases.tests.conftest import DECIDE_DS06, TO_EXAMINATION

    def recommended():
        case = walk(open_case(), bawaslu_bantul_officer, *TO_EXAMINATION, DECIDE_DS06)
        return walk(case, bkn_officer, RECOMMEND)

    decree = {
        "decree_number": "1",
        "decree_signatory": "Bupati Bantul",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
    }
    in_time, late, ignored, _pending = recommended(), recommended(), recommended(), recommended()
    walk(in_time, ppk_officer, ("record_ppk_decision", {**decree, "decree_date": "2024-10-07"}))
    later = late.due_at + dt.timedelta(days=1)
    services.mark_overdue_steps(now=later)
    walk(
        late,
        ppk_officer,
        ("record_ppk_decision", {**decree, "decree_date": later.date().isoformat()}),
        now=later,
    )
    row = selectors.ppk_compliance()[0]
    assert (row.received, row.in_time, row.late, row.pending) == (4, 1, 1, 0)
    assert (row.followed, row.lighter, row.not_followed, row.overdue) == (2, 0, 0, 2)
    assert row.ppk == "BKPSDM Kabupaten Bantul" and row.rate == 0.5
    _ = ignored


def test_the_timeline_names_the_sanction_the_ppk_imposed(at_ppk, ppk_officer):
    decree = {
        "decree_number": "800/45/2024",
        "decree_signatory": "Bupati Bantul",
        "decree_date": "2024-10-07",
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
    }
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", decree))
    rows = selectors.timeline_rows(case)
    name = adapters.sanctions()["PP94-BERAT-TURUN"]
    recorded = next(r for r in rows if r["type"] == CaseEvent.Type.PPK_DECISION_RECORDED)
    followed = DecreeOutcome.FOLLOWED.label
    assert recorded["headline"] == f"800/45/2024 (2024-10-07): {name} — {followed}"
    assert name in dict(recorded["details"]).values()
    assert "PP94-BERAT-TURUN" not in str([(r["headline"], r["details"]) for r in rows])


def test_demo_command_refuses_outside_demo_mode():
    with pytest.raises(CommandError):
        call_command("cases-demo")
