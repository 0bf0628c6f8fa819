"""Template helpers: catalogue texts in the reader's language, and Indonesian-style dates."""

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import get_language

from netral.rules import deadlines

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
