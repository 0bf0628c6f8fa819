"""The ASN's role at each election stage, from the catalogue's data (never copied here).

For a day, the situation is who the candidates are (bakal calon / calon, by the designation
stage's date and the catalogue's rule) and where the campaign period stands; the catalogue entries
for that situation and the election's family are what an ASN may not do, with their "boleh /
tidak boleh" examples and legal basis. The page shows today's situation and each later one.
"""

import datetime as dt
from dataclasses import dataclass, field

from netral.prevention import duties
from netral.registry.models import Election, ElectionStage
from netral.rules import catalogue
from netral.rules import decision as rules_decision

DESIGNATION = "candidate_designation"
CAMPAIGN = "campaign"


@dataclass(frozen=True)
class Situation:
    start: dt.date
    stages: list[ElectionStage]
    target: str | None  # bakal_calon / calon
    phase: str | None  # before / during / after the campaign period
    entries: list[catalogue.Entry]
    # What an ASN serving on an ad hoc election body does at the stages running (duties.py).
    official_duties: list[catalogue.Text] = field(default_factory=list)


def _stage(stages: list[ElectionStage], key: str) -> ElectionStage | None:
    return next((stage for stage in stages if stage.key == key), None)


def situation_on(election: Election, stages: list[ElectionStage], day: dt.date) -> Situation:
    designation = _stage(stages, DESIGNATION)
    campaign = _stage(stages, CAMPAIGN)
    period = (
        (campaign.start, campaign.end)
        if campaign is not None and campaign.start and campaign.end
        else None
    )
    facts = rules_decision.Facts(
        act=None,
        incident_date=day,
        family=election.family or None,
        designation_date=designation.start if designation is not None else None,
        campaign_period=period,
    )
    target = rules_decision.target_stage(facts)
    phase = rules_decision.campaign_phase(facts)
    version = catalogue.version_on(day)
    entries = [
        entry
        for entry in catalogue.ordered(list(version.entries.values()))
        if (not election.family or election.family in entry.families)
        and (target is None or entry.stage in (target, "any"))
        and (phase is None or phase in entry.campaign)
        and (entry.forbidden_examples or entry.allowed_examples)
    ]
    active = [
        stage
        for stage in stages
        if (stage.start is None or stage.start <= day) and (stage.end is None or day <= stage.end)
    ]
    official = duties.for_stages([stage.key for stage in active])
    return Situation(day, active, target, phase, entries, official)


def role_timeline(election: Election, today: dt.date, limit: int = 4) -> list[Situation]:
    """Today's situation, then each later day on which the situation changes (up to `limit`)."""
    stages = list(election.stages.order_by("position", "start"))
    days = [today] + sorted({s.start for s in stages if s.start and s.start > today})
    found: list[Situation] = []
    seen: set[tuple[str | None, str | None, str, tuple[str, ...]]] = set()
    for day in days:
        situation = situation_on(election, stages, day)
        official = tuple(text.id for text in situation.official_duties)
        key = (situation.target, situation.phase, catalogue.version_on(day).id, official)
        if key in seen:
            continue
        seen.add(key)
        found.append(situation)
        if len(found) >= limit:
            break
    return found
