"""Signing codes: issuing them per civil servant, and identifying a signer by NIP and code."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from netral.prevention import events, selectors
from netral.prevention.models import (
    Campaign,
    CampaignEvent,
    SigningCode,
)
from netral.prevention.services._common import (
    CHUNK,
    CODE_LENGTH,
    code_hash,
    grouped,
    normal_nip,
    random_code,
    replace_per_person,
)
from netral.registry.models import CivilServant
from netral.registry.services.rows import chunks


@dataclass(frozen=True)
class IssuedCode:
    civil_servant: CivilServant
    code: str

    @property
    def printed(self) -> str:
        return grouped(self.code)


@transaction.atomic
def issue_codes(
    *,
    campaign: Campaign,
    unit: str | None,
    by: Any,
    now: dt.datetime,
    include_emailed: bool = False,
) -> list[IssuedCode]:
    """New codes for the unit's staff who have not signed yet (None: the whole agency).

    The codes exist in clear only in the answer (the printed sheet); any earlier code of the
    same people stops working. People whose e-mailed code is still unused are left off the
    sheet unless `include_emailed`.
    """
    if not campaign.is_open:
        raise ValidationError(_("This campaign is closed: no more codes can be issued."))
    people = CivilServant.objects.filter(
        agency=campaign.agency, status=CivilServant.Status.ACTIVE
    ).exclude(pledge_signatures__campaign=campaign)
    if unit is not None:
        people = people.filter(unit=unit)
    if not include_emailed:
        people = people.exclude(selectors.holding_emailed_code(campaign))
    issued = [IssuedCode(person, random_code(CODE_LENGTH)) for person in people.order_by("name")]
    if not issued:
        raise ValidationError(
            _(
                "Everyone in this unit has signed already or was e-mailed a code, or it has "
                "no staff."
            )
        )
    earlier = _current_codes(campaign, [i.civil_servant.pk for i in issued])
    replace_per_person(
        [
            SigningCode(
                campaign=campaign,
                civil_servant=i.civil_servant,
                code_hash=code_hash(campaign, i.civil_servant, i.code),
                issued_at=now,
                replaced_hashes=(
                    earlier[i.civil_servant.pk].replaced_by_new()
                    if i.civil_servant.pk in earlier
                    else []
                ),
            )
            for i in issued
        ]
    )
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.CODES_ISSUED,
        by=by,
        now=now,
        unit=unit if unit is not None else "*",
        count=len(issued),
    )
    return issued


class NotIdentified(ValidationError):
    """A NIP or code that proves no one: the only refusal the code-guess limit counts."""


def _current_codes(campaign: Campaign, people: list[int]) -> dict[int, SigningCode]:
    """The codes these people hold now, by civil servant id (only what a replacement keeps)."""
    found: dict[int, SigningCode] = {}
    for part in chunks(people, CHUNK):
        rows = SigningCode.objects.filter(campaign=campaign, civil_servant_id__in=part)
        found.update(
            (row.civil_servant_id, row)
            for row in rows.only("civil_servant_id", "code_hash", "replaced_hashes")
        )
    return found


def _not_on_staff(campaign: Campaign) -> ValidationError:
    return NotIdentified(
        {
            "nip": _("This NIP is not on the staff list of %(agency)s.")
            % {"agency": campaign.agency.name}
        }
    )


def _wrong_code() -> ValidationError:
    return NotIdentified(
        {"code": _("The code is wrong. Check it on the sheet your agency gave you.")}
    )


def _replaced_code(issued: SigningCode) -> ValidationError:
    if issued.emailed_at is not None:
        message = _(
            "This code was replaced by a newer one, sent to your e-mail. Use the newest code, "
            "or ask your agency for it."
        )
    else:
        message = _(
            "This code was replaced by a newer one. Ask your agency for the new code sheet."
        )
    return NotIdentified({"code": message})


def identify(*, campaign: Campaign, nip: str, code: str) -> tuple[CivilServant, SigningCode]:
    """The civil servant a NIP and one-time code prove, with their code row locked.

    Signing and the learning quizzes both identify this way; a used code still identifies (it
    was delivered to that person), only signing refuses it a second time. One query when the
    person has a code (the usual case); a second one only to word a refusal.
    """
    # At most one row (one code per person and campaign, one person per NIP): get(), not
    # first(), so no ORDER BY to compile or sort; the campaign comes fresh with it (its text
    # version and status), its agency is not needed.
    try:
        issued = (
            SigningCode.objects.select_for_update(of=("self",))
            .select_related("civil_servant", "campaign")
            .get(
                campaign=campaign,
                civil_servant__nip=normal_nip(nip),
                civil_servant__agency_id=campaign.agency_id,
            )
        )
    except SigningCode.DoesNotExist:
        person = CivilServant.objects.filter(
            nip=normal_nip(nip), agency_id=campaign.agency_id
        ).first()
        raise _not_on_staff(campaign) if person is None else _wrong_code() from None
    person = issued.civil_servant
    typed = code_hash(campaign, person, code)
    if not constant_time_compare(issued.code_hash, typed):
        # Hashes are bound to this person: an old code says so only with this person's NIP.
        if any(constant_time_compare(old, typed) for old in issued.replaced_hashes):
            raise _replaced_code(issued)
        raise _wrong_code()
    return person, issued
