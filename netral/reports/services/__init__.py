"""Every write of the reports app. Other apps call these through the module:
`from netral.reports import services as report_services`.
"""

from netral.reports.services.contact import email_reporter
from netral.reports.services.drafts import (
    close_draft,
    delete_expired_drafts,
    draft_data,
    form_draft,
    load_draft,
    open_draft_files,
    save_draft,
    submit_form,
    submitted_report,
)
from netral.reports.services.duplicate_checks import check_pending_duplicates
from netral.reports.services.evidence_checks import (
    check_evidence,
    check_pending_evidence,
    forget_finished_intake_tasks,
    waiting_images,
)
from netral.reports.services.intake import (
    IdentityInput,
    ReportInput,
    Submission,
    add_identity,
    add_reply,
    check_for_duplicates,
    formal_window,
    late_message,
    submit_report,
)
from netral.reports.services.routing import assign_report, bulk_assign, forward_report
from netral.reports.services.triage import (
    accept_report,
    bulk_triage,
    mark_duplicate,
    read_identity,
    record_evidence_download,
    reject_report,
    request_information,
)

__all__ = [
    "IdentityInput",
    "ReportInput",
    "Submission",
    "accept_report",
    "assign_report",
    "bulk_assign",
    "forward_report",
    "bulk_triage",
    "close_draft",
    "add_identity",
    "add_reply",
    "check_evidence",
    "check_pending_evidence",
    "check_for_duplicates",
    "check_pending_duplicates",
    "delete_expired_drafts",
    "formal_window",
    "late_message",
    "draft_data",
    "forget_finished_intake_tasks",
    "form_draft",
    "email_reporter",
    "load_draft",
    "mark_duplicate",
    "open_draft_files",
    "read_identity",
    "record_evidence_download",
    "reject_report",
    "request_information",
    "save_draft",
    "submit_report",
    "submit_form",
    "submitted_report",
    "waiting_images",
]
