"""A notification names the step in the reader's language, not in the sender's."""

from django.utils import translation

from netral.cases import escalation, workflow
from netral.cases.models import Notification
from netral.cases.models.decisions import DecreeOutcome, SiasnBlock
from netral.cases.models.notifications import MISSED_BY


def _missed(params):
    return Notification(kind=Notification.Kind.DEADLINE_MISSED, params=params)


def test_a_missed_deadline_names_the_step_in_the_readers_language():
    kind = "examination"
    with translation.override("id"):
        indonesian = workflow.step_label(kind)
        stored = {"code": "KS-1", "step": indonesian, "step_kind": kind}
        assert indonesian in _missed(stored).message
    with translation.override("en"):
        english = workflow.step_label(kind)
        message = _missed(stored).message
    assert english != indonesian
    assert message == f"Case KS-1: the deadline for “{english}” has passed."


def test_a_notification_stored_before_is_read_back_or_keeps_its_words():
    with translation.override("id"):
        indonesian = workflow.step_label("examination")
    with translation.override("en"):
        known = _missed({"code": "KS-1", "step": indonesian}).message
        unknown = _missed({"code": "KS-1", "step": "Langkah lain"}).message
        english = workflow.step_label("examination")
    assert known == f"Case KS-1: the deadline for “{english}” has passed."
    assert unknown == "Case KS-1: the deadline for “Langkah lain” has passed."


def _english(kind, params):
    with translation.override("en"):
        return Notification(kind=kind, params={"code": "KS-1", **params}).message


def test_an_escalation_names_the_rung_in_the_readers_language():
    """The sweep writes in Indonesian: "Teguran kepada PPK oleh BKN" read in English."""
    escalated = Notification.Kind.ESCALATED
    for key, english in [
        ("reminder", "Reminder to the PPK"),
        ("bkn_reprimand", "Reprimand of the PPK by BKN"),
        ("siasn_block", "Block of the civil servant's data in SIASN"),
    ]:
        with translation.override("id"):
            indonesian = workflow.step_label(f"escalation.{key}")
        assert indonesian != english
        expected = f"Case KS-1 escalated: {english}."
        assert _english(escalated, {"step": indonesian}) == expected  # stored before
        assert _english(escalated, {"step": indonesian, "step_kind": f"escalation.{key}"}) == (
            expected
        )
    assert _english(escalated, {"step": "Langkah lain"}) == "Case KS-1 escalated: Langkah lain."


def test_an_escalation_s_action_and_missed_deadline_follow_the_reader():
    escalated = Notification.Kind.ESCALATED
    with translation.override("id"):
        action = str(escalation.ACTION_LABELS[escalation.Action.SEND_REPRIMAND])
        missed = str(MISSED_BY) % {"org": "Bawaslu Kabupaten Bantul"}
    assert _english(escalated, {"step": action}) == (
        "Case KS-1 escalated: Send the reprimand to the PPK."
    )
    assert _english(escalated, {"step": missed}) == (
        "Case KS-1 escalated: deadline missed by Bawaslu Kabupaten Bantul."
    )


def test_a_decree_outcome_and_a_decision_follow_the_reader():
    with translation.override("id"):
        lighter = str(DecreeOutcome.FOLLOWED_LIGHTER.label)
        lifted = str(SiasnBlock.LIFTED.label)
    with translation.override("en"):
        english_lighter, english_lifted = (
            str(DecreeOutcome.FOLLOWED_LIGHTER.label),
            str(SiasnBlock.LIFTED.label),
        )
    assert lighter != english_lighter
    deviated = Notification.Kind.DEVIATED
    expected = f"Case KS-1: the PPK's decree is “{english_lighter}”; review the reason it gives."
    assert _english(deviated, {"outcome": lighter}) == expected
    assert _english(deviated, {"outcome": lighter, "outcome_key": "followed_lighter"}) == expected
    decided = _english(Notification.Kind.DECIDED, {"step": lifted})
    assert decided == f"Case KS-1: {english_lifted}."


def test_how_a_case_closed_is_told_in_the_readers_language():
    """Whoever closed it wrote the outcome in Indonesian; the sender that handed it on reads
    English."""
    with translation.override("id"):
        indonesian = str(workflow.Outcome.SANCTIONED.label)
    message = _english(Notification.Kind.DECIDED, {"step": indonesian})  # stored before
    assert message == "Case KS-1: Sanction imposed and followed up."
    keyed = {"step": indonesian, "outcome_key": "sanctioned"}
    assert _english(Notification.Kind.DECIDED, keyed) == message
