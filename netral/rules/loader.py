"""Reads the rules data files and checks them; every problem names its file, entry and field.

The shape of each file is declared in `schema` (pydantic models). This module turns a model's
errors into messages that name the place ("2022-09-22-skb2022.yaml: entry DS-03: category: …"),
and checks what needs several files at once: references between files, versions that meet
without overlap or gap (`versions`), and act outcomes that fit every catalogue version.
"""

import datetime as dt
import itertools
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from netral.rules import catalogue as cat
from netral.rules import schema
from netral.rules import vocabulary as vocab

DATA_DIR = Path(__file__).parent / "data"
ASN_AUTHORITY = "ASN_AUTHORITY"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# How an item of a list is named in a message: "entry DS-03", "rule ppk.followup".
_ITEM_NAMES = {
    "entries": "entry",
    "sanctions": "sanction",
    "categories": "category",
    "subjects": "subject",
    "bodies": "body",
    "acts": "act",
    "rules": "rule",
    "years": "year",
    "days": "day",
}
_ITEM_KEYS = ("code", "key", "date", "year")


class CatalogueError(ValueError):
    """The rules data is wrong; the message lists every problem with its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Invalid rules catalogue:\n  - " + "\n  - ".join(problems))


def raise_if_any(problems: list[str]) -> None:
    if problems:
        raise CatalogueError(problems)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise CatalogueError([f"{path.name}: cannot be read as YAML ({exc})"]) from exc


def validated[M: BaseModel](model: type[M], data: Any, where: str, problems: list[str]) -> M | None:
    """The data as `model`, or None with every problem added, each naming its place."""
    try:
        return model.model_validate({} if data is None else data)
    except ValidationError as error:
        for item in error.errors():
            problems.append(f"{_place(where, data, item['loc'])}: {_message(item)}")
        return None


def read_file[M: BaseModel](
    model: type[M], data_dir: Path, name: str, problems: list[str]
) -> M | None:
    return validated(model, read_yaml(data_dir / name), name, problems)


def _place(where: str, data: Any, loc: tuple[int | str, ...]) -> str:
    parts, node = [where], data
    for step in loc:
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
            name = parts.pop() if len(parts) > 1 else ""
            found = [node[k] for k in _ITEM_KEYS if isinstance(node, dict) and k in node]
            label = f"{_ITEM_NAMES.get(name, name)} {found[0]}" if found else f"{name}[{step}]"
            parts.append(label)
        else:
            node = node.get(step) if isinstance(node, dict) else None
            parts.append(str(step))
    return ": ".join(parts)


def _message(item: Any) -> str:
    if item["type"] == "value_error":
        return str(item["ctx"]["error"])
    shown = item["type"] not in ("missing", "extra_forbidden")
    given = item.get("input")
    if shown and not isinstance(given, dict | list | tuple):
        return f"{item['msg']}, not {given!r}"
    return str(item["msg"])


def check_continuous(
    spans: list[tuple[dt.date | None, dt.date | None, str]], where: str, problems: list[str]
) -> None:
    """Spans sorted by start must begin open, end open, and touch without overlap or gap."""
    spans = sorted(spans, key=lambda s: s[0] or dt.date.min)
    if spans and spans[0][0] is not None:
        problems.append(f"{where}: the first ({spans[0][2]}) must start with valid_from: null")
    if spans and spans[-1][1] is not None:
        problems.append(f"{where}: the last ({spans[-1][2]}) must end with valid_to: null")
    for (_start, end_a, name_a), (start_b, _end, name_b) in itertools.pairwise(spans):
        if end_a is None or start_b is None:
            problems.append(f"{where}: {name_a} and {name_b} overlap (an open end or start)")
        elif start_b <= end_a:
            problems.append(f"{where}: {name_a} and {name_b} overlap: {name_b} starts {start_b}")
        elif start_b != end_a + dt.timedelta(days=1):
            problems.append(f"{where}: gap between {name_a} (ends {end_a}) and {name_b}")


def check_known(where: str, keys: Any, known: Any, what: str, problems: list[str]) -> None:
    """Every key must be one of `known` (a category, a sanction, a body, a subject …)."""
    problems.extend(f"{where}: {key!r} is not {what}" for key in keys if key not in known)


def by_key[T](items: list[T], key: str, where: str, problems: list[str]) -> dict[str, T]:
    """Items by their key; a key given twice is a problem."""
    found: dict[str, T] = {}
    for item in items:
        value = getattr(item, key)
        if value in found:
            problems.append(f"{where}: {value} appears twice")
        found[value] = item
    return found


# ---------------------------------------------------------------------------- the catalogue


def load_catalogue(data_dir: Path = DATA_DIR) -> cat.Catalogue:
    """Parses every data file, resolves the versions and checks them together."""
    from netral.rules import versions

    problems: list[str] = []
    tables = _tables(data_dir, problems)
    raise_if_any(problems)
    assert tables is not None
    built = versions.build_versions(data_dir / "catalogue", tables, problems)
    raise_if_any(problems)
    ordered = tuple(sorted(built, key=lambda v: v.valid_from or dt.date.min))
    starts = tuple((v.valid_from or dt.date.min).toordinal() for v in ordered)
    return replace(tables, versions=ordered, _starts=starts)


def _tables(data_dir: Path, problems: list[str]) -> cat.Catalogue | None:
    """Subjects, categories, sanctions and bodies: the tables every version refers to."""
    subjects_file = read_file(schema.SubjectsFile, data_dir, "subjects.yaml", problems)
    categories_file = read_file(schema.CategoriesFile, data_dir, "categories.yaml", problems)
    sanctions_file = read_file(schema.SanctionsFile, data_dir, "sanctions.yaml", problems)
    authorities = read_file(schema.AuthoritiesFile, data_dir, "authorities.yaml", problems)
    if not (subjects_file and categories_file and sanctions_file and authorities):
        return None
    subjects = by_key(subjects_file.subjects, "key", "subjects.yaml", problems)
    bodies = by_key(authorities.bodies, "key", "authorities.yaml", problems)
    sanctions = by_key(sanctions_file.sanctions, "code", "sanctions.yaml", problems)
    for sanction in sanctions.values():
        where = f"sanctions.yaml: sanction {sanction.code}: subjects"
        check_known(where, sanction.subjects, subjects, "a subject", problems)
        if sanctions_file.levels and sanction.penalty is None:
            where = f"sanctions.yaml: sanction {sanction.code}: level"
            check_known(
                where, [sanction.level], dict.fromkeys(sanctions_file.levels), "a level", problems
            )
    for subject in subjects.values():
        where = f"subjects.yaml: subject {subject.key}: report_to"
        check_known(where, subject.report_to, bodies, "a body", problems)
    for period in authorities.recommending_body:
        where = f"authorities.yaml: recommending_body {period.body}"
        check_known(where, [period.body], bodies, "a body", problems)
    spans = [(p.valid_from, p.valid_to, p.body) for p in authorities.recommending_body]
    check_continuous(spans, "authorities.yaml: recommending_body", problems)
    return cat.Catalogue(
        versions=(),
        sanctions={code: build(cat.Sanction, item) for code, item in sanctions.items()},
        sanction_levels=tuple(sanctions_file.levels),
        categories={i.key: build(cat.Category, i) for i in categories_file.categories},
        bodies={key: build(cat.Body, item) for key, item in bodies.items()},
        recommending=tuple(build(cat.RecommendingPeriod, p) for p in authorities.recommending_body),
        subjects={key: build(cat.Subject, item) for key, item in subjects.items()},
    )


def note(item: schema.TextData | None) -> cat.Text | None:
    return item.build() if item is not None else None


def build[T](target: type[T], model: BaseModel, **given: Any) -> T:
    """A catalogue dataclass from a validated model, field by field (texts become `Text`)."""
    names = [f.name for f in fields(target) if f.name not in given and f.name[0] != "_"]  # type: ignore[arg-type]
    return target(**{name: _plain(getattr(model, name)) for name in names}, **given)


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return value.build() if hasattr(value, "build") else value


# ---------------------------------------------------------------------------- the vocabulary


def load_vocabulary(catalogue: cat.Catalogue, data_dir: Path = DATA_DIR) -> vocab.Vocabulary:
    """Parses data/acts.yaml and checks every outcome against every catalogue version."""
    problems: list[str] = []
    data = read_file(schema.ActsFile, data_dir, "acts.yaml", problems)
    raise_if_any(problems)
    assert data is not None
    domains: dict[str, tuple[str, ...]] = data.dimensions.model_dump()
    found = by_key(data.acts, "key", "acts.yaml: act", problems)
    acts = {key: _act(raw, domains, catalogue, problems) for key, raw in found.items()}
    raise_if_any(problems)
    boundary = data.stage_boundary
    return vocab.Vocabulary(
        acts=acts,
        domains=domains,
        stage_boundary=vocab.StageBoundary(
            boundary.designation_day_is, boundary.confidence, boundary.note.build()
        ),
        fact_names=data.facts.model_dump(),
        texts=data.texts.model_dump(),
    )


def _act(
    raw: schema.ActData,
    domains: dict[str, tuple[str, ...]],
    catalogue: cat.Catalogue,
    problems: list[str],
) -> vocab.Act:
    where = f"acts.yaml: act {raw.key}"
    if raw.allowed is not None:
        allowed = raw.allowed
        allowance = vocab.Allowance(
            allowed.reason.build(), allowed.legal_basis, allowed.confidence, note(allowed.note)
        )
        return vocab.Act(raw.key, raw.label.build(), (), (), allowance)
    outcomes = []
    for index, item in enumerate(raw.outcomes):
        for dim, values in item.when.items():
            at = f"{where}: outcomes[{index}]: when: {dim}"
            check_known(at, values, domains[dim], f"a {dim}", problems)
        when: dict[str, frozenset[str]] = {d: frozenset(v) for d, v in item.when.items()}
        outcomes.append(vocab.Outcome(when, item.codes, item.confidence, note(item.note)))
    dims = tuple(d for d in vocab.DIMENSIONS if any(d in o.when for o in outcomes))
    act = vocab.Act(raw.key, raw.label.build(), dims, tuple(outcomes))
    _check_coverage(where, act, domains, problems)
    _check_act_against_versions(where, act, domains, catalogue, problems)
    return act


def _check_coverage(
    where: str, act: vocab.Act, domains: dict[str, tuple[str, ...]], problems: list[str]
) -> None:
    """Every combination of the act's dimensions must match exactly one outcome."""
    for combo in itertools.product(*(domains[d] for d in act.dims)):
        values = dict(zip(act.dims, combo, strict=True))
        matching = sum(1 for outcome in act.outcomes if outcome.matches(values))
        if matching != 1:
            shown = ", ".join(f"{k}={v}" for k, v in values.items()) or "any facts"
            problems.append(f"{where}: {matching} outcomes match {shown} (exactly one must)")


def _check_act_against_versions(
    where: str,
    act: vocab.Act,
    domains: dict[str, tuple[str, ...]],
    catalogue: cat.Catalogue,
    problems: list[str],
) -> None:
    """An outcome may only name entries whose stage, election kind and campaign phases it fixes."""
    for index, outcome in enumerate(act.outcomes):
        at = f"{where}: outcomes[{index}]"
        kinds = outcome.when.get("family", frozenset(domains["family"]))
        stages = outcome.when.get("stage", frozenset(domains["stage"]))
        phases = outcome.when.get("campaign", frozenset(domains["campaign"]))
        for version, code in itertools.product(catalogue.versions, outcome.codes):
            item = version.entries.get(code)
            if item is None:
                problems.append(f"{at}: code {code} is not in catalogue version {version.id}")
            elif not kinds <= set(item.families):
                problems.append(f"{at}: {code} does not apply to every election kind {kinds}")
            elif item.stage != "any" and stages != {item.stage}:
                problems.append(f"{at}: {code} applies only at stage {item.stage}: fix stage")
            elif not phases <= set(item.campaign):
                problems.append(f"{at}: {code} applies only {item.campaign}: fix campaign")


__all__ = ["ASN_AUTHORITY", "CatalogueError", "load_catalogue", "load_vocabulary"]
