"""Reads of the prevention app: coverage, counted in the database."""

from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from netral.cases import selectors as case_selectors
from netral.prevention import events, policies
from netral.prevention.models import (
    Attendance,
    Briefing,
    BriefingMaterial,
    Campaign,
    CampaignEvent,
    ModuleAttempt,
    Signature,
    SigningCode,
)
from netral.registry.models import CivilServant, Election, Region


@dataclass(frozen=True)
class Coverage:
    staff: int
    signed: int
    online: int = 0
    paper: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.staff) if self.staff else 0


def campaign_staff(campaign: Campaign) -> QuerySet[CivilServant]:
    """Who is asked to sign: the agency's active civil servants."""
    return CivilServant.objects.filter(agency=campaign.agency, status=CivilServant.Status.ACTIVE)


def holding_emailed_code(campaign: Campaign) -> Q:
    """Civil servants whose current code of the campaign was e-mailed and is still unused."""
    return Q(
        pk__in=SigningCode.objects.filter(
            campaign=campaign, emailed_at__isnull=False, used_at__isnull=True
        ).values("civil_servant_id")
    )


def campaign_coverage(campaign: Campaign) -> Coverage:
    counts = Signature.objects.filter(campaign=campaign).aggregate(
        signed=Count("id"),
        online=Count("id", filter=Q(method=Signature.Method.ONLINE)),
        paper=Count("id", filter=Q(method=Signature.Method.PAPER)),
    )
    return Coverage(staff=campaign_staff(campaign).count(), **counts)


def unit_coverage(campaign: Campaign) -> list[dict[str, Any]]:
    """Staff, signatures and learners per work unit, lowest coverage first (the units to remind)."""
    rows = (
        campaign_staff(campaign)
        .values("unit")
        .annotate(
            # Distinct: the joins below give a row per attempt and per attendance.
            staff=Count("id", distinct=True),
            signed=Count(
                "pledge_signatures",
                filter=Q(pledge_signatures__campaign=campaign),
                distinct=True,
            ),
            # Staff who passed at least one learning module (distinct: two joins multiply rows).
            learned=Count(
                "module_attempts__civil_servant",
                filter=Q(module_attempts__campaign=campaign, module_attempts__passed=True),
                distinct=True,
            ),
            # Staff present at one or more of the campaign's sosialisasi / Bimtek.
            attended=Count(
                "briefing_attendance__civil_servant",
                filter=Q(briefing_attendance__briefing__campaign=campaign),
                distinct=True,
            ),
        )
        .order_by("unit")
    )
    result = [
        {**row, "percent": round(100 * row["signed"] / row["staff"]) if row["staff"] else 0}
        for row in rows
    ]
    return sorted(result, key=lambda row: (row["percent"], row["unit"]))


def campaign_list(user: Any) -> QuerySet[Campaign]:
    """The campaigns the user may see, each with its signatures and active staff (in the DB)."""
    signed = (
        Signature.objects.filter(campaign=OuterRef("pk"))
        .order_by()
        .values("campaign")
        .annotate(n=Count("id"))
        .values("n")
    )
    staff = (
        CivilServant.objects.filter(agency=OuterRef("agency"), status=CivilServant.Status.ACTIVE)
        .order_by()
        .values("agency")
        .annotate(n=Count("id"))
        .values("n")
    )
    return policies.visible_campaigns(user).annotate(
        signed=Coalesce(Subquery(signed), 0), staff=Coalesce(Subquery(staff), 0)
    )


def recent_signatures(campaign: Campaign, limit: int = 20) -> QuerySet[Signature]:
    return Signature.objects.filter(campaign=campaign).select_related("civil_servant")[:limit]


@dataclass(frozen=True)
class Group:
    people: int
    with_case: int

    @property
    def per_thousand(self) -> float:
        return round(1000 * self.with_case / self.people, 1) if self.people else 0.0


def signer_comparison(campaign: Campaign) -> dict[str, Group]:
    """People with a violation case among the pledge's signers and non-signers (counts only)."""
    staff = campaign_staff(campaign)
    signed_ids = Signature.objects.filter(campaign=campaign).values("civil_servant_id")
    accused = case_selectors.violation_cases_about_staff(campaign.agency).values("civil_servant_id")
    signers = staff.filter(pk__in=signed_ids)
    others = staff.exclude(pk__in=signed_ids)
    return {
        "signers": Group(signers.count(), signers.filter(pk__in=accused).count()),
        "non_signers": Group(others.count(), others.filter(pk__in=accused).count()),
    }


def lagging_units(campaign: Campaign, threshold: int) -> list[dict[str, Any]]:
    """Units whose coverage is below `threshold` percent."""
    return [row for row in unit_coverage(campaign) if row["percent"] < threshold]


HISTORY_LENGTH = 30


def campaign_history(campaign: Campaign, limit: int = HISTORY_LENGTH) -> list[CampaignEvent]:
    """What the organisers and the platform did in a campaign, newest first; the signatures,
    quizzes and check-ins of its civil servants are counted on its page, not listed."""
    rows = campaign.events.exclude(type__in=events.ASN_TYPES).select_related("actor")
    return list(rows.order_by("-at", "-pk")[:limit])


def briefings_of(campaign: Campaign) -> QuerySet[Briefing]:
    """The campaign's sosialisasi and Bimtek, each with how many attended."""
    return campaign.briefings.annotate(present=Count("attendance"))


def briefing_units(briefing: Briefing) -> list[dict[str, Any]]:
    """Per work unit of the agency: active staff and how many of them attended this briefing."""
    present = Attendance.objects.filter(briefing=briefing).values("civil_servant_id")
    rows = (
        campaign_staff(briefing.campaign)
        .values("unit")
        .annotate(staff=Count("id"), present=Count("id", filter=Q(pk__in=present)))
        .order_by("unit")
    )
    return [
        {**row, "percent": round(100 * row["present"] / row["staff"]) if row["staff"] else 0}
        for row in rows
    ]


def recent_attendance(briefing: Briefing, limit: int = 20) -> QuerySet[Attendance]:
    return Attendance.objects.filter(briefing=briefing).select_related("civil_servant")[:limit]


def material(public_id: Any) -> BriefingMaterial | None:
    """One briefing material with its briefing (the caller checks who may download it)."""
    return BriefingMaterial.objects.select_related("briefing").filter(public_id=public_id).first()


def province(code: str) -> Region | None:
    """The province a coverage page is narrowed to, or None for an unknown code."""
    return Region.objects.filter(code=code, level=Region.Level.PROVINCE).first()


def attendance(pk: int) -> Attendance | None:
    """One attendance with what its confirmation page shows (the caller checks who may see it)."""
    return (
        Attendance.objects.select_related(
            "briefing__campaign__election", "briefing__campaign__agency", "civil_servant"
        )
        .filter(pk=pk)
        .first()
    )


def _percent_expression() -> Any:
    return ExpressionWrapper(100.0 * F("score") / F("total"), output_field=FloatField())


def learning_scores(campaign: Campaign) -> list[dict[str, Any]]:
    """Per module: pre-quizzes and quizzes taken, and their mean scores in percent (one query).

    Means of all attempts; a quiz may be retaken, so the quiz's mean counts retries too.
    """
    rows = (
        ModuleAttempt.objects.filter(campaign=campaign, total__gt=0)
        .values("module")
        .annotate(
            pre_taken=Count("id", filter=Q(kind=ModuleAttempt.Kind.PRE)),
            pre_mean=Avg(_percent_expression(), filter=Q(kind=ModuleAttempt.Kind.PRE)),
            post_taken=Count("id", filter=Q(kind=ModuleAttempt.Kind.POST)),
            post_mean=Avg(_percent_expression(), filter=Q(kind=ModuleAttempt.Kind.POST)),
            passed=Count("civil_servant", filter=Q(passed=True), distinct=True),
        )
        .order_by("module")
    )
    return [
        {
            **row,
            "pre_mean": round(row["pre_mean"]) if row["pre_mean"] is not None else None,
            "post_mean": round(row["post_mean"]) if row["post_mean"] is not None else None,
        }
        for row in rows
    ]


def pre_quiz_before(attempt: ModuleAttempt) -> ModuleAttempt | None:
    """The person's latest pre-quiz of the same module before this quiz (None if they skipped)."""
    if attempt.kind != ModuleAttempt.Kind.POST:
        return None
    return (
        ModuleAttempt.objects.filter(
            campaign_id=attempt.campaign_id,
            civil_servant_id=attempt.civil_servant_id,
            module=attempt.module,
            kind=ModuleAttempt.Kind.PRE,
            attempted_at__lte=attempt.attempted_at,
        )
        .order_by("-attempted_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class RegionCoverage:
    """Signing coverage of the campaigns of one region's agencies (code None: agencies of the
    region asked for itself, or national agencies at the top)."""

    code: str | None
    name: str
    agencies: int
    staff: int
    signed: int
    opens: bool  # the region has regions below it to open

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.staff) if self.staff else 0


def region_coverage(user: Any, voting_day: Any, within: str = "") -> list[RegionCoverage]:
    """The campaigns the user may see of the elections held on `voting_day` (a simultaneous
    round: every Pilkada of 2024 voted on one day), added up per region one level below
    `within` ("": per province): one query for the campaigns with their counts, one for names."""
    campaigns = campaign_list(user).filter(election__voting_day=voting_day)
    if within:
        campaigns = campaigns.filter(Region.within_q([within], "agency__region__code"))
    depth = len(within.split(".")) + 1 if within else 1
    totals: dict[str | None, list[int]] = {}
    counted = campaigns.values_list("agency__region__code", "staff", "signed")  # type: ignore[misc]
    for code, staff, signed in counted:
        parts = code.split(".") if code else []
        key = ".".join(parts[:depth]) if len(parts) >= depth else None
        row = totals.setdefault(key, [0, 0, 0])
        row[0], row[1], row[2] = row[0] + 1, row[1] + staff, row[2] + signed
    names = dict(
        Region.objects.filter(code__in=[k for k in totals if k]).values_list("code", "name")
    )
    rows = [
        RegionCoverage(
            code=key,
            name=names.get(key, key) if key else "",
            agencies=agencies,
            staff=staff,
            signed=signed,
            opens=key is not None and depth < Region.Level.REGENCY,
        )
        for key, (agencies, staff, signed) in totals.items()
    ]
    return sorted(rows, key=lambda row: (row.code is not None, row.code or ""))


def voting_days(user: Any) -> list[dict[str, Any]]:
    """The voting days of the elections with campaigns the user may see, latest first, each
    with how many elections vote that day."""
    ids = policies.visible_campaigns(user).values("election")
    days = (
        Election.objects.filter(pk__in=ids)
        .values("voting_day")
        .annotate(elections=Count("id"))
        .order_by("-voting_day")
    )
    return [dict(day) for day in days]
