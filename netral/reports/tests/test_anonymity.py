"""Nothing outside the report dates it more finely than the hour, and no log names the client."""

import datetime as dt
import logging
import os

import pytest
from django.core.files.storage import FileSystemStorage

from netral.core import log_filters
from netral.reports import crypto, services, storage
from netral.reports.models import ReportDraft
from netral.reports.tests import factories


def test_a_draft_that_became_a_report_keeps_only_the_hour(regions, now, bantul_tip, jpeg):
    token = crypto.new_token()
    services.save_draft(
        token=token, data={"x": ["y"]}, files=[factories.inspected(jpeg)], remove=[], now=now
    )
    services.close_draft(token=token, report=bantul_tip.report, now=now)
    draft = ReportDraft.objects.get(report=bantul_tip.report)
    assert now.minute and now.second  # the fixture's moment is not on the hour
    assert draft.created_at == now.replace(minute=0, second=0, microsecond=0)
    assert draft.expires_at.minute == draft.expires_at.second == 0
    assert draft.expires_at - now >= dt.timedelta(hours=2)  # the resend guard keeps its lifetime


def test_a_form_closed_without_a_draft_is_dated_to_the_hour(regions, now, bantul_tip):
    services.close_draft(token=crypto.new_token(), report=bantul_tip.report, now=now)
    draft = ReportDraft.objects.get(report=bantul_tip.report)
    assert (draft.created_at.minute, draft.created_at.second) == (0, 0)


def test_evidence_files_carry_the_hour_as_their_time(tmp_path, settings, regions, now, jpeg):
    settings.MEDIA_ROOT = tmp_path
    settings.NETRAL_EVIDENCE_STORAGE = ""
    storage.evidence_storage.cache_clear()
    try:
        assert isinstance(storage.evidence_storage(), FileSystemStorage)
        report = factories.submit(now=now, files=[jpeg]).report
        item = report.evidence.get()
        for name in (item.storage_name, item.preview_name):
            path = storage.evidence_storage().path(name)
            for moment in (os.stat(path).st_mtime, os.stat(os.path.dirname(path)).st_mtime):
                assert moment % 3600 == 0
    finally:
        storage.evidence_storage.cache_clear()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("Login failed from 203.0.113.7 for budi", "Login failed from [address] for budi"),
        ("client 2001:db8::1 and ::1", "client [address] and [address]"),
        ('agent "Mozilla/5.0 (Linux; Android 14) Chrome/131"', 'agent "[user agent]"'),
        ("at 09:41:27, case KS-2024-0001, v1.2.3", "at 09:41:27, case KS-2024-0001, v1.2.3"),
    ],
)
def test_the_log_filter_removes_addresses_and_user_agents(message, expected):
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "%s", (message,), None)
    assert log_filters.RedactClientDetails().filter(record) is True
    assert record.getMessage() == expected


def test_the_project_logging_uses_the_filter_and_axes_names_no_address():
    from config import settings as project

    assert project.LOGGING["handlers"]["console"]["filters"] == ["no_client_details"]
    line = log_filters.axes_client_str("budi", "203.0.113.7", "Mozilla/5.0", "/masuk/", None)
    assert "203.0.113.7" not in line and "Mozilla" not in line and "budi" in line
