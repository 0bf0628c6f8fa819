"""Use-cases of the cases app: the only path for writes.

Other apps call these through the module, e.g. the reports app once a report is accepted:
`from netral.cases import services as case_services`, then
`case_services.open_case_from_report(report=report, by=user, now=now)`.
"""

from netral.cases.services.base import ActionRefused, StaleCase, stale_case
from netral.cases.services.deadlines import mark_overdue_steps, process_missed_step
from netral.cases.services.documents import (
    case_summary_to_print,
    check_template_body,
    generate_case_summary,
    record_decree_download,
    record_document_download,
    record_evidence_download,
    release_document,
    update_template,
)
from netral.cases.services.escalation import act_on_rung, block_to_lift, lift_siasn_block
from netral.cases.services.inputs import (
    CaseReturn,
    ExaminationTeam,
    PpkDecision,
    SanctionRecommendation,
    StepInput,
)
from netral.cases.services.letters import letter_settings_for, logo_data_uri, save_letter_settings
from netral.cases.services.notices import email_reporter_progress, mark_notifications_read
from netral.cases.services.opening import (
    NewCase,
    open_case_from_report,
    open_finding,
    register_forwarded_case,
)
from netral.cases.services.queue import (
    assign_officer,
    close_as_duplicate,
    link_cases,
    merge_cases,
    tag,
    update_details,
    view_reporter_identity,
)
from netral.cases.services.reason_review import decision_awaiting_review, review_ppk_reason
from netral.cases.services.special_transitions import (
    form_examination_team,
    recommend_sanction,
    record_ppk_decision,
    return_case,
)
from netral.cases.services.steps import transition
from netral.cases.services.tokens import create_api_token, record_token_use, revoke_api_token
from netral.cases.services.transitions import hand_off, move_case

__all__ = [
    "letter_settings_for",
    "logo_data_uri",
    "save_letter_settings",
    "act_on_rung",
    "block_to_lift",
    "lift_siasn_block",
    "CaseReturn",
    "ExaminationTeam",
    "PpkDecision",
    "SanctionRecommendation",
    "StepInput",
    "form_examination_team",
    "move_case",
    "return_case",
    "email_reporter_progress",
    "ActionRefused",
    "NewCase",
    "StaleCase",
    "stale_case",
    "assign_officer",
    "close_as_duplicate",
    "create_api_token",
    "case_summary_to_print",
    "generate_case_summary",
    "hand_off",
    "link_cases",
    "mark_notifications_read",
    "mark_overdue_steps",
    "merge_cases",
    "open_case_from_report",
    "open_finding",
    "process_missed_step",
    "record_decree_download",
    "record_document_download",
    "record_evidence_download",
    "release_document",
    "record_ppk_decision",
    "record_token_use",
    "recommend_sanction",
    "register_forwarded_case",
    "review_ppk_reason",
    "decision_awaiting_review",
    "revoke_api_token",
    "tag",
    "transition",
    "update_details",
    "check_template_body",
    "update_template",
    "view_reporter_identity",
]
