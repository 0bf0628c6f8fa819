"""Read queries of the monitoring pages, always starting from the policies."""

import re
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from netral.monitoring import policies
from netral.monitoring.models import Finding, WatchedAccount


def review_queue(user: Any, filters: dict[str, Any]) -> QuerySet[Finding]:
    """Findings the user may see, highest score first, narrowed by the queue's filters."""
    findings = policies.visible_findings(user).select_related("item__account")
    status = filters.get("status")
    if status == "open":
        findings = findings.filter(status__in=[Finding.Status.NEW, Finding.Status.CONFIRMED])
    elif status:
        findings = findings.filter(status=status)
    if "election" in filters:
        findings = findings.filter(election=filters["election"])
    if "candidate" in filters:
        findings = findings.filter(candidate=filters["candidate"])
    if "platform" in filters:
        findings = findings.filter(item__platform=filters["platform"])
    if "kind" in filters:
        findings = findings.filter(item__kind=filters["kind"])
    if "min_score" in filters:
        findings = findings.filter(score__gte=filters["min_score"])
    if "max_score" in filters:
        findings = findings.filter(score__lte=filters["max_score"])
    return findings.order_by("-score", "-created_at", "pk")


def watched_accounts(user: Any) -> QuerySet[WatchedAccount]:
    return (
        policies.visible_accounts(user)
        .annotate(
            findings=Count("items__finding", distinct=True),
            open_suggestions=Count("suggestions", filter=Q(suggestions__status="terbuka")),
        )
        .order_by("kind", "-findings", "platform", "handle")
    )


def highlighted(text: str, signals: list[dict[str, Any]], segment: str) -> SafeString:
    """The text, escaped, with the detector's matched phrases of this segment in <mark>."""
    phrases = {
        str(signal.get("text") or "").strip()
        for signal in signals
        if signal.get("segment", "text") == segment and signal.get("polarity") != "damp"
    }
    phrases = {phrase for phrase in phrases if len(phrase) >= 2}
    if not text or not phrases:
        return conditional_escape(text)
    pattern = re.compile(
        "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)), re.IGNORECASE
    )
    parts: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        parts.append(str(conditional_escape(text[position : match.start()])))
        parts.append(f"<mark>{conditional_escape(match.group(0))}</mark>")
        position = match.end()
    parts.append(str(conditional_escape(text[position:])))
    return mark_safe("".join(parts))  # noqa: S308 - every piece was escaped above


def verdict_counts(findings: QuerySet[Finding]) -> dict[str, int]:
    """Findings by reviewers' verdict: new (unreviewed), confirmed, dismissed, promoted."""
    S = Finding.Status
    return findings.aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(status=S.NEW)),
        confirmed=Count("pk", filter=Q(status=S.CONFIRMED)),
        dismissed=Count("pk", filter=Q(status=S.DISMISSED)),
        promoted=Count("pk", filter=Q(status=S.PROMOTED)),
    )


CAPTURE_PROBLEMS = {
    "gone": _("The page is gone (deleted or not found)."),
    "refused": _("The site refused the request or could not be reached."),
    "timeout": _("The page did not load in time."),
    "invalid": _("The address is not a web address (http or https)."),
    "unavailable": _("Page capture is not available on this server."),
}


def capture_problem(error: str) -> dict[str, str] | None:
    """A stored `reason: detail` capture error as a translated message and the raw detail."""
    if not error:
        return None
    reason, _sep, detail = error.partition(": ")
    return {"message": str(CAPTURE_PROBLEMS.get(reason, reason)), "detail": detail}
