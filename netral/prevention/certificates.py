"""The pledge certificate: HTML rendered to PDF by the cases app's helper, with a QR code."""

from typing import Any

import segno
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from netral.cases.services import documents
from netral.prevention import services
from netral.prevention.models import Signature


def verify_path(signature: Signature) -> str:
    code = services.grouped(signature.certificate_code)
    return f"{reverse('prevention:verify')}?{urlencode({'code': code})}"


def qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_data_uri(scale=4, border=2))


def context(signature: Signature, verify_url: str) -> dict[str, Any]:
    return {
        "signature": signature,
        "printed": services.grouped(signature.certificate_code),
        "verify_url": verify_url,
        "qr": qr_svg(verify_url),
    }


def pdf(signature: Signature, verify_url: str) -> bytes | None:
    html = render_to_string("prevention/certificate_pdf.html", context(signature, verify_url))
    return documents.pdf_bytes(html)
