"""The violation and sanction catalogue: types, lookup by date, and differences between versions.

The catalogue is data (YAML under `netral/rules/data/`), parsed and validated once by
`netral.rules.loader` and cached for the life of the process. Nothing here touches the database,
so the monitoring detector and the benchmarks can use it without one. Format: docs/rules.md.
"""

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from typing import Any

CONFIDENCES = ("V", "P", "R")
UNVERIFIED = frozenset({"P", "R"})
ASN_KINDS = ("pns", "pppk")
STAGES = ("bakal_calon", "calon", "any")
CAMPAIGN_PHASES = ("before", "during", "after")


@dataclass(frozen=True)
class Text:
    """A text in Indonesian (the default) and English."""

    id: str
    en: str

    def get(self, lang: str | None) -> str:
        return self.en if (lang or "").startswith("en") and self.en else self.id

    def __str__(self) -> str:
        return self.id


@dataclass(frozen=True)
class LegalBasis:
    """One provision: instrument, article, verse (ayat), letter (huruf), number (angka)."""

    instrument: str
    display: str
    article: str = ""
    verse: str = ""
    letter: str = ""
    number: str = ""
    display_en: str = ""  # only where `display` holds words besides the citation

    def get(self, lang: str | None) -> str:
        """The citation in a language (the `tr` filter): English words where they exist."""
        english = (lang or "").startswith("en") and self.display_en
        return self.display_en if english else self.display

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Penalty:
    """A criminal penalty range; custody is "penjara" (prison) or "kurungan" (detention)."""

    custody: str
    custody_max_months: int
    custody_min_months: int = 0
    fine_min: int = 0
    fine_max: int = 0
    combine: str = "and_or"  # "and_or" (dan/atau) or "and" (dan)


@dataclass(frozen=True)
class Sanction:
    """A concrete sanction a violation allows, with its own legal basis."""

    code: str
    level: str
    regime: str
    text: Text
    legal_basis: LegalBasis
    confidence: str
    note: Text | None = None
    subjects: tuple[str, ...] = ASN_KINDS  # who it applies to (data/subjects.yaml)
    penalty: Penalty | None = None

    @property
    def unverified(self) -> bool:
        return self.confidence in UNVERIFIED

    @property
    def asn_kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in self.subjects if kind in ASN_KINDS)


@dataclass(frozen=True)
class Category:
    """A sanction category (ETIK_MORAL, HD_SEDANG, …) and how sure its PPPK application is."""

    key: str
    kind: str
    severity: int
    name: Text
    sanction_set: str | None
    pppk_confidence: str = "V"
    pppk_note: Text | None = None


@dataclass(frozen=True)
class Subject:
    """Who a report is about: an ASN (PNS, PPPK), or someone outside the ASN rules and where
    a report about them goes instead."""

    key: str
    asn: bool
    label: Text
    report_to: tuple[str, ...]
    outside: Text | None
    legal_basis: tuple[str, ...]
    confidence: str
    note: Text | None = None

    @property
    def unverified(self) -> bool:
        return self.confidence in UNVERIFIED


@dataclass(frozen=True)
class Body:
    """An organisation a case can be forwarded to."""

    key: str
    name: Text


@dataclass(frozen=True)
class RecommendingPeriod:
    """Which body recommended ASN sanctions over a period (KASN, then BKN)."""

    body: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: LegalBasis
    confidence: str
    note: Text | None = None


@dataclass(frozen=True)
class Entry:
    """One violation form of the catalogue, as it reads in one version."""

    code: str
    category: str
    title: Text
    description: Text
    legal_basis: tuple[LegalBasis, ...]
    sanctions: tuple[str, ...]
    stage: str
    campaign: tuple[str, ...]
    families: tuple[str, ...]
    subjects: tuple[str, ...]  # who the provision names (data/subjects.yaml)
    forward_to: tuple[str, ...]
    evidence: tuple[Text, ...]
    allowed_examples: tuple[str, ...]
    forbidden_examples: tuple[str, ...]
    confidence: str
    confidence_note: Text | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    version: str

    @property
    def unverified(self) -> bool:
        return self.confidence in UNVERIFIED

    @property
    def asn_kinds(self) -> tuple[str, ...]:
        return tuple(kind for kind in self.subjects if kind in ASN_KINDS)

    @property
    def legal_basis_display(self) -> str:
        return "; ".join(basis.display for basis in self.legal_basis)

    def comparable(self) -> dict[str, Any]:
        """The fields that make a difference between two versions of this entry."""
        return {
            "category": self.category,
            "title": self.title.id,
            "description": self.description.id,
            "legal_basis": [basis.display for basis in self.legal_basis],
            "sanctions": list(self.sanctions),
            "stage": self.stage,
            "campaign": list(self.campaign),
            "families": list(self.families),
            "subjects": list(self.subjects),
            "forward_to": list(self.forward_to),
            "evidence": [text.id for text in self.evidence],
            "confidence": self.confidence,
        }


@dataclass(frozen=True)
class Version:
    """The catalogue as it stands over one period: a case is judged by the version in force
    on its incident date."""

    id: str
    title: Text
    valid_from: dt.date | None
    valid_to: dt.date | None
    based_on: str | None
    source: str
    summary: Text
    recommending_body: str
    sanction_sets: dict[str, tuple[str, ...]]
    entries: dict[str, Entry]
    confidence_floor: str = "V"
    confidence_note: Text | None = None
    file: str = ""

    def covers(self, day: dt.date) -> bool:
        after_start = self.valid_from is None or day >= self.valid_from
        return after_start and (self.valid_to is None or day <= self.valid_to)

    @property
    def unverified(self) -> bool:
        return self.confidence_floor in UNVERIFIED


@dataclass(frozen=True)
class Catalogue:
    """Every version, sanction, category and body, validated together."""

    versions: tuple[Version, ...]
    sanctions: dict[str, Sanction]
    categories: dict[str, Category]
    bodies: dict[str, Body]
    recommending: tuple[RecommendingPeriod, ...]
    subjects: dict[str, Subject]
    _starts: tuple[int, ...] = field(default=(), repr=False)
    sanction_levels: tuple[str, ...] = ()  # lightest first (sanctions.yaml `levels`)

    def level_rank(self, level: str) -> int | None:
        """How heavy a sanction level is (0 the lightest); None for a level not ranked."""
        return self.sanction_levels.index(level) if level in self.sanction_levels else None

    def version_on(self, day: dt.date) -> Version:
        """The version in force on that day (versions cover all time without gaps)."""
        index = bisect_right(self._starts, day.toordinal()) - 1
        return self.versions[max(index, 0)]

    def version(self, version_id: str) -> Version:
        for version in self.versions:
            if version.id == version_id:
                return version
        raise KeyError(version_id)

    @property
    def current(self) -> Version:
        return self.versions[-1]


@cache
def catalogue() -> Catalogue:
    """The parsed catalogue, loaded once per process; raises CatalogueError naming the problem."""
    from netral.rules import loader

    return loader.load_catalogue()


def version_on(day: dt.date) -> Version:
    return catalogue().version_on(day)


def entry(code: str, on: dt.date | None = None) -> Entry | None:
    """The entry with that code in the version in force on `on` (default: the current one)."""
    version = catalogue().version_on(on) if on else catalogue().current
    return version.entries.get(code)


def sanctions_for(entry: Entry, asn_kind: str | None = None) -> tuple[Sanction, ...]:
    """The concrete sanctions an entry allows, for PNS or PPPK (None: both)."""
    sanctions = catalogue().sanctions
    found = (sanctions[code] for code in entry.sanctions)
    return tuple(s for s in found if asn_kind is None or asn_kind in s.subjects)


def recommending_period_on(day: dt.date) -> RecommendingPeriod:
    """The body that recommended ASN sanctions on that day."""
    for period in catalogue().recommending:
        starts_ok = period.valid_from is None or day >= period.valid_from
        if starts_ok and (period.valid_to is None or day <= period.valid_to):
            return period
    return catalogue().recommending[-1]


def search(version: Version, query: str = "", category: str = "") -> list[Entry]:
    """Entries of a version whose code, title, description or basis contain every query word."""
    words = [word for word in query.lower().split() if word]
    found = []
    for item in version.entries.values():
        if category and item.category != category:
            continue
        haystack = " ".join(
            [item.code, item.title.id, item.title.en, item.description.id, item.description.en]
            + [basis.display for basis in item.legal_basis]
        ).lower()
        if all(word in haystack for word in words):
            found.append(item)
    return found


@dataclass(frozen=True)
class FieldChange:
    code: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionDiff:
    """What changed from version `a` to version `b`."""

    a: str
    b: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[FieldChange, ...]
    sanction_sets: tuple[FieldChange, ...]
    recommending_body: tuple[str, str] | None

    @property
    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.sanction_sets
            or self.recommending_body
        )


def diff(a_id: str, b_id: str) -> VersionDiff:
    """Entries added, removed and changed field by field between two versions."""
    cat = catalogue()
    a, b = cat.version(a_id), cat.version(b_id)
    changed: list[FieldChange] = []
    for code in sorted(set(a.entries) & set(b.entries), key=_code_order):
        before, after = a.entries[code].comparable(), b.entries[code].comparable()
        changed.extend(
            FieldChange(code, name, before[name], after[name])
            for name in before
            if before[name] != after[name]
        )
    set_changes = tuple(
        FieldChange("", key, list(a.sanction_sets.get(key, ())), list(b.sanction_sets.get(key, ())))
        for key in sorted(set(a.sanction_sets) | set(b.sanction_sets))
        if a.sanction_sets.get(key) != b.sanction_sets.get(key)
    )
    body = None
    if a.recommending_body != b.recommending_body:
        body = (a.recommending_body, b.recommending_body)
    return VersionDiff(
        a=a.id,
        b=b.id,
        added=tuple(sorted(set(b.entries) - set(a.entries), key=_code_order)),
        removed=tuple(sorted(set(a.entries) - set(b.entries), key=_code_order)),
        changed=tuple(changed),
        sanction_sets=set_changes,
        recommending_body=body,
    )


_PREFIX_ORDER = {"KE": 0, "DS": 1, "PP": 2, "PID": 3, "ETC": 4}


def _code_order(code: str) -> tuple[int, str]:
    return (_PREFIX_ORDER.get(code.split("-")[0], 9), code)


def ordered(entries: list[Entry]) -> list[Entry]:
    """Entries in catalogue order: KE, DS, PP-N, PID, ETC."""
    return sorted(entries, key=lambda item: _code_order(item.code))
