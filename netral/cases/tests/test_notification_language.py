"""A notification names the step in the reader's language, not in the sender's."""

from django.utils import translation

from netral.cases import workflow
from netral.cases.models import Notification


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
