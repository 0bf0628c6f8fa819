"""The neutrality index: components and weights are data (`data/neutrality_index.yaml`), the
arithmetic is a pure function, the inputs are insights figures.

score = 100 × Σ wᵢ·vᵢ / Σ wᵢ over the components that are available and have a value for the
agency (each vᵢ in 0..1, higher is better); the weights of the others are left out, so that
a missing component neither rewards nor punishes. None when no component has a value.
"""

import datetime as dt
import functools
import hashlib
import hmac
from pathlib import Path
from typing import Literal

import yaml
from django.conf import settings
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from netral.rules.catalogue import Text

DATA = Path(__file__).resolve().parent / "data" / "neutrality_index.yaml"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Component(Strict):
    key: str = Field(pattern=r"^[a-z_0-9]+$")
    label: str = Field(min_length=1)
    description: str = Field(min_length=1)
    label_id: str = Field(min_length=1)  # Indonesian, shown first
    description_id: str = Field(min_length=1)
    weight: float = Field(ge=0, le=1)
    available: bool


class Recognition(Strict):
    minimum_score: float = Field(ge=0, le=100)


class IndexSpec(Strict):
    version: str = Field(min_length=1)
    valid_from: dt.date
    citation: Text  # shown to citizens, in Indonesian and English (the `tr` filter)
    confidence: Literal["V", "P", "R"]
    reason: str | None = None
    minimum_cases: int = Field(ge=1)
    recognition: Recognition
    components: tuple[Component, ...] = Field(min_length=1)

    @field_validator("citation")
    @classmethod
    def _both_languages(cls, text: Text) -> Text:
        if not (text.id.strip() and text.en.strip()):
            raise ValueError("give the citation in Indonesian (id) and in English (en)")
        return text

    @model_validator(mode="after")
    def _check(self) -> "IndexSpec":
        keys = [c.key for c in self.components]
        if len(set(keys)) != len(keys):
            raise ValueError("component keys must be unique")
        if abs(sum(c.weight for c in self.components) - 1) > 1e-9:
            raise ValueError("the weights must add up to 1")
        if self.confidence != "V" and not self.reason:
            raise ValueError("an unverified index must say why (reason)")
        return self


@functools.cache
def spec(path: Path = DATA) -> IndexSpec:
    return IndexSpec.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def score(values: dict[str, float | None], index: IndexSpec) -> float | None:
    """The index (0..100, one decimal) from component values in 0..1; None without any value."""
    used = [
        (c.weight, values[c.key])
        for c in index.components
        if c.available and c.weight > 0 and values.get(c.key) is not None
    ]
    total = sum(weight for weight, _value in used)
    if total == 0:
        return None
    for _weight, value in used:
        if not 0 <= float(value or 0) <= 1:
            raise ValueError("component values lie in 0..1")
    return round(100 * sum(weight * float(value or 0) for weight, value in used) / total, 1)


def verification_code(election: str, agency: str, version: str) -> str:
    """A short code that proves the recognition was listed by this Netral (keyed, not guessable)."""
    key = str(getattr(settings, "NETRAL_RECEIPT_KEY", settings.SECRET_KEY)).encode()
    digest = hmac.new(key, f"recognition|{election}|{agency}|{version}".encode(), hashlib.sha256)
    raw = digest.hexdigest()[:12].upper()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
