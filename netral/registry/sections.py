"""What higher apps show on a civil servant's registry page (their cases, their findings).

The registry sits below cases and monitoring (tests/test_architecture.py) and never imports
them: each registers a provider here from its AppConfig.ready(). A provider answers for one
reader and one person and lists only what its own access layer lets that reader see.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from netral.registry.models import CivilServant


@dataclass(frozen=True)
class Row:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    empty: str
    rows: list[Row] = field(default_factory=list)


Provider = Callable[[Any, CivilServant], Section]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    """Adds a provider once (ready() may run more than once in tests)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def sections_for(user: Any, person: CivilServant) -> list[Section]:
    return [provider(user, person) for provider in _PROVIDERS]
