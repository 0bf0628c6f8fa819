"""The decision vocabulary (acts and their outcomes), as parsed from data/acts.yaml.

Kept apart from `decision` so that the loader can build and validate it without importing the
decision engine.
"""

from dataclasses import dataclass

from netral.rules.catalogue import Text

# The dimensions an outcome can depend on, in a fixed order, with the fact that supplies each.
DIMENSIONS = ("stage", "family", "interaction", "campaign")
FACT_FOR_DIMENSION = {
    "stage": "target_status",
    "family": "family",
    "interaction": "interaction",
    "campaign": "campaign_period",
}


@dataclass(frozen=True)
class Outcome:
    """Codes met when every dimension in `when` takes one of the listed values."""

    when: dict[str, frozenset[str]]
    codes: tuple[str, ...]
    confidence: str = "V"
    note: Text | None = None

    def matches(self, values: dict[str, str]) -> bool:
        return all(values[dim] in allowed for dim, allowed in self.when.items())


@dataclass(frozen=True)
class Allowance:
    """Why an allowed act is allowed, and on what basis."""

    reason: Text
    legal_basis: tuple[str, ...]
    confidence: str
    note: Text | None = None


@dataclass(frozen=True)
class Act:
    """One thing a person can have done; either allowed or mapped to catalogue codes."""

    key: str
    label: Text
    dims: tuple[str, ...]
    outcomes: tuple[Outcome, ...]
    allowed: Allowance | None = None


@dataclass(frozen=True)
class StageBoundary:
    designation_day_is: str
    confidence: str
    note: Text


@dataclass(frozen=True)
class Vocabulary:
    acts: dict[str, Act]
    domains: dict[str, tuple[str, ...]]
    stage_boundary: StageBoundary
    fact_names: dict[str, dict[str, str]]
    texts: dict[str, dict[str, str]]
