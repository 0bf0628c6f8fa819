"""One way to show a date or a time: the reader's language, and a zone label on every time.

    when(report.submitted_at)         -> "4 Des 2026, 03.00 WIB"  /  "4 Dec 2026, 03:00 WIB"
    when(moment, zone="WITA")         -> "4 Des 2026, 04.00 WITA"
    when(dt.date(2026, 12, 3))        -> "3 Des 2026"
    when("2024:10:05 08:15:00")       -> "5 Okt 2024, 08.15 (jam kamera)"  (EXIF: no zone known)
    on_day(signature.signed_at)       -> "4 Des 2026"  (the day of a moment, in its zone)

Templates use the `when` and `on_day` filters ({% load netral_ui %}); rules' `when_in` filter
picks the zone from a region (rules.zones.zone_for_region). A zone is a ZoneInfo, an IANA key,
a label (WIB, WITA, WIT) or any object with `tzinfo` and `label` (rules.zones.Zone). Without
one, the site's zone (Jakarta, WIB).
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Indonesia's three legal zones by IANA key (Permendagri/Keppres 41/1987); Pontianak keeps WIB.
LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
KEYS = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
# Text found in photos' metadata and ISO stamps kept as strings.
_PARSE = ("%Y:%m:%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z")


def _lang(lang: str | None) -> str:
    code = (lang or get_language() or "id").split("-")[0]
    return code if code in MONTHS else "id"


def _zone(zone: Any) -> tuple[dt.tzinfo, str]:
    if zone is None:
        zone = timezone.get_default_timezone()
    if hasattr(zone, "tzinfo") and hasattr(zone, "label"):
        return zone.tzinfo, str(zone.label)
    if isinstance(zone, str):
        zone = ZoneInfo(KEYS.get(zone, zone))
    key = getattr(zone, "key", str(zone))
    return zone, LABELS.get(key, key)


def parse(value: str) -> dt.datetime | dt.date | None:
    """A date or time written as text (ISO or EXIF), or None when it is neither."""
    text = value.strip()
    if len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    for pattern in _PARSE:
        try:
            return dt.datetime.strptime(text, pattern)  # noqa: DTZ007 - a camera clock has no zone
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def day(value: dt.date, lang: str | None = None) -> str:
    """4 Des 2026 / 4 Dec 2026."""
    return f"{value.day} {MONTHS[_lang(lang)][value.month - 1]} {value.year}"


def when(value: Any, zone: Any = None, lang: str | None = None) -> str:
    """A date, or a time with its zone label, in the reader's language; "" for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        parsed = parse(value)
        if parsed is None:
            return value
        value = parsed
    code = _lang(lang)
    if not isinstance(value, dt.datetime):
        return day(value, code)
    sep = "." if code == "id" else ":"
    if timezone.is_naive(value):
        # A clock with no zone (a camera's): shown as written, and said to be so.
        clock = f"{value.hour:02d}{sep}{value.minute:02d}"
        return f"{day(value.date(), code)}, {clock} ({_('camera clock')})"
    tzinfo, label = _zone(zone)
    local = value.astimezone(tzinfo)
    return f"{day(local.date(), code)}, {local.hour:02d}{sep}{local.minute:02d} {label}"


def on_day(value: Any, zone: Any = None, lang: str | None = None) -> str:
    """The day of a date, or of a moment in the zone (a certificate's "signed on"); "" for none."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = value.astimezone(_zone(zone)[0]).date()
    return when(value, zone, lang)
