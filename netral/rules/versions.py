"""Builds catalogue versions from their files: resolves `based_on` chains and checks the dates.

Part of the loader; kept apart so that each module stays readable.
"""

import copy
import datetime as dt
from pathlib import Path
from typing import Any

from netral.rules import loader
from netral.rules.catalogue import (
    Body,
    Category,
    Entry,
    RecommendingPeriod,
    Sanction,
    Text,
    Version,
)

_RANK = {"V": 0, "P": 1, "R": 2}


def build_versions(
    directory: Path,
    categories: dict[str, Category],
    sanctions: dict[str, Sanction],
    bodies: dict[str, Body],
    recommending: tuple[RecommendingPeriod, ...],
    problems: "loader._Problems",
) -> list[Version]:
    raws = _read_files(directory, problems)
    problems.raise_if_any()
    resolved: dict[str, dict[str, Any]] = {}
    for version_id in raws:
        _resolve(version_id, raws, resolved, [], problems)
    problems.raise_if_any()
    spans = [(r["valid_from"], r["valid_to"], f"version {r['version']}") for r in raws.values()]
    loader._check_continuous(spans, "catalogue versions", problems)
    built = []
    for version_id, raw in raws.items():
        merged = resolved[version_id]
        body = _recommending_body(raw, recommending, problems)
        built.append(_version(raw, merged, body, categories, sanctions, bodies, problems))
    return built


def _read_files(directory: Path, problems: "loader._Problems") -> dict[str, dict[str, Any]]:
    raws: dict[str, dict[str, Any]] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        problems.add(str(directory), "no catalogue version files")
    for path in files:
        data = loader.read_yaml(path)
        where = path.name
        if not isinstance(data, dict) or not data.get("version"):
            problems.add(where, "a version file needs a 'version' name")
            continue
        version_id = str(data["version"])
        if version_id in raws:
            problems.add(where, f"version {version_id} is defined twice")
        for key in ("valid_from", "valid_to"):
            if key not in data:
                problems.add(f"{where}: {key}", "is required (null for an open end)")
            data[key] = loader.date_or_none(data.get(key), f"{where}: {key}", problems)
        data["_file"] = where
        raws[version_id] = data
    return raws


def _resolve(
    version_id: str,
    raws: dict[str, dict[str, Any]],
    resolved: dict[str, dict[str, Any]],
    chain: list[str],
    problems: "loader._Problems",
) -> dict[str, Any]:
    """The entries and sanction sets of a version after applying its `based_on` chain."""
    if version_id in resolved:
        return resolved[version_id]
    raw = raws[version_id]
    where = raw["_file"]
    if version_id in chain:
        problems.add(where, f"based_on forms a loop: {' → '.join([*chain, version_id])}")
        return {"entries": {}, "sanction_sets": {}}
    base_id = raw.get("based_on")
    base: dict[str, Any]
    if base_id is None:
        base = {"entries": {}, "sanction_sets": {}}
    elif base_id not in raws:
        problems.add(f"{where}: based_on", f"version {base_id!r} does not exist")
        base = {"entries": {}, "sanction_sets": {}}
    else:
        base = _resolve(str(base_id), raws, resolved, [*chain, version_id], problems)
    entries = copy.deepcopy(base["entries"])
    for index, item in enumerate(raw.get("entries") or []):
        code = item.get("code") if isinstance(item, dict) else None
        if not code:
            problems.add(f"{where}: entries[{index}]", "an entry needs a 'code'")
            continue
        entries.setdefault(code, {}).update(copy.deepcopy(item))
    for code in raw.get("removed") or []:
        if entries.pop(code, None) is None:
            problems.add(f"{where}: removed", f"{code} is not in the version it is based on")
    sets = dict(base["sanction_sets"])
    sets.update({k: tuple(v) for k, v in (raw.get("sanction_sets") or {}).items()})
    resolved[version_id] = {"entries": entries, "sanction_sets": sets}
    return resolved[version_id]


def _recommending_body(
    raw: dict[str, Any], periods: tuple[RecommendingPeriod, ...], problems: "loader._Problems"
) -> str:
    """The one body in force over the whole version; a version may not span a change of body."""
    start = raw["valid_from"] or dt.date.min
    end = raw["valid_to"] or dt.date.max
    found = {
        period.body
        for period in periods
        if (period.valid_from or dt.date.min) <= end and start <= (period.valid_to or dt.date.max)
    }
    if len(found) != 1:
        problems.add(
            raw["_file"],
            f"version spans {len(found)} recommending bodies ({', '.join(sorted(found))}); "
            "split it where the body changes",
        )
    return sorted(found)[0] if found else ""


def _version(
    raw: dict[str, Any],
    merged: dict[str, Any],
    body: str,
    categories: dict[str, Category],
    sanctions: dict[str, Sanction],
    bodies: dict[str, Body],
    problems: "loader._Problems",
) -> Version:
    where = raw["_file"]
    floor = loader.confidence(raw.get("confidence_floor", "V"), where, problems)
    floor_note = loader.text(
        raw.get("confidence_note"), f"{where}: confidence_note", problems, False
    )
    sets = merged["sanction_sets"]
    for key, codes in sets.items():
        for code in codes:
            if code not in sanctions:
                problems.add(f"{where}: sanction_sets: {key}", f"unknown sanction {code}")
    entries = {}
    for code, item in merged["entries"].items():
        built = _entry(code, item, raw, body, sets, categories, sanctions, bodies, problems)
        if built is not None:
            entries[code] = _with_floor(built, floor, floor_note)
    return Version(
        id=str(raw["version"]),
        title=loader.text(raw.get("title"), f"{where}: title", problems) or Text("", ""),
        valid_from=raw["valid_from"],
        valid_to=raw["valid_to"],
        based_on=raw.get("based_on"),
        source=str(raw.get("source") or ""),
        summary=loader.text(raw.get("summary"), f"{where}: summary", problems) or Text("", ""),
        recommending_body=body,
        sanction_sets=sets,
        entries=entries,
        confidence_floor=floor,
        confidence_note=floor_note,
        file=where,
    )


def _entry(
    code: str,
    item: dict[str, Any],
    raw: dict[str, Any],
    body: str,
    sets: dict[str, tuple[str, ...]],
    categories: dict[str, Category],
    sanctions: dict[str, Sanction],
    bodies: dict[str, Body],
    problems: "loader._Problems",
) -> Entry | None:
    where = f"{raw['_file']}: entry {code}"
    category = categories.get(item.get("category", ""))
    if category is None:
        problems.add(f"{where}: category", f"{item.get('category')!r} is not a category")
        return None
    fields = loader.entry_fields(item, raw, where, problems)
    if item.get("sanctions"):
        codes = tuple(item["sanctions"])
    elif category.sanction_set:
        codes = sets.get(category.sanction_set, ())
        if not codes:
            problems.add(f"{where}: sanctions", f"no sanction set {category.sanction_set!r}")
    elif category.kind in ("criminal", "candidate_criminal"):
        problems.add(f"{where}: sanctions", "a criminal entry must list its penalties")
        codes = ()
    else:
        codes = ()
    for sanction in codes:
        if sanction not in sanctions:
            problems.add(f"{where}: sanctions", f"unknown sanction {sanction}")
    forward = tuple(
        body if key == loader.ASN_AUTHORITY else key for key in item.get("forward_to") or ()
    )
    for key in forward:
        if key not in bodies:
            problems.add(f"{where}: forward_to", f"{key!r} is not a body in authorities.yaml")
    if not forward:
        problems.add(f"{where}: forward_to", "say where the case must be forwarded")
    return loader.make_entry(
        code, fields, category=category.key, sanctions=codes, forward_to=forward
    )


def _with_floor(item: Entry, floor: str, note: Text | None) -> Entry:
    """A version whose matrix is applied retroactively makes its entries at best `floor`."""
    if _RANK[floor] <= _RANK[item.confidence]:
        return item
    from dataclasses import replace

    return replace(item, confidence=floor, confidence_note=note or item.confidence_note)
