"""Everything the cases app needs from rules, reports and registry, each behind one function.

Other modules of this app call these and nothing else of those apps, so a change of their
interface is a change here only. Every deadline is the rules app's (`rules/data/deadlines.yaml`).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import get_language

from netral.registry import families
from netral.registry import selectors as registry_selectors
from netral.registry.models import Agency, CivilServant, Election
from netral.reports import policies as report_policies
from netral.reports import services as report_services
from netral.reports.models import Report

# ---------------------------------------------------------------------------------- legal clock


@dataclass(frozen=True)
class Due:
    """A deadline: the moment, the sentence shown to people, its legal basis and confidence.

    `verified` is False for an unverified rule and for a date counted without a year's holidays
    (the sentence then says "kalender libur 2027 belum dimuat").
    """

    at: dt.datetime
    sentence: str
    legal_basis: str
    verified: bool
    rule_key: str
    missing_years: tuple[int, ...] = ()


def case_family(election: Election | None) -> str:
    """The election family a case's deadlines follow.

    With no election known a case follows the Pilkada rules, as it always has (docs/elections.md).
    """
    family = election.family if election is not None else ""
    return family or families.Family.PILKADA


def check_on_clock(day: dt.date) -> None:
    """A date field's validator: the legal clock's calendar holds the day (rules)."""
    from netral.rules import deadlines

    deadlines.check_on_clock(day)


def holiday_dates() -> frozenset[dt.date]:
    """The administrators' holiday table, as the legal clock counts it."""
    from netral.rules import selectors

    return selectors.holiday_dates()


def due_for(
    rule_key: str,
    start: dt.datetime,
    *,
    family: str,
    region_code: str = "",
    holidays: frozenset[dt.date] | None = None,
) -> Due:
    """When a step started at `start` is due under a workflow rule key, in the case's family:
    the end of the last day in the zone of the case's province (WIB without a region)."""
    from netral.rules import deadlines, selectors, zones

    days_off = selectors.holiday_dates() if holidays is None else holidays
    zone = zones.zone_for_region(region_code)
    found = deadlines.due(start, rule_key, family=family, holidays=days_off, zone=zone)
    return Due(
        found.due_at,
        found.explanation,
        found.legal_basis,
        not found.unverified,
        found.rule_key,
        found.missing_years,
    )


# ---------------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    title: str
    sanction_category: str
    legal_basis: str
    verified: bool
    stage: str = "any"  # "bakal_calon", "calon" or "any": who the act supported, when


def _lang() -> str:
    return get_language() or "id"


def catalogue(on: dt.date | None = None) -> dict[str, CatalogueEntry]:
    """The violation catalogue by code (KE-01…, DS-01…, PID-…), as in force on `on`."""
    from netral.rules import catalogue as cat

    version = cat.catalogue().version_on(on) if on else cat.catalogue().current
    return {
        item.code: CatalogueEntry(
            item.code,
            item.title.get(_lang()),
            item.category,
            item.legal_basis_display,
            not item.unverified,
            item.stage,
        )
        for item in cat.ordered(list(version.entries.values()))
    }


def catalogue_codes() -> list[str]:
    return list(catalogue())


def sanction_categories() -> dict[str, str]:
    """Category key → name, e.g. HD_BERAT → "Hukuman disiplin berat"."""
    from netral.rules import catalogue as cat

    categories = sorted(cat.catalogue().categories.values(), key=lambda c: c.severity)
    return {category.key: category.name.get(_lang()) for category in categories}


def sanctions(category: str | None = None) -> dict[str, str]:
    """Concrete sanctions (code → text) a PPK may impose, for one category or all."""
    from netral.rules import catalogue as cat

    book = cat.catalogue()
    if category is None:
        codes: tuple[str, ...] = tuple(
            code for code, item in book.sanctions.items() if item.penalty is None
        )
    else:
        found = book.categories.get(category)
        sets = book.current.sanction_sets
        codes = sets.get(found.sanction_set, ()) if found and found.sanction_set else ()
    return {code: book.sanctions[code].text.get(_lang()) for code in codes}


def recommendable_categories() -> dict[str, str]:
    """The categories a recommendation to a PPK may name: those with sanctions a PPK imposes
    (not a crime, which goes to Sentra Gakkumdu, nor a task force's case-by-case sanction)."""
    return {key: name for key, name in sanction_categories().items() if sanctions(key)}


def category_for(codes: list[str]) -> str:
    """The most severe category a PPK can act on among the codes' (by the catalogue's
    severity); a criminal code beside them does not make the recommendation a crime."""
    from netral.rules import catalogue as cat

    categories = cat.catalogue().categories
    entries = catalogue()
    found = [entries[c].sanction_category for c in codes if c in entries]
    allowed = recommendable_categories()
    ranked = [c for c in found if c in allowed]
    return max(ranked, key=lambda key: categories[key].severity) if ranked else ""


def sanction_rank(code: str) -> int | None:
    """How heavy a concrete sanction is, by its level in the catalogue (0 the lightest)."""
    from netral.rules import catalogue as cat

    book = cat.catalogue()
    found = book.sanctions.get(code)
    return book.level_rank(found.level) if found else None


def category_rank(category: str) -> int | None:
    """How heavy a recommended category is: the lightest sanction its set allows."""
    ranks = [sanction_rank(code) for code in sanctions(category)]
    known = [rank for rank in ranks if rank is not None]
    return min(known) if known else None


def sanctions_for_codes(codes: list[str]) -> dict[str, str]:
    """The sanctions a PPK may impose for these codes: every ranked sanction of the regime the
    codes' categories draw on (PP 94/2021 for discipline, PP 42/2004 for ethics), lightest first."""
    from netral.rules import catalogue as cat

    book = cat.catalogue()
    categories = {entry.sanction_category for c, entry in catalogue().items() if c in codes}
    regimes = {book.sanctions[code].regime for key in categories for code in sanctions(key)}
    ranked = [
        item
        for item in book.sanctions.values()
        if item.regime in regimes and book.level_rank(item.level) is not None
    ]
    ranked.sort(key=lambda item: book.level_rank(item.level) or 0)
    return {item.code: item.text.get(_lang()) for item in ranked}


# ---------------------------------------------------------------------------------- authorities


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    legal_basis: str
    verified: bool


def recommending_body(on: dt.date) -> Body:
    """The body that recommends ASN sanctions on that day: KASN until 23 Aug 2024, then BKN."""
    from netral.rules import catalogue as cat

    period = cat.recommending_period_on(on)
    body = cat.catalogue().bodies[period.body]
    # Stored on recommendations and letters, which are official documents: in Indonesian.
    return Body(period.body, body.name.id, period.legal_basis.display, period.confidence == "V")


# The PPK and its stand-in in a conflict of interest are registry facts: asked there.
PpkRoute = registry_selectors.PpkRoute
ppk_conflict = registry_selectors.ppk_conflict
ppk_route = registry_selectors.ppk_route


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
    subject_agency: str
    subject_nip: str
    occurred_on: dt.date | None
    region_code: str
    election_kind: str
    act_code: str
    identity_shareable: bool
    evidence: list[dict[str, str]] = field(default_factory=list)
    agency: Agency | None = None
    election: Election | None = None


def report_for_case(ref: str) -> ReportSummary | None:
    """The report with this public reference, summarised, or None when there is none."""
    report = Report.objects.filter(code=ref).select_related("region").first()
    if report is None:
        return None
    return summarise_report(report)


def _case_title(report: Any) -> str:
    """Who, where and which report ("Budi Santoso · Dinas Pendidikan · 9Z0D-0FG1-ERNN"): queue rows
    from public reports differ, and read the same in either language (issue 14), where a title
    from the category all looked alike and stayed Indonesian."""
    agency = (report.subject_agency or "").strip()
    parts = [report.subject_name.strip(), agency, report.display_code]
    return " · ".join(part for part in parts if part)[:200]


def summarise_report(report: Any) -> ReportSummary:
    evidence = [
        {"name": item.original_name, "uuid": str(item.uuid), "kind": item.kind}
        for item in report.evidence.all()
    ]
    return ReportSummary(
        ref=report.code,
        track=str(report.track),
        title=_case_title(report),
        description=report.description,
        subject_name=report.subject_name,
        subject_position=report.subject_position,
        subject_agency=report.subject_agency,
        subject_nip=report.subject_nip,
        occurred_on=report.incident_date,
        region_code=report.region.code if report.region_id else "",
        election_kind=report.election_kind,
        act_code=report.act_code,
        identity_shareable=bool(getattr(report, "identity_shareable", False)),
        evidence=evidence,
        agency=getattr(report, "agency", None),
        election=getattr(report, "election", None),
    )


def reporter_gave_identity(ref: str) -> bool:
    """True when the report behind a case carries its reporter's identity (a formal report)."""
    return Report.objects.filter(code=ref, identity__isnull=False).exists()


def reporter_identity(ref: str, *, by: Any, now: dt.datetime) -> dict[str, str] | None:
    """The reporter's identity, opened through the reports app (which logs it); None if none."""
    report = Report.objects.filter(code=ref).first()
    if report is None or not hasattr(report, "identity"):
        return None
    identity: dict[str, str] = report_services.read_identity(report=report, by=by, now=now)
    return identity


def email_reporter(report: Any, *, key: str, subject: str, body: str, now: dt.datetime) -> bool:
    """A message to the formal reporter, sent by the reports app (which alone unseals the
    address, and sends each key once); False when the report has no e-mail address."""
    return report_services.email_reporter(
        report=report, key=key, subject=subject, body=body, now=now
    )


def evidence_links(principal: Any, ref: str) -> dict[str, Any]:
    """Links to the reports app's own evidence views, for those its policy lets in.

    The reports app decides who may open evidence: cases only links to it.
    """
    report = Report.objects.filter(code=ref).first()
    if report is None or not report_policies.can_view(principal, report):
        return {}
    items = [
        {
            "name": item.original_name,
            "kind": item.kind,
            "preview": reverse("reports:preview", args=[report.code, item.uuid]),
            "download": reverse("reports:download", args=[report.code, item.uuid]),
        }
        for item in report.evidence.all().order_by("added_at")
    ]
    return {"report": reverse("reports:staff_detail", args=[report.code]), "items": items}


@dataclass(frozen=True)
class EvidenceItem:
    """One evidence file of the case's report, as a later body (BKN, the PPK, …) sees it."""

    uuid: str
    label: str  # the reporter's file name only where they agreed to share their identity
    kind: str
    size: int
    sha256: str
    has_preview: bool
    processing: str  # an image is "pending" until the worker opened it, or "damaged"


def case_evidence(ref: str, *, names_shown: bool) -> list[EvidenceItem]:
    """The evidence of the report `ref`, in the order it was added."""
    from django.utils.translation import gettext as _

    report = Report.objects.filter(code=ref).first()
    if report is None:
        return []
    return [
        EvidenceItem(
            uuid=str(item.uuid),
            label=item.original_name if names_shown else _("Evidence %(n)s") % {"n": number},
            kind=str(item.get_kind_display()),
            size=item.size,
            sha256=item.sha256,
            has_preview=bool(item.preview_name),
            processing=item.processing,
        )
        for number, item in enumerate(report.evidence.order_by("added_at", "id"), start=1)
    ]


def open_evidence(ref: str, uuid: str, *, preview: bool) -> tuple[Any, str, str] | None:
    """(file handle, file name, content type) of one evidence file or its preview; None when
    the report has no such file (or no preview)."""
    from netral.reports import storage

    report = Report.objects.filter(code=ref).first()
    item = report.evidence.filter(uuid=uuid).first() if report else None
    if item is None or (preview and not item.preview_name):
        return None
    if preview:
        return storage.evidence_storage().open(item.preview_name, "rb"), "", "image/jpeg"
    extension = item.storage_name.rsplit(".", 1)[-1]
    name = f"{report.code}-{str(item.uuid)[:8]}.{extension}"  # type: ignore[union-attr]
    return storage.evidence_storage().open(item.storage_name, "rb"), name, item.content_type


def evidence_sha256(ref: str, uuid: str) -> str:
    report = Report.objects.filter(code=ref).first()
    item = report.evidence.filter(uuid=uuid).first() if report else None
    return item.sha256 if item else ""


def suggested_codes(case: Any) -> list[str]:
    """The codes a decision form starts from: those already decided (BKN starts from Bawaslu's),
    else what the rules app makes of the report's category on the incident day — only when the
    facts suffice (the rules app never guesses)."""
    if case.codes:
        return list(case.codes)
    if not case.source_ref:
        return []
    from netral.reports import categories
    from netral.rules import decision

    report = Report.objects.filter(code=case.source_ref).first()
    if report is None:
        return []
    facts = _case_facts(case, act=categories.act_for(report.category))
    try:
        found = decision.decide(facts)
    except (KeyError, ValueError):
        return []
    return [] if found.missing else list(found.codes)


def _case_facts(case: Any, *, act: str | None) -> Any:
    """The rules app's facts of a case: the act, the incident day, the election's family and
    the day its candidates were designated."""
    from netral.rules import decision

    election = case.election if case.election_id else None
    designation = None
    if election is not None:
        stage = election.stages.filter(key="candidate_designation").first()
        designation = stage.start if stage else None
    return decision.Facts(
        act=act,
        incident_date=case.occurred_on,
        family=case_family(election),
        designation_date=designation,
    )


TARGET_STAGES = ("bakal_calon", "calon")


def suggested_stage(case: Any) -> str:
    """The stage a decision form starts from: the one the last decision recorded (BKN starts
    from Bawaslu's), else the rules app's reading of the incident day against the election's
    designation day; blank when neither is known (the rules app never guesses)."""
    decided = (
        case.decisions.exclude(target_stage="").order_by("-decided_at", "-pk").first()
        if case.pk
        else None
    )
    if decided is not None:
        return str(decided.target_stage)
    from netral.rules import decision

    return decision.target_stage(_case_facts(case, act=None)) or ""


def election_choices() -> list[tuple[str, str]]:
    """(code, name) of every election, newest first, for a decision form."""
    return list(Election.objects.order_by("-voting_day", "name").values_list("code", "name"))


def election_by_code(code: str) -> Election | None:
    return Election.objects.filter(code=code).first() if code else None


DECREE_KINDS = ("pdf", "image")


@dataclass(frozen=True)
class StoredFile:
    """An uploaded file that passed the evidence checks and was put in private storage."""

    name: str
    content_type: str
    size: int
    sha256: str
    storage_name: str


def store_decree(file: Any, name: str) -> StoredFile:
    """Checks a decree (SK) file as the reports app checks evidence (type from the content, the
    evidence size limit), accepts a PDF or an image only, and stores it privately."""
    from django.core.exceptions import ValidationError
    from django.core.files import File
    from django.utils.translation import gettext as _

    from netral.reports import evidence, storage

    inspected = evidence.inspect(file, name)
    if inspected.kind not in DECREE_KINDS:
        raise ValidationError(_("The decree must be a PDF or a photo (scan) of the signed SK."))
    stored = storage.save("decrees", inspected.extension, File(inspected.file, name=inspected.name))
    return StoredFile(
        inspected.name, inspected.content_type, inspected.size, inspected.sha256, stored
    )


def image_cost(file: Any) -> int:
    """An image's decoding cost in pixels, read from its header alone (decision 0042)."""
    from netral.reports import evidence

    return evidence.decode_cost(file)


def inspect_image(file: Any, name: str, allowance: int) -> tuple[str, int, int, bytes | None]:
    """(content type, width, height, preview re-encoded without metadata) of a checked file,
    decoded only within `allowance` pixels; a ValidationError says what is wrong."""
    from netral.reports import evidence

    found = evidence.inspect(file, name, decode_allowance=allowance)
    width, height = found.metadata.get("width", 0), found.metadata.get("height", 0)
    return found.content_type, width, height, found.preview


def store_private(folder: str, extension: str, content: bytes) -> str:
    """Stores bytes in the private file storage under a random name; returns the name."""
    from netral.reports import storage

    return storage.save(folder, extension, content)


def open_stored(storage_name: str) -> Any:
    from netral.reports import storage

    return storage.evidence_storage().open(storage_name, "rb")


def report_by_ref(ref: str) -> Any:
    """The report object itself, for the reports app's own evidence views; None if none."""
    return Report.objects.filter(code=ref).first()


# ---------------------------------------------------------------------------------- registry


def election_for(kind: str, region_code: str, on: dt.date) -> Election | None:
    """The election of that kind whose region contains `region_code`, nearest after `on`."""
    if not kind:
        return None
    found = [
        election
        for election in Election.objects.filter(kind=kind).select_related("region")
        if election.region is None or election.region.contains(region_code)
    ]
    upcoming = sorted((e for e in found if e.voting_day >= on), key=lambda e: e.voting_day)
    return upcoming[0] if upcoming else (found[0] if found else None)


def civil_servant_by_nip(nip: str) -> Any:
    return CivilServant.objects.filter(nip=nip).select_related("agency").first() if nip else None


def deadline_rules() -> list[dict[str, Any]]:
    """Every workflow deadline rule per election family, as counted, for the documentation."""
    from netral.rules import deadlines

    mapped = {source for variants in deadlines.steps().values() for source in variants.values()}
    direct = {key: {"any": key} for key, rule in deadlines.rules().items() if key not in mapped}
    rows = []
    for key, variants in {**deadlines.steps(), **direct}.items():
        for family, source in variants.items():
            rule = deadlines.rules()[source]
            rows.append(
                {
                    "key": key,
                    "family": family,
                    "days": rule.amount_in_force(),
                    "working": rule.unit is deadlines.Unit.WORKING_DAYS,
                    "legal_basis": rule.legal_basis.display,
                    "confidence": rule.confidence,
                    "source": f"rules: {source}",
                }
            )
    return rows
