"""One place that decides between an HTMX fragment and a whole page.

Pages keep their fragments as template partials (`{% partialdef rows %}` inside
`app/page.html`). An HTMX request gets only the fragment (`app/page.html#rows`); any other
request gets the full page, so every page works without JavaScript.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django_htmx.http import HttpResponseClientRedirect


def as_whole_page(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """An error page answered to an htmx request replaces the page's body instead of landing in
    the fragment the request meant to update (htmx swaps 400 answers: base.html)."""
    if request.headers.get("HX-Request") == "true":
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "innerHTML"
        response.headers["HX-Push-Url"] = "false"
    return response


def is_htmx(request: HttpRequest) -> bool:
    """True for a request made by htmx, except history restores, which need the whole page."""
    details = getattr(request, "htmx", None)
    return bool(details) and not getattr(details, "history_restore_request", False)


def render_htmx(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Renders `template#partial` for an HTMX request, otherwise the whole `template`."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    response = render(request, name, context, status=status)
    # The same URL answers with a fragment or a page: caches must keep them apart.
    response.headers["Vary"] = _add_vary(response.headers.get("Vary"), "HX-Request")
    return response


def redirect_after_post(request: HttpRequest, to: str, *args: Any, **kwargs: Any) -> HttpResponse:
    """Post/redirect/get: a 303 for a plain form; for htmx, a client-side redirect it follows.

    The redirecting half of `respond_after_post`; call that one from views.
    """
    url = resolve_url(to, *args, **kwargs)
    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


Context = Mapping[str, Any] | Callable[[], Mapping[str, Any]]


def respond_after_post(
    request: HttpRequest,
    *,
    redirect_to: str,
    template: str | None = None,
    partial: str | None = None,
    context: Context | None = None,
    notice: str = "",
) -> HttpResponse:
    """The one answer to a successful POST.

    With a fragment (`template` and `partial`), htmx gets it refreshed in place and `notice` is
    left for the fragment to show; otherwise, and for a plain form always, a redirect to
    `redirect_to` (a URL or URL name), with `notice` as a success message on the next page.
    `context` may be a function, so the fragment's queries run only when it is rendered.
    """
    if template and partial and is_htmx(request):
        values = context() if callable(context) else context
        return render_htmx(request, template, values, partial=partial)
    if notice:
        messages.success(request, notice)
    return redirect_after_post(request, redirect_to)


def _add_vary(current: str | None, header: str) -> str:
    values = [v.strip() for v in (current or "").split(",") if v.strip()]
    if header.lower() not in (v.lower() for v in values):
        values.append(header)
    return ", ".join(values)
