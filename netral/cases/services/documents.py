"""Letters the workflow sends, rendered from editable templates, and their downloads.

A letter is rendered once, when the step that sends it happens, and kept as it was (HTML and
SHA-256): editing a template later never changes a letter already sent.
"""

import datetime as dt
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from netral.accounts.models import Organisation, User
from netral.cases import adapters, events, letter_titles, policies
from netral.cases.models import (
    Case,
    CaseDecision,
    CaseEvent,
    Document,
    DocumentStatus,
    DocumentTemplate,
    DocumentTemplateEvent,
    Recommendation,
    Step,
)
from netral.cases.services import base, letters

logger = logging.getLogger(__name__)
LETTERS_DIR = Path(__file__).resolve().parent.parent / "data" / "letters"
TITLES = letter_titles.TITLES


# Letters never held for review: they state no deadline of their own.
UNHELD = frozenset({"case_summary", "ppk_reprimand_letter", "noncompliance_report_letter"})

# Reads of protected data: on the timeline, never in a letter's summary of it.
READ_EVENTS = (
    CaseEvent.Type.IDENTITY_VIEWED,
    CaseEvent.Type.DOCUMENT_DOWNLOADED,
    CaseEvent.Type.EVIDENCE_DOWNLOADED,
)


def default_text(key: str) -> str:
    return (LETTERS_DIR / f"{key}.html").read_text(encoding="utf-8")


def template_for(key: str) -> tuple[str, str]:
    """(title, template text): the administrators' version when there is one, else the default."""
    stored = DocumentTemplate.objects.filter(key=key).first()
    if stored is not None:
        return stored.title, stored.body
    return TITLES.get(key, key), default_text(key)


def _day(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "j F Y")


def _recommendation_values(recommendation: Recommendation | None) -> dict[str, Any]:
    if recommendation is None:
        return {}
    return {
        "body": recommendation.body_name,
        "ppk_name": recommendation.ppk_name,
        "ppk_position": recommendation.ppk_position,
        "substitute_reason": recommendation.substitute_reason,
        "issued_on": _day(recommendation.issued_at),
        "due_on": _day(recommendation.due_at),
        "due_sentence": recommendation.due_sentence,
        "legal_basis": recommendation.legal_basis,
        "verified": recommendation.verified,
    }


def _timeline(case: Case) -> list[dict[str, str]]:
    """Each entry says what happened (a stage change names its stages) and for whom; the
    automatic ones (a missed deadline) are Netral's, never an empty name."""
    rows = []
    for event in case.events.select_related("organisation").order_by("seq"):
        if event.type in READ_EVENTS:
            continue
        label = str(event.get_type_display())
        if event.type == CaseEvent.Type.TRANSITIONED:
            headline = events.CASE_EVENTS.headline(event.type, event.payload)
            label = f"{label}: {headline}" if headline else label
        organisation = event.organisation.name if event.organisation else _("Netral (automatic)")
        rows.append({"at": _day(event.at), "label": label, "organisation": str(organisation)})
    return rows


def letter_context(
    case: Case,
    *,
    sender: Organisation | None,
    now: dt.datetime,
    key: str,
    about: tuple[Recommendation, Step] | None = None,
) -> dict[str, Any]:
    """Plain values only: a template edited by an administrator cannot reach further.

    `about` names the recommendation and the step the letter is about when the caller has them
    at hand (an escalation); otherwise they are the case's latest recommendation and step.
    """
    catalogue = adapters.catalogue()
    decision = case.decisions.order_by("-decided_at", "-pk").first()
    recommendation: Recommendation | None
    step: Step | None
    if about is not None:
        recommendation, step = about
    else:
        recommendation = (
            case.recommendations.select_related("issued_by").order_by("-issued_at").first()
        )
        step = case.steps.filter(closed_at__isnull=True).order_by("-opened_at", "-pk").first()
    servant = case.civil_servant
    return {
        "case": {
            "code": case.code,
            "title": case.title,
            "summary": case.summary,
            "external_number": case.external_number,
            "region": case.region.name if case.region else "",
            "election": case.election.name if case.election else "",
            "occurred_on": _day(case.occurred_on),
            "received_on": _day(case.received_at),
            "state": case.state_label,
            "outcome": case.outcome_label,
        },
        "origin": str(case.get_origin_display()),
        "subject": {
            "name": case.civil_servant_name,
            "position": case.civil_servant_position or (servant.position if servant else ""),
            "nip": servant.nip if servant else "",
            "agency": case.agency_label,
        },
        "codes": [
            {"code": c, "title": catalogue[c].title, "legal_basis": catalogue[c].legal_basis}
            for c in case.codes
            if c in catalogue
        ],
        "sanction_category": adapters.sanction_categories().get(
            case.sanction_category, case.sanction_category
        ),
        "reasoning": decision.reasoning if decision else "",
        "registration_number": case.registration_number,
        "recommendation": _recommendation_values(recommendation),
        "issuer": recommendation.issued_by.name
        if recommendation
        else (sender.name if sender else ""),
        "step": _step_values(step),
        "sender": sender.name if sender else "",
        "recipient": case.owner.name,
        "place_date": _day(now),
        "letter_number": "…/" + case.code + "/" + str(timezone.localtime(now).year),
        "signatory": letters.letterhead(sender)["signatory"],
        "bases": letters.legal_bases(base.clock_of(case)["family"]),
        "timeline": _timeline(case) if key == "case_summary" else [],
    }


def _step_values(step: Step | None) -> dict[str, Any]:
    if step is None:
        return {"due_sentence": "", "verified": True, "label": "", "due_on": ""}
    return {
        "due_on": _day(step.due_at),
        "due_sentence": step.due_sentence,
        "verified": step.verified,
        "label": base.step_label(step.kind),
    }


def compile_template(key: str) -> tuple[str, Template, str]:
    """(title, template, problem): a broken edited template falls back to the default text."""
    title, text = template_for(key)
    try:
        return title, Template(text), ""
    except TemplateSyntaxError as exc:
        return TITLES.get(key, key), Template(default_text(key)), str(exc)[:300]


def render(
    key: str, context: dict[str, Any], memo: base.Memo | None = None
) -> tuple[str, str, str]:
    """(title, html, problem); with a memo, each template is read and compiled once per run."""
    if memo is None:
        title, template, problem = compile_template(key)
    else:
        title, template, problem = memo.get_or_set(("letter", key), lambda: compile_template(key))
    with override("id"):  # official letters are in Bahasa Indonesia
        html = template.render(Context(context, autoescape=True))
    return title, html, problem


def generate(
    case: Case,
    key: str,
    *,
    by: policies.Principal,
    organisation: Organisation | None,
    now: dt.datetime,
    about: tuple[Recommendation, Step] | None = None,
    memo: base.Memo | None = None,
    defer: list[CaseEvent] | None = None,
) -> Document:
    """Renders the letter for the (locked) case and records it on the timeline.

    `memo` and `defer` are the deadline sweep's: templates compiled once per run, and the event
    kept in memory for the caller to insert with the others (see `base.record_event`).
    """
    with override("id"):
        context = letter_context(case, sender=organisation, now=now, key=key, about=about)
    number = letters.assign_number(organisation, now)
    context["letter_number"] = number or context["letter_number"]
    title, html, problem = render(key, context, memo)
    # A letter that rests on a deadline the regulation does not verify waits for review.
    held = key not in UNHELD and not context["step"]["verified"]
    document = Document.objects.create(
        case=case,
        template_key=key,
        title=title,
        html=html,
        sha256=hashlib.sha256(html.encode()).hexdigest(),
        organisation=organisation,
        generated_by=policies.principal_user(by),
        generated_at=now,
        number=number,
        letterhead=letters.letterhead(organisation),
        status=DocumentStatus.HELD if held else DocumentStatus.SENT,
    )
    payload = {
        "document": str(document.public_id),
        "template": key,
        "sha256": document.sha256,
        "title": f"{title} ({number})" if number else title,
    }
    if problem:
        payload["template_error"] = problem
    base.record_event(
        case,
        CaseEvent.Type.DOCUMENT_GENERATED,
        by=by,
        organisation=organisation,
        now=now,
        payload=payload,
        defer=defer,
    )
    return document


@transaction.atomic
def generate_case_summary(*, case: Case, by: policies.Principal, now: dt.datetime) -> Document:
    """The owning organisation files the summary it prints (numbered, on the timeline); it
    never names the reporter. Other readers print `case_summary_to_print`."""
    from django.core.exceptions import PermissionDenied

    if not policies.files_case_summary(by, case):
        raise PermissionDenied
    case = base.lock_case(case)
    organisation = policies.acting_organisation(by, case)
    latest = (
        case.documents.filter(template_key="case_summary", organisation=organisation)
        .order_by("-generated_at", "-pk")
        .first()
    )
    if latest is not None and not _changed_since(case, latest.generated_at):
        return latest  # printing the same summary twice makes one document
    return generate(case, "case_summary", by=by, organisation=organisation, now=now)


@transaction.atomic
def case_summary_to_print(*, case: Case, by: policies.Principal, now: dt.datetime) -> Document:
    """The summary as a reader that does not own the case prints it: on its letterhead, with
    no letter number, and not saved (a Document never stored, so no number of that body's is
    taken); the print itself is on the case's timeline."""
    organisation = policies.acting_organisation(by, case)
    payload = {"document": "", "format": events.UNFILED_SUMMARY_FORMAT}
    _record_download(case, by=by, now=now, payload=payload)
    with override("id"):
        context = letter_context(case, sender=organisation, now=now, key="case_summary")
    title, html, _problem = render("case_summary", context)
    return Document(
        case=case,
        template_key="case_summary",
        title=title,
        html=html,
        sha256=hashlib.sha256(html.encode()).hexdigest(),
        organisation=organisation,
        generated_at=now,
        letterhead=letters.letterhead(organisation),
    )


def _changed_since(case: Case, moment: dt.datetime) -> bool:
    """Whether anything a summary shows happened after `moment` (reads and letters do not)."""
    quiet = (*READ_EVENTS, CaseEvent.Type.DOCUMENT_GENERATED)
    return case.events.filter(at__gt=moment).exclude(type__in=quiet).exists()


@transaction.atomic
def record_document_download(
    *, document: Document, by: policies.Principal, now: dt.datetime, format: str = "html"
) -> None:
    """Every download of a letter is an event on the case's timeline."""
    payload = {"document": str(document.public_id), "format": format}
    _record_download(document.case, by=by, now=now, payload=payload)


def _record_download(
    case: Case, *, by: policies.Principal, now: dt.datetime, payload: dict[str, str]
) -> None:
    case = base.lock_case(case)
    organisation = policies.acting_organisation(by, case)
    base.record_event(
        case,
        CaseEvent.Type.DOCUMENT_DOWNLOADED,
        by=by,
        organisation=organisation,
        now=now,
        payload=payload,
    )


@transaction.atomic
def release_document(*, document: Document, by: policies.Principal, now: dt.datetime) -> Document:
    """A person of the sending organisation reviewed a letter held on an unverified deadline
    and sends it; once."""
    from django.core.exceptions import PermissionDenied

    case = base.lock_case(document.case)
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not policies.can_release_document(by, document):
        if document.status != DocumentStatus.HELD:
            raise base.ActionRefused(_("This letter was already sent."), code="sent")
        raise PermissionDenied
    document.status = DocumentStatus.SENT
    document.save(update_fields=["status"])
    base.record_event(
        case,
        CaseEvent.Type.DOCUMENT_RELEASED,
        by=by,
        organisation=document.organisation,
        now=now,
        payload={
            "document": str(document.public_id),
            "title": f"{document.title} ({document.number})",
        },
    )
    base.save_case(case)
    return document


@transaction.atomic
def record_decree_download(
    *, decision: CaseDecision, by: policies.Principal, now: dt.datetime
) -> None:
    """Every download of the PPK's signed decree file is on the case's timeline, with its
    SHA-256, as letters and evidence originals are."""
    payload = {
        "document": str(decision.pk),
        "format": events.DECREE_FORMAT,
        "number": decision.decree_number,
        "sha256": decision.decree_sha256,
    }
    _record_download(decision.case, by=by, now=now, payload=payload)


@transaction.atomic
def record_evidence_download(
    *, case: Case, evidence: str, by: policies.Principal, now: dt.datetime
) -> None:
    """Every download of an original evidence file by a later body is on the case's timeline,
    with the file's SHA-256."""
    case = base.lock_case(case)
    base.record_event(
        case,
        CaseEvent.Type.EVIDENCE_DOWNLOADED,
        by=by,
        organisation=policies.acting_organisation(by, case),
        now=now,
        payload={
            "evidence": evidence,
            "sha256": adapters.evidence_sha256(case.source_ref, evidence),
        },
    )


@transaction.atomic
def check_template_body(body: str) -> None:
    """Refuses a letter text that is not a valid template (the admin's form checks it too)."""
    from django.core.exceptions import ValidationError

    try:
        Template(body)
    except TemplateSyntaxError as exc:
        raise ValidationError(_("The template has an error: %(e)s") % {"e": exc}) from exc


def update_template(
    *, key: str, title: str, body: str, by: policies.Principal, now: dt.datetime
) -> DocumentTemplate:
    """A platform administrator's new text for a letter; refused when it is not a valid template.

    The change is a typed `DocumentTemplateEvent` (who, when, which letter, and the SHA-256 of
    the text before and after), also shown in the admin's change history, whether it came from
    the admin or the letters page.
    """
    from django.core.exceptions import PermissionDenied, ValidationError

    if not policies.can_edit_letter_templates(by):
        raise PermissionDenied
    if key not in TITLES:
        raise ValidationError({"key": [_("Unknown letter.")]})
    try:
        check_template_body(body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    before = template_for(key)[1]
    stored, created = DocumentTemplate.objects.update_or_create(
        key=key,
        defaults={
            "title": title.strip()[:200] or TITLES[key],
            "body": body,
            "updated_by": policies.principal_user(by),
        },
    )
    editor = policies.principal_user(by)
    assert editor is not None  # can_edit_letter_templates admits only users
    _log_template_change(stored, created=created, before=before, by=editor, now=now)
    return stored


def _log_template_change(
    stored: DocumentTemplate, *, created: bool, before: str, by: User, now: dt.datetime
) -> None:
    from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    digest = {
        "before_sha256": hashlib.sha256(before.encode()).hexdigest(),
        "after_sha256": hashlib.sha256(stored.body.encode()).hexdigest(),
    }
    event_type = (
        DocumentTemplateEvent.Type.CREATED if created else DocumentTemplateEvent.Type.CHANGED
    )
    payload = {"title": stored.title, **digest}
    DocumentTemplateEvent.objects.create(
        template=stored,
        type=event_type,
        actor=by,
        at=now,
        payload=events.TEMPLATE_EVENTS.check(event_type, payload),
    )
    LogEntry.objects.create(
        action_time=now,
        user=by,
        content_type=ContentType.objects.get_for_model(DocumentTemplate),
        object_id=str(stored.pk),
        object_repr=stored.key,
        action_flag=ADDITION if created else CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["title", "body"]}}, digest]),
    )


def pdf_bytes(html: str, stylesheet: str = "cases/letter.css") -> bytes | None:
    """The letter as PDF; None where WeasyPrint cannot run (print from the browser instead).
    Other documents (the evaluation report) pass their own static stylesheet.

    WeasyPrint is a dependency, but it draws text with the system's Pango library: a machine
    without it raises OSError on import, and the letter stays available as the print page.
    """
    weasyprint = load_weasyprint()
    if weasyprint is None:
        logger.warning("PDF letters are off: WeasyPrint or the system's Pango is missing.")
        return None
    from django.contrib.staticfiles import finders

    sheet = finders.find(stylesheet)
    styles = [weasyprint.CSS(filename=sheet)] if isinstance(sheet, str) else []
    result: bytes = weasyprint.HTML(string=html).write_pdf(stylesheets=styles)
    return result


def load_weasyprint() -> Any:
    """The weasyprint module, or None where it cannot run.

    Importing it sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, which would let truncated
    evidence photos through the reports app's checks; a letter's only image, the logo, was
    checked and re-encoded when it was set, so it is set back.
    """
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint
