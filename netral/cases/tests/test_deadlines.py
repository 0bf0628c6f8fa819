"""The deadline sweep: idempotent, one event per missed step, escalation with `now` moved on."""

import datetime as dt

import pytest

from netral.accounts import services as account_services
from netral.cases import services, timeline, workflow
from netral.cases.models import CaseEvent, Notification, Recommendation, Step
from netral.cases.tests.conftest import NOW, REASON, walk


def missed(case):
    return case.events.filter(type=CaseEvent.Type.DEADLINE_MISSED).count()


def next_due(case):
    """The due moment of the step still open (a missed one stays current but is not re-swept)."""
    return case.steps.filter(status=Step.Status.OPEN).order_by("due_at").first().due_at


def rungs(case):
    return [
        e.payload["rung"] for e in case.events.filter(type=CaseEvent.Type.ESCALATED).order_by("seq")
    ]


def test_nothing_happens_before_the_deadline(at_ppk):
    assert services.mark_overdue_steps(now=NOW + dt.timedelta(days=3)) == 0
    assert missed(at_ppk) == 0


def test_sweep_run_twice_writes_one_event(at_ppk):
    later = at_ppk.due_at + dt.timedelta(minutes=1)
    assert services.mark_overdue_steps(now=later) == 1
    assert services.mark_overdue_steps(now=later) == 0
    assert services.mark_overdue_steps(now=later + dt.timedelta(hours=1)) == 0
    assert missed(at_ppk) == 1


def test_processing_a_step_another_worker_already_flipped_does_nothing(at_ppk):
    later = at_ppk.due_at + dt.timedelta(minutes=1)
    step = at_ppk.steps.get(closed_at__isnull=True)
    assert services.process_missed_step(step_id=step.pk, now=later)
    assert not services.process_missed_step(step_id=step.pk, now=later)
    assert missed(at_ppk) == 1


def test_an_ignored_recommendation_climbs_the_ladder_one_rung_per_missed_deadline(
    at_ppk, ppk_officer, bkn_officer
):
    moment = NOW
    for expected in [r.key for r in workflow.ESCALATION_LADDER]:
        moment = next_due(at_ppk) + dt.timedelta(minutes=1)
        assert services.mark_overdue_steps(now=moment) == 1
        assert rungs(at_ppk)[-1] == expected
    recommendation = at_ppk.recommendations.get()
    assert recommendation.status == Recommendation.Status.IGNORED
    top = len(workflow.ESCALATION_LADDER)
    assert recommendation.escalation_level == top
    assert recommendation.personnel_data_block_requested
    assert recommendation.siasn_block == "requested"
    letters = set(at_ppk.documents.values_list("template_key", flat=True))
    assert {r.document for r in workflow.ESCALATION_LADDER if r.document} <= letters
    # The top of the ladder: one more missed deadline, no rung above it.
    assert services.mark_overdue_steps(now=next_due(at_ppk) + dt.timedelta(minutes=1)) == 1
    assert len(rungs(at_ppk)) == top
    assert Notification.objects.filter(user=bkn_officer, kind="escalated").count() == top
    # The PPK finally acts: late, and every open step ends.
    data = {
        "decree_number": "800/77/2025",
        "decree_signatory": "Bupati Bantul",
        "decree_date": moment.date().isoformat(),
        "sanction": "PP94-BERAT-TURUN",
        "reasoning": REASON,
    }
    case = walk(at_ppk, ppk_officer, ("record_ppk_decision", data), now=moment)
    assert case.recommendations.get().status == Recommendation.Status.LATE
    assert case.steps.filter(closed_at__isnull=True).count() == 1  # BKN's follow-up
    decided = case.events.get(type=CaseEvent.Type.PPK_DECISION_RECORDED)
    assert decided.payload["lift_personnel_data_block"] is True


def test_a_missed_bawaslu_step_is_brought_to_the_provincial_bawaslu(
    open_case, bawaslu_diy_supervisor
):
    case = open_case()
    assert services.mark_overdue_steps(now=case.due_at + dt.timedelta(seconds=1)) == 1
    escalated = case.events.get(type=CaseEvent.Type.ESCALATED)
    assert escalated.payload["to"] == "Bawaslu Provinsi DI Yogyakarta"
    assert Notification.objects.filter(user=bawaslu_diy_supervisor, kind="escalated").exists()
    case.refresh_from_db()
    assert case.is_overdue(NOW + dt.timedelta(days=30))


def test_a_missed_step_stays_current_until_the_case_moves_on(open_case, bawaslu_bantul_officer):
    case = open_case()
    later = case.due_at + dt.timedelta(seconds=1)
    services.mark_overdue_steps(now=later)
    step = case.steps.get()
    assert step.status == Step.Status.MISSED and step.closed_at is None
    walk(case, bawaslu_bantul_officer, "start_review", now=later)
    step.refresh_from_db()
    assert step.status == Step.Status.MISSED and step.closed_at == later


def test_one_failing_case_does_not_stop_the_sweep(open_case, monkeypatch):
    first, second = open_case(), open_case(title="Kasus kedua")
    original = services.deadlines.escalate

    def broken(case, step, *, now, memo, events):
        if case.pk == first.pk:
            raise RuntimeError("boom")
        original(case, step, now=now, memo=memo, events=events)

    monkeypatch.setattr(services.deadlines, "escalate", broken)
    later = max(first.due_at, second.due_at) + dt.timedelta(seconds=1)
    assert services.mark_overdue_steps(now=later) == 1
    assert missed(second) == 1 and missed(first) == 0  # rolled back, retried next run
    noticed = Notification.objects.filter(kind="deadline_missed")
    assert noticed.filter(case=second).exists()
    assert not noticed.filter(case=first).exists()  # no notice of what was rolled back


def test_a_step_flipped_by_another_worker_mid_batch_is_recorded_once(open_case, monkeypatch):
    first, second = open_case(), open_case(title="Kasus kedua")
    later = max(first.due_at, second.due_at) + dt.timedelta(seconds=1)
    locked = services.deadlines.base.lock_cases_unless_busy

    def then_another_worker_flips_the_first(case_ids):
        cases = locked(case_ids)
        assert services.process_missed_step(step_id=first.steps.get().pk, now=later)
        return cases

    monkeypatch.setattr(
        services.deadlines.base, "lock_cases_unless_busy", then_another_worker_flips_the_first
    )
    assert services.mark_overdue_steps(now=later) == 1  # the second; the first was not this run's
    assert missed(first) == 1 and missed(second) == 1


def test_the_sweep_writes_a_batch_in_a_few_statements(open_case, django_assert_max_num_queries):
    cases = [open_case(title=f"Kasus {n}") for n in range(10)]
    later = max(case.due_at for case in cases) + dt.timedelta(seconds=1)
    versions = {case.pk: case.version for case in cases}
    with django_assert_max_num_queries(12):
        assert services.mark_overdue_steps(now=later) == 10
    assert all(missed(case) == 1 for case in cases)
    for case in cases:
        case.refresh_from_db()
        assert case.version == versions[case.pk] + 1
        assert case.head_hash == case.events.order_by("-seq").first().hash
    assert list(timeline.verify_all()) == []


def test_sweep_command_runs_once(at_ppk, capsys):
    from django.core.management import call_command

    call_command("sweep-deadlines")
    assert "missed deadlines recorded" in capsys.readouterr().out


def test_sweep_command_with_a_moved_clock_records_what_that_moment_has_missed(at_ppk, settings):
    from django.core.management import call_command

    settings.MODE = "demo"
    later = at_ppk.due_at + dt.timedelta(days=1)
    call_command("sweep-deadlines", "--now", later.date().isoformat())
    assert missed(at_ppk) == 1
    assert rungs(at_ppk) == ["reminder"]


def test_a_bare_date_for_the_moved_clock_means_the_end_of_that_day():
    import importlib

    command = importlib.import_module("netral.cases.management.commands.sweep-deadlines")
    moment = command.parse_moment("2024-10-07")
    assert (moment.hour, moment.minute) == (23, 59) and moment.tzinfo is not None
    assert command.parse_moment("2024-10-07T08:30").hour == 8


@pytest.mark.parametrize(
    ("mode", "arguments", "message"),
    [
        ("production", ["--now", "2030-01-01"], "refused in production"),
        ("demo", ["--now", "kemarin"], "is not a date"),
        ("demo", ["--now", "2030-01-01", "--loop", "5"], "cannot be combined"),
    ],
)
def test_sweep_command_refuses_a_moved_clock_it_cannot_honour(
    at_ppk, settings, mode, arguments, message
):
    from django.core.management import CommandError, call_command

    settings.MODE = mode
    with pytest.raises(CommandError, match=message):
        call_command("sweep-deadlines", *arguments)
    assert missed(at_ppk) == 0


@pytest.fixture
def kemendagri(regions):
    return account_services.create_organisation(name="Kemendagri", kind="kemendagri")


def test_the_ministry_rung_is_a_step_of_kemendagri_for_a_regional_ppk(at_ppk, kemendagri):
    officer = account_services.create_staff_user(
        username="itjen", password="x" * 12, organisation=kemendagri, role="officer"
    )
    for _ in range(3):
        services.mark_overdue_steps(now=next_due(at_ppk) + dt.timedelta(minutes=1))
    assert Notification.objects.filter(user=officer, kind="escalated").count() == 0
    services.mark_overdue_steps(now=next_due(at_ppk) + dt.timedelta(minutes=1))
    assert Notification.objects.filter(user=officer, kind="escalated").count() == 1
    step = at_ppk.steps.get(kind="escalation.ministry_reprimand")
    assert step.organisation == kemendagri and step.status == Step.Status.OPEN


TEAM = {
    "examination_team": {
        "superior": "Kepala Dinas",
        "inspektorat": "Irban II",
        "personnel": "BKPSDM",
    }
}


def test_forming_the_examination_team_does_not_stop_the_ppk_clock(at_ppk, ppk_officer):
    due = next_due(at_ppk)
    case = walk(at_ppk, ppk_officer, ("start_disciplinary_examination", TEAM))
    step = case.steps.get(closed_at__isnull=True)
    assert step.kind == workflow.State.DISCIPLINARY_EXAMINATION
    assert step.due_at == due and step.recommendation is not None
    assert services.mark_overdue_steps(now=due + dt.timedelta(minutes=1)) == 1
    assert rungs(case) == ["reminder"]


def test_a_team_formed_after_the_reminder_goes_on_from_that_rung(at_ppk, ppk_officer):
    services.mark_overdue_steps(now=next_due(at_ppk) + dt.timedelta(minutes=1))
    reminder_due = next_due(at_ppk)
    moment = reminder_due - dt.timedelta(hours=1)
    case = walk(at_ppk, ppk_officer, ("start_disciplinary_examination", TEAM), now=moment)
    assert next_due(case) == reminder_due
    services.mark_overdue_steps(now=reminder_due + dt.timedelta(minutes=1))
    assert rungs(case) == ["reminder", "bkn_reprimand"]


def test_the_reminder_is_held_by_bkn_not_by_the_ppk_that_missed_its_deadline(at_ppk):
    """Regulation §6.3 (BKN monitors the follow-up) and stage 11 (BKN, Kemendagri, MenPAN-RB,
    President): the PPK never owns a rung against itself; the reminder is configuration (R)."""
    services.mark_overdue_steps(now=next_due(at_ppk) + dt.timedelta(minutes=1))
    reminder = at_ppk.steps.get(kind="escalation.reminder")
    recommendation = reminder.recommendation
    assert reminder.organisation != recommendation.addressed_to
    rung = workflow.rung_by_key("reminder")
    assert rung.addressed_to == "bkn" and not rung.verified
