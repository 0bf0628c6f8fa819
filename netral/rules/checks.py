"""System checks of the rules app: `netral check` warns before the holiday table runs out."""

from typing import Any

from django.core import checks
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.rules import selectors


def holidays_loaded(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A warning per year the clock needs and the holiday table lacks (next year from 1 October)."""
    try:
        gaps = selectors.calendar_gaps(timezone.localdate())
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        checks.Warning(
            _("Holiday calendar %(year)s not loaded.") % {"year": year},
            hint=_(
                "Working-day deadlines that reach %(year)s are computed without its holidays and "
                "flagged. Add the year's SKB days in the admin (Rules › Holidays), or run "
                "“netral load-holidays” once a release ships them."
            )
            % {"year": year},
            id="rules.W001",
        )
        for year in gaps
    ]
