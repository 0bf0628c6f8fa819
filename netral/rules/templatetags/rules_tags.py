"""Template helpers: catalogue texts in the reader's language, and Indonesian-style dates."""

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from netral.core import when as when_module
from netral.rules import deadlines, policies, selectors, zones

register = template.Library()


@register.filter
def tr(value: Any) -> str:
    """A catalogue Text in the current language (Indonesian unless English is chosen)."""
    if value is None:
        return ""
    getter = getattr(value, "get", None)
    return str(getter(get_language() or "id")) if callable(getter) else str(value)


@register.filter
def longdate(value: dt.date | None) -> str:
    """Kamis, 22 September 2024 (in the current language)."""
    if value is None:
        return ""
    return deadlines.format_day(value, get_language() or "id")


@register.filter
def rupiah(value: int | None) -> str:
    if not value:
        return ""
    return "Rp" + f"{value:,}".replace(",", ".")


@register.simple_tag(takes_context=True)
def holiday_calendar_notice(context: dict[str, Any]) -> SafeString | str:
    """For platform administrators: the years the holiday table lacks (staff home)."""
    if not policies.can_edit_holidays(context.get("user")):
        return ""
    gaps = selectors.calendar_gaps(timezone.localdate())
    if not gaps:
        return ""
    years = ", ".join(str(year) for year in gaps)
    return format_html(
        '<div class="card warning" role="note" data-calendar-missing="{}"><h2>{}</h2><p>{}</p>'
        '<p><a class="button" href="{}">{}</a></p></div>',
        years,
        _("Holiday calendar %(years)s not loaded") % {"years": years},
        _(
            "Working-day deadlines that reach these years are computed without their holidays "
            "and flagged on every case, letter and page. Enter the days of the joint decree (SKB)."
        ),
        reverse("admin:rules_holiday_changelist"),
        _("Edit holidays"),
    )


@register.filter
def when_in(value: Any, region: Any = None) -> str:
    """{{ moment|when_in:case.region }}: the time in the zone of the region's province (WIB,
    WITA or WIT, rules.zones), Jakarta's where the region is unknown; a date stays a date."""
    code = getattr(region, "code", region)
    try:
        zone = zones.zone_for_region(str(code) if code else None)
    except zones.UnknownRegion:
        zone = zones.default_zone()
    return when_module.when(value, zone)
