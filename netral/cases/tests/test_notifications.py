"""Notices: in-app to the organisation that must act, e-mail after commit."""

from django.core import mail
from django.tasks import default_task_backend

from netral.cases import services, tasks
from netral.cases.models import Notification
from netral.cases.tests.conftest import NOW


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


def test_the_assigned_officer_is_emailed_and_no_one_else(
    open_case, bawaslu_bantul_officer, django_capture_on_commit_callbacks
):
    bawaslu_bantul_officer.email = "petugas@bantul.bawaslu.go.id"
    bawaslu_bantul_officer.save()
    case = open_case()
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_officer(
            case=case, officer=bawaslu_bantul_officer, by=bawaslu_bantul_officer, now=NOW
        )
    enqueued = [
        r for r in default_task_backend.results if r.task.name == "send_notification_emails"
    ]
    assert len(enqueued) == 1
    mail.outbox.clear()
    assert tasks.send_notification_emails.call(*enqueued[0].args) == 1
    assert mail.outbox[0].to == ["petugas@bantul.bawaslu.go.id"]
    notice = Notification.objects.get(kind=Notification.Kind.ASSIGNED)
    assert notice.user == bawaslu_bantul_officer
