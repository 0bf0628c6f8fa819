"""Helpers every prevention service shares: codes, NIPs, and the staff a table of NIPs names."""

import secrets
from typing import Any

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from netral.prevention.models import (
    Campaign,
)
from netral.registry import importers
from netral.registry.models import Agency, CivilServant
from netral.registry.services.rows import RowProblem, chunks

# No 0/O, 1/I/L: codes are read off paper and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CERTIFICATE_LENGTH = 12
MAX_ACCOUNTS = 5
CHUNK = 5000  # rows per IN (…) query or insert: under SQLite's 32,766 parameters


def random_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normal_code(value: str) -> str:
    """The code as typed, without spaces or dashes, upper case."""
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


def grouped(code: str) -> str:
    """XXXX-XXXX: how codes are printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(campaign: Campaign, civil_servant: CivilServant, code: str) -> str:
    message = f"{campaign.pk}:{civil_servant.pk}:{normal_code(code)}"
    return salted_hmac("netral.prevention.code", message, algorithm="sha256").hexdigest()


def normal_nip(value: str) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit())


def new_certificate_code() -> str:
    return random_code(CERTIFICATE_LENGTH)


def listed_staff(agency: Agency, table: importers.Table, problems: list[RowProblem]) -> list[Any]:
    """The agency's civil servants a table of NIPs names; a problem per bad row (sorted).

    Shared by paper lists and attendance lists: NIPs as numbers, not 18 digits, on two rows or
    not on the agency's staff are refused row by row.
    """
    nips: dict[str, int] = {}
    for row in table.rows:
        raw = row.get("nip")
        nip = normal_nip(str(raw if raw is not None else ""))
        if isinstance(raw, float | int) and not isinstance(raw, bool):
            # Spreadsheets turn an 18-digit NIP into a number and lose its last digits.
            problems.append(
                RowProblem(row["row"], "nip", _("Format the NIP column as text, not a number."))
            )
            continue
        if len(nip) != 18:
            problems.append(RowProblem(row["row"], "nip", _("A NIP has 18 digits.")))
            continue
        if nip in nips:
            problems.append(
                RowProblem(
                    row["row"],
                    "nip",
                    _("This NIP is already on row %(row)d.") % {"row": nips[nip]},
                )
            )
            continue
        nips[nip] = row["row"]
    people: dict[str, CivilServant] = {}
    for part in chunks(list(nips), CHUNK):
        found = CivilServant.objects.filter(agency=agency, nip__in=part)
        people.update((p.nip, p) for p in found.only("pk", "nip"))
    for nip, number in nips.items():
        if nip not in people:
            problems.append(
                RowProblem(
                    number,
                    "nip",
                    _("NIP %(nip)s is not on the staff list of %(agency)s.")
                    % {"nip": nip, "agency": agency.name},
                )
            )
    problems.sort(key=lambda p: p.row)
    return [people[nip] for nip in nips if nip in people]


def replace_per_person(rows: list[Any]) -> None:
    """Stores `rows` (one per campaign and civil servant) in place of any such row before."""
    if not rows:
        return
    model = type(rows[0])
    campaign = rows[0].campaign
    for part in chunks([row.civil_servant_id for row in rows], CHUNK):
        model.objects.filter(campaign=campaign, civil_servant_id__in=part).delete()
    model.objects.bulk_create(rows, batch_size=CHUNK)
