"""Certificates (pledge signed, module passed): HTML rendered to PDF by the cases app's helper,
with the verification code printed and in a QR code."""

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from netral.cases.services import documents
from netral.prevention import services


def verify_path(certificate_code: str) -> str:
    code = services.grouped(certificate_code)
    return f"{reverse('prevention:verify')}?{urlencode({'code': code})}"


def qr_svg(url: str) -> str:
    import segno  # loaded by the pages that draw a QR code, not by every process

    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def context(certificate_code: str, verify_url: str, **holder: Any) -> dict[str, Any]:
    """What a certificate template shows; `holder` is the signature or the passing attempt."""
    return {
        **holder,
        "printed": services.grouped(certificate_code),
        "verify_url": verify_url,
        "qr": qr_svg(verify_url),
    }


def pdf(template: str, values: dict[str, Any]) -> bytes | None:
    return documents.pdf_bytes(render_to_string(template, values))
