"""The election file: one election, its stages and its candidate pairs, in YAML.

This module reads and validates the file without touching the database, so that the
monitoring detector's command line can use it on a machine with no Netral database.
The format is documented in docs/elections.md.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from netral.registry import families

KINDS: tuple[str, ...] = tuple(families.Kind.values)
CALENDAR_FILE = Path(__file__).parent / "data" / "pilkada-2024-calendar.yaml"
_LIST_FIELDS = ("nicknames", "jargon", "slogans", "hashtags", "parties", "accounts")


class ElectionFileError(ValueError):
    """A problem in an election file, naming where it is."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    start: dt.date | None
    end: dt.date | None
    confidence: str = "V"


@dataclass(frozen=True)
class Candidate:
    number: int
    names: tuple[str, ...]
    nicknames: tuple[str, ...] = ()
    jargon: tuple[str, ...] = ()
    slogans: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()


@dataclass(frozen=True)
class ElectionFile:
    name: str
    kind: str
    region: str | None
    voting_day: dt.date
    candidates: tuple[Candidate, ...]
    stages: tuple[Stage, ...] = field(default=())

    @property
    def family(self) -> families.Family | None:
        return families.family_of(self.kind)

    @property
    def is_pilkada(self) -> bool:
        return self.family is families.Family.PILKADA

    def stage(self, key: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    @property
    def designation_day(self) -> dt.date | None:
        """The day candidates are designated: before it they are only *bakal calon*."""
        stage = self.stage("candidate_designation")
        return stage.start if stage else None


def load(path: str | Path) -> ElectionFile:
    """Reads and validates an election file; raises ElectionFileError listing every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ElectionFileError([f"{path}: cannot be read ({exc})"]) from exc
    return parse(text, source=str(path))


def parse(text: str, source: str = "<election>") -> ElectionFile:
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:
        # PyYAML raises ValueError for date-shaped values that are not dates (2024-13-40).
        raise ElectionFileError([f"{source}: not valid YAML or not a date ({exc})"]) from exc
    if not isinstance(data, dict):
        raise ElectionFileError([f"{source}: expected a mapping with 'election' and 'candidates'"])
    problems: list[str] = []
    name = _text(data.get("election"), "election", problems)
    voting_day = _date(data.get("voting_day"), "voting_day", problems)
    kind = str(data.get("kind") or _guess_kind(name)).strip().lower().replace(" ", "_")
    if kind not in KINDS:
        problems.append(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    region = data.get("region")
    if region is not None and not _looks_like_region_code(str(region)):
        problems.append(f"region: {region!r} is not a Kepmendagri code such as 34.02")
    candidates = _candidates(data.get("candidates"), problems)
    stages = _stages(data.get("stages"), voting_day, kind, problems)
    if problems:
        raise ElectionFileError([f"{source}: {problem}" for problem in problems])
    assert voting_day is not None
    return ElectionFile(
        name=name,
        kind=kind,
        region=str(region) if region is not None else None,
        voting_day=voting_day,
        candidates=candidates,
        stages=stages,
    )


def _guess_kind(name: str) -> str:
    lowered = name.lower()
    if "gubernur" in lowered:
        return "gubernur"
    if "wali kota" in lowered or "walikota" in lowered:
        return "wali_kota"
    if "presiden" in lowered:
        return "presiden"
    if "bupati" in lowered:
        return "bupati"
    return "legislatif" if "legislatif" in lowered or "dpr" in lowered else "bupati"


def _looks_like_region_code(code: str) -> bool:
    parts = code.split(".")
    widths = (2, 2, 2, 4)
    return 1 <= len(parts) <= 4 and all(
        part.isdigit() and len(part) == width for part, width in zip(parts, widths, strict=False)
    )


def _text(value: Any, where: str, problems: list[str]) -> str:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: a non-empty text is required")
        return ""
    return value.strip()


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
    return None


def _text_list(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        problems.append(f"{where}: expected a list of texts")
        return ()
    return tuple(str(v).strip() for v in value if str(v).strip())


def _candidates(value: Any, problems: list[str]) -> tuple[Candidate, ...]:
    if not isinstance(value, list) or not value:
        problems.append("candidates: at least one candidate pair is required")
        return ()
    result, seen = [], set()
    for index, item in enumerate(value, start=1):
        where = f"candidates[{index}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: expected a mapping with number and names")
            continue
        number = item.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            problems.append(f"{where}.number: {number!r} is not a ballot number (1, 2, …)")
            continue
        if number in seen:
            problems.append(f"{where}.number: ballot number {number} appears twice")
            continue
        seen.add(number)
        names = _text_list(item.get("names"), f"{where}.names", problems)
        if not names:
            problems.append(f"{where}.names: at least one name is required")
        lists = {key: _text_list(item.get(key), f"{where}.{key}", problems) for key in _LIST_FIELDS}
        result.append(Candidate(number=number, names=names, **lists))
    return tuple(sorted(result, key=lambda candidate: candidate.number))


def _stages(
    value: Any, voting_day: dt.date | None, kind: str, problems: list[str]
) -> tuple[Stage, ...]:
    if value is None:
        # A Pilkada on the 2024 national voting day follows the national calendar.
        calendar = national_pilkada_2024()
        if families.family_of(kind) is families.Family.PILKADA and voting_day == calendar[0]:
            return calendar[1]
        return ()
    if not isinstance(value, list):
        problems.append("stages: expected a list of {key, name, start, end}")
        return ()
    return tuple(_stage(item, f"stages[{i}]", problems) for i, item in enumerate(value, start=1))


def _stage(item: Any, where: str, problems: list[str]) -> Stage:
    if not isinstance(item, dict) or not item.get("key"):
        problems.append(f"{where}: expected a mapping with at least a key")
        return Stage(key="", name="", start=None, end=None)
    start = _date(item["start"], f"{where}.start", problems) if "start" in item else None
    end = _date(item["end"], f"{where}.end", problems) if "end" in item else None
    if start and end and end < start:
        problems.append(f"{where}: ends before it starts")
    confidence = str(item.get("confidence", "V"))
    if confidence not in ("V", "P", "R"):
        problems.append(f"{where}.confidence: {confidence!r} is not V, P or R")
    return Stage(str(item["key"]), str(item.get("name", item["key"])), start, end, confidence)


@cache
def national_pilkada_2024() -> tuple[dt.date, tuple[Stage, ...]]:
    """The shipped PKPU 2/2024 calendar: (voting day, stages)."""
    data = yaml.safe_load(CALENDAR_FILE.read_text(encoding="utf-8"))
    problems: list[str] = []
    stages = tuple(_stage(item, "calendar", problems) for item in data["stages"])
    if problems:
        raise ElectionFileError(problems)
    return data["voting_day"], stages
