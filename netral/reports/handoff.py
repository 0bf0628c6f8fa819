"""Where intake meets case handling, without importing it.

Reports sits below cases (docs/architecture.md): cases may import reports, never the reverse.
Two moments still need the case side: accepting a report opens its case, and the reporter's
receipt page shows the case's public progress. The cases app plugs in its two answers when it
starts (`CasesConfig.ready`); reports only knows the shape of the desk it hands over to.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class CaseDesk:
    """The case side of the hand-off, as reports sees it."""

    # Opens (or finds) the case of an accepted report and returns its public code.
    open_case: Callable[..., str]
    # The reporter-safe progress of the case opened from a report, or None while there is none.
    public_progress: Callable[[Any], dict[str, Any] | None]


_desk: CaseDesk | None = None


def connect(desk: CaseDesk) -> None:
    """Called once by the cases app at start-up."""
    global _desk
    _desk = desk


def open_case(*, report: Any, by: Any, now: dt.datetime) -> str:
    """The code of the case opened for this accepted report, in the caller's transaction."""
    return _connected().open_case(report=report, by=by, now=now)


def public_progress(report: Any) -> dict[str, Any] | None:
    return _connected().public_progress(report)


def _connected() -> CaseDesk:
    if _desk is None:
        raise ImproperlyConfigured("No case desk: add netral.cases to INSTALLED_APPS.")
    return _desk
