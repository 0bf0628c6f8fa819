"""Shared template helpers of the UI kit (docs/ui.md): dates and times, paired columns."""

from collections.abc import Iterable
from typing import Any

from django import template

from netral.core import when as when_module

register = template.Library()


@register.filter
def when(value: Any, zone: Any = None) -> str:
    """{{ moment|when }} or {{ moment|when:"WITA" }}: core.when.when in the reader's language."""
    return when_module.when(value, zone)


@register.filter(name="zip")
def zip_filter(first: Iterable[Any], second: Iterable[Any]) -> list[tuple[Any, Any]]:
    """{% for label, cell in labels|zip:cells %}: two columns side by side (table-cards labels)."""
    return list(zip(first, second, strict=False))
