"""Signing codes delivered by e-mail (part of the services: every write here is one of them).

The registry holds no e-mail addresses of civil servants, so the personnel office uploads its
own list of addresses (NIP, e-mail) for the campaign (`StaffAddress`); staff on it can be sent
their code by e-mail, everyone else stays on the printed sheet of their unit.

The clear code exists only in the task worker's memory and in the e-mail: a code is drawn, its
keyed hash stored and the mail sent in one transaction per person (a refused mail keeps the
earlier code). Sending again is idempotent: a person whose e-mailed code is still unused is
skipped unless the officer asks to re-issue. Nothing here logs a code.
"""

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from netral.prevention import events, selectors
from netral.prevention.models import Campaign, CampaignEvent, Signature, SigningCode, StaffAddress
from netral.prevention.services._common import (
    CODE_LENGTH,
    code_hash,
    grouped,
    listed_staff,
    normal_nip,
    random_code,
    replace_per_person,
)
from netral.registry import importers
from netral.registry.models import CivilServant
from netral.registry.services.rows import RowProblem

logger = logging.getLogger(__name__)

ADDRESS_TABLE = importers.TableFormat(
    columns=(
        ("nip", ("nip", "ni_pppk", "nip_ni_pppk", "nomor_induk")),
        ("email", ("email", "e_mail", "surel", "alamat_email", "alamat_surel")),
        ("name", ("nama", "nama_lengkap", "name")),
    ),
    required=("nip", "email"),
    sheet_names=("email", "surel", "alamat", "pegawai", "daftar"),
)
SENT, SKIPPED = "sent", "skipped"


# ---------------------------------------------------------------- the address list


@dataclass
class AddressResult:
    listed: int = 0
    saved: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _checked_addresses(table: importers.Table, problems: list[RowProblem]) -> dict[str, str]:
    """{NIP: address} of the rows whose address is valid; a problem for each that is not."""
    found: dict[str, str] = {}
    for row in table.rows:
        address = str(row.get("email") or "").strip().lower()
        try:
            validate_email(address)
        except ValidationError:
            message = (
                _("“%(value)s” is not an e-mail address.") % {"value": address}
                if address
                else _("Write the e-mail address.")
            )
            problems.append(RowProblem(row["row"], "email", message))
            continue
        found[normal_nip(str(row.get("nip") or ""))] = address
    return found


def record_addresses(
    *, campaign: Campaign, table_path: str | Path, by: Any, now: dt.datetime
) -> AddressResult:
    """The staff's e-mail addresses for this campaign's codes, from a CSV/XLSX (nip, email).

    All or nothing, like paper lists: one bad row (NIP not on the staff, duplicate, not 18
    digits, an address that is not one) and nothing is saved. A listed person's earlier
    address is replaced.
    """
    result = AddressResult()
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    path = Path(table_path)
    try:
        table = importers.read_table(path, ADDRESS_TABLE)
    except importers.FileProblem as problem:
        raise ValidationError({"table": str(problem)}) from None
    result.notes = table.notes
    result.problems = list(table.problems)
    addresses = _checked_addresses(table, result.problems)
    people = listed_staff(campaign.agency, table, result.problems)
    result.problems.sort(key=lambda p: p.row)
    if result.problems:
        return result
    if not people:
        raise ValidationError({"table": _("The list has no NIPs.")})
    with transaction.atomic():
        replace_per_person(
            [
                StaffAddress(
                    campaign=campaign, civil_servant=p, email=addresses[p.nip], listed_at=now
                )
                for p in people
            ]
        )
        events.record_campaign_event(
            campaign,
            CampaignEvent.Type.ADDRESSES_LISTED,
            by=by,
            now=now,
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            listed=len(people),
        )
    result.saved = True
    result.listed = len(people)
    return result


# ---------------------------------------------------------------- asking for the e-mails


@dataclass(frozen=True)
class Delivery:
    """Who of the unsigned staff (of a unit, or all) can get their code by e-mail."""

    unsigned: int
    with_address: int
    emailed: int  # with an unused code that was e-mailed to them

    @property
    def without_address(self) -> int:
        return self.unsigned - self.with_address

    @property
    def to_email(self) -> int:
        return self.with_address - self.emailed


def _unsigned(campaign: Campaign, unit: str | None) -> QuerySet[CivilServant]:
    people = selectors.campaign_staff(campaign).exclude(pledge_signatures__campaign=campaign)
    return people if unit is None else people.filter(unit=unit)


def _addressed(campaign: Campaign) -> Q:
    return Q(pk__in=StaffAddress.objects.filter(campaign=campaign).values("civil_servant_id"))


def delivery(campaign: Campaign, unit: str | None = None) -> Delivery:
    """How many unsigned staff have an address, and how many of those were e-mailed a code."""
    people = _unsigned(campaign, unit)
    addressed = people.filter(_addressed(campaign))
    return Delivery(
        unsigned=people.count(),
        with_address=addressed.count(),
        emailed=addressed.filter(selectors.holding_emailed_code(campaign)).count(),
    )


@transaction.atomic
def request_code_emails(
    *, campaign: Campaign, unit: str | None, reissue: bool, by: Any, now: dt.datetime
) -> Delivery:
    """Queues the e-mails of codes to the unit's unsigned staff who have an address.

    Without `reissue`, people whose e-mailed code is still unused are left out (sending twice
    sends nothing new); with it, they get a new code and the old one stops working.
    """
    if not campaign.is_open:
        raise ValidationError(_("This campaign is closed: no more codes can be issued."))
    counts = delivery(campaign, unit)
    people = _unsigned(campaign, unit).filter(_addressed(campaign))
    if not reissue:
        people = people.exclude(selectors.holding_emailed_code(campaign))
    ids = list(people.values_list("pk", flat=True))
    if not ids:
        if counts.with_address:
            raise ValidationError(
                _("Everyone here with an address has been e-mailed a code that is still unused.")
            )
        raise ValidationError(_("Nobody here who has not signed has an e-mail address listed."))
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.CODE_EMAILS_REQUESTED,
        by=by,
        now=now,
        unit=unit if unit is not None else "*",
        with_address=len(ids),
        without_address=counts.without_address,
        reissue=reissue,
    )
    transaction.on_commit(lambda: _enqueue(campaign.pk, ids, now, reissue))
    return counts


def _enqueue(campaign_id: int, ids: list[int], requested_at: dt.datetime, reissue: bool) -> None:
    from netral.prevention.tasks import email_signing_codes

    email_signing_codes.enqueue(campaign_id, ids, requested_at.isoformat(), reissue)


# ---------------------------------------------------------------- sending (the task worker)


def _message(campaign: Campaign, person: CivilServant, code: str) -> tuple[str, str]:
    link = getattr(settings, "NETRAL_SITE_URL", "").rstrip("/") + reverse(
        "prevention:sign", args=[campaign.public_id]
    )
    with override(settings.LANGUAGE_CODE):
        subject = _("[Netral] Your code to sign “%(title)s”") % {"title": campaign.title}
        body = "\n".join(
            [
                _("Dear %(name)s,") % {"name": person.name},
                "",
                _(
                    "%(agency)s asks its staff to sign the neutrality pledge online. Your "
                    "personal one-time code:"
                )
                % {"agency": campaign.agency.name},
                "",
                "    " + grouped(code),
                "",
                _("Sign with your NIP and this code at:"),
                link,
                "",
                _(
                    "The code is yours alone: do not pass it on. Any earlier code of yours for "
                    "this campaign no longer works."
                ),
                "",
                _("This message was sent by Netral. Do not reply to it."),
            ]
        )
    return subject, body


def deliver_code(
    *,
    campaign: Campaign,
    person: CivilServant,
    email: str,
    requested_at: dt.datetime,
    reissue: bool,
    now: dt.datetime,
) -> str:
    """Draws one person's code, stores its hash and e-mails it: SENT, or SKIPPED when they
    signed meanwhile or already hold an unused e-mailed code (for a re-issue: one e-mailed at
    or after the request). A mail that fails raises and the earlier code stays."""
    with transaction.atomic():
        current = (
            SigningCode.objects.select_for_update()
            .filter(campaign=campaign, civil_servant=person)
            .first()
        )
        if Signature.objects.filter(campaign=campaign, civil_servant=person).exists():
            return SKIPPED
        emailed = current.emailed_at if current is not None and current.used_at is None else None
        if emailed is not None and (not reissue or emailed >= requested_at):
            return SKIPPED
        code = random_code(CODE_LENGTH)
        SigningCode.objects.update_or_create(
            campaign=campaign,
            civil_servant=person,
            defaults={
                "code_hash": code_hash(campaign, person, code),
                "issued_at": now,
                "used_at": None,
                "emailed_at": now,
                "replaced_hashes": current.replaced_by_new() if current is not None else [],
            },
        )
        subject, body = _message(campaign, person, code)
        send_mail(subject, body, None, [email])
    return SENT


def deliver_codes(
    *,
    campaign: Campaign,
    civil_servant_ids: list[int],
    requested_at: dt.datetime,
    reissue: bool,
    now: dt.datetime,
) -> int:
    """Sends each listed person their code (see `deliver_code`); records one event with the
    counts; returns how many were sent. A mail that fails for any reason is counted as failed
    (the person keeps their earlier code), never logged with its code, and the others are still
    sent. A campaign closed since the request sends nothing (re-checked here, at task time)."""
    if not Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.OPEN).exists():
        return 0
    counts = {SENT: 0, SKIPPED: 0, "failed": 0}
    addresses = StaffAddress.objects.filter(
        campaign=campaign, civil_servant_id__in=civil_servant_ids
    ).select_related("civil_servant")
    for address in addresses:
        try:
            outcome = deliver_code(
                campaign=campaign,
                person=address.civil_servant,
                email=address.email,
                requested_at=requested_at,
                reissue=reissue,
                now=now,
            )
        except Exception as error:  # one person's failure must not stop the others' codes
            logger.warning("signing code e-mail failed: %s", type(error).__name__)
            outcome = "failed"
        counts[outcome] += 1
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.CODES_EMAILED,
        by=None,
        now=now,
        sent=counts[SENT],
        skipped=counts[SKIPPED],
        failed=counts["failed"],
    )
    return counts[SENT]
