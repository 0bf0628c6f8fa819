"""Every write of the prevention app: campaigns, codes, signatures, paper lists, briefings.

Signing is never by NIP alone (the NIP encodes a birth date and is widely known): a one-time
code, issued per civil servant and kept only as a keyed hash, proves the signer received it
through their agency. Each write happens in one transaction: a refused signature or a file with
one bad row saves nothing.

One module per use case; this package re-exports their public names, so callers keep writing
``services.sign_online(...)``. Patch a name where it is used (e.g. ``campaigns.send_mail``).
"""

from netral.prevention.services._common import (
    ALPHABET,
    CERTIFICATE_LENGTH,
    CHUNK,
    CODE_LENGTH,
    MAX_ACCOUNTS,
    code_hash,
    grouped,
    normal_code,
    normal_nip,
)
from netral.prevention.services.briefings import (
    ATTENDANCE_TABLE,
    CHECK_IN_LENGTH,
    MATERIAL_KINDS,
    AttendanceResult,
    attach_material,
    briefing_by_code,
    check_in,
    close_check_in,
    create_briefing,
    record_attendance_list,
)
from netral.prevention.services.campaigns import (
    REMINDER_THRESHOLD,
    close_campaign,
    open_campaign,
    remind_lagging_units,
    revise_text,
    send_stage_notices,
)
from netral.prevention.services.codes import IssuedCode, NotIdentified, identify, issue_codes
from netral.prevention.services.learning import attempt_by_certificate, campaign_of, record_attempt
from netral.prevention.services.paper import PAPER_TABLE, PaperResult, record_paper_list
from netral.prevention.services.signing import (
    DeclaredAccount,
    sign_online,
    signature_by_certificate,
)

__all__ = [
    "ALPHABET",
    "ATTENDANCE_TABLE",
    "CERTIFICATE_LENGTH",
    "CHECK_IN_LENGTH",
    "CHUNK",
    "CODE_LENGTH",
    "MATERIAL_KINDS",
    "MAX_ACCOUNTS",
    "PAPER_TABLE",
    "REMINDER_THRESHOLD",
    "AttendanceResult",
    "DeclaredAccount",
    "IssuedCode",
    "NotIdentified",
    "PaperResult",
    "attach_material",
    "attempt_by_certificate",
    "briefing_by_code",
    "campaign_of",
    "check_in",
    "close_campaign",
    "close_check_in",
    "code_hash",
    "create_briefing",
    "grouped",
    "identify",
    "issue_codes",
    "normal_code",
    "normal_nip",
    "open_campaign",
    "record_attempt",
    "record_attendance_list",
    "record_paper_list",
    "remind_lagging_units",
    "revise_text",
    "send_stage_notices",
    "sign_online",
    "signature_by_certificate",
]
