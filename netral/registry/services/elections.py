"""Loading election files (docs/elections.md) into Election, ElectionStage and CandidatePair."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from netral.registry import election_file, lookups
from netral.registry.models import CandidatePair, Election, ElectionStage, Region

_LIST_FIELDS = ("names", "nicknames", "jargon", "slogans", "hashtags", "parties", "accounts")


def _unique_code(name: str, election: Election | None) -> str:
    base = slugify(name)[:130] or "pemilihan"
    code, suffix = base, 2
    others = Election.objects.exclude(pk=election.pk) if election else Election.objects.all()
    while others.filter(code=code).exists():
        code, suffix = f"{base}-{suffix}", suffix + 1
    return code


def _save_election(parsed: election_file.ElectionFile) -> Election:
    region = None
    if parsed.region:
        region = Region.objects.filter(code=parsed.region).first()
        if region is None:
            raise ValidationError(
                _("Region %(code)s is not loaded: run “netral load-regions” first.")
                % {"code": parsed.region}
            )
    election = Election.objects.filter(name=parsed.name).first()
    values = {"kind": parsed.kind, "region": region, "voting_day": parsed.voting_day}
    if election is None:
        return Election.objects.create(
            name=parsed.name, code=_unique_code(parsed.name, None), **values
        )
    for key, value in values.items():
        setattr(election, key, value)
    election.save()
    return election


def _save_stages(election: Election, stages: tuple[election_file.Stage, ...]) -> None:
    election.stages.exclude(key__in=[stage.key for stage in stages]).delete()
    for position, stage in enumerate(stages):
        ElectionStage.objects.update_or_create(
            election=election,
            key=stage.key,
            defaults={
                "name": stage.name,
                "start": stage.start,
                "end": stage.end,
                "confidence": stage.confidence,
                "position": position,
            },
        )


def _save_candidates(election: Election, candidates: tuple[election_file.Candidate, ...]) -> None:
    election.candidates.exclude(number__in=[c.number for c in candidates]).delete()
    for candidate in candidates:
        CandidatePair.objects.update_or_create(
            election=election,
            number=candidate.number,
            defaults={key: list(getattr(candidate, key)) for key in _LIST_FIELDS},
        )


@transaction.atomic
def load_election_file(source: str | Path | election_file.ElectionFile, /) -> Election:
    """Creates or updates the election named in the file, with exactly the file's stages and pairs.

    Loading the same file twice changes nothing; the election is matched by its name. A Pilkada
    on the 2024 national voting day without stages gets the shipped PKPU 2/2024 calendar.
    Raises election_file.ElectionFileError for a bad file, ValidationError for an unknown region.
    """
    parsed = (
        source if isinstance(source, election_file.ElectionFile) else election_file.load(source)
    )
    election = _save_election(parsed)
    _save_stages(election, parsed.stages)
    _save_candidates(election, parsed.candidates)
    lookups.invalidate()  # the report forms' election lists
    return election
