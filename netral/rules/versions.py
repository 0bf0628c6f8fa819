"""Builds catalogue versions from their files: resolves `based_on` chains and checks the dates.

Part of the loader; kept apart so that each module stays readable. A version file is read as
`schema.VersionFile`; each entry is checked as `schema.EntryData` once its version's changes are
applied to the entry it is based on.
"""

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from netral.rules import catalogue as cat
from netral.rules import loader, schema

_RANK = {"V": 0, "P": 1, "R": 2}
_CRIMINAL = ("criminal", "candidate_criminal")

# A resolved version: entries by code (fields as written) and sanction sets by key.
_Resolved = tuple[dict[str, dict[str, Any]], dict[str, tuple[str, ...]]]


def build_versions(
    directory: Path, tables: cat.Catalogue, problems: list[str]
) -> list[cat.Version]:
    """Every version of the directory, complete, checked against the shared tables."""
    files = _read_files(directory, problems)
    loader.raise_if_any(problems)
    resolved: dict[str, _Resolved] = {}
    for version_id in files:
        _resolve(version_id, files, resolved, (), problems)
    loader.raise_if_any(problems)
    spans = [(f.valid_from, f.valid_to, f"version {vid}") for vid, (_n, f) in files.items()]
    loader.check_continuous(spans, "catalogue versions", problems)
    return [
        _version(name, raw, resolved[version_id], tables, problems)
        for version_id, (name, raw) in files.items()
    ]


def _read_files(directory: Path, problems: list[str]) -> dict[str, tuple[str, schema.VersionFile]]:
    files: dict[str, tuple[str, schema.VersionFile]] = {}
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        problems.append(f"{directory}: no catalogue version files")
    for path in paths:
        raw = loader.read_file(schema.VersionFile, directory, path.name, problems)
        if raw is None:
            continue
        if raw.version in files:
            problems.append(f"{path.name}: version {raw.version} is defined twice")
        files[raw.version] = (path.name, raw)
    return files


def _resolve(
    version_id: str,
    files: dict[str, tuple[str, schema.VersionFile]],
    resolved: dict[str, _Resolved],
    chain: tuple[str, ...],
    problems: list[str],
) -> _Resolved:
    """The entries and sanction sets of a version after applying its `based_on` chain."""
    if version_id in resolved:
        return resolved[version_id]
    name, raw = files[version_id]
    base: _Resolved = ({}, {})
    if version_id in chain:
        problems.append(f"{name}: based_on forms a loop: {' → '.join([*chain, version_id])}")
        return base
    if raw.based_on is not None and raw.based_on not in files:
        problems.append(f"{name}: based_on: version {raw.based_on!r} does not exist")
    elif raw.based_on is not None:
        base = _resolve(raw.based_on, files, resolved, (*chain, version_id), problems)
    entries = dict(base[0])
    for change in raw.entries:
        entries[change.code] = {**entries.get(change.code, {}), **change.model_dump()}
    for code in raw.removed:
        if entries.pop(code, None) is None:
            problems.append(f"{name}: removed: {code} is not in the version it is based on")
    resolved[version_id] = (entries, {**base[1], **raw.sanction_sets})
    return resolved[version_id]


def _recommending_body(raw: schema.VersionFile, tables: cat.Catalogue) -> str | None:
    """The one body in force over the whole version; a version may not span a change of body."""
    start, end = raw.valid_from or dt.date.min, raw.valid_to or dt.date.max
    found = {
        period.body
        for period in tables.recommending
        if (period.valid_from or dt.date.min) <= end and start <= (period.valid_to or dt.date.max)
    }
    return found.pop() if len(found) == 1 else None


def _version(
    name: str,
    raw: schema.VersionFile,
    resolved: _Resolved,
    tables: cat.Catalogue,
    problems: list[str],
) -> cat.Version:
    body = _recommending_body(raw, tables)
    if body is None:
        problems.append(f"{name}: the version spans several recommending bodies; split it there")
    entries, sets = resolved
    for key, codes in sets.items():
        loader.check_known(
            f"{name}: sanction_sets: {key}", codes, tables.sanctions, "a sanction", problems
        )
    floor_note = loader.note(raw.confidence_note)
    built = {}
    for code, fields in entries.items():
        where = f"{name}: entry {code}"
        item = loader.validated(schema.EntryData, fields, where, problems)
        if item is not None:
            found = _entry(where, item, raw, body or "", sets, tables, problems)
            built[code] = _with_floor(found, raw.confidence_floor, floor_note)
    return cat.Version(
        id=raw.version,
        title=raw.title.build(),
        valid_from=raw.valid_from,
        valid_to=raw.valid_to,
        based_on=raw.based_on,
        source=raw.source,
        summary=raw.summary.build(),
        recommending_body=body or "",
        sanction_sets=sets,
        entries=built,
        confidence_floor=raw.confidence_floor,
        confidence_note=floor_note,
        file=name,
    )


def _entry(
    where: str,
    item: schema.EntryData,
    raw: schema.VersionFile,
    body: str,
    sets: dict[str, tuple[str, ...]],
    tables: cat.Catalogue,
    problems: list[str],
) -> cat.Entry:
    category = tables.categories.get(item.category)
    if category is None:
        problems.append(f"{where}: category: {item.category!r} is not a category")
    sanctions = item.sanctions
    if not sanctions and category is not None and category.sanction_set:
        sanctions = sets.get(category.sanction_set, ())
        if not sanctions:
            problems.append(f"{where}: sanctions: no sanction set {category.sanction_set!r}")
    elif not sanctions and category is not None and category.kind in _CRIMINAL:
        problems.append(f"{where}: sanctions: a criminal entry must list its penalties")
    loader.check_known(f"{where}: sanctions", sanctions, tables.sanctions, "a sanction", problems)
    loader.check_known(f"{where}: subjects", item.subjects, tables.subjects, "a subject", problems)
    forward = tuple(body if key == loader.ASN_AUTHORITY else key for key in item.forward_to)
    loader.check_known(f"{where}: forward_to", forward, tables.bodies, "a body", problems)
    return loader.build(
        cat.Entry,
        item,
        sanctions=sanctions,
        forward_to=forward,
        allowed_examples=item.examples.allowed,
        forbidden_examples=item.examples.forbidden,
        valid_from=raw.valid_from,
        valid_to=raw.valid_to,
        version=raw.version,
    )


def _with_floor(item: cat.Entry, floor: str, note: cat.Text | None) -> cat.Entry:
    """A version whose matrix is applied retroactively makes its entries at best `floor`."""
    if _RANK[floor] <= _RANK[item.confidence]:
        return item
    return replace(item, confidence=floor, confidence_note=note or item.confidence_note)
