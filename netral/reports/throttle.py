"""Rate limits for the public endpoints, keyed by client IP.

The IP address is used only as a cache key, hashed by django-ratelimit, and is never stored with
a report. NETRAL_INTAKE_RATE_LIMITS=false switches every limit off (benchmarks only).
"""

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

# group → (setting, default rate) pairs; every pair must hold for a request to pass.
LIMITS = {
    "receipt": (("NETRAL_RECEIPT_RATE_MINUTE", "10/m"), ("NETRAL_RECEIPT_RATE_HOUR", "50/h")),
    "submit": (("NETRAL_REPORT_RATE_MINUTE", "10/m"), ("NETRAL_REPORT_RATE_HOUR", "100/h")),
}


def enabled() -> bool:
    return bool(getattr(settings, "NETRAL_INTAKE_RATE_LIMITS", True))


def limited(request: HttpRequest, group: str) -> bool:
    """Counts this request against the group's limits; True when any limit is exceeded."""
    if not enabled():
        return False
    hit = False
    for setting, default in LIMITS[group]:
        rate = getattr(settings, setting, default)
        hit |= is_ratelimited(
            request, group=f"reports.{group}.{setting}", key="ip", rate=rate, increment=True
        )
    return hit
