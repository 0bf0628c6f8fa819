"""Declared event payloads: every event type names the shape of its details, checked when the
event is written, and says in one line what happened (the timeline's headline).

Apps declare their types in their own `events.py` with `EventTypes({type: PayloadClass})`;
writers call `check` before appending, readers call `headline`. Business data a later step needs
lives on the models; payloads are what the timeline shows.
"""

from typing import Any, ClassVar

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


class EventTypes:
    """The payload declared for each type of one event table."""

    def __init__(self, declared: dict[str, type[Payload]]) -> None:
        self.declared = declared

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
