"""Who may see and do what with cases. Deny by default.

- The owning organisation acts on a case; every organisation that handed it on keeps read access.
- Bawaslu organisations also read the cases in their region (oversight down the hierarchy).
- Roles give capabilities: a viewer reads; an officer handles, decides and assigns; a supervisor
  and an organisation administrator may also supervise. API tokens act as a viewer (`cases:read`)
  or an officer (`cases:act`) of their one organisation.
- The reporter's identity stays with Bawaslu unless the reporter agreed to share it.
- Platform administrators run the platform; they do not read cases.
"""

from collections.abc import Collection
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from netral.accounts import access
from netral.accounts.access import Capability
from netral.accounts.access import Seat as Seat  # re-exported for the services that take one
from netral.accounts.models import Membership, Organisation, User
from netral.cases import workflow
from netral.cases.models import ApiToken, Case, Handoff, Recommendation, SiasnBlock, Step
from netral.cases.models.case import CaseQuerySet
from netral.registry.models import Region

Principal = User | ApiToken | AnonymousUser | None
Action = Literal[
    "view", "transition", "assign", "tag", "link", "view_identity", "download", "manage_tokens"
]

_F = Organisation.Family
# Platform administrators keep their own organisation; it never reaches case data. Independent
# auditors read a redacted audit pack (transparency), never a case, its evidence or its reports.
_CASE_FAMILIES = frozenset(_F) - {_F.PLATFORM, _F.AUDITOR}
_OVERSIGHT = {_F.BAWASLU}  # Bawaslu reads every case in its region, down the hierarchy


def actor(principal: Principal) -> access.Actor:
    """The actor behind a user or an API token (a token acts as a viewer, or an officer)."""
    if not isinstance(principal, ApiToken):
        return access.actor_of(principal)
    cached: access.Actor | None = getattr(principal, "_netral_actor", None)
    if cached is None:
        role = Membership.Role.OFFICER if principal.has_scope(ApiToken.Scope.ACT) else "viewer"
        cached = access.NOBODY
        if principal.has_scope(ApiToken.Scope.READ):
            cached = access.token_actor(organisation=principal.organisation, role=role)
        principal._netral_actor = cached  # type: ignore[attr-defined]
    return cached


def seats(principal: Principal) -> list[Seat]:
    """The organisations a user or token acts for on cases (every seat but the platform's)."""
    return actor(principal).seats_in(_CASE_FAMILIES)


def opening_seat(principal: Principal) -> Seat | None:
    """The seat from which this person may open a case (Bawaslu's own finding, or a case
    forwarded to Bawaslu or BKN), or None: the queue offers "Open a case" only then."""
    for seat in seats(principal):
        if "handle" in seat.capabilities and seat.kind in workflow.BAWASLU | workflow.BKN:
            return seat
    return None


def _region_q(code: str) -> Q:
    """A jurisdiction as one indexed equality where possible (province, regency)."""
    match code.count(".") if code else -1:
        case 0:
            return Q(province_code=code)
        case 1:
            return Q(regency_code=code)
    return Region.within_q([code], "region_code")


def visible_cases(principal: Principal) -> CaseQuerySet:
    """Every case this principal may read: owned, handed on, or (Bawaslu) in its region.

    Built as a UNION of indexed lookups rather than one OR, so that the database reads only the
    rows an organisation may see, whatever the size of the table.
    """
    return _visible_to(seats(principal))


def organisation_cases(organisation: Organisation) -> CaseQuerySet:
    """Every case one organisation may read, whoever acts for it: the cases of `visible_cases`
    for a person whose every seat is in that organisation (the evaluation figures stored per
    PPK count these: decision 0132)."""
    held = access.token_actor(organisation=organisation, role="viewer").seats_in(_CASE_FAMILIES)
    return _visible_to(held)


def _visible_to(held: list[Seat]) -> CaseQuerySet:
    if not held:
        return Case.objects.none()
    if any(seat.family in _OVERSIGHT and seat.region_code == "" for seat in held):
        return Case.objects.all()  # Bawaslu RI oversees every case
    org_ids = [seat.organisation.pk for seat in held]
    ids = (
        Case.objects.filter(owner_id__in=org_ids)
        .values("pk")
        .union(
            Handoff.objects.filter(from_organisation_id__in=org_ids).values("case_id"),
            # An escalation rung addressed to the organisation (BKN pusat, the ministries).
            Step.objects.filter(organisation_id__in=org_ids).values("case_id"),
            *(
                Case.objects.filter(_region_q(seat.region_code)).values("pk")
                for seat in held
                if seat.family in _OVERSIGHT
            ),
            *(_apip_cases(seat) for seat in held if seat.kind == _INSPEKTORAT),
        )
    )
    return Case.objects.filter(pk__in=ids)


_INSPEKTORAT = Organisation.Kind.INSPEKTORAT.value


def _apip_cases(seat: Seat) -> Any:
    """An Inspektorat (APIP) reads the cases its regional government's PPK received (PP
    94/2021): the recommendations addressed to a PPK of the same region."""
    region_id = seat.organisation.region_id
    if region_id is None:  # a national Inspektorat has no regional government
        return Case.objects.none().values("pk")
    return Recommendation.objects.filter(
        addressed_to__region_id=region_id, addressed_to__kind__in=workflow.PPK
    ).values("case_id")


# From this many owned cases on, the queue is read as one OR over the case rows (see below).
WALK_IN_ORDER_FROM = 5_000


def owned_cases(principal: Principal, states: Collection[str] | None = None) -> CaseQuerySet:
    """The cases the principal's organisations must act on now (a subset of visible_cases):
    owned, or with a step addressed to them still open (an escalation rung, an examination
    hand-off to the Inspektorat). With `states`, only cases in those stages.

    Two shapes of the same set, chosen by the size of the queue (a capped count of the owned
    cases on an index: under a millisecond). A small queue is a UNION of indexed ids: the
    owner's from `(owner, state)`, the open steps' from `cases_step_open_org`; sorting a few
    thousand ids is cheap, and the database estimates it well. A large queue (BKN's: 15,000
    open cases, 40,000 with the closed ones) is one OR over the case rows, the open steps as a
    hashed subquery: the queue's order (due_at, -received_at, -pk) can then be walked on the
    `cases_page` index, stopping after the page's rows instead of sorting every id first. The
    OR alone misleads the planner for small queues (it takes the subquery to keep half the
    rows and walks the whole table), hence the two shapes (decision 0121)."""
    org_ids = [seat.organisation.pk for seat in seats(principal)]
    if not org_ids:
        return Case.objects.none()
    owned = Case.objects.filter(owner_id__in=org_ids)
    if states is not None:
        owned = owned.filter(state__in=list(states))
    open_steps = Step.objects.filter(organisation_id__in=org_ids, closed_at__isnull=True)
    if owned.order_by()[:WALK_IN_ORDER_FROM].count() < WALK_IN_ORDER_FROM:
        ids = owned.values("pk").union(open_steps.values("case_id"))
        cases = Case.objects.filter(pk__in=ids)
    else:
        cases = Case.objects.filter(
            Q(owner_id__in=org_ids) | Q(pk__in=open_steps.values("case_id"))
        )
    return cases if states is None else cases.filter(state__in=list(states))


_NATIONAL_COMPLIANCE = {_F.BKN, _F.MINISTRY}


def sees_national_compliance(principal: Principal) -> bool:
    """National BKN and the ministries see the national PPK compliance table."""
    return any(s.family in _NATIONAL_COMPLIANCE and s.region_code == "" for s in seats(principal))


def links_compliance_to_cases(principal: Principal) -> bool:
    """Whether the compliance table's counts link to their cases in the queue. A ministry sees
    the national figures but reads only the cases addressed to it: its links would open empty
    lists, so its table shows the figures alone."""
    national = [s for s in seats(principal) if s.region_code == ""]
    return not any(s.family == _F.MINISTRY for s in national) or any(
        s.family == _F.BKN for s in national
    )


def compliance_cases(principal: Principal) -> CaseQuerySet:
    """The cases the PPK compliance table counts: every case for those who see the national
    table; everyone else the cases they may read."""
    if sees_national_compliance(principal):
        return Case.objects.all()
    return visible_cases(principal)


def handed_on_cases(principal: Principal) -> CaseQuerySet:
    """The cases the principal's organisations handed on and still follow (read only)."""
    org_ids = [seat.organisation.pk for seat in seats(principal)]
    if not org_ids:
        return Case.objects.none()
    sent = Handoff.objects.filter(from_organisation_id__in=org_ids).values("case_id")
    return Case.objects.filter(pk__in=sent).exclude(owner_id__in=org_ids)


def overseen_cases(principal: Principal) -> CaseQuerySet:
    """The cases in the regions of the principal's Bawaslu organisations (oversight)."""
    codes = [seat.region_code for seat in seats(principal) if seat.family in _OVERSIGHT]
    if not codes:
        return Case.objects.none()
    if "" in codes:
        return Case.objects.all()
    condition = Q()
    for code in codes:
        condition |= _region_q(code)
    return Case.objects.filter(condition)


def _oversees(seat: Seat, case: Case) -> bool:
    return seat.family in _OVERSIGHT and seat.covers(case.region_code)


def can_edit_letter_templates(principal: Principal) -> bool:
    """The letters' texts belong to the platform: only its administrators edit them."""
    return isinstance(principal, User) and access.is_platform_admin(principal)


def can_view(principal: Principal, case: Case) -> bool:
    held = seats(principal)
    if any(seat.organisation.pk == case.owner_id or _oversees(seat, case) for seat in held):
        return True
    apip = [s.organisation.region_id for s in held if s.kind == _INSPEKTORAT]
    if (
        any(apip)
        and case.recommendations.filter(
            addressed_to__region_id__in=[r for r in apip if r], addressed_to__kind__in=workflow.PPK
        ).exists()
    ):
        return True
    org_ids = [seat.organisation.pk for seat in held]
    return bool(org_ids) and (
        case.handoffs.filter(from_organisation_id__in=org_ids).exists()
        or case.steps.filter(organisation_id__in=org_ids).exists()
    )


def owner_seat(principal: Principal, case: Case) -> Seat | None:
    """The principal's seat in the organisation that owns the case, if any."""
    return next((s for s in seats(principal) if s.organisation.pk == case.owner_id), None)


def can_transition(principal: Principal, case: Case, key: str) -> bool:
    """The owner's members with the transition's capability, from an allowed state and kind."""
    seat = owner_seat(principal, case)
    try:
        found = workflow.transition(key)
    except KeyError:
        return False
    return (
        seat is not None
        and found.capability in seat.capabilities
        and seat.kind in found.actor_kinds
        and workflow.State(case.state) in found.sources
    )


def can_review_ppk_reason(principal: Principal, case: Case) -> bool:
    """The recommending body (BKN), owning the follow-up, with the capability to decide."""
    seat = owner_seat(principal, case)
    return (
        seat is not None
        and seat.kind in workflow.BKN
        and Capability.DECIDE in seat.capabilities
        and case.state == workflow.State.FOLLOW_UP
    )


def rung_seat(principal: Principal, step: Step) -> Seat | None:
    """The principal's deciding seat in the organisation an escalation step addresses."""
    return next(
        (
            s
            for s in seats(principal)
            if s.organisation.pk == step.organisation_id and Capability.DECIDE in s.capabilities
        ),
        None,
    )


def can_act_on_rung(principal: Principal, case: Case, step: Step) -> bool:
    """The addressed body's deciders, on its open rung, while the PPK still owes a decree."""
    return (
        step.case_id == case.pk
        and step.kind.startswith("escalation.")
        and step.status == Step.Status.OPEN
        and workflow.State(case.state) in workflow.AWAITING_PPK
        and rung_seat(principal, step) is not None
    )


def rungs_to_act_on(principal: Principal, case: Case) -> list[Step]:
    """The open escalation steps of this case this principal may act on (for the buttons)."""
    org_ids = [s.organisation.pk for s in seats(principal)]
    if not org_ids:
        return []
    steps = case.steps.filter(
        organisation_id__in=org_ids, status=Step.Status.OPEN, kind__startswith="escalation."
    )
    return [step for step in steps if can_act_on_rung(principal, case, step)]


def siasn_seat_organisation(principal: Principal, case: Case) -> Organisation | None:
    """The principal's organisation that held the SIASN rung of this case, if it may decide."""
    held = {s.organisation.pk: s for s in seats(principal) if Capability.DECIDE in s.capabilities}
    step = (
        case.steps.filter(kind="escalation.siasn_block", organisation_id__in=list(held))
        .select_related("organisation")
        .first()
    )
    return step.organisation if step else None


def can_lift_siasn_block(principal: Principal, case: Case) -> bool:
    """The body that held the SIASN rung, while a block it confirmed is in force. Whether the
    decree allows the lift is the service's answer (a clear message, not a hidden button)."""
    return (
        siasn_seat_organisation(principal, case) is not None
        and case.recommendations.filter(siasn_block=SiasnBlock.CONFIRMED).exists()
    )


def _held_seats(principal: Principal, case: Case) -> list[Seat]:
    """The principal's seats in the organisations that own or have owned the case."""
    owners = {case.owner_id, *case.handoffs.values_list("from_organisation_id", flat=True)}
    return [s for s in seats(principal) if s.organisation.pk in owners]


def _page_is_older(case: Case, shown_version: object) -> bool:
    try:
        return 0 < int(str(shown_version)) < case.version
    except ValueError:
        return False


def moved_on_since(
    principal: Principal, case: Case, shown_version: object, *, step: str | Step
) -> bool:
    """The page the principal acted from showed an older version of the case, and their seat
    in an organisation that held it allows this step (a workflow transition by its key,
    ``"review_reason"``, or an escalation rung): the case moved on, their role did not refuse.
    A principal whose role never allowed the step gets no such answer."""
    if not _page_is_older(case, shown_version):
        return False
    if isinstance(step, Step):
        return step.case_id == case.pk and rung_seat(principal, step) is not None
    if step == "review_reason":
        return any(
            s.kind in workflow.BKN and Capability.DECIDE in s.capabilities
            for s in _held_seats(principal, case)
        )
    try:
        found = workflow.transition(step)
    except KeyError:
        return False
    return any(
        found.capability in s.capabilities and s.kind in found.actor_kinds
        for s in _held_seats(principal, case)
    )


def available_transitions(principal: Principal, case: Case) -> list[workflow.Transition]:
    """The moves this principal may make now, for buttons and the API."""
    seat = owner_seat(principal, case)
    if seat is None:
        return []
    return [
        t
        for t in workflow.available(case.state, seat.kind)
        if t.capability in seat.capabilities
        and not (t.key == workflow.EXTEND_EXAMINATION and case.examination_extended())
    ]


def can_act(principal: Principal, case: Case) -> bool:
    """Any transition at all is open to this principal now."""
    return bool(available_transitions(principal, case))


def can_assign(principal: Principal, case: Case) -> bool:
    seat = owner_seat(principal, case)
    return seat is not None and Capability.ASSIGN in seat.capabilities and not case.is_closed


def can_tag(principal: Principal, case: Case) -> bool:
    seat = owner_seat(principal, case)
    return seat is not None and Capability.HANDLE in seat.capabilities


def can_link(principal: Principal, case: Case) -> bool:
    """Linking, merging and closing as duplicate: the owner's handlers, Bawaslu only."""
    seat = owner_seat(principal, case)
    return (
        seat is not None
        and Capability.HANDLE in seat.capabilities
        and seat.family == _F.BAWASLU
        and not case.is_closed
    )


def can_view_identity(principal: Principal, case: Case) -> bool:
    """Bawaslu handlers that can see the case; others only when the reporter agreed."""
    if not can_view(principal, case):
        return False
    handlers = [s for s in seats(principal) if Capability.HANDLE in s.capabilities]
    if any(seat.family == _F.BAWASLU for seat in handlers):
        return True
    return case.identity_shareable and bool(handlers)


def can_view_case_evidence(principal: Principal, case: Case) -> bool:
    """BKN and every later body that can read the case sees its report's evidence (previews
    and originals) on the case page; Bawaslu opens it in the reports app. People only: a
    token reads no files."""
    return (
        isinstance(principal, User)
        and bool(case.source_ref)
        and any(seat.family != _F.BAWASLU for seat in seats(principal))
        and can_view(principal, case)
    )


def evidence_names_shown(principal: Principal, case: Case) -> bool:
    """The reporter's file names may carry who they are: shown onwards only with their consent."""
    return case.identity_shareable


def can_download(principal: Principal, case: Case) -> bool:
    return can_view(principal, case)


def files_case_summary(principal: Principal, case: Case) -> bool:
    """A case summary printed by the owning organisation is filed as its numbered letter; any
    other reader prints it unfiled, so that no body puts its own letter number on another
    body's case; a viewer of the owner prints it unfiled too (filing takes a letter number)."""
    seat = owner_seat(principal, case)
    return seat is not None and workflow.Capability.HANDLE in seat.capabilities


def can_manage_templates(principal: Principal) -> bool:
    """Letter templates are platform settings: platform administrators only."""
    return access.is_platform_admin(principal)


def letter_settings_organisation(principal: Principal) -> Organisation | None:
    """The organisation whose letterhead and signatory this person sets: supervisors and
    administrators of a case-handling organisation."""
    if not isinstance(principal, User):
        return None
    return next(
        (s.organisation for s in seats(principal) if Capability.SUPERVISE in s.capabilities),
        None,
    )


def can_release_document(principal: Principal, document: Any) -> bool:
    """A letter held for review is released by the deciders of the organisation that sends it."""
    return (
        document.status == "held"
        and document.organisation_id is not None
        and any(
            s.organisation.pk == document.organisation_id and Capability.DECIDE in s.capabilities
            for s in seats(principal)
        )
    )


def can_manage_tokens(principal: Principal, organisation: Organisation) -> bool:
    return any(
        seat.organisation.pk == organisation.pk and Capability.SUPERVISE in seat.capabilities
        for seat in seats(principal)
        if isinstance(principal, User)
    )


def token_organisations(principal: Principal) -> list[Organisation]:
    """The organisations whose partner tokens this person issues and revokes."""
    return [
        seat.organisation
        for seat in seats(principal)
        if can_manage_tokens(principal, seat.organisation)
    ]


_CHECKS = {
    "view": can_view,
    "transition": can_act,
    "assign": can_assign,
    "tag": can_tag,
    "link": can_link,
    "view_identity": can_view_identity,
    "download": can_download,
}


def can(principal: Principal, action: str, case: Case) -> bool:
    check = _CHECKS.get(action)
    return bool(check and check(principal, case))


def refusal(principal: Principal, action: str, case: Case) -> str:
    """Why `can(principal, action, case)` says no, in words for the person (the same rules as
    the checks above, so that a refused bulk action names its real reason)."""
    if case.is_closed and action in ("assign", "link"):
        return _("This case is closed.")
    seat = owner_seat(principal, case)
    if seat is None:
        return _("Only %(owner)s can do this on this case.") % {"owner": case.owner.name}
    if action == "link" and seat.family != _F.BAWASLU:
        return _("Only Bawaslu links cases or closes them as duplicates.")
    return _("Your role in %(org)s cannot do this.") % {"org": seat.organisation.name}


def _readable_q(held: list[Seat]) -> Q | None:
    """`visible_cases` as one condition on a case row, for reading a single case: each part is
    an indexed look-up by that case's id (its handoffs, steps, recommendations) or a column of
    the row, so checking one case never builds the set of every case an organisation may read.
    None when the seats read no case; an empty Q when they read every case."""
    if not held:
        return None
    if any(seat.family in _OVERSIGHT and seat.region_code == "" for seat in held):
        return Q()
    org_ids = [seat.organisation.pk for seat in held]
    here = OuterRef("pk")
    condition = (
        Q(owner_id__in=org_ids)
        | Q(Exists(Handoff.objects.filter(case_id=here, from_organisation_id__in=org_ids)))
        | Q(Exists(Step.objects.filter(case_id=here, organisation_id__in=org_ids)))
    )
    for seat in held:
        if seat.family in _OVERSIGHT:
            condition |= _region_q(seat.region_code)
        if seat.kind == _INSPEKTORAT and seat.organisation.region_id is not None:
            condition |= Q(
                Exists(
                    Recommendation.objects.filter(
                        case_id=here,
                        addressed_to__region_id=seat.organisation.region_id,
                        addressed_to__kind__in=workflow.PPK,
                    )
                )
            )
    return condition


def readable_case(principal: Principal, code: str) -> CaseQuerySet:
    """The case with this code if the principal may read it (at most one row), in one query:
    the same rule as `visible_cases`."""
    condition = _readable_q(seats(principal))
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition, code=code)


def get_case_for(principal: Principal, code: str, action: str = "view") -> Case:
    """The case with this code: 404 when the principal cannot see it, 403 when it cannot act."""
    case = (
        readable_case(principal, code)
        .select_related("owner__region", "agency", "region", "election", "civil_servant")
        .first()
    )
    if case is None:
        raise Http404
    if not can(principal, action, case):
        raise PermissionDenied
    return case


def acting_organisation(principal: Principal, case: Case) -> Organisation | None:
    """The organisation a principal acts for on this case: the owner when a member, else any."""
    seat = owner_seat(principal, case)
    if seat is not None:
        return seat.organisation
    held = seats(principal)
    return held[0].organisation if held else None


def principal_user(principal: Principal) -> User | None:
    return principal if isinstance(principal, User) else None


def principal_label(principal: Principal) -> str:
    if isinstance(principal, ApiToken):
        return principal.label
    if isinstance(principal, User):
        return str(principal)
    return "system"
