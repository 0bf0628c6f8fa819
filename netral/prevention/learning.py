"""Learning modules: their text is the catalogue's, their quiz a draw from its examples.

A module (data/modules.yaml) names a stage; its content is the catalogue entries of that stage
(and those of any stage) with their "boleh / tidak boleh" examples and legal basis. The question
bank is every such example, and the answer is which list the catalogue put it in. A quiz is a
seeded draw from the bank: the seed travels signed in the form, so the questions graded are the
questions shown and the answers never appear in the page.
"""

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.core import signing

from netral.rules import catalogue

DATA = Path(__file__).parent / "data" / "modules.yaml"
SALT = "netral.prevention.quiz"
ALLOWED, FORBIDDEN = "boleh", "tidak_boleh"


@dataclass(frozen=True)
class Module:
    slug: str
    version: int
    stage: str
    title: catalogue.Text
    summary: catalogue.Text
    questions: int
    pass_percent: int


@dataclass(frozen=True)
class Question:
    entry: catalogue.Entry
    example: str
    answer: str  # ALLOWED or FORBIDDEN


@cache
def modules() -> dict[str, Module]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))["modules"]
    return {
        item["slug"]: Module(
            slug=item["slug"],
            version=int(item["version"]),
            stage=item["stage"],
            title=catalogue.Text(**item["title"]),
            summary=catalogue.Text(**item["summary"]),
            questions=int(item["questions"]),
            pass_percent=int(item["pass_percent"]),
        )
        for item in raw
    }


def entries(module: Module, day: dt.date, family: str | None = None) -> list[catalogue.Entry]:
    """The catalogue entries the module teaches, as the catalogue reads on `day`."""
    version = catalogue.version_on(day)
    return [
        entry
        for entry in catalogue.ordered(list(version.entries.values()))
        if entry.stage in (module.stage, "any")
        and (not family or family in entry.families)
        and (entry.forbidden_examples or entry.allowed_examples)
    ]


def bank(module: Module, day: dt.date, family: str | None = None) -> list[Question]:
    found: list[Question] = []
    for entry in entries(module, day, family):
        found += [Question(entry, text, FORBIDDEN) for text in entry.forbidden_examples]
        found += [Question(entry, text, ALLOWED) for text in entry.allowed_examples]
    return found


def draw(module: Module, day: dt.date, seed: int, family: str | None = None) -> list[Question]:
    questions = bank(module, day, family)
    return random.Random(seed).sample(questions, min(module.questions, len(questions)))


PRE, POST = "pre", "post"  # the pre-quiz before reading the module, the quiz after it


def new_ticket(module: Module, day: dt.date, kind: str = POST) -> str:
    """The signed seed, day and kind (pre-quiz or quiz) of one quiz, carried in its form."""
    data = {"m": module.slug, "v": module.version, "d": day.isoformat(), "s": secrets.randbits(32)}
    return signing.dumps({**data, "k": kind}, salt=SALT)


@dataclass(frozen=True)
class Ticket:
    day: dt.date
    seed: int


def read_ticket(module: Module, value: str, kind: str = POST) -> Ticket | None:
    """The quiz a form was given, or None if the value was forged or is for another module or
    kind of quiz (a pre-quiz's ticket does not grade the quiz)."""
    try:
        data = signing.loads(value, salt=SALT, max_age=dt.timedelta(hours=12))
    except signing.BadSignature:
        return None
    if data.get("m") != module.slug or data.get("v") != module.version:
        return None
    if data.get("k", POST) != kind:
        return None
    return Ticket(dt.date.fromisoformat(data["d"]), int(data["s"]))


@dataclass(frozen=True)
class Grade:
    score: int
    total: int
    passed: bool


def grade(module: Module, questions: list[Question], answers: list[str]) -> Grade:
    score = sum(1 for q, a in zip(questions, answers, strict=True) if q.answer == a)
    total = len(questions)
    return Grade(score, total, total > 0 and 100 * score >= module.pass_percent * total)
