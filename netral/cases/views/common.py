"""Small helpers every cases view uses: the time, HTMX or full page, service errors to forms."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.cases import selectors
from netral.cases.services import StaleCase
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


def keep_for_resubmit(form: forms.BaseForm, error: StaleCase) -> None:
    """After a stale refusal the typed values stay and the hidden version becomes the case's
    current one: a second Confirm is then a deliberate decision on the case as it is now."""
    data = QueryDict(mutable=True)
    data.update(form.data)  # a QueryDict's lists stay lists (codes)
    data["version"] = str(error.current_version)
    form.data = data
    form.full_clean()
    form.add_error(
        None,
        [
            *error.messages,
            _(
                "What you typed is kept below: look at what changed on the case, then confirm "
                "again to submit it on the case as it is now."
            ),
        ],
    )
