"""Rate limits of the public reporting channel (counters in core/ratelimit.py).

- Submissions: per client address, a minute and an hour limit (NETRAL_REPORT_RATE_*).
- Receipt guesses: only *failed* look-ups count, and only while not already blocked, in short
  windows (each look-up is counted first and taken back when it matched or was blocked, so
  concurrent guesses are counted exactly): per client (NETRAL_RECEIPT_RATE_MINUTE) and per
  receipt prefix across all clients (NETRAL_RECEIPT_RATE_PREFIX). Phones behind one carrier
  address (CGNAT) then lock each other out for a minute at most, never for an hour, and a
  reporter who types their code right is never counted. The prefix limit slows a guesser who
  saw part of a code, from any address.
- Images: decoding costs CPU, so the pixels a client may have decoded per minute are counted
  (NETRAL_EVIDENCE_PIXELS_PER_MINUTE; see evidence.py for the per-request budget).

Counters are keyed hashes; the client address is never stored. NETRAL_INTAKE_RATE_LIMITS=false
switches every limit off (benchmarks only).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from netral.core import ratelimit
from netral.reports import crypto

_PREFIX = 8  # characters of a receipt (40 bits) that name its prefix counter

SUBMIT_LIMITS = (("NETRAL_REPORT_RATE_MINUTE", "10/m"), ("NETRAL_REPORT_RATE_HOUR", "100/h"))
RECEIPT_CLIENT = ("NETRAL_RECEIPT_RATE_MINUTE", "10/m")
RECEIPT_PREFIX = ("NETRAL_RECEIPT_RATE_PREFIX", "5/10m")
PIXELS_PER_MINUTE = ("NETRAL_EVIDENCE_PIXELS_PER_MINUTE", "96000000/m")


def enabled() -> bool:
    return bool(getattr(settings, "NETRAL_INTAKE_RATE_LIMITS", True))


def _rate(setting: tuple[str, str]) -> ratelimit.Rate:
    name, default = setting
    return ratelimit.Rate.parse(getattr(settings, name, default))


def limited(request: HttpRequest, group: str = "submit") -> bool:
    """Counts one submission from this client; True when a limit is exceeded."""
    if not enabled():
        return False
    client = ratelimit.client_address(request)
    limits = [(f"reports.{group}", client, _rate(setting)) for setting in SUBMIT_LIMITS]
    # Both windows in one statement: one round trip and one commit per submission.
    totals = ratelimit.hit_each(limits, now=timezone.now())
    return any(total > rate.count for total, (_s, _c, rate) in zip(totals, limits, strict=True))


def _receipt_counters(request: HttpRequest, typed: str) -> list[ratelimit.Counter]:
    client = ratelimit.client_address(request)
    counters = [("reports.receipt.client", client, _rate(RECEIPT_CLIENT))]
    code = crypto.normalise_receipt(typed)
    if code is not None:
        counters.append(("reports.receipt.prefix", code[:_PREFIX], _rate(RECEIPT_PREFIX)))
    return counters


def guess_receipt(request: HttpRequest, typed: str) -> ratelimit.Guess | None:
    """Counts one receipt look-up; None (and nothing counted) while this client, or this
    receipt's prefix, has used up its failed guesses. `forgive()` once the code was right."""
    counters = _receipt_counters(request, typed) if enabled() else []
    return ratelimit.guess(counters, now=timezone.now())


def pixels_over_budget(request: HttpRequest, pixels: int) -> bool:
    """Counts the pixels this request would decode; True when the client's minute is spent."""
    if not enabled() or pixels <= 0:
        return False
    rate = _rate(PIXELS_PER_MINUTE)
    client = ratelimit.client_address(request)
    total = ratelimit.hit(
        scope="reports.pixels", subject=client, rate=rate, now=timezone.now(), amount=pixels
    )
    return total > rate.count


def pixel_budget(request: HttpRequest) -> Callable[[int], bool]:
    """The budget check an evidence form calls with the pixels it is about to decode."""
    return lambda pixels: pixels_over_budget(request, pixels)
