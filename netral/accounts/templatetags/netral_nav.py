"""Navigation that adapts to the person and links only to pages that exist.

Apps arrive at different times: a link is shown only when its path resolves, so the menu
never leads to a 404 and needs no change when an app adds its pages.
"""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from netral.accounts import access, policies
from netral.accounts.models import Organisation
from netral.core.views import existing_url

register = template.Library()

# (label, path or URL name). Paths are the public addresses agreed for each app.
PUBLIC_LINKS = [
    (_("Report"), "/lapor/"),
    (_("Allowed or not?"), "/aturan/cek/"),
    (_("Report status"), "/lapor/status/"),
]
Kind, Family = Organisation.Kind, Organisation.Family
BAWASLU = Kind.of(Family.BAWASLU)
OMBUDSMAN = Kind.of(Family.OMBUDSMAN)
# (label, path or URL name, organisation kinds that work there; None: every staff member).
# The kinds only trim the menu; each page still decides access through its own policies.
STAFF_LINKS = [
    (_("Staff home"), "core:staff_home", None),
    (_("Cases"), "/kasus/", None),
    (_("Incoming reports"), "/lapor/staf/", BAWASLU),
    (_("Monitoring"), "/pemantauan/", BAWASLU | OMBUDSMAN),
    (_("Registry"), "/registri/", None),
    (_("Rules"), "/aturan/", None),
]


@register.simple_tag
def route(target: str) -> str:
    """`{% route "/lapor/" as url %}{% if url %}…{% endif %}`: the URL only if it exists."""
    return existing_url(target)


def _links(entries: list[tuple[Any, str]]) -> list[dict[str, Any]]:
    links = []
    for label, target in entries:
        url = existing_url(target)
        if url:
            links.append({"label": label, "url": url})
    return links


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
            links += _links([(_("Members"), "accounts:organisations")])
        if policies.is_platform_admin(user):
            links += _links([(_("Administration"), "admin:index")])
    else:
        links = _links(PUBLIC_LINKS)
    _mark_current(links, request.path if request else "")
    return links


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
