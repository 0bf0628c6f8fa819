"""Navigation that adapts to the person, built from URL names.

Every entry is a URL name and is reversed as the menu is drawn: a renamed or removed page fails
the tests (`test_nav.py` reverses and opens every link), instead of vanishing from the menu.
"""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from netral.accounts import access, policies
from netral.accounts.models import Organisation

register = template.Library()

# (label, URL name).
PUBLIC_LINKS = [
    (_("Report"), "reports:start"),
    (_("Allowed or not?"), "rules:check"),
    (_("Report status"), "reports:status"),
    (_("Public data"), "transparency:index"),
]
Kind, Family = Organisation.Kind, Organisation.Family
BAWASLU = Kind.of(Family.BAWASLU)
OMBUDSMAN = Kind.of(Family.OMBUDSMAN)
PLEDGE_WATCHERS = Kind.of(
    Family.PPK, Family.MINISTRY, Family.BKN, Family.BAWASLU, Family.INSPEKTORAT
)
AUDITORS = Kind.of(Family.AUDITOR)
# Independent auditors read no case and no staff figures (their audit pack instead).
NOT_AUDITORS = frozenset(kind.value for kind in Kind) - AUDITORS
# (label, URL name, organisation kinds that work there; None: every staff member).
# The kinds only trim the menu; each page still decides access through its own policies.
STAFF_LINKS = [
    (_("Staff home"), "core:staff_home", None),
    (_("Cases"), "cases:queue", NOT_AUDITORS),
    (_("Audit pack"), "transparency:audit", AUDITORS),
    (_("Incoming reports"), "reports:queue", BAWASLU),
    (_("Monitoring"), "monitoring:queue", BAWASLU | OMBUDSMAN),
    (_("Registry"), "registry:index", None),
    (_("Rules"), "rules:catalogue", None),
]
# Work areas offered on the staff home (label, URL name, what it is for, kinds as above): only
# those the person's organisations work in, so that no shortcut leads to a 403 or a 404.
STAFF_SHORTCUTS = [
    (
        _("Cases"),
        "cases:queue",
        _("Cases your organisation handles, with their deadlines"),
        NOT_AUDITORS,
    ),
    (
        _("Audit pack"),
        "transparency:audit",
        _("The redacted cases of your jurisdiction, and your recommendations"),
        AUDITORS,
    ),
    (
        _("Incoming reports"),
        "reports:queue",
        _("New reports from the public, to register"),
        BAWASLU,
    ),
    (
        _("Monitoring"),
        "monitoring:queue",
        _("Social-media findings waiting for review"),
        BAWASLU | OMBUDSMAN,
    ),
    (
        _("Evaluation"),
        "insights:dashboard",
        _("Figures, charts and the map of your jurisdiction"),
        NOT_AUDITORS,
    ),
    (
        _("Neutrality pledges"),
        "prevention:index",
        _("Pledge campaigns and their coverage"),
        PLEDGE_WATCHERS,
    ),
    (_("Registry"), "registry:index", _("Regions, agencies, civil servants and elections"), None),
    (_("Rules"), "rules:catalogue", _("The violation and sanction catalogue"), None),
]
MEMBERS_LINK = (_("Members"), "accounts:organisations")
ADMIN_LINK = (_("Administration"), "admin:index")


def _links(entries: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    return [{"label": label, "url": reverse(name)} for label, name in entries]


@register.simple_tag(takes_context=True)
def navigation(context: template.Context) -> list[dict[str, Any]]:
    """Menu links for this person: public links for visitors, work links for staff."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and policies.is_staff_member(user):
        kinds = {seat.kind for seat in access.actor_of(user).seats}
        links = _links(
            [(label, target) for label, target, only in STAFF_LINKS if only is None or kinds & only]
        )
        if policies.manageable_organisations(user).exists():
            links += _links([MEMBERS_LINK])
        if policies.is_platform_admin(user):
            links += _links([ADMIN_LINK])
    else:
        links = _links(PUBLIC_LINKS)
    _mark_current(links, request.path if request else "")
    return links


@register.simple_tag(takes_context=True)
def staff_shortcuts(context: template.Context) -> list[dict[str, Any]]:
    """The staff home's work areas for this person (STAFF_SHORTCUTS, trimmed like the menu)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policies.is_staff_member(user):
        return []
    kinds = {seat.kind for seat in access.actor_of(user).seats}
    return [
        {"label": label, "url": reverse(name), "hint": hint}
        for label, name, hint, only in STAFF_SHORTCUTS
        if only is None or kinds & only
    ]


def _mark_current(links: list[dict[str, Any]], path: str) -> None:
    # The longest matching prefix wins, so /aturan/cek/ is not also marked as /aturan/.
    best = max(
        (link for link in links if path.startswith(link["url"])),
        key=lambda link: len(link["url"]),
        default=None,
    )
    for link in links:
        link["current"] = link is best


@register.simple_tag
def staff_member(user: Any) -> bool:
    """True for someone who acts for an organisation or runs the platform."""
    return policies.is_staff_member(user)


@register.simple_tag
def can_manage_members(user: Any) -> bool:
    """True when there is at least one organisation whose members this person manages."""
    return policies.manageable_organisations(user).exists()
