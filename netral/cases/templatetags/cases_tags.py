"""Template helpers for case pages: deadlines in words, stage badges."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netral.cases import adapters, workflow

register = template.Library()


@register.inclusion_tag("cases/_due.html")
def due(moment: dt.datetime | None, now: dt.datetime, verified: bool = True) -> dict[str, object]:
    """A deadline as people say it: "3 days left", "today", "2 days late"."""
    if moment is None:
        return {"text": _("no deadline"), "tone": "neutral", "moment": None, "verified": True}
    days = (timezone.localdate(moment) - timezone.localdate(now)).days
    if moment < now:
        late = max(1, -days)
        text = ngettext("%(n)s day late", "%(n)s days late", late) % {"n": late}
        tone = "danger"
    elif days == 0:
        text, tone = _("due today"), "warning"
    else:
        text = ngettext("%(n)s day left", "%(n)s days left", days) % {"n": days}
        tone = "warning" if days <= 2 else "info"
    return {"text": text, "tone": tone, "moment": moment, "verified": verified}


@register.filter
def category_name(key: str) -> str:
    """HD_BERAT → "Hukuman disiplin berat", as the rules catalogue names it."""
    return adapters.sanction_categories().get(key, key)


@register.filter
def state_tone(state: str) -> str:
    if state == workflow.State.CLOSED:
        return "neutral"
    if state in workflow.AWAITING_PPK:
        return "warning"
    return "info"
