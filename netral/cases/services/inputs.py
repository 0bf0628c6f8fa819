"""Validation of what a transition asks for: reasoning, catalogue codes, sanction, decree, …

One function per input; each returns the clean value or adds a translated message for its field,
so a form or an API client learns every problem at once.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from netral.cases import adapters, workflow
from netral.cases.workflow import Input

MIN_REASONING = 20
TEAM_ROLES = ("superior", "inspektorat", "personnel")
CRIME_CATEGORIES = frozenset({"PIDANA", "CANDIDATE_PIDANA"})


def _text(value: Any, limit: int = 10000) -> str:
    return str(value or "").strip()[:limit]


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
    category = _text(value, 32).upper()
    if category and category not in adapters.sanction_categories():
        raise ValidationError(_("Choose a sanction category from the catalogue."))
    return category


def _short(message: str) -> Callable[[Any, Mapping[str, Any]], str]:
    def clean(value: Any, ctx: Mapping[str, Any]) -> str:
        text = _text(value, 100)
        if not text:
            raise ValidationError(message)
        return text

    return clean


def _decree_date(value: Any, ctx: Mapping[str, Any]) -> str:
    day = value if isinstance(value, dt.date) else parse_date(_text(value, 20) or "x")
    if day is None:
        raise ValidationError(_("Give the decree date as a date (YYYY-MM-DD)."))
    if day > timezone.localdate(ctx["now"]):  # the PPK's calendar day, not UTC's
        raise ValidationError(_("The decree date cannot be in the future."))
    return day.isoformat()


def _sanction(value: Any, ctx: Mapping[str, Any]) -> str:
    code = _text(value, 64).upper()
    if code not in adapters.sanctions():
        raise ValidationError(_("Choose the sanction imposed from the list."))
    return code


def _team(value: Any, ctx: Mapping[str, Any]) -> dict[str, str]:
    value = value if isinstance(value, Mapping) else {}
    team = {role: _text(value.get(role), 150) for role in TEAM_ROLES}
    if not all(team.values()):
        raise ValidationError(
            _("Name all three members: the direct superior, Inspektorat and the personnel unit.")
        )
    return team


def _forwarded_to(value: Any, ctx: Mapping[str, Any]) -> str:
    body = _text(value, 16).upper()
    if body not in ("KPU", "DKPP"):
        raise ValidationError(_("Choose KPU or DKPP."))
    return body


_CLEANERS: dict[Input, Callable[[Any, Mapping[str, Any]], Any]] = {
    Input.REASONING: _reasoning,
    Input.CODES: _codes,
    Input.SANCTION_CATEGORY: _category,
    Input.REGISTRATION_NUMBER: _short(_("Give the registration number.")),
    Input.DECREE_NUMBER: _short(_("Give the decree number.")),
    Input.DECREE_DATE: _decree_date,
    Input.SANCTION: _sanction,
    Input.EXAMINATION_TEAM: _team,
    Input.VERDICT: lambda value, ctx: _reasoning(value, ctx),
    Input.FORWARDED_TO: _forwarded_to,
}


def clean(
    transition: workflow.Transition, raw: Mapping[str, Any] | None, *, now: dt.datetime
) -> dict[str, Any]:
    """The transition's inputs, clean; ValidationError naming every field that is not."""
    raw = raw or {}
    ctx = {"key": transition.key, "now": now}
    cleaned: dict[str, Any] = {
        "note": _text(raw.get("note"), 2000),
        # Declared by the recommender when the PPK is tied to a candidate in a way the
        # registry cannot see; routes the recommendation to the next authority up.
        "conflict_of_interest": _text(raw.get("conflict_of_interest"), 1000),
    }
    errors: dict[str, list[str]] = {}
    for item in transition.inputs:
        try:
            cleaned[item.value] = _CLEANERS[item](raw.get(item.value), ctx)
        except ValidationError as exc:
            errors[item.value] = list(exc.messages)
    if Input.SANCTION_CATEGORY in transition.inputs and not cleaned.get("sanction_category"):
        derived = adapters.category_for(cleaned.get("codes", []))
        if derived:
            cleaned["sanction_category"] = derived
            errors.pop("sanction_category", None)
        elif "codes" not in errors:
            errors["sanction_category"] = [_("Choose a sanction category from the catalogue.")]
    if errors:
        raise ValidationError(errors)
    return cleaned
