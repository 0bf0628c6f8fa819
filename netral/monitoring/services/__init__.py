"""Use-cases of the monitoring app: the only path for writes.

Other modules call these through the module: `from netral.monitoring import services`.
"""

from netral.monitoring.services.accounts import (
    add_watched_account,
    confirm_link,
    reject_link,
    suggest_links,
    sync_candidate_accounts,
)
from netral.monitoring.services.capturing import (
    capture_available,
    request_capture,
    run_capture,
)
from netral.monitoring.services.imports import (
    import_stream,
    process_import_run,
    start_import,
)
from netral.monitoring.services.review import (
    ActionRefused,
    confirm_finding,
    dismiss_finding,
    promote_finding_to_case,
    record_bundle_download,
)

__all__ = [
    "ActionRefused",
    "add_watched_account",
    "capture_available",
    "confirm_finding",
    "confirm_link",
    "dismiss_finding",
    "import_stream",
    "process_import_run",
    "promote_finding_to_case",
    "record_bundle_download",
    "reject_link",
    "request_capture",
    "run_capture",
    "start_import",
    "suggest_links",
    "sync_candidate_accounts",
]
