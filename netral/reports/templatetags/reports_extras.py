"""Small template helpers for the reports pages."""

from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def lookup(mapping: dict[str, Any], key: object) -> Any:
    """mapping[key] in a template, or "" when absent."""
    return mapping.get(str(key), "") if hasattr(mapping, "get") else ""


@register.filter
def break_slashes(text: object) -> SafeString:
    """Lets long "a/b/c" labels wrap after each slash on a narrow phone screen."""
    # Safe: the text is escaped first; only the zero-width space is added.
    return mark_safe(conditional_escape(str(text)).replace("/", "/\u200b"))


@register.filter
def report_number(code: object) -> str:
    """A report number as shown everywhere: XQ2D-9K3M-ABCD (as Report.display_code)."""
    text = str(code or "").replace("-", "")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))
