"""Monitoring figures: the findings of the detector by the reviewers' verdict."""

from dataclasses import dataclass
from typing import Any

from netral.insights.figures.scope import Scope, findings_in
from netral.insights.figures.storage import stored
from netral.monitoring import selectors as monitoring_selectors

# ---------------------------------------------------------------------------------- monitoring


@dataclass(frozen=True)
class Monitoring:
    """Monitoring findings in scope by the reviewers' verdict.

    `reviewed` = confirmed + dismissed + promoted; `precision` = (confirmed + promoted) /
    reviewed: the share of the detector's flags that reviewers upheld (None before any review).
    """

    total: int
    new: int
    confirmed: int
    dismissed: int
    promoted: int

    @property
    def reviewed(self) -> int:
        return self.confirmed + self.dismissed + self.promoted

    @property
    def precision(self) -> float | None:
        return None if self.reviewed == 0 else (self.confirmed + self.promoted) / self.reviewed

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"key": key, "count": getattr(self, key)}
            for key in ("new", "confirmed", "dismissed", "promoted")
        ]


@stored
def monitoring(scope: Scope) -> Monitoring:
    """Findings flagged, reviewed, confirmed, dismissed and promoted to a case."""
    counts = monitoring_selectors.verdict_counts(findings_in(scope))
    return Monitoring(**{key: value or 0 for key, value in counts.items()})
