"""The case workflow as data: states, transitions, who may trigger each, deadlines, documents.

Pure: no ORM, no settings. Services ask this module whether a move is allowed and what it
implies; docs/workflow.md is generated from it (see `workflow_doc.py`), so the two cannot drift.

The path follows the regulation reference (§5, §6 and the "Case workflow" table): Bawaslu receives,
reviews (kajian awal), registers and examines; an ASN-neutrality violation goes to BKN (KASN before
24 Aug 2024) for verification, then as a recommendation to the PPK, who examines and decides; BKN
monitors the follow-up. A PPK that ignores a recommendation climbs the escalation ladder.
Deadline rule keys are generic (`bawaslu.examination`); `adapters.due_for` resolves them per
election type against the rules catalogue.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from netral.accounts.access import Capability as Capability  # re-exported: the table names it
from netral.accounts.models import Organisation
from netral.cases.escalation import ESCALATION_LADDER as ESCALATION_LADDER
from netral.cases.escalation import Rung as Rung
from netral.cases.escalation import next_rung as next_rung
from netral.cases.escalation import rung as rung
from netral.cases.escalation import rung_by_key as rung_by_key
from netral.cases.stages import AWAITING_PPK as AWAITING_PPK
from netral.cases.stages import INSPEKTORAT_STEP as INSPEKTORAT_STEP
from netral.cases.stages import OTHER_STEP_LABELS as OTHER_STEP_LABELS
from netral.cases.stages import OUTCOME_LABELS as OUTCOME_LABELS
from netral.cases.stages import STATE_LABELS as STATE_LABELS
from netral.cases.stages import TERMINAL as TERMINAL
from netral.cases.stages import Outcome as Outcome
from netral.cases.stages import Shown as Shown
from netral.cases.stages import State as State

Kind, Family = Organisation.Kind, Organisation.Family

# Organisation kinds by family, as accounts.Organisation.Kind declares them.
BAWASLU = Kind.of(Family.BAWASLU)
BKN = Kind.of(Family.BKN)
PPK = Kind.of(Family.PPK)
GAKKUMDU = Kind.of(Family.GAKKUMDU)
OMBUDSMAN = Kind.of(Family.OMBUDSMAN)
MINISTRIES = Kind.of(Family.MINISTRY)
# A PPK in conflict of interest is replaced by the next authority up: a governor's PPK side
# (a provincial "ppk" organisation) or, for a governor, Mendagri.
PPK_OR_SUBSTITUTE = PPK | frozenset({Kind.KEMENDAGRI.value})

# Not a kind: the case goes back to the organisation that handed it over.
PREVIOUS_OWNER = frozenset({"previous_owner"})


class Input(StrEnum):
    """Inputs a transition requires; services validate each one."""

    REASONING = "reasoning"
    CODES = "codes"
    SANCTION_CATEGORY = "sanction_category"
    REGISTRATION_NUMBER = "registration_number"
    DECREE_NUMBER = "decree_number"
    DECREE_DATE = "decree_date"
    DECREE_SIGNATORY = "decree_signatory"
    SANCTION = "sanction"
    DEVIATION_REASON = "deviation_reason"  # asked for only when the sanction is lighter or none
    EXAMINATION_TEAM = "examination_team"
    VERDICT = "verdict"
    FORWARDED_TO = "forwarded_to"
    # Facts a decision on codes rests on, pre-filled on its form: the case's election and the
    # stage of the person supported (bakal calon / calon) on the incident day. Optional: blank
    # keeps the case's election, or leaves the stage unknown.
    ELECTION = "election"
    TARGET_STAGE = "target_stage"


# What every decision on codes asks for, in order; a sanction decision adds its category.
DECISION_ON_CODES = (Input.CODES, Input.ELECTION, Input.TARGET_STAGE)


class ClockStart(StrEnum):
    """Where the legal clock of the step opened on arrival starts counting."""

    STEP = "step"  # the moment of the move
    RECEIPT = "receipt"  # the case's receipt: the regulation counts these periods from it


@dataclass(frozen=True, kw_only=True)
class Transition:
    """One allowed move: the data every caller reads (policies, forms, the API, the docs).

    A plain move is carried out entirely from this data by `services.transitions.move_case`.
    The four moves of `SPECIAL_KEYS` do more than the data says (a recommendation, a decree,
    a running PPK deadline, a return to the sender); each has its own service.
    """

    key: str
    sources: frozenset[State]
    target: State
    label: Promise
    capability: Capability
    actor_kinds: frozenset[str]
    inputs: tuple[Input, ...] = ()
    deadline: str | None = None  # rule key of the step opened on arrival
    clock_starts: ClockStart = ClockStart.STEP
    documents: tuple[str, ...] = ()
    # The organisation kinds that take ownership; PREVIOUS_OWNER: the one that handed it over.
    hand_off: frozenset[str] = frozenset()
    outcome: Outcome | None = None


def _t(key: str, sources: set[State], target: State, label: Promise, **kwargs: Any) -> Transition:
    return Transition(key=key, sources=frozenset(sources), target=target, label=label, **kwargs)


_REVIEW = {State.RECEIVED, State.INITIAL_REVIEW}
_DECIDABLE = {State.REGISTERED, State.EXAMINATION}

# The moves with a service of their own (services/special_transitions.py): they do more than
# their row says. Their keys:
RECOMMEND_SANCTION = "recommend_sanction"
RETURN_TO_BAWASLU = "return_to_bawaslu"
FORM_EXAMINATION_TEAM = "start_disciplinary_examination"
RECORD_PPK_DECISION = "record_ppk_decision"
# Bawaslu may extend its examination once (the extension's rule is the data's); a case BKN
# sent back for more information already runs on that extended period.
EXTEND_EXAMINATION = "extend_examination"
EXTENDED_EXAMINATION = "bawaslu.examination_extension"
SPECIAL_KEYS = frozenset(
    {RECOMMEND_SANCTION, RETURN_TO_BAWASLU, FORM_EXAMINATION_TEAM, RECORD_PPK_DECISION}
)


# What a kind of move always implies is said once, by its builder: a working step is the
# handler's, a closing is a decision that writes the case summary, a forwarding sends a letter.
def _step(
    key: str, sources: set[State], target: State, label: Promise, by: frozenset[str], **kwargs: Any
) -> Transition:
    """A working move of the body that holds the case: no decision, so the handler may take it."""
    return _t(key, sources, target, label, capability=Capability.HANDLE, actor_kinds=by, **kwargs)


def _close(
    key: str,
    sources: set[State],
    label: Promise,
    outcome: Outcome,
    by: frozenset[str],
    inputs: tuple[Input, ...] = (Input.REASONING,),
) -> Transition:
    """A move that ends the case: always a decision, with its outcome and the case summary."""
    return _t(
        key,
        sources,
        State.CLOSED,
        label,
        capability=Capability.DECIDE,
        actor_kinds=by,
        inputs=inputs,
        outcome=outcome,
        documents=("case_summary",),
    )


def _verdict(key: str, source: State, label: Promise) -> Transition:
    """A court's final verdict ends an election-crime case; Sentra Gakkumdu records it."""
    return _close(key, {source}, label, Outcome.COURT_VERDICT, GAKKUMDU, (Input.VERDICT,))


def _forward(key: str, target: State, label: Promise, letter: str, **kwargs: Any) -> Transition:
    """Bawaslu's decision that hands the case to the body that acts on it, with the letter to it."""
    return _t(
        key,
        _DECIDABLE,
        target,
        label,
        capability=Capability.DECIDE,
        actor_kinds=BAWASLU,
        documents=(letter,),
        **kwargs,
    )


def _register(
    key: str,
    sources: set[State],
    label: Promise,
    capability: Capability,
    clock_starts: ClockStart = ClockStart.STEP,
) -> Transition:
    """Bawaslu registers the case under its register number, under the decision deadline: a
    report's counts from its receipt (as the rule says, and as the examination's does), a
    finding's from its adoption."""
    return _t(
        key,
        sources,
        State.REGISTERED,
        label,
        capability=capability,
        actor_kinds=BAWASLU,
        inputs=(Input.REGISTRATION_NUMBER, Input.REASONING),
        deadline="bawaslu.examination",
        documents=("registration_notice",),
        clock_starts=clock_starts,
    )


TRANSITIONS: tuple[Transition, ...] = (
    # Bawaslu receives, reviews, registers, examines and decides.
    _step(
        "start_review",
        {State.RECEIVED},
        State.INITIAL_REVIEW,
        _("Start the initial review"),
        BAWASLU,
        deadline="bawaslu.initial_review",
        clock_starts=ClockStart.RECEIPT,
    ),
    _register(
        "register",
        _REVIEW,
        _("Register (requirements met)"),
        Capability.HANDLE,
        clock_starts=ClockStart.RECEIPT,
    ),
    _step(
        "not_register",
        _REVIEW,
        State.NOT_REGISTERED,
        _("Do not register (keep as initial information)"),
        BAWASLU,
        inputs=(Input.REASONING,),
    ),
    _step(
        "open_inquiry",
        {State.NOT_REGISTERED},
        State.INQUIRY,
        _("Open an inquiry (penelusuran)"),
        BAWASLU,
        inputs=(Input.REASONING,),
        deadline="bawaslu.finding",
    ),
    _close(
        "archive",
        {State.NOT_REGISTERED, State.INQUIRY},
        _("Close without further action"),
        Outcome.ARCHIVED,
        BAWASLU,
    ),
    _register(
        "adopt_as_finding",
        {State.INQUIRY},
        _("Adopt as a finding (temuan) and register"),
        Capability.DECIDE,
    ),
    _step(
        "start_examination",
        {State.REGISTERED},
        State.EXAMINATION,
        _("Start clarification and examination"),
        BAWASLU,
        deadline="bawaslu.examination",
        clock_starts=ClockStart.RECEIPT,
    ),
    _step(
        EXTEND_EXAMINATION,
        {State.EXAMINATION},
        State.EXAMINATION,
        _("Extend for additional information"),
        BAWASLU,
        inputs=(Input.REASONING,),
        deadline=EXTENDED_EXAMINATION,
        clock_starts=ClockStart.RECEIPT,
    ),
    _close(
        "decide_no_violation",
        _DECIDABLE,
        _("Decide: not a violation"),
        Outcome.NO_VIOLATION,
        BAWASLU,
    ),
    _forward(
        "decide_asn_violation",
        State.BKN_VERIFICATION,
        _("Decide: ASN neutrality violation, forward to BKN"),
        "forwarding_letter_bkn",
        inputs=(*DECISION_ON_CODES, Input.SANCTION_CATEGORY, Input.REASONING),
        deadline="bkn.verification",
        hand_off=BKN,
    ),
    _forward(
        "decide_election_crime",
        State.GAKKUMDU_INVESTIGATION,
        _("Decide: election crime, forward to Sentra Gakkumdu"),
        "forwarding_letter_gakkumdu",
        inputs=(*DECISION_ON_CODES, Input.REASONING),
        deadline="gakkumdu.investigation",
        hand_off=GAKKUMDU,
    ),
    _forward(
        "decide_maladministration",
        State.OMBUDSMAN,
        _("Decide: maladministration, forward to the Ombudsman"),
        "forwarding_letter_ombudsman",
        inputs=(Input.REASONING,),
        hand_off=OMBUDSMAN,
    ),
    _close(
        "decide_other_body",
        _DECIDABLE,
        _("Decide: administrative or ethics matter, forward to KPU or DKPP"),
        Outcome.FORWARDED_ELSEWHERE,
        BAWASLU,
        (Input.FORWARDED_TO, Input.REASONING),
    ),
    # BKN verifies, recommends to the PPK (or sends back), and monitors the follow-up.
    # Also records the Recommendation and routes it past a PPK in conflict of interest.
    _t(
        RECOMMEND_SANCTION,
        {State.BKN_VERIFICATION},
        State.RECOMMENDED,
        _("Verified: recommend a sanction to the PPK"),
        capability=Capability.DECIDE,
        actor_kinds=BKN,
        inputs=(*DECISION_ON_CODES, Input.SANCTION_CATEGORY, Input.REASONING),
        deadline="ppk.follow_up",
        documents=("recommendation_letter_ppk",),
        hand_off=PPK_OR_SUBSTITUTE,
    ),
    _close(
        "verify_not_proven",
        {State.BKN_VERIFICATION},
        _("Verified: not proven"),
        Outcome.NOT_PROVEN,
        BKN,
    ),
    _t(
        RETURN_TO_BAWASLU,
        {State.BKN_VERIFICATION},
        State.EXAMINATION,
        _("Return to Bawaslu for more information"),
        capability=Capability.HANDLE,
        actor_kinds=BKN,
        inputs=(Input.REASONING,),
        deadline=EXTENDED_EXAMINATION,
        hand_off=PREVIOUS_OWNER,
    ),
    # The PPK (or the authority above a PPK in conflict) examines and decides.
    # No deadline of its own: forming the team is no decision, so the PPK's clock runs on.
    _t(
        FORM_EXAMINATION_TEAM,
        {State.RECOMMENDED},
        State.DISCIPLINARY_EXAMINATION,
        _("Form the examination team (superior, Inspektorat, personnel unit)"),
        capability=Capability.HANDLE,
        actor_kinds=PPK_OR_SUBSTITUTE,
        inputs=(Input.EXAMINATION_TEAM,),
    ),
    # Also settles the recommendation: acted on in time or late, within its category or not.
    _t(
        RECORD_PPK_DECISION,
        {State.RECOMMENDED, State.DISCIPLINARY_EXAMINATION},
        State.FOLLOW_UP,
        _("Record the PPK decision (decree)"),
        capability=Capability.DECIDE,
        actor_kinds=PPK_OR_SUBSTITUTE,
        inputs=(
            Input.DECREE_NUMBER,
            Input.DECREE_DATE,
            Input.DECREE_SIGNATORY,
            Input.SANCTION,
            Input.REASONING,
            Input.DEVIATION_REASON,
        ),
        deadline="ppk.decree_delivery",
        hand_off=PREVIOUS_OWNER,
    ),
    _close(
        "close_follow_up",
        {State.FOLLOW_UP},
        _("Follow-up verified: close (recorded in I'DIS)"),
        Outcome.SANCTIONED,
        BKN,
    ),
    # Sentra Gakkumdu investigates, prosecutes and tries an election crime.
    _step(
        "file_to_prosecutor",
        {State.GAKKUMDU_INVESTIGATION},
        State.GAKKUMDU_PROSECUTION,
        _("File the dossier with the prosecutor"),
        GAKKUMDU,
        deadline="gakkumdu.to_court",
    ),
    _step(
        "return_dossier",
        {State.GAKKUMDU_PROSECUTION},
        State.GAKKUMDU_INVESTIGATION,
        _("Dossier incomplete: return to the investigators (P-19)"),
        GAKKUMDU,
        inputs=(Input.REASONING,),
        deadline="gakkumdu.refile",
    ),
    _close(
        "stop_investigation",
        {State.GAKKUMDU_INVESTIGATION},
        _("Stop the investigation"),
        Outcome.INVESTIGATION_STOPPED,
        GAKKUMDU,
    ),
    _step(
        "submit_to_court",
        {State.GAKKUMDU_PROSECUTION},
        State.GAKKUMDU_TRIAL,
        _("Submit to the district court"),
        GAKKUMDU,
        deadline="gakkumdu.court_decision",
    ),
    _verdict("record_verdict", State.GAKKUMDU_TRIAL, _("Record the final verdict")),
    _step(
        "file_appeal",
        {State.GAKKUMDU_TRIAL},
        State.GAKKUMDU_APPEAL,
        _("Verdict appealed to the high court"),
        GAKKUMDU,
        inputs=(Input.VERDICT,),
        deadline="gakkumdu.appeal_decision",
    ),
    _verdict(
        "record_appeal_verdict", State.GAKKUMDU_APPEAL, _("Record the high court verdict (final)")
    ),
    # The Ombudsman concludes a maladministration case.
    _close(
        "ombudsman_conclude",
        {State.OMBUDSMAN},
        _("Record the Ombudsman's conclusion"),
        Outcome.OMBUDSMAN_CONCLUDED,
        OMBUDSMAN,
    ),
)

_BY_KEY = {transition.key: transition for transition in TRANSITIONS}


@dataclass(frozen=True)
class Check:
    """The answer to "may this move happen now?", with the reason when it may not."""

    allowed: bool
    reason: str = ""
    missing: tuple[Input, ...] = field(default=())


def transition(key: str) -> Transition:
    """The transition with that key; KeyError for an unknown key."""
    return _BY_KEY[key]


def transitions_from(state: State | str) -> tuple[Transition, ...]:
    """Every transition that may start in `state`."""
    return tuple(t for t in TRANSITIONS if State(state) in t.sources)


def available(state: State | str, organisation_kind: str) -> tuple[Transition, ...]:
    """The transitions an organisation of that kind may trigger from `state`."""
    return tuple(t for t in transitions_from(state) if organisation_kind in t.actor_kinds)


def check(
    key: str, *, state: State | str, organisation_kind: str, provided: set[str] | frozenset[str]
) -> Check:
    """Whether the transition may run: known, allowed from the state, by this kind, fully input."""
    found = _BY_KEY.get(key)
    if found is None:
        return Check(False, str(_("Unknown action.")))
    if State(state) not in found.sources:
        return Check(
            False,
            str(_("This action is not possible while the case is at the stage “%(state)s”."))
            % {"state": STATE_LABELS[State(state)]},
        )
    if organisation_kind not in found.actor_kinds:
        return Check(False, str(_("Your organisation does not take this step.")))
    missing = tuple(item for item in found.inputs if item not in provided)
    if missing:
        return Check(False, str(_("Some required information is missing.")), missing)
    return Check(True)


def step_label(kind: str) -> str:
    """A readable name for a step kind: a stage name or an escalation rung."""
    if kind.startswith("escalation."):
        key = kind.removeprefix("escalation.")
        found = next((r for r in ESCALATION_LADDER if r.key == key), None)
        return str(found.label) if found else kind
    if kind in OTHER_STEP_LABELS:
        return str(OTHER_STEP_LABELS[kind])
    try:
        return str(STATE_LABELS[State(kind)])
    except ValueError:
        return kind


def step_kind_named(label: str) -> str:
    """The step kind whose Indonesian or English name is `label` ("" if none): reads back the
    names stored in older notifications, so they follow the reader's language too."""
    if not label:
        return ""
    kinds = [
        *(f"escalation.{r.key}" for r in ESCALATION_LADDER),
        *OTHER_STEP_LABELS,
        *(state.value for state in State),
    ]
    for language in ("id", "en"):
        with translation.override(language):
            for kind in kinds:
                if step_label(kind) == label:
                    return kind
    return ""


def reachable(start: State = State.RECEIVED) -> set[State]:
    """States reachable from `start`; every state should be reachable from an entry state."""
    seen = {start}
    frontier = [start]
    while frontier:
        state = frontier.pop()
        for item in transitions_from(state):
            if item.target not in seen:
                seen.add(item.target)
                frontier.append(item.target)
    return seen


# Where a new case starts, by how it came in and who receives it (the SBT channel lands at BKN).
ENTRY_STATES: dict[str, State] = {
    "bawaslu": State.RECEIVED,
    "bkn": State.BKN_VERIFICATION,
}
# The legal clock of the first step, counted from receipt.
ENTRY_DEADLINES: dict[State, str] = {
    State.RECEIVED: "bawaslu.initial_review",
    State.BKN_VERIFICATION: "bkn.verification",
}
