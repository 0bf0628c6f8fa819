"""Shared template helpers of the UI kit (docs/ui.md): dates and times, paired columns."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import template

from netral.core import when as when_module

register = template.Library()


@register.filter
def when(value: Any, zone: Any = None) -> str:
    """{{ moment|when }} or {{ moment|when:"WITA" }}: core.when.when in the reader's language."""
    return when_module.when(value, zone)


@register.filter
def on_day(value: Any, zone: Any = None) -> str:
    """{{ signature.signed_at|on_day }}: the day of a moment in the zone, without the time."""
    return when_module.on_day(value, zone)


@register.filter(name="zip")
def zip_filter(first: Iterable[Any], second: Iterable[Any]) -> list[tuple[Any, Any]]:
    """{% for label, cell in labels|zip:cells %}: two columns side by side (table-cards labels)."""
    return list(zip(first, second, strict=False))


@register.filter
def to_hour(value: Any) -> Any:
    """{{ report.submitted_at|to_hour|when }}: a time kept only to the hour (what a reporter's
    receipt shows, so that a time cannot single them out). WIB, WITA and WIT are whole hours
    from UTC, so the hour is the same in every zone."""
    if isinstance(value, dt.datetime):
        return value.replace(minute=0, second=0, microsecond=0)
    return value
