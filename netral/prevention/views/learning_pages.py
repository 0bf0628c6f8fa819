"""Learning modules of an election: the module list, pre-quiz and quiz, the result and its
certificate."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from netral.prevention import forms, learning, selectors, services
from netral.prevention.models import ModuleAttempt
from netral.prevention.views.common import (
    LEARNED_KEY,
    Remember,
    certificate_page,
    mine_or_staff,
    now,
    write_as_asn,
)


def _election(code: str) -> Any:
    from netral.registry.models import Election

    election = Election.objects.filter(code=code).first()
    if election is None:
        raise Http404
    return election


def learn(request: HttpRequest, code: str) -> HttpResponse:
    """The learning modules of an election, for its civil servants."""
    election = _election(code)
    context = {"election": election, "modules": list(learning.modules().values())}
    return render(request, "prevention/learn.html", context)


def _quiz_form(
    request: HttpRequest, module: learning.Module, election: Any, kind: str = learning.POST
) -> Any:
    """The quiz form: the posted one (its ticket re-read) or a fresh draw for a GET."""
    family = election.family or None
    posted = request.method == "POST"
    value = request.POST.get("ticket", "") if posted else ""
    ticket = learning.read_ticket(module, value, kind) if posted else None
    if ticket is None:
        value = learning.new_ticket(module, timezone.localdate(), kind)
        ticket = learning.read_ticket(module, value, kind)
        assert ticket is not None
        data = None
    else:
        data = request.POST
    questions = learning.draw(module, ticket.day, ticket.seed, family)
    form = forms.QuizForm(data, initial={"ticket": value}, questions=[q.example for q in questions])
    return form, ticket


def _quiz_page(request: HttpRequest, code: str, slug: str, kind: str) -> HttpResponse:
    """A module's quiz (after its text) or pre-quiz (before it): grade, record, show result."""
    election = _election(code)
    found = learning.modules().get(slug)
    if found is None:
        raise Http404
    form, ticket = _quiz_form(request, found, election, kind)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_bound and form.is_valid():
            outcome = write_as_asn(
                request,
                form,
                lambda: services.record_attempt(
                    election=election,
                    nip=form.cleaned_data["nip"],
                    code=form.cleaned_data["code"],
                    module=found,
                    ticket=ticket,
                    answers=form.answers(),
                    now=now(),
                    kind=kind,
                ),
                Remember(LEARNED_KEY, lambda made: made.pk, "prevention:learned"),
            )
            if isinstance(outcome, HttpResponse):
                return outcome
            status = outcome
    context = {
        "election": election,
        "module": found,
        "entries": learning.entries(found, ticket.day, election.family or None),
        "form": form,
        "expired": request.method == "POST" and not form.is_bound,
    }
    template = "prevention/module.html" if kind == learning.POST else "prevention/module_pre.html"
    return render(request, template, context, status=status)


def module(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """One module: the catalogue's entries for its stage, then the quiz (NIP and code)."""
    return _quiz_page(request, code, slug, learning.POST)


def module_pre(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    """The module's pre-quiz, before its text: recorded to show the ASN what they learned."""
    return _quiz_page(request, code, slug, learning.PRE)


def _own_attempt(request: HttpRequest, pk: int) -> ModuleAttempt:
    """An attempt this browser has just made, or one the staff user may see; else 404."""
    attempt = (
        ModuleAttempt.objects.select_related(
            "campaign__election", "campaign__agency", "civil_servant"
        )
        .filter(pk=pk)
        .first()
    )
    if attempt is None:
        raise Http404
    mine_or_staff(request, attempt, LEARNED_KEY, attempt.pk)
    return attempt


def learned(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    found = learning.modules().get(attempt.module)
    pre = selectors.pre_quiz_before(attempt)
    context = {
        "attempt": attempt,
        "module": found,
        "printed": services.grouped(attempt.certificate_code or ""),
        "pre": pre,
        "gain": attempt.percent - pre.percent if pre is not None else None,
        "drop": pre.percent - attempt.percent if pre is not None else None,
    }
    return render(request, "prevention/learned.html", context)


def module_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if not attempt.passed or not attempt.certificate_code:
        raise Http404
    return certificate_page(
        request,
        "module_certificate",
        attempt.certificate_code,
        "sertifikat-modul",
        attempt=attempt,
        module=learning.modules().get(attempt.module),
    )
