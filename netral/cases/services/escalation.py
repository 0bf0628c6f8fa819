"""The escalation ladder reaches the bodies it addresses, and the SIASN block has a life.

Each rung of `data/escalation.yaml` is a step owned by the body it addresses (the PPK, BKN
pusat, Kemendagri for a regional PPK or KemenPAN-RB for a central one, KemenPAN-RB above them):
in that body's queue, notified, with its actions. Acting on a rung ends its step and gives the
PPK the rung's grace period again; when that passes too, the sweep climbs the next rung. The
SIASN block goes requested → confirmed (or refused) → lifted, each an event; it is lifted only
once a compliant decree (outcome "followed") is recorded.
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import escalation as ladder
from netral.cases import policies, workflow
from netral.cases.models import (
    Case,
    CaseEvent,
    Notification,
    Recommendation,
    SiasnBlock,
    Step,
    is_compliant,
)
from netral.cases.services import base, documents, inputs

Kind = Organisation.Kind


def _national(kind: str, memo: base.Memo | None) -> Organisation | None:
    """The active organisation of that kind, the national one first."""

    def find() -> Organisation | None:
        found = Organisation.objects.filter(kind=kind, is_active=True)
        return (
            found.filter(region__isnull=True).order_by("pk").first() or found.order_by("pk").first()
        )

    if memo is None:
        return find()
    return memo.get_or_set(("national", kind), find)


def addressee(
    rung: ladder.Rung, recommendation: Recommendation, memo: base.Memo | None = None
) -> Organisation:
    """The organisation that owns the rung's step; the recommending body when the addressed
    body has no organisation on the platform (it then acts on its behalf)."""
    ppk = recommendation.addressed_to
    match rung.addressed_to:
        case "ppk":
            return ppk
        case "bkn":
            found = _national(Kind.BKN, memo)
        case "ministry_for_ppk":
            regional = ppk.region_id is not None and ppk.kind != Kind.KEMENDAGRI
            found = _national(Kind.KEMENDAGRI if regional else Kind.KEMENPANRB, memo)
        case "kemenpanrb":
            found = _national(Kind.KEMENPANRB, memo)
        case _:
            found = None
    return found or recommendation.issued_by


def reach_rung(
    case: Case,
    recommendation: Recommendation,
    rung: ladder.Rung,
    *,
    now: dt.datetime,
    memo: base.Memo,
    events: list[CaseEvent],
) -> Step:
    """The rung's step for its addressee, its letter, its event, its notices (the sweep's)."""
    body = addressee(rung, recommendation, memo)
    recommendation.escalation_level = rung.level
    fields = ["status", "escalation_level"]
    if rung.blocks_personnel_data:
        recommendation.personnel_data_block_requested = True
        recommendation.siasn_block, recommendation.siasn_block_changed_at = (
            SiasnBlock.REQUESTED,
            now,
        )
        fields += ["personnel_data_block_requested", "siasn_block", "siasn_block_changed_at"]
    recommendation.save(update_fields=fields)
    step = base.open_step(
        case,
        kind=f"escalation.{rung.key}",
        organisation=body,
        rule_key=rung.deadline,
        now=now,
        recommendation=recommendation,
        level=rung.level,
        memo=memo,
    )
    letter = None
    if rung.document:
        letter = documents.generate(
            case,
            rung.document,
            by=None,
            organisation=recommendation.issued_by,
            now=now,
            about=(recommendation, step),
            memo=memo,
            defer=events,
        )
    base.record_event(
        case,
        CaseEvent.Type.ESCALATED,
        by=None,
        organisation=recommendation.issued_by,
        now=now,
        defer=events,
        payload={
            "rung": rung.key,
            "level": rung.level,
            "addressee": body.name,
            "document": str(letter.public_id) if letter else "",
        },
    )
    if rung.blocks_personnel_data:
        base.record_event(
            case,
            CaseEvent.Type.SIASN_BLOCK_REQUESTED,
            by=None,
            organisation=recommendation.issued_by,
            now=now,
            defer=events,
            payload={"civil_servant": case.civil_servant_name},
        )
    base.notify(
        _unique([body, case.owner, recommendation.issued_by]),
        case=case,
        kind=Notification.Kind.ESCALATED,
        now=now,
        params={"step": str(rung.label), "step_kind": f"escalation.{rung.key}"},
        memo=memo,
    )
    return step


def _unique(organisations: list[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for organisation in organisations:
        seen.setdefault(organisation.pk, organisation)
    return list(seen.values())


def _rung_of(step: Step) -> ladder.Rung | None:
    if not step.kind.startswith("escalation."):
        return None
    return ladder.rung_by_key(step.kind.removeprefix("escalation."))


@transaction.atomic
def act_on_rung(
    *,
    case: Case,
    step_id: str,
    action: str,
    by: policies.Principal,
    now: dt.datetime,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """The addressee of a rung acts on it: sends the reprimand or the report (a letter),
    confirms or refuses the SIASN block. The step ends and the PPK gets the rung's grace
    period again; past it, the sweep climbs the next rung."""
    case = base.lock_case(case, expected_version)
    step = (
        case.steps.select_related("organisation", "recommendation__addressed_to")
        .filter(public_id=step_id)
        .first()
    )
    if step is None or step.status != Step.Status.OPEN:
        raise base.ActionRefused(
            _(
                "This escalation step was already acted on, or its deadline passed and the "
                "ladder climbed."
            ),
            code="closed",
        )
    rung = _rung_of(step)
    if rung is None or not policies.can_act_on_rung(by, case, step):
        raise base.ActionRefused(_("Only the body this escalation addresses acts on it."))
    if action not in rung.actions:
        raise base.ActionRefused(_("This action does not belong to this escalation step."))
    note = (note or "").strip()
    if action == ladder.Action.REFUSE_BLOCK and len(note) < inputs.MIN_REASONING:
        raise base.ActionRefused(
            _("Write why the block is refused (at least %(n)s characters).")
            % {"n": inputs.MIN_REASONING},
            code="note",
        )
    recommendation = step.recommendation
    assert recommendation is not None  # rung steps always carry their recommendation
    organisation = step.organisation
    letter = None
    if action in ladder.ACTION_LETTERS:
        letter = documents.generate(
            case,
            ladder.ACTION_LETTERS[action],
            by=by,
            organisation=organisation,
            now=now,
            about=(recommendation, step),
        )
    if action in (ladder.Action.CONFIRM_BLOCK, ladder.Action.REFUSE_BLOCK):
        confirmed = action == ladder.Action.CONFIRM_BLOCK
        recommendation.siasn_block = SiasnBlock.CONFIRMED if confirmed else SiasnBlock.REFUSED
        recommendation.siasn_block_changed_at = now
        recommendation.save(update_fields=["siasn_block", "siasn_block_changed_at"])
        base.record_event(
            case,
            CaseEvent.Type.SIASN_BLOCK_CONFIRMED
            if confirmed
            else CaseEvent.Type.SIASN_BLOCK_REFUSED,
            by=by,
            organisation=organisation,
            now=now,
            payload={"civil_servant": case.civil_servant_name, "note": note},
        )
    base.record_event(
        case,
        CaseEvent.Type.ESCALATION_ACTED,
        by=by,
        organisation=organisation,
        now=now,
        payload={
            "rung": rung.key,
            "action": action,
            "note": note,
            "document": str(letter.public_id) if letter else "",
        },
    )
    Step.objects.filter(pk=step.pk).update(status=Step.Status.DONE, closed_at=now)
    if workflow.State(case.state) in workflow.AWAITING_PPK:
        base.open_step(
            case,
            kind=case.state,
            organisation=case.owner,
            rule_key=rung.deadline,
            now=now,
            recommendation=recommendation,
            level=rung.level,
        )
    base.notify(
        _unique([case.owner, recommendation.issued_by]),
        case=case,
        kind=Notification.Kind.ESCALATED,
        now=now,
        params={
            "step": str(ladder.ACTION_DONE[action] % {"org": organisation.name}),
            "action": action,
            "org": organisation.name,
        },
    )
    base.refresh_due(case)
    base.save_case(case, "due_at")
    return case


def block_to_lift(case: Case) -> Recommendation | None:
    """The recommendation whose SIASN block is in force, if any."""
    return (
        case.recommendations.filter(siasn_block=SiasnBlock.CONFIRMED)
        .select_related("addressed_to")
        .order_by("-issued_at")
        .first()
    )


@transaction.atomic
def lift_siasn_block(
    *,
    case: Case,
    by: policies.Principal,
    now: dt.datetime,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """BKN lifts the block once the PPK recorded a compliant decree; before that, nothing
    changes and the person is told why."""
    case = base.lock_case(case, expected_version)
    if not policies.can_lift_siasn_block(by, case):
        raise base.ActionRefused(_("Only the body that confirmed the SIASN block lifts it."))
    recommendation = block_to_lift(case)
    if recommendation is None:
        raise base.ActionRefused(_("There is no SIASN block in force on this case."), code="none")
    if not is_compliant(recommendation.outcome):
        raise base.ActionRefused(
            _(
                "The SIASN block can be lifted only after the PPK records a decree that "
                "follows the recommendation. Nothing was changed."
            ),
            code="not_compliant",
        )
    recommendation.siasn_block, recommendation.siasn_block_changed_at = SiasnBlock.LIFTED, now
    recommendation.save(update_fields=["siasn_block", "siasn_block_changed_at"])
    organisation = policies.siasn_seat_organisation(by, case)
    base.record_event(
        case,
        CaseEvent.Type.SIASN_BLOCK_LIFTED,
        by=by,
        organisation=organisation,
        now=now,
        payload={"civil_servant": case.civil_servant_name, "note": (note or "").strip()},
    )
    base.notify(
        _unique([recommendation.addressed_to, recommendation.issued_by, case.owner]),
        case=case,
        kind=Notification.Kind.DECIDED,
        now=now,
        params={"step": str(SiasnBlock.LIFTED.label)},
    )
    base.save_case(case)
    return case
