"""Everything the cases app needs from rules, reports and registry, each behind one function.

Other modules of this app call these and nothing else of those apps, so a change of their
interface is a change here only. Where a neighbour does not answer yet, a stand-in reads
`data/fallback.yaml` (facts from the regulation reference, with their confidence tags).
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from netral.registry.models import Agency, CandidatePair, Election

PILKADA_KINDS = ("gubernur", "bupati", "wali_kota")
_FALLBACK = Path(__file__).parent / "data" / "fallback.yaml"


@cache
def _fallback() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(_FALLBACK.read_text(encoding="utf-8"))
    return data


# ---------------------------------------------------------------------------------- legal clock


@dataclass(frozen=True)
class Due:
    """A deadline: the moment, the sentence shown to people, its legal basis and confidence."""

    at: dt.datetime
    sentence: str
    legal_basis: str
    verified: bool
    rule_key: str


def _rule(rule_key: str, election_kind: str | None) -> dict[str, Any]:
    variants: dict[str, Any] = _fallback()["deadlines"][rule_key]
    family = "pilkada" if (election_kind or "bupati") in PILKADA_KINDS else "pemilu"
    rule = dict(variants.get(family) or variants["any"])
    # One setting overrides any of these counts, e.g. {"ppk.follow_up": 10}.
    overrides: dict[str, int] = getattr(settings, "NETRAL_CASES_DEADLINE_DAYS", {}) or {}
    if rule_key in overrides:
        rule["days"] = int(overrides[rule_key])
    return rule


def _add_days(start: dt.date, days: int, working: bool, holidays: set[dt.date]) -> dt.date:
    if not working:
        return start + dt.timedelta(days=days)
    day, left = start, days
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            left -= 1
    return day


def due_for(
    rule_key: str,
    start: dt.datetime,
    *,
    election_kind: str | None = None,
    holidays: set[dt.date] | None = None,
) -> Due:
    """When a step started at `start` is due under `rule_key`: the end of the last day, local time.

    Pilkada counts calendar days unless the rule says hari kerja; the last day ends at 23:59:59
    in the project's time zone, as an office day does.
    """
    rule = _rule(rule_key, election_kind)
    days, working = int(rule["days"]), bool(rule["working"])
    local_start = timezone.localtime(start).date()
    last_day = _add_days(local_start, days, working, holidays or set())
    at = timezone.make_aware(dt.datetime.combine(last_day, dt.time(23, 59, 59)))
    unit = _("working days") if working else _("days")
    sentence = _("Due %(date)s: %(days)s %(unit)s from %(start)s.") % {
        "date": date_format(last_day, "j F Y"),
        "days": days,
        "unit": unit,
        "start": date_format(local_start, "j F Y"),
    }
    return Due(at, sentence, str(rule["legal_basis"]), rule["confidence"] == "V", rule_key)


# ---------------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    title: str
    sanction_category: str
    legal_basis: str
    verified: bool


def catalogue() -> dict[str, CatalogueEntry]:
    """The violation catalogue by code (KE-01…, DS-01…, PID-…)."""
    return {
        code: CatalogueEntry(code, title, category, basis, confidence == "V")
        for code, (category, title, basis, confidence) in _fallback()["catalogue"].items()
    }


def catalogue_codes() -> list[str]:
    return list(catalogue())


def sanction_categories() -> dict[str, str]:
    """Category key → name, e.g. HD_BERAT → "Hukuman disiplin berat"."""
    return dict(_fallback()["sanction_categories"])


def sanctions(category: str | None = None) -> dict[str, str]:
    """Concrete sanctions (code → text) a PPK may impose, for one category or all."""
    table: dict[str, dict[str, str]] = _fallback()["sanctions"]
    if category is not None:
        return dict(table.get(category, {}))
    return {code: text for group in table.values() for code, text in group.items()}


def category_for(codes: list[str]) -> str:
    """The most severe sanction category among the codes (severity follows the catalogue)."""
    order = ["ETIK_MORAL", "HD_SEDANG", "HD_BERAT", "PTDH", "SATGAS_DECIDES"]
    entries = catalogue()
    found = [entries[c].sanction_category for c in codes if c in entries]
    ranked = [c for c in found if c in order]
    return max(ranked, key=order.index) if ranked else (found[0] if found else "")


# ---------------------------------------------------------------------------------- authorities


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    legal_basis: str
    verified: bool


def recommending_body(on: dt.date) -> Body:
    """The body that recommends ASN sanctions on that day: KASN until 23 Aug 2024, then BKN."""
    for row in _fallback()["recommending_bodies"]:
        starts, ends = row["valid_from"], row["valid_to"]
        if (starts is None or starts <= on) and (ends is None or on <= ends):
            return Body(row["key"], row["name"], row["legal_basis"], row["confidence"] == "V")
    raise LookupError(f"No recommending body on {on}")


@dataclass(frozen=True)
class PpkRoute:
    """Who receives a recommendation: the agency's PPK or, in conflict, the next authority up."""

    organisation_kind: str
    region_code: str | None
    ppk_name: str
    ppk_position: str
    substitute_reason: str = ""


def _government(agency: Agency) -> Agency:
    """The regional or national government whose head is the PPK of this agency."""
    seen = 0
    while agency.parent_id is not None and agency.kind == Agency.Kind.REGIONAL_UNIT and seen < 8:
        agency = agency.parent  # type: ignore[assignment]
        seen += 1
    return agency


def _normalise(name: str) -> str:
    return " ".join(name.upper().replace(",", " ").replace(".", " ").split())


def ppk_conflict(agency: Agency | None, election: Election | None) -> str:
    """Why the PPK may not decide (empty when no conflict is known): the PPK is a candidate."""
    if agency is None or election is None:
        return ""
    ppk = _normalise(_government(agency).ppk_name)
    if not ppk:
        return ""
    for pair in CandidatePair.objects.filter(election=election):
        for name in pair.names:
            if _normalise(str(name)) == ppk:
                return _("The PPK (%(name)s) is a candidate in %(election)s (number %(no)s).") % {
                    "name": _government(agency).ppk_name,
                    "election": election.name,
                    "no": pair.number,
                }
    return ""


def ppk_route(agency: Agency | None, *, conflict: str = "") -> PpkRoute:
    """The PPK of the agency, or the next authority up when there is a conflict of interest.

    A regent's or mayor's conflict goes to the governor; a governor's to the Minister of Home
    Affairs (Mendagri).
    """
    if agency is None:
        return PpkRoute("ppk", None, "", "")
    government = _government(agency)
    region = government.region
    if not conflict:
        return PpkRoute("ppk", region.code if region else None, government.ppk_name,
                        government.ppk_position)  # fmt: skip
    if region is not None and region.level > 1 and region.parent is not None:
        province = region.parent
        governor = Agency.objects.filter(
            region=province, kind=Agency.Kind.PROVINCIAL_GOVERNMENT
        ).first()
        return PpkRoute(
            "ppk",
            province.code,
            governor.ppk_name if governor else _("Governor"),
            governor.ppk_position if governor else _("Governor"),
            conflict,
        )
    return PpkRoute("kemendagri", None, _("Minister of Home Affairs"), _("Mendagri"), conflict)


# ---------------------------------------------------------------------------------- reports


@dataclass(frozen=True)
class ReportSummary:
    """What a case needs to know about the report it came from."""

    ref: str
    track: str  # "formal" or "tip"
    title: str
    description: str
    subject_name: str
    subject_position: str
    subject_nip: str
    occurred_on: dt.date | None
    region_code: str
    election_kind: str
    act_code: str
    identity_shareable: bool
    evidence: list[dict[str, str]] = field(default_factory=list)


def report_for_case(ref: str) -> ReportSummary | None:
    """The report with this public reference, summarised, or None when there is none."""
    try:
        from netral.reports.models import Report
    except ImportError:  # the reports app has not landed yet
        return None
    report = Report.objects.filter(code=ref).select_related("region").first()
    if report is None:
        return None
    return summarise_report(report)


def summarise_report(report: Any) -> ReportSummary:
    evidence = [
        {"name": item.original_name, "uuid": str(item.uuid), "kind": item.kind}
        for item in report.evidence.all()
    ]
    return ReportSummary(
        ref=report.code,
        track=str(report.track),
        title=str(report.get_category_display()),
        description=report.description,
        subject_name=report.subject_name,
        subject_position=report.subject_position,
        subject_nip=report.subject_nip,
        occurred_on=report.incident_date,
        region_code=report.region.code if report.region_id else "",
        election_kind=report.election_kind,
        act_code=report.act_code,
        identity_shareable=bool(getattr(report, "identity_shareable", False)),
        evidence=evidence,
    )


def reporter_identity(ref: str, *, by: Any, now: dt.datetime) -> dict[str, str] | None:
    """The reporter's identity, opened through the reports app (which logs it); None if none."""
    try:
        from netral.reports import services as report_services
        from netral.reports.models import Report
    except ImportError:
        return None
    report = Report.objects.filter(code=ref).first()
    if report is None or not hasattr(report, "identity"):
        return None
    identity: dict[str, str] = report_services.read_identity(report=report, by=by, now=now)
    return identity


def report_by_ref(ref: str) -> Any:
    """The report object itself, for the reports app's own evidence views; None if none."""
    try:
        from netral.reports.models import Report
    except ImportError:
        return None
    return Report.objects.filter(code=ref).first()


# ---------------------------------------------------------------------------------- registry


def election_for(kind: str, region_code: str, on: dt.date) -> Election | None:
    """The election of that kind whose region contains `region_code`, nearest after `on`."""
    if not kind:
        return None
    found = [
        election
        for election in Election.objects.filter(kind=kind).select_related("region")
        if election.region is None
        or region_code == election.region.code
        or region_code.startswith(election.region.code + ".")
    ]
    upcoming = sorted((e for e in found if e.voting_day >= on), key=lambda e: e.voting_day)
    return upcoming[0] if upcoming else (found[0] if found else None)


def civil_servant_by_nip(nip: str) -> Any:
    from netral.registry.models import CivilServant

    return CivilServant.objects.filter(nip=nip).select_related("agency").first() if nip else None


def deadline_rules() -> list[dict[str, Any]]:
    """Every deadline rule with its variants, for the documentation and the rules page."""
    rows = []
    for key, variants in _fallback()["deadlines"].items():
        for family, rule in variants.items():
            days = _rule(key, "bupati" if family == "pilkada" else "presiden")["days"]
            rows.append({"key": key, "family": family, **rule, "days": days})
    return rows
