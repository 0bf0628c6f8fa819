"""Declared event payloads: every event type names the shape of its details, checked when the
event is written, and says in one line what happened (the timeline's headline).

Apps declare each type once, in their own `events.py`, as one line of `EventTypes`:
`NAME=("value", _("Label"), PayloadClass)`. The event model's `Type` choices are built from
that line (`EventTypes.choices`), so adding a type is that line and nothing else (a migration
follows, as for any new choice). Writers call `check` before appending, readers call
`headline`. Business data a later step needs lives on the models; payloads are what the
timeline shows.
"""

from typing import Any, ClassVar

from django.db.models import TextChoices
from django.utils.functional import Promise
from pydantic import BaseModel, ConfigDict, ValidationError


class Payload(BaseModel):
    """The details of one event type. Unknown keys are refused: a new detail is declared here."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)
    label: ClassVar[str] = ""

    def headline(self) -> str:
        return ""


class NoDetails(Payload):
    """An event whose type says everything."""


class UndeclaredEvent(ValueError):
    """An event type without a declared payload, or a payload that does not fit its type."""


type Declared = tuple[str, str | Promise, type[Payload]]


class EventTypes:
    """The types of one event table, each written once: its name, stored value, label, payload."""

    def __init__(self, **kinds: Declared) -> None:
        self.kinds = kinds
        self.declared = {value: payload for value, _label, payload in kinds.values()}

    def choices(self, module: str, model: str) -> Any:
        """The model's `Type` choices, in declaration order (Django writes them into migrations,
        so a type's value, label and place are changed only with a migration). Typed `Any`: the
        members are made here at run time, which a type checker cannot see."""
        members = [(name, (value, label)) for name, (value, label, _payload) in self.kinds.items()]
        # Enum's functional form, which django-stubs does not describe.
        qualname = f"{model}.Type"
        return TextChoices("Type", members, module=module, qualname=qualname)  # type: ignore[call-overload]

    def check(self, type: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The payload, unchanged, once it fits its type's declaration."""
        if type not in self.declared:
            raise UndeclaredEvent(f"No payload is declared for event type {type!r}.")
        try:
            self.declared[type].model_validate(payload)
        except ValidationError as error:
            raise UndeclaredEvent(f"The {type!r} event's payload does not fit: {error}") from None
        return payload

    def read(self, type: str, payload: dict[str, Any]) -> Payload | None:
        """The declared payload of a stored event; None for rows older than their declaration."""
        declared = self.declared.get(type)
        if declared is None:
            return None
        try:
            return declared.model_validate(payload)
        except ValidationError:
            return None

    def headline(self, type: str, payload: dict[str, Any]) -> str:
        found = self.read(type, payload)
        return found.headline() if found is not None else ""
