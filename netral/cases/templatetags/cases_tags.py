"""Template helpers for case pages: deadlines in words, stage badges, the settings links."""

import datetime as dt
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from netral.cases import adapters, letter_titles, policies, workflow
from netral.cases.models import is_compliant
from netral.rules import deadlines
from netral.rules.templatetags import rules_tags

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
def compliance_tone(key: str) -> str:
    """The badge colour of a decree's outcome or a recommendation's compliance key."""
    if is_compliant(key):
        return "success"
    return "info" if key == "pending" else "danger"


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


@register.simple_tag
def due_sentence(deadline: Any, region: Any = None) -> str:
    """The deadline sentence of a step or recommendation in the reader's language. The stored
    sentence is Indonesian (letters quote it); other readers get the same facts, the due moment
    in the region's zone and the legal basis, in their words."""
    stored = str(getattr(deadline, "due_sentence", "") or "")
    due_at = getattr(deadline, "due_at", None)
    if not stored or get_language() == "id" or due_at is None:
        return stored
    basis = getattr(deadline, "legal_basis", "")
    basis = deadlines.basis_in(basis, get_language())  # a rule's citation, in the reader's words
    due_by = rules_tags.when_in(due_at, region)
    if basis:
        return _("Due by %(due)s — %(basis)s.") % {"due": due_by, "basis": basis}
    return _("Due by %(due)s.") % {"due": due_by}


@register.filter
def letter_title(title: str) -> str:
    """A letter's stored (Indonesian) title, in the reader's language when it is a default."""
    return letter_titles.shown(str(title or ""))


@register.simple_tag
def case_settings_links(user: Any) -> list[dict[str, str]]:
    """The case-handling settings this person may open (partner tokens, letterhead, letter
    templates), for the staff home: each page decides again through the same policies."""
    links = []
    if policies.token_organisations(user):
        links.append(
            {
                "label": _("API tokens"),
                "url": reverse("cases:tokens"),
                "hint": _("Tokens for partner systems (SIGAPLAPOR, SP4N-LAPOR!, SBT)"),
            }
        )
    if policies.letter_settings_organisation(user) is not None:
        links.append(
            {
                "label": _("Letterhead"),
                "url": reverse("cases:letter_settings"),
                "hint": _("Your organisation's letterhead, logo and signatory"),
            }
        )
    if policies.can_manage_templates(user):
        links.append(
            {
                "label": _("Letter templates"),
                "url": reverse("cases:letter_templates"),
                "hint": _("The texts of the letters the workflow sends"),
            }
        )
    return links
