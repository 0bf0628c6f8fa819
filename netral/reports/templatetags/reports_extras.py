"""Small template helpers for the reports pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict[str, Any], key: object) -> Any:
    """mapping[key] in a template, or "" when absent."""
    return mapping.get(str(key), "") if hasattr(mapping, "get") else ""
