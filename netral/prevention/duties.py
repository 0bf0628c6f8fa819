"""What a civil servant does when serving on an ad hoc election body, per election stage.

The text is data (`data/official_duties.yaml`), in both languages as the catalogue's `Text` (shown
with the rules app's `tr` filter), marked unverified until it is checked against the regulations
on ad hoc bodies; the role page shows it under the stages it names.
"""

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from netral.rules.catalogue import Text

DATA = Path(__file__).resolve().parent / "data" / "official_duties.yaml"


class Duties(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    confidence: Literal["V", "P", "R"]
    reason: Text | None = None
    bodies: Text
    always: Text
    stages: dict[str, Text]

    @property
    def unverified(self) -> bool:
        return self.confidence != "V"


@cache
def duties(path: Path = DATA) -> Duties:
    return Duties.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def for_stages(stage_keys: list[str]) -> list[Text]:
    """The duties of the stages named, in their order; empty when none has any."""
    known = duties().stages
    return [known[key] for key in stage_keys if key in known]
