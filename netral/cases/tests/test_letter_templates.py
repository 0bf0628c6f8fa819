"""Letter templates change only through the service: platform administrators, with a log row."""

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
