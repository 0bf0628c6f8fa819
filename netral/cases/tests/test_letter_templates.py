"""Letter templates change only through the service: platform administrators, with an event."""

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied

from netral.cases import services
from netral.cases.models import DocumentTemplate

pytestmark = pytest.mark.django_db


def test_only_platform_administrators_edit_letter_templates(bawaslu_diy_supervisor, now):
    with pytest.raises(PermissionDenied):
        services.update_template(
            key="reminder_letter", title="x", body="<p>x</p>", by=bawaslu_diy_supervisor, now=now
        )
    with pytest.raises(PermissionDenied):
        services.update_template(key="reminder_letter", title="x", body="x", by=None, now=now)
    assert not LogEntry.objects.exists()


def test_a_template_change_is_logged_with_who_and_the_texts_digests(admin, now):
    stored = services.update_template(
        key="reminder_letter", title="Pengingat", body="<p>{{ case.code }}</p>", by=admin, now=now
    )
    entry = LogEntry.objects.get()
    assert (entry.user, entry.object_id, entry.action_time) == (admin, str(stored.pk), now)
    digests = json.loads(entry.change_message)[1]
    assert digests["before_sha256"] != digests["after_sha256"]
    assert DocumentTemplate.objects.get(key="reminder_letter").title == "Pengingat"


def test_a_template_change_is_a_typed_append_only_event(admin, now):
    from netral.cases.models import DocumentTemplateEvent
    from netral.core.models import AppendOnlyError

    first = services.update_template(
        key="reminder_letter", title="Pengingat", body="<p>{{ case.code }}</p>", by=admin, now=now
    )
    services.update_template(
        key="reminder_letter", title="Pengingat 2", body="<p>Kasus</p>", by=admin, now=now
    )
    earlier, changed = DocumentTemplateEvent.objects.filter(template=first).order_by("pk")
    assert (earlier.type, changed.type) == ("changed", "changed")  # the seeded text was edited
    assert (changed.actor, changed.at, changed.payload["title"]) == (admin, now, "Pengingat 2")
    assert changed.payload["before_sha256"] == earlier.payload["after_sha256"]
    with pytest.raises(AppendOnlyError):
        changed.delete()


def test_a_refused_template_writes_no_event(admin, now):
    from django.core.exceptions import ValidationError

    from netral.cases.models import DocumentTemplateEvent

    with pytest.raises(ValidationError):
        services.update_template(
            key="reminder_letter", title="x", body="{% if %}", by=admin, now=now
        )
    assert not DocumentTemplateEvent.objects.exists()
