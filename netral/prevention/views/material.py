"""Share material drawn from the catalogue: the list of examples, PNG cards and posters."""

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from netral.prevention import certificates
from netral.rules import catalogue

# A share card changes only with the catalogue version, which is part of its cache key.
CARD_SECONDS = 24 * 60 * 60


def _card_entry(code: str) -> Any:
    """The catalogue entry in force today that has examples to share, or 404."""
    entry = catalogue.entry(code, timezone.localdate())
    if entry is None or not (entry.forbidden_examples or entry.allowed_examples):
        raise Http404
    return entry


def material(request: HttpRequest) -> HttpResponse:
    """Every catalogue example, with its share cards and printable poster."""
    version = catalogue.version_on(timezone.localdate())
    entries = [
        entry
        for entry in catalogue.ordered(list(version.entries.values()))
        if entry.forbidden_examples or entry.allowed_examples
    ]
    context = {"version": version, "entries": entries}
    return render(request, "prevention/material.html", context)


def card(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The PNG card, drawn once a day per catalogue version and kept in the shared cache."""
    from netral.prevention import cards  # Pillow is loaded by the process that draws a card

    if fmt not in cards.FORMATS:
        raise Http404
    entry = _card_entry(code)
    key = f"prevention:card:{entry.version}:{entry.code}:{fmt}"
    image = cache.get(key)
    if image is None:
        image = cards.png(entry, cards.FORMATS[fmt])
        cache.set(key, image, timeout=CARD_SECONDS)
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={CARD_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="netral-{entry.code}-{fmt}.png"'
    return response


def poster(request: HttpRequest, code: str) -> HttpResponse:
    """An A4 poster of one entry, as PDF (or its HTML page where no PDF renderer is installed)."""
    entry = _card_entry(code)
    link = request.build_absolute_uri(reverse("prevention:material"))
    # Kept like the cards: a renderer's second per request is not for anyone to call at will.
    key = f"prevention:poster:{entry.version}:{entry.code}:{link}"
    pdf = cache.get(key)
    if pdf is None:
        values = {"entry": entry, "link": link, "qr": certificates.qr_svg(link)}
        pdf = certificates.pdf("prevention/poster_pdf.html", values)
        if pdf is None:
            return render(request, "prevention/poster_pdf.html", values)
        cache.set(key, pdf, timeout=CARD_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Cache-Control"] = f"public, max-age={CARD_SECONDS}"
    response["Content-Disposition"] = f'inline; filename="netral-poster-{entry.code}.pdf"'
    return response
