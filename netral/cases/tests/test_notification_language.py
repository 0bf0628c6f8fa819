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


def test_a_notification_stored_before_keeps_its_words():
    with translation.override("en"):
        message = _missed({"code": "KS-1", "step": "Klarifikasi"}).message
    assert message == "Case KS-1: the deadline for “Klarifikasi” has passed."
