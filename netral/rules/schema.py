"""The shape of every rules data file, declared as pydantic models (docs/rules.md).

Each model checks one file or one item on its own: types, required fields, allowed words, and
that an unverified (P/R) item says why. What needs several files at once (a category that must
exist, versions that must meet without a gap) is checked by the loader after these models.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PositiveInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from netral.registry import families
from netral.rules.catalogue import LegalBasis, Penalty, Text

Confidence = Literal["V", "P", "R"]
Family = families.Family  # the owner: registry.families
Stage = Literal["bakal_calon", "calon", "any"]
Phase = Literal["before", "during", "after"]
NonEmpty = Annotated[str, Field(min_length=1)]


def _as_list(value: Any) -> Any:
    """A single word where a list is expected is read as a list of one."""
    return [value] if isinstance(value, str) else value


Words = Annotated[tuple[NonEmpty, ...], BeforeValidator(_as_list), Field(min_length=1)]


class Strict(BaseModel):
    """Unknown fields are refused, so that a typing error in a field name is caught."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


def _needs_reason(field: str, confidence: str = "confidence") -> Any:
    """A validator: an unverified (P/R) item must carry its reason in `field`."""

    def check(cls: type, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.data.get(confidence, "V") != "V":
            raise ValueError("an unverified (P/R) item must say why")
        return value

    return field_validator(field)(check)


def _reason() -> Any:
    return Field(None, validate_default=True)


class TextData(Strict):
    id: NonEmpty
    en: str = ""

    def build(self) -> Text:
        return Text(self.id.strip(), self.en.strip())


class LegalBasisData(Strict):
    instrument: NonEmpty
    display: NonEmpty
    article: str = ""
    verse: str = ""
    letter: str = ""
    number: str = ""
    display_en: str = ""  # English words around the citation, where `display` has any

    def build(self) -> LegalBasis:
        return LegalBasis(**self.model_dump())


# ------------------------------------------------------------------------- shared tables


class SubjectData(Strict):
    """Who a report can be about: an ASN (PNS, PPPK) or someone the ASN rules do not cover."""

    key: NonEmpty
    asn: bool
    label: TextData
    report_to: tuple[NonEmpty, ...] = ()
    outside: TextData | None = (
        None  # for a non-ASN: why the ASN rules do not apply, and where to go
    )
    legal_basis: tuple[NonEmpty, ...] = ()
    confidence: Confidence = "V"
    note: TextData | None = _reason()
    _note = _needs_reason("note")

    @model_validator(mode="after")
    def _non_asn_says_where_to_go(self) -> "SubjectData":
        if not self.asn and (self.outside is None or not self.report_to):
            raise ValueError("a non-ASN subject needs 'outside' and 'report_to'")
        return self


class SubjectsFile(Strict):
    subjects: list[SubjectData] = Field(min_length=1)


class CategoryData(Strict):
    key: NonEmpty
    kind: Literal["ethics", "discipline", "dismissal", "criminal", "candidate_criminal", "satgas"]
    severity: int
    name: TextData
    sanction_set: str | None
    pppk_confidence: Confidence = "V"
    pppk_note: TextData | None = _reason()
    _note = _needs_reason("pppk_note", "pppk_confidence")


class CategoriesFile(Strict):
    categories: list[CategoryData] = Field(min_length=1)


class PenaltyData(Strict):
    custody: Literal["penjara", "kurungan"]
    custody_max_months: PositiveInt
    custody_min_months: int = 0
    fine_min: int = 0
    fine_max: int = 0
    combine: Literal["and_or", "and"] = "and_or"

    def build(self) -> Penalty:
        return Penalty(**self.model_dump())


class SanctionData(Strict):
    code: NonEmpty
    level: NonEmpty
    regime: NonEmpty
    text: TextData
    legal_basis: LegalBasisData
    confidence: Confidence
    note: TextData | None = _reason()
    subjects: Words = ("pns", "pppk")
    penalty: PenaltyData | None = None
    _note = _needs_reason("note")


class SanctionsFile(Strict):
    levels: Words = ()  # severity order of the levels, lightest first
    sanctions: list[SanctionData] = Field(min_length=1)


class BodyData(Strict):
    key: NonEmpty
    name: TextData


class PeriodData(Strict):
    body: NonEmpty
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: LegalBasisData
    confidence: Confidence
    note: TextData | None = _reason()
    _note = _needs_reason("note")


class AuthoritiesFile(Strict):
    bodies: list[BodyData] = Field(min_length=1)
    recommending_body: list[PeriodData] = Field(min_length=1)


# ------------------------------------------------------------------------- catalogue versions


class ExamplesData(Strict):
    allowed: Words
    forbidden: Words


class EntryData(Strict):
    """One entry as it reads in a version, after the `based_on` changes are applied."""

    code: NonEmpty
    category: NonEmpty
    title: TextData
    description: TextData
    legal_basis: list[LegalBasisData] = Field(min_length=1)
    sanctions: tuple[NonEmpty, ...] = ()
    stage: Stage
    campaign: Annotated[tuple[Phase, ...], BeforeValidator(_as_list), Field(min_length=1)] = (
        "before",
        "during",
        "after",
    )
    families: tuple[Family, ...] = Field(min_length=1)
    subjects: Words  # who the provision names: pns, pppk, village_head … (subjects.yaml)
    forward_to: Words
    evidence: list[TextData] = Field(min_length=1)
    examples: ExamplesData
    confidence: Confidence
    confidence_note: TextData | None = _reason()
    _note = _needs_reason("confidence_note")


class EntryChange(BaseModel):
    """A version's change to one entry: its code and the fields it replaces (checked merged)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    code: NonEmpty


class VersionFile(Strict):
    version: NonEmpty
    valid_from: dt.date | None  # required: null for an open start
    valid_to: dt.date | None  # required: null for an open end
    based_on: str | None
    title: TextData
    source: str = ""
    summary: TextData
    sanction_sets: dict[str, tuple[NonEmpty, ...]] = {}
    entries: list[EntryChange] = []
    removed: tuple[NonEmpty, ...] = ()
    confidence_floor: Confidence = "V"
    confidence_note: TextData | None = _reason()
    _note = _needs_reason("confidence_note", "confidence_floor")

    @model_validator(mode="after")
    def _starts_before_it_ends(self) -> "VersionFile":
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


# ------------------------------------------------------------------------- decision vocabulary


class DimensionsData(Strict):
    stage: Words
    family: Words
    interaction: Words
    campaign: Words


class OutcomeData(Strict):
    when: dict[Literal["stage", "family", "interaction", "campaign"], Words] = {}
    codes: Words
    confidence: Confidence = "V"
    note: TextData | None = _reason()
    _note = _needs_reason("note")


class AllowanceData(Strict):
    reason: TextData
    legal_basis: Words
    confidence: Confidence
    note: TextData | None = _reason()
    _note = _needs_reason("note")


class ActData(Strict):
    key: NonEmpty
    label: TextData
    outcomes: list[OutcomeData] = []
    allowed: AllowanceData | None = None

    @model_validator(mode="after")
    def _outcomes_or_allowed(self) -> "ActData":
        if bool(self.outcomes) == (self.allowed is not None):
            raise ValueError("an act has either 'outcomes' or 'allowed'")
        return self


class StageBoundaryData(Strict):
    designation_day_is: Literal["calon", "bakal_calon"]
    confidence: Confidence
    note: TextData


class ByLanguage(Strict):
    id: dict[str, str]
    en: dict[str, str]


class ActsFile(Strict):
    dimensions: DimensionsData
    stage_boundary: StageBoundaryData
    facts: ByLanguage  # the name of each fact, as asked for when it is missing
    texts: ByLanguage  # the sentences of an explanation
    acts: list[ActData] = Field(min_length=1)


# ------------------------------------------------------------------------- the legal clock


class DeadlineRuleData(Strict):
    key: NonEmpty
    amount: PositiveInt
    unit: Literal["calendar_days", "working_days"]
    label: TextData
    start: TextData
    legal_basis: LegalBasisData
    confidence: Confidence
    note: TextData | None = _reason()
    # pilkada | pemilu; also read from the older field name election_kind.
    family: Family | None = Field(None, validation_alias=AliasChoices("family", "election_kind"))
    setting: str | None = None  # a Django setting that overrides `amount`
    _note = _needs_reason("note")


class DeadlinesFile(BaseModel):
    """deadlines.yaml: the rules are checked here; other sections are read by `deadlines`."""

    model_config = ConfigDict(extra="allow", frozen=True)
    rules: list[DeadlineRuleData] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _unique_keys(cls, value: list[DeadlineRuleData]) -> list[DeadlineRuleData]:
        keys = [rule.key for rule in value]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"keys appear twice: {', '.join(twice)}")
        return value


class HolidayData(Strict):
    date: dt.date
    kind: Literal["national", "cuti_bersama", "special"]
    name: NonEmpty
    confidence: Confidence
    note: str = ""


class HolidayYearData(Strict):
    year: int
    source: NonEmpty  # the SKB 3 Menteri of that year
    days: list[HolidayData] = Field(min_length=1)

    @model_validator(mode="after")
    def _days_of_its_year(self) -> "HolidayYearData":
        wrong = [str(day.date) for day in self.days if day.date.year != self.year]
        if wrong:
            raise ValueError(f"dates outside {self.year}: {', '.join(wrong)}")
        return self


class HolidaysFile(Strict):
    years: list[HolidayYearData] = Field(min_length=1)
