"""Notices: in-app to the organisation that must act, e-mail after commit."""

from django.core import mail
from django.tasks import default_task_backend

from netral.cases import tasks


def test_notices_are_emailed_after_commit(
    open_case, bawaslu_bantul_officer, django_capture_on_commit_callbacks
):
    bawaslu_bantul_officer.email = "petugas@bantul.bawaslu.go.id"
    bawaslu_bantul_officer.save()
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case()
    enqueued = [
        r for r in default_task_backend.results if r.task.name == "send_notification_emails"
    ]
    assert len(enqueued) == 1
    assert tasks.send_notification_emails.call(*enqueued[0].args) == 1
    assert case.code in mail.outbox[0].subject
    assert "petugas@bantul.bawaslu.go.id" in mail.outbox[0].to
