"""What a transition asks for: one typed input per special move, `StepInput` for the plain ones.

`parse` builds the typed input from a form's or a client's data; the services check what they are
given with `validated`. One cleaner per input field; each returns the clean value or a translated
message for its field, so a form or an API client learns every problem at once.
"""

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from netral.cases import adapters, workflow
from netral.cases.workflow import Input
from netral.core.text import grouped_digits

MIN_REASONING = 20
TEAM_ROLES = ("superior", "inspektorat", "personnel")
CRIME_CATEGORIES = frozenset({"PIDANA", "CANDIDATE_PIDANA"})


LONG_TEXT = 10_000  # reasoning, verdicts, a PPK's reason: the forms' maxlength too
NOTE_TEXT = 2_000
CONFLICT_TEXT = 1_000
SHORT_TEXT = 100  # numbers
NAME_TEXT = 150  # a name and position


def _text(value: Any, limit: int = LONG_TEXT) -> str:
    """The value as stripped text; longer than `limit` is an error naming it, never cut."""
    text = str(value or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("At most %(limit)s characters (this has %(n)s).")
            % {
                "limit": grouped_digits(limit),
                "n": grouped_digits(len(text)),
            },
            code="max_length",
        )
    return text


def _choice(value: Any) -> str:
    """A value checked against a list afterwards: its length needs no limit of its own."""
    return str(value or "").strip()


def _reasoning(value: Any, ctx: Mapping[str, Any]) -> str:
    text = _text(value)
    if len(text) < MIN_REASONING:
        raise ValidationError(
            _("Write the reasoning (at least %(n)s characters).") % {"n": MIN_REASONING}
        )
    return text


def _codes(value: Any, ctx: Mapping[str, Any]) -> list[str]:
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",")]
    codes = sorted({str(code).strip().upper() for code in value or [] if str(code).strip()})
    if not codes:
        raise ValidationError(_("Choose at least one catalogue code."))
    known = adapters.catalogue()
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            _("Unknown catalogue codes: %(codes)s") % {"codes": ", ".join(unknown)}
        )
    crimes = [code for code in codes if known[code].sanction_category in CRIME_CATEGORIES]
    if ctx["key"] == "decide_election_crime" and not crimes:
        raise ValidationError(_("An election crime needs a criminal code (PID-…)."))
    if ctx["key"] != "decide_election_crime" and len(crimes) == len(codes):
        raise ValidationError(
            _("Criminal codes alone go to Sentra Gakkumdu: choose an ethics or discipline code.")
        )
    return codes


def _category(value: Any, ctx: Mapping[str, Any]) -> str:
    category = _choice(value).upper()
    if category and category not in adapters.sanction_categories():
        raise ValidationError(_("Choose a sanction category from the catalogue."))
    if category and category not in adapters.recommendable_categories():
        raise ValidationError(_NOT_IMPOSABLE)
    return category


_NOT_IMPOSABLE = _lazy(
    "A PPK imposes no sanction of this category: choose an ethics, discipline or "
    "dismissal category (an election crime goes to Sentra Gakkumdu)."
)


def _short(message: str, limit: int = SHORT_TEXT) -> Callable[[Any, Mapping[str, Any]], str]:
    def clean(value: Any, ctx: Mapping[str, Any]) -> str:
        text = _text(value, limit)
        if not text:
            raise ValidationError(message)
        return text

    return clean


def _decree_date(value: Any, ctx: Mapping[str, Any]) -> dt.date:
    day = value if isinstance(value, dt.date) else parse_date(_choice(value) or "x")
    if day is None:
        raise ValidationError(_("Give the decree date as a date (YYYY-MM-DD)."))
    if day > timezone.localdate(ctx["now"]):  # the PPK's calendar day, not UTC's
        raise ValidationError(_("The decree date cannot be in the future."))
    return day


NO_SANCTION = "NONE"  # the PPK imposed no sanction; the decision row keeps a blank sanction


def _sanction(value: Any, ctx: Mapping[str, Any]) -> str:
    code = _choice(value).upper()
    if code == NO_SANCTION:
        return code
    if code not in adapters.sanctions():
        raise ValidationError(_("Choose the sanction imposed from the list, or “no sanction”."))
    return code


def _optional_text(value: Any, ctx: Mapping[str, Any]) -> str:
    return _text(value)


def _optional_short(value: Any, ctx: Mapping[str, Any]) -> str:
    return _text(value, SHORT_TEXT)


def team_member_labels() -> dict[str, str]:
    return {
        "superior": _("the direct superior"),
        "inspektorat": _("Inspektorat"),
        "personnel": _("the personnel unit"),
    }


def team_missing(roles: Sequence[str]) -> str:
    """The refusal naming the members still to be named."""
    labels = team_member_labels()
    if len(roles) == len(TEAM_ROLES):
        return _("Name all three members: the direct superior, Inspektorat and the personnel unit.")
    return _("Name the team members still missing: %(members)s.") % {
        "members": ", ".join(labels[role] for role in roles)
    }


def _team(value: Any, ctx: Mapping[str, Any]) -> dict[str, str]:
    value = value if isinstance(value, Mapping) else {}
    team = {role: _text(value.get(role), NAME_TEXT) for role in TEAM_ROLES}
    missing = [role for role in TEAM_ROLES if not team[role]]
    if missing:
        raise ValidationError(team_missing(missing))
    return team


def _forwarded_to(value: Any, ctx: Mapping[str, Any]) -> str:
    body = _choice(value).upper()
    if body not in ("KPU", "DKPP"):
        raise ValidationError(_("Choose KPU or DKPP."))
    return body


def _election(value: Any, ctx: Mapping[str, Any]) -> str:
    code = _choice(value)
    if code and adapters.election_by_code(code) is None:
        raise ValidationError(_("Choose an election from the list."))
    return code


def _target_stage(value: Any, ctx: Mapping[str, Any]) -> str:
    stage = _choice(value).lower()
    if stage and stage not in adapters.TARGET_STAGES:
        raise ValidationError(_("Choose the stage from the list: bakal calon or calon."))
    return stage


def _stage_fits_codes(cleaned: Mapping[str, Any]) -> str:
    """A refusal when a chosen code applies only at the other stage than the one stated."""
    stage = cleaned.get("target_stage")
    if not stage:
        return ""
    known = adapters.catalogue()
    other = [
        code
        for code in cleaned.get("codes", [])
        if code in known and known[code].stage not in ("any", stage)
    ]
    if not other:
        return ""
    return _("%(codes)s apply only at the other stage: change the stage or the codes.") % {
        "codes": ", ".join(other)
    }


_CLEANERS: dict[Input, Callable[[Any, Mapping[str, Any]], Any]] = {
    Input.REASONING: _reasoning,
    Input.CODES: _codes,
    Input.SANCTION_CATEGORY: _category,
    Input.REGISTRATION_NUMBER: _optional_short,
    Input.DECREE_NUMBER: _short(_("Give the decree number.")),
    Input.DECREE_DATE: _decree_date,
    Input.DECREE_SIGNATORY: _short(_("Name who signed the decree."), NAME_TEXT),
    Input.SANCTION: _sanction,
    Input.DEVIATION_REASON: _optional_text,
    Input.EXAMINATION_TEAM: _team,
    Input.VERDICT: lambda value, ctx: _reasoning(value, ctx),
    Input.FORWARDED_TO: _forwarded_to,
    Input.ELECTION: _election,
    Input.TARGET_STAGE: _target_stage,
}


def _clean(
    transition: workflow.Transition, raw: Mapping[str, Any], *, now: dt.datetime
) -> dict[str, Any]:
    """The transition's inputs, clean; ValidationError naming every field that is not."""
    ctx = {"key": transition.key, "now": now}
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    # The conflict of interest is declared by the recommender when the PPK is tied to a
    # candidate in a way the registry cannot see; routes the recommendation one authority up.
    for name, limit in (("note", NOTE_TEXT), ("conflict_of_interest", CONFLICT_TEXT)):
        try:
            cleaned[name] = _text(raw.get(name), limit)
        except ValidationError as exc:
            errors[name] = list(exc.messages)
    for item in transition.inputs:
        try:
            cleaned[item.value] = _CLEANERS[item](raw.get(item.value), ctx)
        except ValidationError as exc:
            errors[item.value] = list(exc.messages)
    # A blank category follows the codes; a category chosen and refused keeps its refusal.
    blank = "sanction_category" not in errors and not cleaned.get("sanction_category")
    if Input.SANCTION_CATEGORY in transition.inputs and blank:
        derived = adapters.category_for(cleaned.get("codes", []))
        if derived:
            cleaned["sanction_category"] = derived
        elif "codes" not in errors:
            errors["sanction_category"] = [str(_NOT_IMPOSABLE)]
    misfit = "" if errors.keys() & {"codes", "target_stage"} else _stage_fits_codes(cleaned)
    if misfit:
        errors["target_stage"] = [misfit]
    if errors:
        raise ValidationError(errors)
    return cleaned


class _Record:
    """What every step input shares: how it is kept on the timeline and the decision record."""

    def record(self) -> dict[str, Any]:
        """The inputs under the names of `workflow.Input`, as the timeline keeps them."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}  # type: ignore[attr-defined]
        return {
            name: list(value) if isinstance(value, tuple) else value
            for name, value in fields.items()
        }


@dataclass(frozen=True, kw_only=True)
class StepInput(_Record):
    """What a plain move of the table may ask for; its row says which fields it requires."""

    reasoning: str = ""
    codes: tuple[str, ...] = ()
    election: str = ""
    target_stage: str = ""
    sanction_category: str = ""
    registration_number: str = ""
    verdict: str = ""
    forwarded_to: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class SanctionRecommendation(_Record):
    """BKN's recommendation; a blank category follows the codes."""

    codes: tuple[str, ...]
    reasoning: str
    election: str = ""
    target_stage: str = ""
    sanction_category: str = ""
    conflict_of_interest: str = ""
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class PpkDecision(_Record):
    """The PPK's decree; `NO_SANCTION` says none was imposed. Whether `deviation_reason` is needed
    depends on the recommendation, so the service checks it."""

    decree_number: str
    decree_date: dt.date
    sanction: str
    reasoning: str
    decree_signatory: str = ""
    deviation_reason: str = ""
    note: str = ""

    @property
    def imposed(self) -> str:
        """The sanction imposed, blank for none."""
        return "" if self.sanction == NO_SANCTION else self.sanction


@dataclass(frozen=True, kw_only=True)
class ExaminationTeam(_Record):
    """The PPK's examination team: the direct superior, Inspektorat and the personnel unit."""

    superior: str
    inspektorat: str
    personnel: str
    note: str = ""

    def record(self) -> dict[str, Any]:
        team = {role: getattr(self, role) for role in TEAM_ROLES}
        return {"examination_team": team, "note": self.note}


@dataclass(frozen=True, kw_only=True)
class CaseReturn(_Record):
    """Why the case goes back to the organisation that handed it over."""

    reasoning: str
    note: str = ""


type AnyStepInput = StepInput | SanctionRecommendation | PpkDecision | ExaminationTeam | CaseReturn

# The typed input of each move with a service of its own; every other move takes a StepInput.
SPECIAL_INPUTS: dict[str, type[AnyStepInput]] = {
    workflow.RECOMMEND_SANCTION: SanctionRecommendation,
    workflow.RECORD_PPK_DECISION: PpkDecision,
    workflow.FORM_EXAMINATION_TEAM: ExaminationTeam,
    workflow.RETURN_TO_BAWASLU: CaseReturn,
}


def parse(
    transition: workflow.Transition, raw: Mapping[str, Any] | None, *, now: dt.datetime
) -> AnyStepInput:
    """The typed input of `transition` from a form's or a client's data, every field checked;
    ValidationError naming each field that is not right."""
    cleaned = _clean(transition, raw or {}, now=now)
    kind = SPECIAL_INPUTS.get(transition.key, StepInput)
    if kind is ExaminationTeam:
        return ExaminationTeam(**cleaned["examination_team"], note=cleaned["note"])
    wanted = {name: value for name, value in cleaned.items() if name in kind.__dataclass_fields__}
    if "codes" in wanted:
        wanted["codes"] = tuple(wanted["codes"])
    return kind(**wanted)


def validated[T: AnyStepInput](transition: workflow.Transition, given: T, *, now: dt.datetime) -> T:
    """`given` checked and normalised (codes sorted, a blank category derived) as `parse` does."""
    checked = parse(transition, given.record(), now=now)
    assert isinstance(checked, type(given))
    return checked
