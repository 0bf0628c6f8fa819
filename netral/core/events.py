"""Declared event payloads: every event type names the shape of its details, checked when the
event is written, and says in one line what happened (the timeline's headline).

Apps declare each type once, in their own `events.py`, on the payload it carries:

    @CASE_EVENTS.declare(ASSIGNED=_("Officer assigned"))
    class Assigned(Payload):
        officer: str

The stored value is the name in lower case (`"assigned"`), unless the declaration spells it:
`NAME=("value", _("Label"))`. Types whose payload is declared elsewhere (`NoDetails`, or another
app's payload for the same fact) are `EVENTS.add(Payload, NAME=_("Label"))`.
The event model's `Type` choices are built from these declarations, in their order
(`EventTypes.choices`), so adding a type is its declaration and nothing else (a migration
follows, as for any new choice). Writers call `check` before appending, readers call
`headline`. Business data a later step needs lives on the models; payloads are what the
timeline shows.
"""

from collections.abc import Callable
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


type Label = str | Promise
# A type's label, or its stored value and label where the value is not its name in lower case.
type Spelling = Label | tuple[str, Label]
type Declared = tuple[str, Label, type[Payload]]


class EventTypes:
    """The types of one event table, each declared once: its name, stored value, label, payload.

    `kinds` holds them in declaration order (name → value, label, payload), `declared` maps a
    stored value to its payload."""

    def __init__(self) -> None:
        self.kinds: dict[str, Declared] = {}
        self.declared: dict[str, type[Payload]] = {}

    def declare[P: type[Payload]](self, **types: Spelling) -> Callable[[P], P]:
        """Class decorator: these types carry the decorated payload."""

        def carried_by(payload: P) -> P:
            self.add(payload, **types)
            return payload

        return carried_by

    def add(self, payload: type[Payload], **types: Spelling) -> None:
        """These types carry `payload` (in this order, after the types declared before them)."""
        for name, spelling in types.items():
            value, label = spelling if isinstance(spelling, tuple) else (name.lower(), spelling)
            if name in self.kinds or value in self.declared:
                raise ValueError(f"Event type {name} ({value!r}) is declared twice.")
            self.kinds[name] = (value, label, payload)
            self.declared[value] = payload

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
