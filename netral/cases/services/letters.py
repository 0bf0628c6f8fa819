"""What makes a letter fit to send: its number, letterhead and signatory.

Numbers are per organisation and year, from a counter row locked for the increment
(`select_for_update`, on PostgreSQL and SQLite alike), so two workers never take the same
number, and a number once taken is never given again (a unique constraint keeps it so).
"""

import base64
import datetime as dt
import re
from pathlib import Path
from typing import IO, Any

import yaml
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from netral.accounts.models import Organisation
from netral.cases import adapters
from netral.cases.models import LetterCounter, LetterSettings

# A logo sits about 2.5 cm high on an A4 letter: these bounds are generous for it (decision 0091).
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4_000_000
LOGO_TYPES = ("image/png", "image/jpeg")
DEFAULT_PATTERN = "{seq}/{code}/{month}/{year}"
REGISTER_PATTERN = "{seq}/REG/{region}/{month}/{year}"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
PLACEHOLDERS = ("seq", "code", "region", "month", "year")
BASES_FILE = Path(__file__).resolve().parent.parent / "data" / "letter_bases.yaml"


def pattern_problem(pattern: str) -> str:
    """Why a number pattern cannot be used ("" when it can): it must hold {seq}."""
    if "{seq}" not in pattern:
        return "{seq}"
    try:
        pattern.format(**{name: "x" for name in PLACEHOLDERS})
    except (KeyError, IndexError, ValueError) as exc:
        return str(exc)
    return ""


def settings_of(organisation: Organisation | None) -> LetterSettings | None:
    if organisation is None:
        return None
    return LetterSettings.objects.filter(organisation=organisation).first()


def _locked_counter(organisation: Organisation, year: int, series: str) -> LetterCounter:
    LetterCounter.objects.get_or_create(organisation=organisation, year=year, series=series)
    return LetterCounter.objects.select_for_update().get(
        organisation=organisation, year=year, series=series
    )


def lock_register(organisation: Organisation, now: dt.datetime) -> None:
    """Holds the organisation's register for this transaction: two officers registering at
    once (a number typed by hand, or the next one) check and write one after the other."""
    _locked_counter(organisation, timezone.localtime(now).year, LetterCounter.Series.REGISTER)


def _next_in_series(organisation: Organisation, year: int, series: str) -> int:
    """The series' next sequence number, taken once under the counter row's lock."""
    counter = _locked_counter(organisation, year, series)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def assign_register_number(organisation: Organisation, now: dt.datetime) -> str:
    """The organisation's next case-register number this year, from its own register series
    (never the letters'): `{seq}/REG/{region}/{month}/{year}`, as 001/REG/34.02/X/2024."""
    year = timezone.localtime(now).year
    seq = _next_in_series(organisation, year, LetterCounter.Series.REGISTER)
    return REGISTER_PATTERN.format(
        seq=f"{seq:03d}",
        region=organisation.jurisdiction_code or "RI",
        month=ROMAN[timezone.localtime(now).month - 1],
        year=year,
    )


def register_sequence_pattern(number: str) -> Q:
    """Any register number with the same sequence, jurisdiction and year as `number`, whatever
    its month: 003 of 2026 is one number, typed in October or given in November."""
    seq, mark, region, _month, year = number.split("/")
    parts = [re.escape(part) for part in (seq, mark, region)]
    return Q(registration_number__iregex=rf"^{'/'.join(parts)}/[^/]+/{re.escape(year)}$")


def assign_number(organisation: Organisation | None, now: dt.datetime) -> str:
    """The organisation's next letter number this year, taken once (in the caller's
    transaction: a rolled-back letter gives its number back with it)."""
    if organisation is None:
        return ""
    year = timezone.localtime(now).year
    last = _next_in_series(organisation, year, LetterCounter.Series.LETTER)
    conf = settings_of(organisation)
    pattern = conf.number_pattern if conf and not pattern_problem(conf.number_pattern) else ""
    values = {
        "seq": f"{last:03d}",
        "code": (conf.classification_code if conf else "") or "NTR",
        "region": organisation.jurisdiction_code or "RI",
        "month": ROMAN[timezone.localtime(now).month - 1],
        "year": year,
    }
    return (pattern or DEFAULT_PATTERN).format(**values)


def letterhead(organisation: Organisation | None) -> dict[str, Any]:
    """The letterhead and the signatory, as the organisation's admin set them."""
    conf = settings_of(organisation)
    name = organisation.name if organisation else "Netral"
    return {
        "name": (conf.letterhead_name if conf else "") or name,
        "address": conf.letterhead_address if conf else "",
        "logo": conf.logo if conf else "",
        "signatory": {
            "name": conf.signatory_name if conf else "",
            "position": conf.signatory_position if conf else "",
            "nip": conf.signatory_nip if conf else "",
        },
    }


def legal_bases(family: str) -> dict[str, str]:
    """The legal basis each letter cites, for the case's election family (data, cited)."""
    data = yaml.safe_load(BASES_FILE.read_text(encoding="utf-8")) or {}
    return {
        key: str(by_family.get(family, by_family.get("any", ""))) for key, by_family in data.items()
    }


def letter_settings_for(organisation: Organisation) -> LetterSettings:
    """The organisation's settings row, unsaved when it has none yet."""
    return settings_of(organisation) or LetterSettings(organisation=organisation)


def save_letter_settings(*, form: Any, organisation: Organisation, by: Any) -> LetterSettings:
    """Saves the validated settings form for the organisation its admin acts for."""
    from netral.cases import policies

    if policies.letter_settings_organisation(by) != organisation:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    settings = form.save(commit=False)
    settings.organisation = organisation
    logo = form.cleaned_data.get("logo_file")
    if logo:
        settings.logo = _store_logo(logo)
    elif form.cleaned_data.get("remove_logo"):
        # The file stays: letters already made name it in their kept letterhead.
        settings.logo = ""
    settings.save()
    return settings


def check_logo(file: IO[bytes], name: str) -> bytes:
    """The logo re-encoded without metadata (the evidence checks of decision 0042), or a
    ValidationError saying what is wrong; nothing is decoded past the pixel limit."""
    size = getattr(file, "size", None)
    if size is None or size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is larger than 1 MB."), code="too_large")
    # The header alone says the cost; a JPEG counts a twelfth of its pixels there.
    if adapters.image_cost(file) > LOGO_MAX_PIXELS:
        raise _too_many_pixels()
    try:
        content_type, width, height, preview = adapters.inspect_image(file, name, LOGO_MAX_PIXELS)
    except ValidationError as exc:
        if exc.code == "type":
            raise _not_png_or_jpeg() from exc
        raise
    if content_type not in LOGO_TYPES:
        raise _not_png_or_jpeg()
    if width * height > LOGO_MAX_PIXELS or preview is None:
        raise _too_many_pixels()
    return preview


def _not_png_or_jpeg() -> ValidationError:
    return ValidationError(_("The logo must be a PNG or JPEG image."), code="type")


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("The logo has too many pixels (at most 4 megapixels)."), code="bomb")


def _store_logo(content: bytes) -> str:
    """Stores the checked logo under a new random name; returns the name in storage."""
    return adapters.store_private("logos", "jpg", content)


def logo_data_uri(name: str) -> str:
    """The stored logo as a data: URI for a letter's page and its PDF ("" when absent)."""
    if not name:
        return ""
    try:
        with adapters.open_stored(name) as handle:
            content = handle.read()
    except OSError:
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(content).decode("ascii")
