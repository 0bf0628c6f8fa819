"""Helpers the prevention views share: the time, service refusals on forms, list uploads, and
what an ASN's browser has just made (signed cookies, throttled wrong code guesses)."""

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.core import ratelimit
from netral.prevention import certificates, policies, selectors, services

# Signed cookies (not the session: no database write) naming what this browser has just made.
SESSION_KEY = "prevention_signed"
ATTENDED_KEY = "prevention_attended"  # attendance this browser has just checked in
LEARNED_KEY = "prevention_learned"  # attempts this browser has just made
COOKIE_SALT = "netral.prevention.made"
# Guesses of signing codes: per client address, and per NIP whoever tries it.
CLIENT_RATE = ratelimit.Rate.parse("20/10m")
NIP_RATE = ratelimit.Rate.parse("5/10m")


def now() -> dt.datetime:
    return timezone.now()


def report(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    """Runs a service call and tells the officer how it went (its refusal, or `done`)."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


def record_upload(form: Any, record: Callable[[Path], Any]) -> Any:
    """Writes the form's uploaded table to a temporary file and records it with `record`; a
    refusal becomes the form's errors and None."""
    upload = form.cleaned_data["table"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"list{Path(upload.name).suffix.lower()}"
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return record(path)
        except ValidationError as error:
            form_errors(form, error)
            return None


def saved(request: HttpRequest, form: Any, write: Callable[[], Any], done: str) -> Any:
    """For a valid form, runs `write` and says `done`: what it made; else None, with the
    form's errors or the service's refusal on the form."""
    if not form.is_valid():
        return None
    try:
        made = write()
    except ValidationError as error:
        form_errors(form, error)
        return None
    messages.success(request, done)
    return made


def form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def campaign_units(campaign: Any) -> list[str]:
    return sorted(set(selectors.campaign_staff(campaign).values_list("unit", flat=True)))


def list_upload(
    request: HttpRequest,
    form: Any,
    record: Callable[[Path], Any],
    done: Callable[[Any], str | None],
    back: str,
    page: tuple[str, dict[str, Any]],
) -> HttpResponse:
    """The skeleton of every list upload: record the form's table; when `done` words a
    success, say it and go `back`; else the page again (template, context) with the problems."""
    result = record_upload(form, record) if form.is_valid() else None
    message = done(result) if result is not None else None
    if message is not None:
        messages.success(request, message)
        return redirect(back)
    template, context = page
    return render(request, template, {**context, "form": form, "result": result}, status=400)


def guess_code(request: HttpRequest, nip: str) -> ratelimit.Guess | None:
    """Counts one attempt with a NIP and code; None (and nothing counted) while this client
    address or this NIP has used up its wrong guesses. `forgive()` once the NIP and code proved
    someone, so only wrong ones stay counted (a quiz retaken, a room of staff on one network)."""
    counters = [
        ("prevention.sign", ratelimit.client_address(request), CLIENT_RATE),
        ("prevention.sign.nip", services.normal_nip(nip), NIP_RATE),
    ]
    return ratelimit.guess(counters, now=now())


def made_here(request: HttpRequest, key: str) -> list[Any]:
    """The tokens this browser's signed cookie `key` holds (an empty list if none or forged)."""
    value = request.get_signed_cookie(
        key, default="[]", salt=COOKIE_SALT, max_age=settings.SESSION_COOKIE_AGE
    )
    try:
        tokens = json.loads(value or "[]")
    except ValueError:
        return []
    return tokens if isinstance(tokens, list) else []


def keep_made(request: HttpRequest, response: HttpResponse, key: str, token: Any) -> None:
    response.set_signed_cookie(
        key,
        json.dumps([*made_here(request, key), token][-10:]),
        salt=COOKIE_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


@dataclass(frozen=True)
class Remember:
    """Where this browser keeps what it made (cookie name, the token of it) and the page after."""

    session_key: str
    token: Callable[[Any], Any]
    next_page: str


def write_as_asn(
    request: HttpRequest, form: Any, write: Callable[[], Any], remember: Remember
) -> HttpResponse | int:
    """Write unless wrong code guesses are throttled, remember it in a signed cookie and
    redirect; else the status. Only a NIP or code that proves no one stays counted."""
    guess = guess_code(request, form.cleaned_data["nip"])
    if guess is None:
        form.add_error(None, _("Too many attempts. Wait ten minutes, then try again."))
        return 429
    try:
        made = write()
    except services.NotIdentified as error:
        form_errors(form, error)
        return 400
    except ValidationError as error:
        guess.forgive()
        form_errors(form, error)
        return 400
    guess.forgive()
    token = remember.token(made)
    response = redirect(remember.next_page, token)
    keep_made(request, response, remember.session_key, token)
    return response


def mine_or_staff(request: HttpRequest, holder: Any, session_key: str, token: Any) -> None:
    """404 unless this browser just made it (`token` is in its cookie) or the user may see it."""
    mine = token in made_here(request, session_key)
    staff = policies.visible_campaigns(request.user).filter(pk=holder.campaign_id).exists()
    if not (mine or staff):
        raise Http404


def certificate_page(
    request: HttpRequest, template: str, certificate_code: str, name: str, **holder: Any
) -> HttpResponse:
    """The PDF certificate, or its HTML page where no PDF renderer is installed."""
    verify_url = request.build_absolute_uri(certificates.verify_path(certificate_code))
    values = certificates.context(certificate_code, verify_url, **holder)
    pdf = certificates.pdf(f"prevention/{template}_pdf.html", values)
    if pdf is None:
        return render(request, f"prevention/{template}.html", values)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}-{certificate_code}.pdf"'
    return response
