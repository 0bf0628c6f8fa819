"""Creating and updating civil servants in bulk, from files or from other apps."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.registry import identifiers
from netral.registry.models import Agency, CivilServant, SocialAccount
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

# The columns an upsert compares and writes, in the order of the tuples below.
FIELDS = ("kind", "name", "agency_id", "unit", "position", "rank", "status")
_PNS_RANK = re.compile(r"^(IV|III|II|I)\s*[/\-\s]?\s*([A-E])$", re.IGNORECASE)
_PNS_LETTERS = {"I": "abcd", "II": "abcd", "III": "abcd", "IV": "abcde"}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
_ROMAN += ["XIV", "XV", "XVI", "XVII"]


@cache
def _status_names() -> dict[str, str]:
    names = {choice_key(value): value for value in CivilServant.Status.values}
    english = {"active": "aktif", "suspended": "diberhentikan_sementara", "retired": "pensiun"}
    english |= {"dismissed": "diberhentikan", "deceased": "meninggal", "unpaid_leave": "cltn"}
    return names | english


def normalize_rank(kind: str, value: str) -> str | None:
    """ "III/a" for a PNS golongan, a Roman numeral I–XVII for PPPK; None when not a rank."""
    if not value:
        return ""
    if kind == CivilServant.Kind.PNS:
        match = _PNS_RANK.match(value.strip())
        if not match or match[2].lower() not in _PNS_LETTERS[match[1].upper()]:
            return None
        return f"{match[1].upper()}/{match[2].lower()}"
    roman = value.strip().upper()
    if roman.isdigit() and 1 <= int(roman) <= len(_ROMAN):
        return _ROMAN[int(roman) - 1]
    return roman if roman in _ROMAN else None


def _kind_and_nip(
    result: UpsertResult, row: int, record: Mapping[str, Any], today: dt.date | None
) -> tuple[str, str] | None:
    raw = record.get("nip")
    if raw is not None and not isinstance(raw, str):
        result.add(
            row,
            "nip",
            _(
                "The NIP is stored as a number, so its last digits may have been lost "
                "(spreadsheets keep 15 digits). Format the column as text and type it again."
            ),
        )
        return None
    kind = choice_key(text(record, "kind"))
    if kind and kind not in CivilServant.Kind.values:
        result.add(row, "kind", _("Must be PNS or PPPK, not “%(value)s”.") % {"value": kind})
        return None
    guessed = identifiers.guess_kind(raw)
    kind = kind or guessed or CivilServant.Kind.PNS
    validator = identifiers.validate_nip if kind == "pns" else identifiers.validate_ni_pppk
    try:
        return kind, validator(raw, today=today)
    except ValidationError as exc:
        message = exc.messages[0]
        if guessed and guessed != kind:
            message = _("This looks like a %(guessed)s number, but the kind says %(kind)s.") % {
                "guessed": guessed.upper(),
                "kind": kind.upper(),
            }
        result.add(row, "nip", message)
        return None


def _clean_row(
    result: UpsertResult,
    row: int,
    record: Mapping[str, Any],
    agencies: dict[str, int],
    today: dt.date | None,
) -> tuple[str, tuple[Any, ...]] | None:
    before = len(result.problems)
    identity = _kind_and_nip(result, row, record, today)
    name, unit, position = text(record, "name"), text(record, "unit"), text(record, "position")
    check_length(result, row, "name", name, 150, required=True)
    check_length(result, row, "unit", unit, 200, required=False)
    check_length(result, row, "position", position, 200, required=False)
    code = text(record, "agency_code").upper()
    agency_id = agencies.get(code)
    if not code:
        result.add(row, "agency_code", _("This column is required."))
    elif agency_id is None:
        result.add(
            row,
            "agency_code",
            _("Agency code %(code)s is not in the registry: import the agencies first.")
            % {"code": code},
        )
    status = _status_names().get(choice_key(text(record, "status")) or "aktif")
    if status is None:
        choices = ", ".join(CivilServant.Status.values)
        result.add(
            row, "status", _("Unknown status; use one of: %(choices)s.") % {"choices": choices}
        )
    declared = choice_key(text(record, "kind"))
    kind = identity[0] if identity else declared or CivilServant.Kind.PNS
    rank = normalize_rank(kind, text(record, "rank"))
    if rank is None:
        example = "III/a" if kind == CivilServant.Kind.PNS else "IX"
        result.add(row, "rank", _("Not a golongan, e.g. %(example)s.") % {"example": example})
    if len(result.problems) > before or identity is None:
        return None
    return identity[1], (kind, name, agency_id, unit, position, rank, status)


def _existing(nips: list[str]) -> dict[str, tuple[Any, ...]]:
    found: dict[str, tuple[Any, ...]] = {}
    for chunk in chunks(nips, 900):
        for pk, nip, *values in CivilServant.objects.filter(nip__in=chunk).values_list(
            "pk", "nip", *FIELDS
        ):
            found[nip] = (pk, *values)
    return found


def _write(clean: dict[str, tuple[Any, ...]], result: UpsertResult, batch_size: int) -> None:
    existing = _existing(list(clean))
    now = timezone.now()
    to_create, to_update = [], []
    for nip, values in clean.items():
        old = existing.get(nip)
        fields = dict(zip(FIELDS, values, strict=True))
        if old is None:
            to_create.append(CivilServant(nip=nip, **fields))
        elif tuple(old[1:]) != values:
            to_update.append(CivilServant(pk=old[0], nip=nip, updated_at=now, **fields))
        else:
            result.unchanged += 1
    result.created, result.updated = len(to_create), len(to_update)
    if result.dry_run:
        return
    CivilServant.objects.bulk_create(to_create, batch_size=batch_size)
    CivilServant.objects.bulk_update(
        to_update, [*FIELDS, "updated_at"], batch_size=min(batch_size, 500)
    )
    result.written = True
    if result.created + result.updated > 1000:
        refresh_statistics(CivilServant)


@transaction.atomic
def upsert_civil_servants(
    *,
    rows: Iterable[Mapping[str, Any]],
    valid_only: bool = False,
    dry_run: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
    batch_size: int = 1000,
) -> UpsertResult:
    """Creates or updates civil servants by NIP; any bad row stops all writes unless valid_only."""
    agencies = dict(Agency.objects.values_list("code", "pk"))
    result = UpsertResult(dry_run=dry_run)
    clean: dict[str, tuple[Any, ...]] = {}
    first_row: dict[str, int] = {}
    for row, record in numbered(rows):
        result.total += 1
        cleaned = _clean_row(result, row, record, agencies, today)
        if cleaned and cleaned[0] in first_row:
            result.add(
                row,
                "nip",
                _("NIP %(nip)s already appears in row %(row)d.")
                % {"nip": cleaned[0], "row": first_row[cleaned[0]]},
            )
        elif cleaned:
            first_row[cleaned[0]] = row
            clean[cleaned[0]] = cleaned[1]
        if progress:
            progress(1)
    if result.problems and not valid_only:
        return result
    _write(clean, result, batch_size)
    return result


@transaction.atomic
def declare_social_account(
    *,
    civil_servant: CivilServant,
    platform: str,
    handle: str,
    now: dt.datetime,
    url: str = "",
    verified: bool = False,
) -> SocialAccount:
    """Records an account as the civil servant's; the handle is kept without @ and lower-cased."""
    if platform not in SocialAccount.Platform.values:
        raise ValidationError({"platform": _("Unknown platform.")})
    handle = handle.strip().lstrip("@").lower()
    if not handle:
        raise ValidationError({"handle": _("This column is required.")})
    account, _created = SocialAccount.objects.update_or_create(
        civil_servant=civil_servant,
        platform=platform,
        handle=handle,
        defaults={"url": url, "verified": verified, "declared_at": now},
    )
    return account
