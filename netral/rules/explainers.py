"""Where an answer of the self-check is explained at length: links other apps offer.

The rules app sits below the apps that teach (prevention's learning modules) and may not import
them; an app that explains catalogue entries registers a function here from its `ready()`, and
the self-check shows what they return. Nothing registered, no links: the check still answers.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from netral.rules import catalogue as cat


@dataclass(frozen=True)
class Link:
    text: str
    url: str


# (the answer's entries, the election family if known, the day) -> links
Explainer = Callable[[Sequence[cat.Entry], str | None, dt.date], list[Link]]
_registered: list[Explainer] = []


def register(explainer: Explainer) -> None:
    """Adds an explainer once (a second `ready()` in tests does not double the links)."""
    if explainer not in _registered:
        _registered.append(explainer)


def links(entries: Sequence[cat.Entry], family: str | None, day: dt.date) -> list[Link]:
    """Every registered explainer's links for these entries, each address once."""
    if not entries:
        return []
    found: dict[str, Link] = {}
    for explainer in _registered:
        for link in explainer(entries, family, day):
            found.setdefault(link.url, link)
    return list(found.values())
