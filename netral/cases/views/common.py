"""Small helpers every cases view uses: the time, HTMX or full page, service errors to forms."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from netral.cases import selectors
from netral.core import htmx as core_htmx


def now() -> dt.datetime:
    return timezone.now()


def page(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """`template#partial` for HTMX, the whole page otherwise, with the bell's count."""
    full = {"bell": selectors.unread_count(request.user), **context}
    return core_htmx.render_htmx(request, template, full, partial=partial, status=status)


def redirect(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: HTMX follows a client redirect, a plain form gets a 303."""
    return core_htmx.redirect_after_post(request, url)


def attach_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown on the form: per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
