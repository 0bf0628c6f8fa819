"""Small helpers every cases view uses: the time, HTMX or full page, service errors to forms."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from netral.cases import selectors


def now() -> dt.datetime:
    return timezone.now()


def is_htmx(request: HttpRequest) -> bool:
    """An HTMX request, except a history restore, which needs the whole page."""
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "history_restore_request", False)


def page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """`template#partial` for HTMX, the whole page otherwise; caches keep the two apart."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    full = {"bell": selectors.unread_count(request.user), **context}
    response = render(request, name, full, status=status)
    response.headers["Vary"] = "HX-Request"
    return response


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: HTMX follows a client redirect, a plain form gets a 303."""
    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
