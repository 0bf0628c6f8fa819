"""Reads and validates the catalogue data files; every problem names its file, entry and field.

A catalogue version is a YAML file under data/catalogue/. One version is complete; the others
name the version they are `based_on` and list only what changes (entries by code, field by field,
and sanction sets by key). The versions must cover all time: no overlap, no gap.
"""

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import yaml

from netral.rules import vocabulary as vocab
from netral.rules.catalogue import (
    ASN_KINDS,
    CAMPAIGN_PHASES,
    CONFIDENCES,
    ELECTION_KINDS,
    STAGES,
    Body,
    Catalogue,
    Category,
    Entry,
    LegalBasis,
    Penalty,
    RecommendingPeriod,
    Sanction,
    Text,
    Version,
)

DATA_DIR = Path(__file__).parent / "data"
ASN_AUTHORITY = "ASN_AUTHORITY"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogueError(ValueError):
    """The catalogue data is wrong; the message lists every problem with its place."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("Invalid rules catalogue:\n  - " + "\n  - ".join(problems))


class _Problems:
    """Collects problems so that one run reports all of them, each with its place."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise CatalogueError(self.items)


def read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise CatalogueError([f"{path.name}: cannot be read as YAML ({exc})"]) from exc


# ---------------------------------------------------------------------------- field readers


def text(value: Any, where: str, problems: _Problems, required: bool = True) -> Text | None:
    if value is None and not required:
        return None
    if not isinstance(value, dict) or not str(value.get("id") or "").strip():
        problems.add(where, "needs a text with 'id' (Indonesian) and 'en' (English)")
        return Text("", "")
    return Text(str(value["id"]).strip(), str(value.get("en") or "").strip())


def legal_basis(value: Any, where: str, problems: _Problems) -> LegalBasis:
    if not isinstance(value, dict) or not value.get("instrument") or not value.get("display"):
        problems.add(where, "a legal basis needs at least 'instrument' and 'display'")
        return LegalBasis("", "")
    return LegalBasis(
        instrument=str(value["instrument"]),
        display=str(value["display"]),
        article=str(value.get("article") or ""),
        verse=str(value.get("verse") or ""),
        letter=str(value.get("letter") or ""),
        number=str(value.get("number") or ""),
    )


def confidence(value: Any, where: str, problems: _Problems) -> str:
    if value not in CONFIDENCES:
        problems.add(where, f"confidence must be one of V, P, R, not {value!r}")
        return "R"
    return str(value)


def choices(
    value: Any, allowed: tuple[str, ...], where: str, problems: _Problems
) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    bad = [item for item in items if item not in allowed]
    if bad or not items:
        problems.add(where, f"must be among {', '.join(allowed)}, not {bad or value!r}")
    return tuple(item for item in items if item in allowed)


def date_or_none(value: Any, where: str, problems: _Problems) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    problems.add(where, f"must be a date written 2024-08-24 or null, not {value!r}")
    return None


# ---------------------------------------------------------------------------- shared tables


def load_categories(data_dir: Path, problems: _Problems) -> dict[str, Category]:
    data = read_yaml(data_dir / "categories.yaml") or {}
    found = {}
    for raw in data.get("categories") or []:
        where = f"categories.yaml: {raw.get('key', '?')}"
        found[raw.get("key")] = Category(
            key=str(raw.get("key")),
            kind=str(raw.get("kind")),
            severity=int(raw.get("severity") or 0),
            name=text(raw.get("name"), where + ": name", problems) or Text("", ""),
            sanction_set=raw.get("sanction_set"),
            pppk_confidence=confidence(raw.get("pppk_confidence", "V"), where, problems),
            pppk_note=text(raw.get("pppk_note"), where + ": pppk_note", problems, False),
        )
    return found


def load_sanctions(data_dir: Path, problems: _Problems) -> dict[str, Sanction]:
    data = read_yaml(data_dir / "sanctions.yaml") or {}
    found: dict[str, Sanction] = {}
    for raw in data.get("sanctions") or []:
        code = str(raw.get("code") or "")
        where = f"sanctions.yaml: sanction {code or '?'}"
        if code in found:
            problems.add(where, "code appears twice")
        penalty = raw.get("penalty")
        found[code] = Sanction(
            code=code,
            level=str(raw.get("level") or ""),
            regime=str(raw.get("regime") or ""),
            text=text(raw.get("text"), where + ": text", problems) or Text("", ""),
            legal_basis=legal_basis(raw.get("legal_basis"), where + ": legal_basis", problems),
            confidence=confidence(raw.get("confidence"), where + ": confidence", problems),
            note=text(raw.get("note"), where + ": note", problems, False),
            asn_kinds=choices(raw.get("asn_kinds", list(ASN_KINDS)), ASN_KINDS, where, problems),
            penalty=Penalty(**penalty) if isinstance(penalty, dict) else None,
        )
        _require_note(found[code].confidence, found[code].note, where + ": note", problems)
    return found


def _require_note(conf: str, note: Text | None, where: str, problems: _Problems) -> None:
    if conf != "V" and note is None:
        problems.add(where, "an unverified (P/R) item must say why in a note")


def load_authorities(
    data_dir: Path, problems: _Problems
) -> tuple[dict[str, Body], tuple[RecommendingPeriod, ...]]:
    data = read_yaml(data_dir / "authorities.yaml") or {}
    bodies = {
        raw["key"]: Body(
            raw["key"], text(raw.get("name"), f"body {raw['key']}", problems) or Text("", "")
        )
        for raw in data.get("bodies") or []
    }
    periods = []
    for index, raw in enumerate(data.get("recommending_body") or []):
        where = f"authorities.yaml: recommending_body[{index}]"
        if raw.get("body") not in bodies:
            problems.add(where + ": body", f"{raw.get('body')!r} is not a listed body")
        periods.append(
            RecommendingPeriod(
                body=str(raw.get("body")),
                valid_from=date_or_none(raw.get("valid_from"), where + ": valid_from", problems),
                valid_to=date_or_none(raw.get("valid_to"), where + ": valid_to", problems),
                legal_basis=legal_basis(raw.get("legal_basis"), where, problems),
                confidence=confidence(raw.get("confidence"), where, problems),
                note=text(raw.get("note"), where + ": note", problems, False),
            )
        )
    _check_continuous(
        [(p.valid_from, p.valid_to, f"{p.body}") for p in periods], "authorities.yaml", problems
    )
    return bodies, tuple(periods)


def _check_continuous(
    spans: list[tuple[dt.date | None, dt.date | None, str]], where: str, problems: _Problems
) -> None:
    """Spans sorted by start must begin open, end open, and touch without overlap or gap."""
    if not spans:
        problems.add(where, "no periods defined")
        return
    spans = sorted(spans, key=lambda s: s[0] or dt.date.min)
    if spans[0][0] is not None:
        problems.add(where, f"the first period ({spans[0][2]}) must start with valid_from: null")
    if spans[-1][1] is not None:
        problems.add(where, f"the last period ({spans[-1][2]}) must end with valid_to: null")
    for (start_a, end_a, name_a), (start_b, _end_b, name_b) in itertools.pairwise(spans):
        if start_a is not None and end_a is not None and end_a < start_a:
            problems.add(where, f"{name_a} ends before it starts")
        if end_a is None or start_b is None:
            problems.add(where, f"{name_a} and {name_b} overlap (an open end or start)")
        elif start_b <= end_a:
            problems.add(where, f"{name_a} and {name_b} overlap: {name_b} starts {start_b}")
        elif start_b != end_a + dt.timedelta(days=1):
            problems.add(where, f"gap between {name_a} (ends {end_a}) and {name_b} ({start_b})")


# ---------------------------------------------------------------------------- the catalogue


def load_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Parses every data file, resolves the versions and checks them together."""
    problems = _Problems()
    categories = load_categories(data_dir, problems)
    sanctions = load_sanctions(data_dir, problems)
    bodies, recommending = load_authorities(data_dir, problems)
    problems.raise_if_any()
    from netral.rules import versions

    built = versions.build_versions(
        data_dir / "catalogue", categories, sanctions, bodies, recommending, problems
    )
    problems.raise_if_any()
    ordered = tuple(sorted(built, key=lambda v: v.valid_from or dt.date.min))
    starts = tuple((v.valid_from or dt.date.min).toordinal() for v in ordered)
    return Catalogue(ordered, sanctions, categories, bodies, recommending, starts)


def load_vocabulary(catalogue: Catalogue, data_dir: Path = DATA_DIR) -> vocab.Vocabulary:
    """Parses data/acts.yaml and checks every outcome against every catalogue version."""
    problems = _Problems()
    data = read_yaml(data_dir / "acts.yaml") or {}
    domains = {dim: tuple(data.get("dimensions", {}).get(dim) or ()) for dim in vocab.DIMENSIONS}
    for dim, values in domains.items():
        if not values:
            problems.add(f"acts.yaml: dimensions: {dim}", "needs a list of values")
    raw_boundary = data.get("stage_boundary") or {}
    boundary = vocab.StageBoundary(
        designation_day_is=str(raw_boundary.get("designation_day_is")),
        confidence=confidence(
            raw_boundary.get("confidence"), "acts.yaml: stage_boundary", problems
        ),
        note=text(raw_boundary.get("note"), "acts.yaml: stage_boundary: note", problems)
        or Text("", ""),
    )
    if boundary.designation_day_is not in ("calon", "bakal_calon"):
        problems.add(
            "acts.yaml: stage_boundary: designation_day_is", "must be calon or bakal_calon"
        )
    acts = {}
    for raw in data.get("acts") or []:
        act = _act(raw, domains, problems)
        if act.key in acts:
            problems.add(f"acts.yaml: act {act.key}", "appears twice")
        acts[act.key] = act
        _check_act_against_versions(act, domains, catalogue, problems)
    problems.raise_if_any()
    return vocab.Vocabulary(
        acts=acts,
        domains=domains,
        stage_boundary=boundary,
        fact_names=dict(data.get("facts") or {}),
        texts=dict(data.get("texts") or {}),
    )


def _act(
    raw: dict[str, Any], domains: dict[str, tuple[str, ...]], problems: _Problems
) -> vocab.Act:
    key = str(raw.get("key") or "")
    where = f"acts.yaml: act {key or '?'}"
    label = text(raw.get("label"), where + ": label", problems) or Text("", "")
    if raw.get("allowed"):
        allowed = raw["allowed"]
        conf = confidence(allowed.get("confidence"), where + ": allowed", problems)
        note = text(allowed.get("note"), where + ": allowed: note", problems, False)
        _require_note(conf, note, where + ": allowed: note", problems)
        allowance = vocab.Allowance(
            reason=text(allowed.get("reason"), where + ": reason", problems) or Text("", ""),
            legal_basis=tuple(str(b) for b in allowed.get("legal_basis") or ()),
            confidence=conf,
            note=note,
        )
        return vocab.Act(key, label, (), (), allowance)
    outcomes = []
    for index, raw_outcome in enumerate(raw.get("outcomes") or []):
        at = f"{where}: outcomes[{index}]"
        when = {}
        for dim, values in (raw_outcome.get("when") or {}).items():
            if dim not in domains:
                problems.add(at + ": when", f"{dim!r} is not a dimension")
                continue
            when[dim] = frozenset(choices(values, domains[dim], f"{at}: when: {dim}", problems))
        conf = confidence(raw_outcome.get("confidence", "V"), at, problems)
        note = text(raw_outcome.get("note"), at + ": note", problems, False)
        _require_note(conf, note, at + ": note", problems)
        codes = tuple(raw_outcome.get("codes") or ())
        if not codes:
            problems.add(at + ": codes", "an outcome needs at least one catalogue code")
        outcomes.append(vocab.Outcome(when, codes, conf, note))
    dims = tuple(d for d in vocab.DIMENSIONS if any(d in o.when for o in outcomes))
    _check_coverage(where, dims, domains, outcomes, problems)
    return vocab.Act(key, label, dims, tuple(outcomes))


def _check_coverage(
    where: str,
    dims: tuple[str, ...],
    domains: dict[str, tuple[str, ...]],
    outcomes: list[vocab.Outcome],
    problems: _Problems,
) -> None:
    """Every combination of the act's dimensions must match exactly one outcome."""
    if not outcomes:
        problems.add(where, "needs outcomes or 'allowed'")
        return
    for combo in itertools.product(*(domains[d] for d in dims)):
        values = dict(zip(dims, combo, strict=True))
        matching = sum(1 for outcome in outcomes if outcome.matches(values))
        if matching != 1:
            shown = ", ".join(f"{k}={v}" for k, v in values.items()) or "any facts"
            problems.add(where, f"{matching} outcomes match {shown} (exactly one must)")


def _check_act_against_versions(
    act: vocab.Act, domains: dict[str, tuple[str, ...]], catalogue: Catalogue, problems: _Problems
) -> None:
    """An outcome may only name entries whose stage, election kind and campaign phases it fixes."""
    for index, outcome in enumerate(act.outcomes):
        where = f"acts.yaml: act {act.key}: outcomes[{index}]"
        kinds = outcome.when.get("election_kind", frozenset(domains["election_kind"]))
        stages = outcome.when.get("stage", frozenset(domains["stage"]))
        phases = outcome.when.get("campaign", frozenset(domains["campaign"]))
        for version in catalogue.versions:
            for code in outcome.codes:
                item = version.entries.get(code)
                if item is None:
                    problems.add(where, f"code {code} is not in catalogue version {version.id}")
                    continue
                if not kinds <= set(item.election_kinds):
                    problems.add(where, f"{code} does not apply to every election kind {kinds}")
                if item.stage != "any" and stages != {item.stage}:
                    problems.add(where, f"{code} applies only at stage {item.stage}: fix stage")
                if not phases <= set(item.campaign):
                    problems.add(where, f"{code} applies only {item.campaign}: fix campaign")


def entry_fields(
    raw: dict[str, Any], version: dict[str, Any], where: str, problems: _Problems
) -> dict[str, Any]:
    """The fields of one resolved entry, validated (sanctions and bodies resolved later)."""
    examples = raw.get("examples") or {}
    conf = confidence(raw.get("confidence"), where + ": confidence", problems)
    note = text(raw.get("confidence_note"), where + ": confidence_note", problems, False)
    _require_note(conf, note, where + ": confidence_note", problems)
    bases = raw.get("legal_basis") or []
    if not bases:
        problems.add(where + ": legal_basis", "at least one legal basis is required")
    evidence = [text(e, where + ": evidence", problems) for e in raw.get("evidence") or []]
    if not evidence:
        problems.add(where + ": evidence", "list the evidence that proves it")
    allowed = tuple(str(e) for e in examples.get("allowed") or ())
    forbidden = tuple(str(e) for e in examples.get("forbidden") or ())
    if not allowed or not forbidden:
        problems.add(where + ": examples", "needs 'allowed' (boleh) and 'forbidden' examples")
    return {
        "title": text(raw.get("title"), where + ": title", problems),
        "description": text(raw.get("description"), where + ": description", problems),
        "legal_basis": tuple(legal_basis(b, where + ": legal_basis", problems) for b in bases),
        "stage": (choices(raw.get("stage"), STAGES, where + ": stage", problems) or ("any",))[0],
        "campaign": choices(
            raw.get("campaign", list(CAMPAIGN_PHASES)),
            CAMPAIGN_PHASES,
            where + ": campaign",
            problems,
        ),
        "election_kinds": choices(
            raw.get("election_kinds"), ELECTION_KINDS, where + ": election_kinds", problems
        ),
        "asn_kinds": choices(raw.get("asn_kinds"), ASN_KINDS, where + ": asn_kinds", problems),
        "evidence": tuple(e for e in evidence if e),
        "allowed_examples": allowed,
        "forbidden_examples": forbidden,
        "confidence": conf,
        "confidence_note": note,
        "valid_from": version["valid_from"],
        "valid_to": version["valid_to"],
        "version": version["version"],
    }


def make_entry(code: str, fields: dict[str, Any], **resolved: Any) -> Entry:
    return Entry(code=code, **fields, **resolved)


__all__ = ["ASN_AUTHORITY", "CatalogueError", "Version", "load_catalogue", "load_vocabulary"]
