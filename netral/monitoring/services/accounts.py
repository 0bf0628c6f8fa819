"""Accounts to watch and suggested owners of unknown authors; a human confirms every link."""

import datetime as dt
import re
from typing import Any
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from netral.monitoring import events
from netral.monitoring.evidence import handle_of
from netral.monitoring.models import AccountEvent, LinkSuggestion, WatchedAccount
from netral.registry import services as registry_services
from netral.registry.models import Agency, CivilServant, Election, Region, SocialAccount

NAME_CUTOFF = 75  # rapidfuzz token-sort ratio below which a name is not worth a human's time
MAX_SUGGESTIONS = 3
_DOMAINS = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "instagram.com": "instagram",
    "x.com": "x",
    "twitter.com": "x",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "threads.net": "threads",
}
_WORD = re.compile(r"[a-z0-9]{4,}")
_COMMON = frozenset({"dinas", "kantor", "badan", "bagian", "kabupaten", "kota", "pemerintah"})


def _platform(value: str) -> str:
    return value if value in SocialAccount.Platform.values else SocialAccount.Platform.OTHER


def _region_code(election: Election | None, agency: Agency | None) -> str:
    region = (election.region if election else None) or (agency.region if agency else None)
    return region.code if region else ""


def _account_address(text: str) -> tuple[str, str]:
    """`@harum.bantul` → (lainnya, harum.bantul); a profile URL → (its platform, its path)."""
    if "://" in text:
        url = urlparse(text.strip())
        host = (url.hostname or "").removeprefix("www.").removeprefix("m.")
        return _DOMAINS.get(host, "lainnya"), url.path.strip("/").lower()
    return "lainnya", handle_of(text)


@transaction.atomic
def sync_candidate_accounts(*, election: Election, now: dt.datetime) -> int:
    """The election file's official and team accounts become watched accounts (idempotent)."""
    created = 0
    for pair in election.candidates.all():
        for address in pair.accounts or []:
            platform, handle = _account_address(address)
            if not handle:
                continue
            _account, new = WatchedAccount.objects.get_or_create(
                kind=WatchedAccount.Kind.CANDIDATE,
                platform=platform,
                handle=handle,
                region_code=_region_code(election, None),
                defaults={
                    "election": election,
                    "candidate_number": pair.number,
                    "display_name": " – ".join(pair.names),
                    "created_at": now,
                },
            )
            created += new
    return created


@transaction.atomic
def add_watched_account(
    *,
    kind: str,
    platform: str,
    handle: str,
    by: Any,
    now: dt.datetime,
    display_name: str = "",
    agency: Agency | None = None,
    election: Election | None = None,
) -> WatchedAccount:
    """An official agency or candidate account to watch, in its agency's or election's region."""
    handle = handle_of(handle)
    if not handle:
        raise ValidationError({"handle": _("Give the account's handle.")})
    account, created = WatchedAccount.objects.get_or_create(
        kind=kind,
        platform=_platform(platform),
        handle=handle,
        region_code=_region_code(election, agency),
        defaults={
            "display_name": display_name,
            "agency": agency,
            "election": election,
            "created_at": now,
        },
    )
    if created:
        events.record_account_event(account, AccountEvent.Type.ADDED, by=by, now=now)
    return account


def account_for_author(
    *, election: Election, platform: str, handle: str, display_name: str, bio: str, now: dt.datetime
) -> WatchedAccount:
    """The author's account (created on first sight), linked when the registry declares it."""
    account, created = WatchedAccount.objects.get_or_create(
        kind=WatchedAccount.Kind.AUTHOR,
        platform=_platform(platform),
        handle=handle,
        region_code=_region_code(election, None),
        defaults={
            "election": election,
            "display_name": display_name,
            "bio": bio,
            "created_at": now,
        },
    )
    changed: list[str] = []
    if display_name and display_name != account.display_name:
        account.display_name, changed = display_name[:200], [*changed, "display_name"]
    if bio and bio != account.bio:
        account.bio, changed = bio, [*changed, "bio"]
    if account.civil_servant_id is None:
        declared = SocialAccount.objects.filter(platform=account.platform, handle=handle).first()
        if declared is not None:
            account.civil_servant_id, changed = (
                declared.civil_servant_id,
                [*changed, "civil_servant"],
            )
    if changed and not created:
        account.save(update_fields=changed)
    elif changed:
        account.save()
    return account


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower())) - _COMMON


@transaction.atomic
def suggest_links(*, account: WatchedAccount, now: dt.datetime) -> list[LinkSuggestion]:
    """Possible owners by name similarity and agency or position words; never links by itself."""
    if account.civil_servant_id is not None or account.kind != WatchedAccount.Kind.AUTHOR:
        return []
    query = account.display_name or account.handle.replace(".", " ").replace("_", " ")
    pool = CivilServant.objects.select_related("agency")
    if account.region_code:
        pool = pool.filter(Region.within_q([account.region_code], "agency__region__code"))
    names = dict(pool.values_list("pk", "name"))
    from rapidfuzz import fuzz, process  # loaded where names are matched, not in every process

    matches = process.extract(
        query,
        names,
        scorer=fuzz.token_sort_ratio,
        processor=str.lower,
        limit=10,
        score_cutoff=NAME_CUTOFF,
    )
    profile = _words(f"{account.display_name} {account.bio}")
    ranked = []
    for servant in pool.filter(pk__in=[key for _name, _score, key in matches]):
        name_score = next(score for _name, score, key in matches if key == servant.pk)
        agency_words = sorted(profile & _words(servant.agency.name))
        position_words = sorted(profile & _words(servant.position))
        score = name_score / 100 * 0.8 + 0.1 * bool(agency_words) + 0.1 * bool(position_words)
        reasons = {"name": round(name_score), "agency": agency_words, "position": position_words}
        ranked.append((score, servant, reasons))
    ranked.sort(key=lambda entry: -entry[0])
    suggestions = []
    for score, servant, reasons in ranked[:MAX_SUGGESTIONS]:
        suggestion, _new = LinkSuggestion.objects.get_or_create(
            account=account,
            civil_servant=servant,
            defaults={"score": round(score, 3), "reasons": reasons, "created_at": now},
        )
        suggestions.append(suggestion)
    return suggestions


@transaction.atomic
def confirm_link(*, suggestion: LinkSuggestion, by: Any, now: dt.datetime) -> SocialAccount:
    """A human confirmed the owner: the registry declares the account and an event records it."""
    suggestion = (
        LinkSuggestion.objects.select_for_update().select_related("account").get(pk=suggestion.pk)
    )
    if suggestion.status != LinkSuggestion.Status.OPEN:
        raise ValidationError(_("This suggestion has already been decided."))
    account = suggestion.account
    declared = registry_services.declare_social_account(
        civil_servant=suggestion.civil_servant,
        platform=account.platform,
        handle=account.handle,
        now=now,
        verified=True,
    )
    account.civil_servant = suggestion.civil_servant
    account.save(update_fields=["civil_servant"])
    suggestion.status = LinkSuggestion.Status.CONFIRMED
    suggestion.save(update_fields=["status"])
    account.suggestions.filter(status=LinkSuggestion.Status.OPEN).update(
        status=LinkSuggestion.Status.REJECTED
    )
    events.record_account_event(
        account,
        AccountEvent.Type.LINK_CONFIRMED,
        by=by,
        now=now,
        civil_servant=str(suggestion.civil_servant.public_id),
        score=suggestion.score,
    )
    return declared


@transaction.atomic
def reject_link(*, suggestion: LinkSuggestion, by: Any, now: dt.datetime) -> LinkSuggestion:
    """A wrong suggestion is closed and recorded, so it is not offered again."""
    suggestion = LinkSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != LinkSuggestion.Status.OPEN:
        raise ValidationError(_("This suggestion has already been decided."))
    suggestion.status = LinkSuggestion.Status.REJECTED
    suggestion.save(update_fields=["status"])
    events.record_account_event(
        suggestion.account,
        AccountEvent.Type.LINK_REJECTED,
        by=by,
        now=now,
        civil_servant=str(suggestion.civil_servant.public_id),
    )
    return suggestion
