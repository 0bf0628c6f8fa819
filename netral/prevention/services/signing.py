"""Signing online: declared accounts, the signature and its certificate."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from netral.core import when
from netral.prevention import events
from netral.prevention.models import (
    Campaign,
    CampaignEvent,
    Signature,
    SigningCode,
)
from netral.prevention.services._common import (
    CERTIFICATE_LENGTH,
    MAX_ACCOUNTS,
    new_certificate_code,
    normal_code,
)
from netral.prevention.services.codes import identify
from netral.registry.models import CivilServant, SocialAccount
from netral.registry.services import civil_servants as registry_people


@dataclass(frozen=True)
class DeclaredAccount:
    platform: str
    handle: str


def _check_accounts(accounts: Iterable[DeclaredAccount]) -> list[DeclaredAccount]:
    kept: list[DeclaredAccount] = []
    for account in accounts:
        handle = account.handle.strip().lstrip("@").lower()
        if not handle:
            continue
        if account.platform not in SocialAccount.Platform.values:
            raise ValidationError({"accounts": _("Choose the platform of every account.")})
        if len(handle) > 100 or any(ch.isspace() for ch in handle):
            raise ValidationError(
                {"accounts": _("“%(handle)s” is not an account name.") % {"handle": handle}}
            )
        kept.append(DeclaredAccount(account.platform, handle))
    if len(kept) > MAX_ACCOUNTS:
        raise ValidationError(
            {"accounts": _("Declare at most %(count)d accounts.") % {"count": MAX_ACCOUNTS}}
        )
    return kept


def _already_signed(campaign: Campaign, person: CivilServant) -> ValidationError:
    existing = Signature.objects.filter(campaign=campaign, civil_servant=person).first()
    if existing is None:
        return ValidationError(_("You have already signed this pledge."))
    return ValidationError(
        _("You have already signed this pledge on %(date)s.")
        % {"date": when.on_day(existing.signed_at)}
    )


def sign_online(
    *,
    campaign: Campaign,
    nip: str,
    code: str,
    accounts: Iterable[DeclaredAccount] = (),
    now: dt.datetime,
) -> Signature:
    """The civil servant signs with NIP and one-time code; declared accounts become theirs.

    Refusals (ValidationError, nothing written): campaign closed, NIP not on the agency's staff,
    wrong code, code already used, pledge already signed.
    """
    declared = _check_accounts(accounts)
    try:
        return _sign_online(campaign=campaign, nip=nip, code=code, declared=declared, now=now)
    except _SignedMeanwhile as signed:
        # A paper list (or a second tab) signed for them between the check and the insert.
        raise _already_signed(campaign, signed.person) from None


class _SignedMeanwhile(Exception):
    def __init__(self, person: CivilServant) -> None:
        self.person = person


@transaction.atomic
def _sign_online(
    *,
    campaign: Campaign,
    nip: str,
    code: str,
    declared: list[DeclaredAccount],
    now: dt.datetime,
) -> Signature:
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    try:
        person, issued = identify(campaign=campaign, nip=nip, code=code)
    except ValidationError:
        if not Campaign.objects.get(pk=campaign.pk).is_open:
            raise ValidationError(_("This pledge campaign is closed.")) from None
        raise
    # Fresh, read with the code: the text version and status may have changed since the page
    # was opened.
    campaign = issued.campaign
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    if issued.used_at is not None:
        # Used: they signed online with it, or it was spent otherwise.
        if Signature.objects.filter(campaign=campaign, civil_servant=person).exists():
            raise _already_signed(campaign, person)
        raise ValidationError({"code": _("This code has already been used.")})
    # No look-up first: the unique constraint answers "already signed" (on paper, usually),
    # and the whole transaction is undone when it does.
    try:
        signature = Signature.objects.create(
            campaign=campaign,
            civil_servant=person,
            method=Signature.Method.ONLINE,
            text_version=campaign.text_version,
            signed_at=now,
            certificate_code=new_certificate_code(),
        )
    except IntegrityError:
        raise _SignedMeanwhile(person) from None
    issued.used_at = now
    SigningCode.objects.filter(pk=issued.pk).update(used_at=now)  # no signals, no field walk
    for account in declared:
        registry_people.declare_social_account(
            civil_servant=person,
            platform=account.platform,
            handle=account.handle,
            now=now,
            verified=True,
        )
    events.record_asn_event(
        campaign,
        CampaignEvent.Type.SIGNED_ONLINE,
        person,
        now=now,
        text_version=campaign.text_version,
        accounts=len(declared),
    )
    return signature


def signature_by_certificate(code: str) -> Signature | None:
    """The signature a certificate code names (dashes and case ignored)."""
    return (
        Signature.objects.select_related("campaign__agency", "campaign__election")
        .filter(certificate_code=normal_code(code)[:CERTIFICATE_LENGTH])
        .first()
    )
