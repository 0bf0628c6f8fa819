"""Tokens for partner systems: created by an organisation's supervisor, shown once, revocable."""

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation, User
from netral.cases.models import ApiToken
from netral.cases.models.tokens import hash_token

MAX_DAYS = 366


@transaction.atomic
def create_api_token(
    *,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    days: int,
    by: User | None,
    now: dt.datetime,
) -> tuple[ApiToken, str]:
    """A new token for one organisation, valid at most a year; the raw value is returned once
    and only its hash is kept."""
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = [_("Name the partner system.")]
    chosen = sorted(set(scopes))
    if not chosen or any(scope not in ApiToken.Scope.values for scope in chosen):
        errors["scopes"] = [_("Choose the scopes: read, or read and act.")]
    if ApiToken.Scope.ACT in chosen and ApiToken.Scope.READ not in chosen:
        chosen.append(ApiToken.Scope.READ)
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = [_("A token lives between 1 and %(n)s days.") % {"n": MAX_DAYS}]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    raw = f"ntr_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name.strip()[:100],
        prefix=prefix,
        token_hash=hash_token(raw),
        scopes=sorted(chosen),
        created_at=now,
        created_by=by,
        expires_at=now + dt.timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, by: User | None, now: dt.datetime) -> ApiToken:
    """A revoked token stops working at once; it is kept for the record."""
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def record_token_use(*, token: ApiToken, now: dt.datetime) -> None:
    """Keeps "last used" to the minute, without a write on every call of a busy partner."""
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
