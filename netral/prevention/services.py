"""Every write of the prevention app: campaigns, codes, signatures, paper lists.

Signing is never by NIP alone (the NIP encodes a birth date and is widely known): a one-time
code, issued per civil servant and kept only as a keyed hash, proves the signer received it
through their agency. Each write happens in one transaction: a refused signature or a file with
one bad row saves nothing.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override

from netral.core import when
from netral.prevention import events, learning, policies, selectors
from netral.prevention.models import (
    Attendance,
    Briefing,
    BriefingMaterial,
    Campaign,
    CampaignEvent,
    ModuleAttempt,
    PaperList,
    Signature,
    SigningCode,
)
from netral.registry import importers
from netral.registry.models import Agency, CivilServant, Election, SocialAccount
from netral.registry.services import civil_servants as registry_people
from netral.registry.services.rows import RowProblem, chunks
from netral.rules import catalogue

# No 0/O, 1/I/L: codes are read off paper and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
CERTIFICATE_LENGTH = 12
MAX_ACCOUNTS = 5
CHUNK = 5000  # rows per IN (…) query or insert: under SQLite's 32,766 parameters
PAPER_TABLE = importers.TableFormat(
    columns=(
        ("nip", ("nip", "ni_pppk", "nip_ni_pppk", "nomor_induk")),
        ("name", ("nama", "nama_lengkap", "name")),
    ),
    required=("nip",),
    sheet_names=("ikrar", "daftar_hadir", "daftar", "pegawai"),
)


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normal_code(value: str) -> str:
    """The code as typed, without spaces or dashes, upper case."""
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


def grouped(code: str) -> str:
    """XXXX-XXXX: how codes are printed."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(campaign: Campaign, civil_servant: CivilServant, code: str) -> str:
    message = f"{campaign.pk}:{civil_servant.pk}:{normal_code(code)}"
    return salted_hmac("netral.prevention.code", message, algorithm="sha256").hexdigest()


def normal_nip(value: str) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit())


# ---------------------------------------------------------------- campaigns


@transaction.atomic
def open_campaign(
    *, agency: Agency, election: Election, title: str, text: str, by: Any, now: dt.datetime
) -> Campaign:
    if not text.strip():
        raise ValidationError({"text": _("Write the text of the pledge.")})
    if Campaign.objects.filter(agency=agency, election=election).exists():
        raise ValidationError(
            {"election": _("This agency already has a pledge campaign for this election.")}
        )
    campaign = Campaign.objects.create(
        agency=agency,
        election=election,
        title=title.strip(),
        text=text.strip(),
        opened_by=by,
        opened_at=now,
    )
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.OPENED,
        by=by,
        now=now,
        election=election.code,
        agency=agency.code,
        text_version=1,
    )
    return campaign


@transaction.atomic
def revise_text(*, campaign: Campaign, text: str, by: Any, now: dt.datetime) -> Campaign:
    """A new version of the pledge text; signatures keep the version they signed."""
    campaign = Campaign.objects.select_for_update().select_related("agency").get(pk=campaign.pk)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the text of the pledge.")})
    if text == campaign.text:
        raise ValidationError({"text": _("The text has not changed.")})
    campaign.text = text
    campaign.text_version += 1
    campaign.save(update_fields=["text", "text_version"])
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.TEXT_REVISED,
        by=by,
        now=now,
        text_version=campaign.text_version,
        text_sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    return campaign


@transaction.atomic
def close_campaign(*, campaign: Campaign, by: Any, now: dt.datetime) -> Campaign:
    if not campaign.is_open:
        raise ValidationError(_("This campaign is already closed."))
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])
    events.record_campaign_event(campaign, CampaignEvent.Type.CLOSED, by=by, now=now)
    return campaign


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
    issued = [IssuedCode(person, _random(CODE_LENGTH)) for person in people.order_by("name")]
    if not issued:
        raise ValidationError(
            _(
                "Everyone in this unit has signed already or was e-mailed a code, or it has "
                "no staff."
            )
        )
    for part in chunks([i.civil_servant.pk for i in issued], CHUNK):
        SigningCode.objects.filter(campaign=campaign, civil_servant_id__in=part).delete()
    SigningCode.objects.bulk_create(
        [
            SigningCode(
                campaign=campaign,
                civil_servant=i.civil_servant,
                code_hash=code_hash(campaign, i.civil_servant, i.code),
                issued_at=now,
            )
            for i in issued
        ],
        batch_size=CHUNK,
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


# ---------------------------------------------------------------- signing


@dataclass(frozen=True)
class DeclaredAccount:
    platform: str
    handle: str


def _certificate_code() -> str:
    return _random(CERTIFICATE_LENGTH)


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


def _not_on_staff(campaign: Campaign) -> ValidationError:
    return ValidationError(
        {
            "nip": _("This NIP is not on the staff list of %(agency)s.")
            % {"agency": campaign.agency.name}
        }
    )


def _wrong_code() -> ValidationError:
    return ValidationError(
        {"code": _("The code is wrong. Check it on the sheet your agency gave you.")}
    )


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
    if not constant_time_compare(issued.code_hash, code_hash(campaign, person, code)):
        raise _wrong_code()
    return person, issued


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
            certificate_code=_certificate_code(),
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


def campaign_of(election: Election, nip: str) -> Campaign:
    """The campaign of the agency a NIP belongs to (learning pages name the election only)."""
    person = CivilServant.objects.filter(nip=normal_nip(nip)).select_related("agency").first()
    campaign = (
        Campaign.objects.select_related("agency").filter(election=election, agency=person.agency)
        if person is not None
        else Campaign.objects.none()
    ).first()
    if campaign is None:
        raise ValidationError(
            {"nip": _("No agency with a neutrality campaign for this election has this NIP.")}
        )
    return campaign


@transaction.atomic
def record_attempt(
    *,
    election: Election,
    nip: str,
    code: str,
    module: learning.Module,
    ticket: learning.Ticket,
    answers: list[str],
    now: dt.datetime,
    kind: str = learning.POST,
) -> ModuleAttempt:
    """Grade one quiz and record it (passing or not) for the civil servant NIP and code prove.

    A pre-quiz (`kind` PRE, taken before reading) is graded and kept the same way, but it
    neither passes nor earns a certificate: it is the starting point the quiz is compared to.
    """
    if kind not in (learning.PRE, learning.POST):
        raise ValueError(kind)
    campaign = campaign_of(election, nip)
    person, _issued = identify(campaign=campaign, nip=nip, code=code)
    questions = learning.draw(module, ticket.day, ticket.seed, election.family or None)
    result = learning.grade(module, questions, answers)
    passed = result.passed and kind == learning.POST
    attempt = ModuleAttempt.objects.create(
        campaign=campaign,
        civil_servant=person,
        kind=kind,
        module=module.slug,
        module_version=module.version,
        catalogue_version=catalogue.version_on(ticket.day).id,
        score=result.score,
        total=result.total,
        passed=passed,
        attempted_at=now,
        certificate_code=_certificate_code() if passed else None,
    )
    events.record_asn_event(
        campaign,
        CampaignEvent.Type.MODULE_ATTEMPTED,
        person,
        now=now,
        module=module.slug,
        module_version=module.version,
        score=result.score,
        total=result.total,
        passed=passed,
        kind=kind,
    )
    return attempt


def attempt_by_certificate(code: str) -> ModuleAttempt | None:
    """The passing quiz a certificate code names (dashes and case ignored)."""
    return (
        ModuleAttempt.objects.select_related("campaign__agency", "campaign__election")
        .filter(certificate_code=normal_code(code)[:CERTIFICATE_LENGTH])
        .first()
    )


def signature_by_certificate(code: str) -> Signature | None:
    """The signature a certificate code names (dashes and case ignored)."""
    return (
        Signature.objects.select_related("campaign__agency", "campaign__election")
        .filter(certificate_code=normal_code(code)[:CERTIFICATE_LENGTH])
        .first()
    )


# ---------------------------------------------------------------- paper route


@dataclass
class PaperResult:
    paper_list: PaperList | None = None
    signed: int = 0
    already_signed: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _listed_staff(agency: Agency, table: importers.Table, problems: list[RowProblem]) -> list[Any]:
    """The agency's civil servants a table of NIPs names; a problem per bad row (sorted).

    Shared by paper lists and attendance lists: NIPs as numbers, not 18 digits, on two rows or
    not on the agency's staff are refused row by row.
    """
    nips: dict[str, int] = {}
    for row in table.rows:
        raw = row.get("nip")
        nip = normal_nip(str(raw if raw is not None else ""))
        if isinstance(raw, float | int) and not isinstance(raw, bool):
            # Spreadsheets turn an 18-digit NIP into a number and lose its last digits.
            problems.append(
                RowProblem(row["row"], "nip", _("Format the NIP column as text, not a number."))
            )
            continue
        if len(nip) != 18:
            problems.append(RowProblem(row["row"], "nip", _("A NIP has 18 digits.")))
            continue
        if nip in nips:
            problems.append(
                RowProblem(
                    row["row"],
                    "nip",
                    _("This NIP is already on row %(row)d.") % {"row": nips[nip]},
                )
            )
            continue
        nips[nip] = row["row"]
    people: dict[str, CivilServant] = {}
    for part in chunks(list(nips), CHUNK):
        found = CivilServant.objects.filter(agency=agency, nip__in=part)
        people.update((p.nip, p) for p in found.only("pk", "nip"))
    for nip, number in nips.items():
        if nip not in people:
            problems.append(
                RowProblem(
                    number,
                    "nip",
                    _("NIP %(nip)s is not on the staff list of %(agency)s.")
                    % {"nip": nip, "agency": agency.name},
                )
            )
    problems.sort(key=lambda p: p.row)
    return [people[nip] for nip in nips if nip in people]


def record_paper_list(
    *,
    campaign: Campaign,
    scan: UploadedFile,
    table_path: str | Path,
    by: Any,
    now: dt.datetime,
) -> PaperResult:
    """Keeps the scanned list (with its SHA-256) and marks its NIPs as signed on paper.

    All or nothing: one unknown NIP, duplicate row or unreadable file and nothing is saved;
    people who had already signed keep their signature and are counted, not signed twice.
    """
    result = PaperResult()
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    try:
        table = importers.read_table(table_path, PAPER_TABLE)
    except importers.FileProblem as problem:
        raise ValidationError({"table": str(problem)}) from None
    result.notes = table.notes
    result.problems = list(table.problems)
    people = _listed_staff(campaign.agency, table, result.problems)
    if result.problems:
        return result
    digest = hashlib.sha256()
    for chunk in scan.chunks():
        digest.update(chunk)
    with transaction.atomic():
        already: set[int] = set()
        for part in chunks([p.pk for p in people], CHUNK):
            already.update(
                Signature.objects.filter(campaign=campaign, civil_servant_id__in=part).values_list(
                    "civil_servant_id", flat=True
                )
            )
        paper = PaperList(
            campaign=campaign,
            original_name=Path(scan.name or "scan").name[:200],
            sha256=digest.hexdigest(),
            size=scan.size or 0,
            uploaded_by=by,
            uploaded_at=now,
        )
        paper.scan.save(
            f"{paper.public_id}{Path(scan.name or '').suffix.lower()}", scan, save=False
        )
        paper.save()
        new = [p for p in people if p.pk not in already]
        Signature.objects.bulk_create(
            (
                Signature(
                    campaign=campaign,
                    civil_servant=person,
                    method=Signature.Method.PAPER,
                    text_version=campaign.text_version,
                    signed_at=now,
                    certificate_code=_certificate_code(),
                    paper_list=paper,
                )
                for person in new
            ),
            batch_size=CHUNK,
            ignore_conflicts=True,  # someone checked in at the door meanwhile: keep theirs
        )
        events.record_campaign_event(
            campaign,
            CampaignEvent.Type.PAPER_LIST,
            by=by,
            now=now,
            paper_list=str(paper.public_id),
            sha256=paper.sha256,
            signed=len(new),
            already_signed=len(already),
        )
    result.paper_list = paper
    result.signed = len(new)
    result.already_signed = len(already)
    return result


# ---------------------------------------------------------------- sosialisasi and Bimtek

CHECK_IN_LENGTH = 6
ATTENDANCE_TABLE = importers.TableFormat(
    columns=PAPER_TABLE.columns,
    required=("nip",),
    sheet_names=("daftar_hadir", "hadir", "absensi", "peserta", "daftar"),
)


def _check_in_code() -> str:
    while True:
        code = _random(CHECK_IN_LENGTH)
        if not Briefing.objects.filter(check_in_code=code).exists():
            return code


@transaction.atomic
def create_briefing(
    *,
    campaign: Campaign,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    organiser: str = "",
    place: str = "",
    online_url: str = "",
    by: Any,
    now: dt.datetime,
) -> Briefing:
    """Plans a sosialisasi or Bimtek for the campaign agency's staff, with a check-in code."""
    if not campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))
    if kind not in Briefing.Kind.values:
        raise ValidationError({"kind": _("Choose sosialisasi or Bimtek.")})
    if not title.strip():
        raise ValidationError({"title": _("Give the event a title.")})
    if not place.strip() and not online_url.strip():
        raise ValidationError({"place": _("Give the place, or the link of the online meeting.")})
    briefing = Briefing.objects.create(
        campaign=campaign,
        kind=kind,
        title=title.strip(),
        organiser=organiser.strip(),
        starts_at=starts_at,
        place=place.strip(),
        online_url=online_url.strip(),
        check_in_code=_check_in_code(),
        created_by=by,
        created_at=now,
    )
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.BRIEFING_CREATED,
        by=by,
        now=now,
        briefing=str(briefing.public_id),
        kind=kind,
        title=briefing.title,
        starts_at=starts_at,
    )
    return briefing


@transaction.atomic
def close_check_in(*, briefing: Briefing, by: Any, now: dt.datetime) -> Briefing:
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    if not briefing.check_in_open:
        raise ValidationError(_("Check-in is already closed."))
    briefing.check_in_open = False
    briefing.save(update_fields=["check_in_open"])
    events.record_campaign_event(
        briefing.campaign,
        CampaignEvent.Type.CHECK_IN_CLOSED,
        by=by,
        now=now,
        briefing=str(briefing.public_id),
    )
    return briefing


def briefing_by_code(code: str) -> Briefing | None:
    return (
        Briefing.objects.select_related("campaign__agency", "campaign__election")
        .filter(check_in_code=normal_code(code)[:8])
        .first()
    )


@transaction.atomic
def check_in(*, event_code: str, nip: str, code: str, now: dt.datetime) -> Attendance:
    """The civil servant is present: the briefing's code, then NIP and their campaign code.

    Checking in twice is not an error: the first record is kept and returned.
    """
    briefing = briefing_by_code(event_code)
    if briefing is None:
        raise ValidationError(
            {"event_code": _("No sosialisasi or Bimtek has this code. Check it on the screen.")}
        )
    if not briefing.check_in_open:
        raise ValidationError({"event_code": _("Check-in for this event is closed.")})
    person, _issued = identify(campaign=briefing.campaign, nip=nip, code=code)
    existing = Attendance.objects.filter(briefing=briefing, civil_servant=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a double tap or a resend on a weak signal races us
            attendance = Attendance.objects.create(
                briefing=briefing,
                civil_servant=person,
                method=Attendance.Method.CHECK_IN,
                recorded_at=now,
            )
    except IntegrityError:
        return Attendance.objects.get(briefing=briefing, civil_servant=person)
    events.record_asn_event(
        briefing.campaign,
        CampaignEvent.Type.CHECKED_IN,
        person,
        now=now,
        briefing=str(briefing.public_id),
    )
    return attendance


MATERIAL_KINDS = {"pdf", "image"}  # slides are attached saved as PDF


@transaction.atomic
def attach_material(
    *, briefing: Briefing, upload: UploadedFile, public: bool, by: Any, now: dt.datetime
) -> BriefingMaterial:
    """Keeps a file of the briefing (PDF or image, checked by its content like report
    evidence: type, size, whole), with its SHA-256; an event records it. A closed campaign's
    briefings take none; a row or event that fails takes the stored file with it."""
    from netral.reports import evidence  # Pillow and filetype load where a file is checked

    if not briefing.campaign.is_open:
        raise ValidationError(_("This pledge campaign is closed."))

    try:
        inspected = evidence.inspect(upload, upload.name or "")
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    if inspected.kind not in MATERIAL_KINDS:
        raise ValidationError(
            {"file": _("Attach a PDF or an image; save slides and documents as PDF first.")}
        )
    material = BriefingMaterial(
        briefing=briefing,
        name=inspected.name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        public=public,
        uploaded_by=by,
        uploaded_at=now,
    )
    upload.seek(0)
    material.file.save(f"{material.public_id}.{inspected.extension}", upload, save=False)
    try:
        _record_material(material, by=by, now=now)
    except BaseException:
        material.file.storage.delete(material.file.name or "")
        raise
    return material


def _record_material(material: BriefingMaterial, *, by: Any, now: dt.datetime) -> None:
    briefing = material.briefing
    material.save()
    events.record_campaign_event(
        briefing.campaign,
        CampaignEvent.Type.MATERIAL_ATTACHED,
        by=by,
        now=now,
        briefing=str(briefing.public_id),
        material=str(material.public_id),
        name=material.name,
        sha256=material.sha256,
        size=material.size,
        public=material.public,
    )


@dataclass
class AttendanceResult:
    recorded: int = 0
    already_recorded: int = 0
    saved: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def record_attendance_list(
    *, briefing: Briefing, table_path: str | Path, by: Any, now: dt.datetime
) -> AttendanceResult:
    """Marks the NIPs of an attendance list (CSV/XLSX) as present at the briefing.

    All or nothing, as for paper lists: one bad row (unknown NIP, duplicate, not 18 digits, a
    number) and nothing is saved; people already recorded are counted, not recorded twice.
    """
    result = AttendanceResult()
    path = Path(table_path)
    try:
        table = importers.read_table(path, ATTENDANCE_TABLE)
    except importers.FileProblem as problem:
        raise ValidationError({"table": str(problem)}) from None
    result.notes = table.notes
    result.problems = list(table.problems)
    people = _listed_staff(briefing.campaign.agency, table, result.problems)
    if result.problems:
        return result
    if not people:
        raise ValidationError({"table": _("The list has no NIPs.")})
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        already: set[int] = set()
        for part in chunks([p.pk for p in people], CHUNK):
            already.update(
                Attendance.objects.filter(briefing=briefing, civil_servant_id__in=part).values_list(
                    "civil_servant_id", flat=True
                )
            )
        new = [p for p in people if p.pk not in already]
        Attendance.objects.bulk_create(
            (
                Attendance(
                    briefing=briefing,
                    civil_servant=person,
                    method=Attendance.Method.LIST,
                    recorded_at=now,
                )
                for person in new
            ),
            batch_size=CHUNK,
            ignore_conflicts=True,  # someone checked in at the door meanwhile: keep theirs
        )
        events.record_campaign_event(
            briefing.campaign,
            CampaignEvent.Type.ATTENDANCE_LISTED,
            by=by,
            now=now,
            briefing=str(briefing.public_id),
            sha256=digest,
            recorded=len(new),
            already_recorded=len(already),
        )
    result.saved = True
    result.recorded = len(new)
    result.already_recorded = len(already)
    return result


# ---------------------------------------------------------------- reminders

REMINDER_THRESHOLD = 80  # percent: units below it are reminded


def remind_lagging_units(
    *, campaign: Campaign, now: dt.datetime, threshold: int = REMINDER_THRESHOLD
) -> int:
    """E-mails the campaign's runners the units below `threshold`; returns how many got it.

    The registry holds no addresses of units or civil servants: the personnel office that runs
    the campaign passes the reminder on (with fresh code sheets where needed).
    """
    if not campaign.is_open:
        return 0
    lagging = selectors.lagging_units(campaign, threshold)
    recipients = [u.email for u in policies.runners_of(campaign) if u.email]
    if not lagging or not recipients:
        return 0
    base_url = getattr(settings, "NETRAL_SITE_URL", "").rstrip("/")
    with override(settings.LANGUAGE_CODE):
        lines = [
            _("%(unit)s: %(signed)d of %(staff)d signed (%(percent)d%%)")
            % {
                "unit": row["unit"] or _("(no unit)"),
                "signed": row["signed"],
                "staff": row["staff"],
                "percent": row["percent"],
            }
            for row in lagging
        ]
        subject = _("[Netral] Pledge campaign: %(count)d units below %(threshold)d%%") % {
            "count": len(lagging),
            "threshold": threshold,
        }
        body = "\n".join(
            [
                _("Units of %(agency)s that lag in “%(title)s”:")
                % {"agency": campaign.agency.name, "title": campaign.title},
                "",
                *lines,
                "",
                base_url + reverse("prevention:campaign", args=[campaign.public_id]),
                "",
                _("This message was sent by Netral. Do not reply to it."),
            ]
        )
    sent = send_mail(subject, body, None, recipients)
    events.record_campaign_event(
        campaign,
        CampaignEvent.Type.REMINDED,
        by=None,
        now=now,
        units=[row["unit"] for row in lagging],
        recipients=len(recipients),
    )
    return len(recipients) if sent else 0


def send_stage_notices(*, campaign: Campaign, now: dt.datetime) -> int:
    """E-mails the campaign's runners once for each stage of its election that has begun and is
    still running; returns how many got it.

    The message carries the role page of the election, to pass on to the agency's staff (the
    registry holds no addresses of civil servants). A stage is announced once, and only when
    the mail went out: a day the timer missed, or a mail server that refused, is made up on
    the next run while the stage lasts.
    """
    today = timezone.localdate(now)
    running = campaign.election.stages.filter(start__lte=today).filter(
        Q(end__isnull=True) | Q(end__gte=today)
    )
    announced = set(
        campaign.events.filter(type=CampaignEvent.Type.STAGE_NOTICE_SENT).values_list(
            "payload__stage", flat=True
        )
    )
    starting = [stage for stage in running.order_by("position") if stage.key not in announced]
    recipients = [u.email for u in policies.runners_of(campaign) if u.email]
    if not campaign.is_open or not starting or not recipients:
        return 0
    subject, body = _stage_notice(campaign, starting)
    if not send_mail(subject, body, None, recipients, fail_silently=True):
        return 0
    for stage in starting:
        events.record_campaign_event(
            campaign,
            CampaignEvent.Type.STAGE_NOTICE_SENT,
            by=None,
            now=now,
            stage=stage.key,
            recipients=len(recipients),
        )
    return len(recipients)


def _stage_notice(campaign: Campaign, stages: list[Any]) -> tuple[str, str]:
    """The subject and body of a stage notice, in the site's language."""
    link = getattr(settings, "NETRAL_SITE_URL", "").rstrip("/") + reverse(
        "prevention:role", args=[campaign.election.code]
    )
    with override(settings.LANGUAGE_CODE):
        names = ", ".join(stage.name for stage in stages)
        subject = _("[Netral] %(election)s: %(stages)s has begun") % {
            "election": campaign.election.name,
            "stages": names,
        }
        body = "\n".join(
            [
                _(
                    "%(stages)s has begun. What an ASN may and may not do now, and what ASN on "
                    "election bodies do, is on this page; please pass it on to the staff of "
                    "%(agency)s:"
                )
                % {"stages": names, "agency": campaign.agency.name},
                "",
                link,
                "",
                _("This message was sent by Netral. Do not reply to it."),
            ]
        )
    return subject, body
