"""The redacted audit pack: what an independent auditor reads of the cases in its jurisdiction.

A selector kept apart from `selectors` (public aggregates): these rows are per case, for signed-in
auditors only. Only the columns in `PACK_COLUMNS` ever leave the database, so nothing that names a
reporter or a reported person (title, summary, names, position, assignee, reporter's identity,
evidence) can reach the page. The place is cut to the regency or city, the agency is the
institution, and each case carries its timeline head (`Case.head_hash`, "timeline fingerprint" on
the page) to hold against the published digests ("signed summary of the timelines").
"""

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from netral.cases import workflow
from netral.core.models import TimelineDigest
from netral.registry.models import Region
from netral.transparency import policies

PACK_COLUMNS = (
    "code",
    "election__name",
    "regency_code",
    "agency__name",
    "codes",
    "state",
    "outcome",
    "sanction_category",
    "received_at",
    "closed_at",
    "event_count",
    "head_hash",
)
PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditPack:
    page: Page[dict[str, Any]]
    digest: TimelineDigest | None  # the newest published digest: its root and signature


def audit_pack(user: Any, *, page: str | int | None = 1) -> AuditPack:
    cases = policies.audit_pack_cases(user).order_by("-received_at", "-pk").values(*PACK_COLUMNS)
    found = Paginator(cases, PAGE_SIZE).get_page(page)
    regencies = _regency_names({row["regency_code"] for row in found})
    labels = workflow.STATE_LABELS
    for row in found:
        row["regency"] = regencies.get(row["regency_code"], row["regency_code"])
        row["stage"] = labels.get(row["state"], row["state"])
        row["outcome"] = workflow.OUTCOME_LABELS.get(row["outcome"], row["outcome"])
    return AuditPack(page=found, digest=TimelineDigest.objects.order_by("-published_at").first())


def _regency_names(codes: set[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
