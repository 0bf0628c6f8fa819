"""Creating and updating agencies (instansi) in bulk, from files or from other apps."""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.registry import lookups
from netral.registry.models import Agency, Region
from netral.registry.services.rows import (
    Progress,
    UpsertResult,
    check_length,
    choice_key,
    chunks,
    numbered,
    refresh_statistics,
    text,
)
from netral.registry.text import search_key

FIELDS = ("name", "kind", "region_id", "parent_id", "ppk_name", "ppk_position")
CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")
_KIND_ALIASES = {
    "pemprov": Agency.Kind.PROVINCIAL_GOVERNMENT,
    "pemkab": Agency.Kind.REGENCY_GOVERNMENT,
    "pemkot": Agency.Kind.CITY_GOVERNMENT,
    "opd": Agency.Kind.REGIONAL_UNIT,
}
# Which region level each government kind governs (regulation.md §9.4: kota codes are 71–99).
_GOVERNMENT_LEVEL: dict[str, tuple[int, bool | None]] = {
    Agency.Kind.PROVINCIAL_GOVERNMENT: (1, None),
    Agency.Kind.REGENCY_GOVERNMENT: (2, False),
    Agency.Kind.CITY_GOVERNMENT: (2, True),
}
_NEEDS_REGION = {*_GOVERNMENT_LEVEL, Agency.Kind.REGIONAL_UNIT}


def _kind(result: UpsertResult, row: int, value: str) -> str | None:
    key = choice_key(value)
    kind = _KIND_ALIASES.get(key, key)
    if kind not in Agency.Kind.values:
        result.add(
            row,
            "kind",
            _("Unknown kind; use one of: %(choices)s.")
            % {"choices": ", ".join(Agency.Kind.values)},
        )
        return None
    return kind


def _region(
    result: UpsertResult, row: int, kind: str | None, code: str, regions: dict[str, int]
) -> int | None:
    if not code:
        if kind in _NEEDS_REGION:
            result.add(row, "region_code", _("A region code is required for this kind."))
        return None
    if code not in regions:
        result.add(
            row,
            "region_code",
            _("Region code %(code)s is not a Kepmendagri code.") % {"code": code},
        )
        return None
    rule = _GOVERNMENT_LEVEL.get(kind) if kind else None
    if rule:
        level, is_city = rule
        city_code = len(code) == 5 and code[3:5] >= "71"
        if code.count(".") + 1 != level or (is_city is not None and city_code != is_city):
            result.add(
                row,
                "region_code",
                _("Region %(code)s does not match the kind of government.") % {"code": code},
            )
    return regions[code]


def _clean_row(
    result: UpsertResult, row: int, record: Mapping[str, Any], regions: dict[str, int]
) -> tuple[str, dict[str, Any]] | None:
    before = len(result.problems)
    code = text(record, "code").upper()
    if not code:
        result.add(row, "code", _("This column is required."))
    elif not CODE.match(code):
        result.add(
            row,
            "code",
            _("A code has up to 64 letters, digits, dots, dashes or underscores."),
        )
    name, ppk_name, ppk_position = (
        text(record, key) for key in ("name", "ppk_name", "ppk_position")
    )
    check_length(result, row, "name", name, 200, required=True)
    check_length(result, row, "ppk_name", ppk_name, 150, required=False)
    check_length(result, row, "ppk_position", ppk_position, 150, required=False)
    kind = _kind(result, row, text(record, "kind"))
    region_id = _region(result, row, kind, text(record, "region_code"), regions)
    parent = text(record, "parent_code").upper()
    if parent and parent == code:
        result.add(row, "parent_code", _("An agency cannot be its own parent."))
    if len(result.problems) > before:
        return None
    values = {"name": name, "kind": kind, "region_id": region_id}
    return code, values | {"parent": parent, "ppk_name": ppk_name, "ppk_position": ppk_position}


def _check_parents(
    result: UpsertResult,
    clean: dict[str, dict[str, Any]],
    known: dict[str, str],
    rows: dict[str, int],
) -> None:
    """Drops rows whose parent is unknown or would make a loop, until none is left to drop."""
    parents = known | {code: values["parent"] for code, values in clean.items()}
    changed = True
    while changed:
        changed = False
        for code in list(clean):
            parent = clean[code]["parent"]
            message = None
            if parent and parent not in clean and parent not in known:
                message = _("Parent agency %(code)s is neither in the registry nor in this file.")
            elif _loops(code, parents):
                message = _("Parent agency %(code)s would make a loop of parents.")
            if message:
                result.add(rows[code], "parent_code", message % {"code": parent})
                del clean[code]
                changed = True


def _loops(code: str, parents: dict[str, str]) -> bool:
    seen, current = {code}, parents.get(code, "")
    while current:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current, "")
    return False


def _create_in_waves(clean: dict[str, dict[str, Any]], new: list[str], ids: dict[str, int]) -> None:
    """Creates new agencies parents first, so each row is inserted once with its parent set."""
    pending = new
    while pending:
        ready = [c for c in pending if not clean[c]["parent"] or clean[c]["parent"] in ids]
        if not ready:  # _check_parents has removed unknown parents and loops
            raise ValueError("agency parents cannot be resolved")
        Agency.objects.bulk_create(
            [Agency(code=c, **_model_values(clean[c], ids.get(clean[c]["parent"]))) for c in ready],
            batch_size=1000,
        )
        for chunk in chunks(ready, 900):
            ids.update(Agency.objects.filter(code__in=chunk).values_list("code", "pk"))
        pending = [code for code in pending if code not in ids]


def _write(clean: dict[str, dict[str, Any]], result: UpsertResult) -> None:
    existing = {row[1]: row for row in Agency.objects.values_list("pk", "code", *FIELDS)}
    ids = {code: row[0] for code, row in existing.items()}
    new = [code for code in clean if code not in existing]
    result.created = len(new)
    if not result.dry_run:
        _create_in_waves(clean, new, ids)
    now, to_update = timezone.now(), []
    for code, values in clean.items():
        old = existing.get(code)
        if old is None:
            continue
        wanted = _model_values(values, ids.get(values["parent"]))
        if tuple(old[2:]) != tuple(wanted[f] for f in FIELDS):
            to_update.append(Agency(pk=old[0], code=code, updated_at=now, **wanted))
        else:
            result.unchanged += 1
    result.updated = len(to_update)
    if not result.dry_run:
        fields = [*FIELDS, "search_name", "updated_at"]
        Agency.objects.bulk_update(to_update, fields, batch_size=500)
        result.written = True
        if result.created + result.updated > 1000:
            refresh_statistics(Agency)


def _model_values(values: dict[str, Any], parent_id: int | None) -> dict[str, Any]:
    fields = {key: values[key] for key in ("name", "kind", "region_id", "ppk_name", "ppk_position")}
    return fields | {"parent_id": parent_id, "search_name": search_key(values["name"])}


@transaction.atomic
def upsert_agencies(
    *,
    rows: Iterable[Mapping[str, Any]],
    valid_only: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> UpsertResult:
    """Creates or updates agencies by code; any bad row stops all writes unless valid_only."""
    regions = dict(Region.objects.values_list("code", "pk"))
    known = {
        code: parent or "" for code, parent in Agency.objects.values_list("code", "parent__code")
    }
    result = UpsertResult(dry_run=dry_run)
    clean: dict[str, dict[str, Any]] = {}
    row_of: dict[str, int] = {}
    for row, record in numbered(rows):
        result.total += 1
        cleaned = _clean_row(result, row, record, regions)
        if cleaned and cleaned[0] in row_of:
            result.add(
                row,
                "code",
                _("Code %(code)s already appears in row %(row)d.")
                % {"code": cleaned[0], "row": row_of[cleaned[0]]},
            )
        elif cleaned:
            row_of[cleaned[0]], clean[cleaned[0]] = row, cleaned[1]
        if progress:
            progress(1)
    _check_parents(result, clean, known, row_of)
    if result.problems and not valid_only:
        return result
    _write(clean, result)
    if not dry_run:
        lookups.invalidate()  # bulk writes send no signal: the report forms' cached agencies go
    return result
