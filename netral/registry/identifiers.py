"""Indonesian personal identifiers: NIP (PNS), NI PPPK and NIK. Pure functions, no database.

The formats are described in docs/regulation.md §9: the NIP is birth date, TMT CPNS year and
month, gender and serial (Perka BKN 22/2007); the NI PPPK is only loosely known, so it is checked
loosely; the NIK is region of first registration, birth date (day + 40 for women) and serial.
Every function accepts the common written forms ("19860926 201505 1 001") and returns digits only.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NIP_LENGTH = 18
NIK_LENGTH = 16
# Spaces, dots and dashes are how people group the digits by hand; nothing else is forgiven.
_SEPARATORS = re.compile(r"[\s.\-]+")
_EARLIEST_BIRTH_YEAR = 1900
# PPPK exists since UU 5/2014; the first appointments were made in 2019.
_EARLIEST_PPPK_YEAR = 2014
# Province codes (Kepmendagri 2025). A NIK keeps the code of its first registration, and no
# province code has ever been withdrawn, so the current list accepts every NIK ever issued.
_PROVINCES = "11 12 13 14 15 16 17 18 19 21 31 32 33 34 35 36 51 52 53 61 62 63 64 65 71 72 73 74"
PROVINCE_CODES = frozenset(f"{_PROVINCES} 75 76 81 82 91 92 93 94 95 96".split(" "))


class Gender:
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True)
class NipInfo:
    """What a PNS NIP says about its holder."""

    nip: str
    birth_date: dt.date
    appointment_year: int
    appointment_month: int
    gender: str
    serial: int


@dataclass(frozen=True)
class PppkInfo:
    """What an NI PPPK says; gender is None when the digit is not 1 or 2 (the format is loose)."""

    number: str
    birth_date: dt.date
    appointment_year: int
    gender: str | None


@dataclass(frozen=True)
class NikInfo:
    """What a NIK says: the kecamatan of first registration, birth date and gender."""

    nik: str
    region_code: str
    birth_day: int
    birth_month: int
    birth_year_2: int
    gender: str
    serial: int


def _digits(value: object, length: int, label: str) -> str:
    text = _SEPARATORS.sub("", str(value if value is not None else ""))
    if not text:
        raise ValidationError(_("%(label)s is empty.") % {"label": label}, code="empty")
    if not text.isascii() or not text.isdigit():
        raise ValidationError(
            _("%(label)s may contain digits only.") % {"label": label}, code="not_digits"
        )
    if len(text) != length:
        raise ValidationError(
            _("%(label)s must have %(length)d digits, not %(count)d.")
            % {"label": label, "length": length, "count": len(text)},
            code="length",
        )
    return text


def _birth_date(digits: str, label: str, today: dt.date | None) -> dt.date:
    try:
        birth = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        birth = None
    if birth is None or birth.year < _EARLIEST_BIRTH_YEAR or (today and birth > today):
        raise ValidationError(
            _("%(label)s: digits 1–8 (%(digits)s) are not a possible birth date.")
            % {"label": label, "digits": digits[0:8]},
            code="birth_date",
        )
    return birth


def decode_nip(value: object, *, today: dt.date | None = None) -> NipInfo:
    """Validates a PNS NIP and returns what it encodes; raises ValidationError saying why not."""
    label = "NIP"
    nip = _digits(value, NIP_LENGTH, label)
    birth = _birth_date(nip, label, today)
    year, month = int(nip[8:12]), int(nip[12:14])
    appointed_after_birth = (year, month) > (birth.year, birth.month)
    not_future = today is None or (year, month) <= (today.year, today.month)
    if not 1 <= month <= 12 or not appointed_after_birth or not not_future:
        raise ValidationError(
            _(
                "NIP: digits 9–14 (%(digits)s) must be the year and month of appointment as "
                "CPNS, after the birth date."
            )
            % {"digits": nip[8:14]},
            code="appointment",
        )
    if nip[14] not in "12":
        raise ValidationError(
            _("NIP: digit 15 (%(digit)s) must be 1 (male) or 2 (female).") % {"digit": nip[14]},
            code="gender",
        )
    serial = int(nip[15:18])
    if serial < 1:
        raise ValidationError(_("NIP: the serial (digits 16–18) cannot be 000."), code="serial")
    gender = Gender.MALE if nip[14] == "1" else Gender.FEMALE
    return NipInfo(nip, birth, year, month, gender, serial)


def validate_nip(value: object, *, today: dt.date | None = None) -> str:
    """The NIP as 18 digits, or ValidationError with a message naming the wrong digits."""
    return decode_nip(value, today=today).nip


def decode_ni_pppk(value: object, *, today: dt.date | None = None) -> PppkInfo:
    """Validates an NI PPPK loosely (18 digits, birth date, plausible year) and decodes it."""
    label = "NI PPPK"
    number = _digits(value, NIP_LENGTH, label)
    birth = _birth_date(number, label, today)
    year = int(number[8:12])
    latest = today.year + 1 if today else 2100
    if not max(_EARLIEST_PPPK_YEAR, birth.year + 1) <= year <= latest:
        raise ValidationError(
            _("NI PPPK: digits 9–12 (%(digits)s) are not a plausible year of appointment.")
            % {"digits": number[8:12]},
            code="appointment",
        )
    gender = {"1": Gender.MALE, "2": Gender.FEMALE}.get(number[14])
    return PppkInfo(number, birth, year, gender)


def validate_ni_pppk(value: object, *, today: dt.date | None = None) -> str:
    """The NI PPPK as 18 digits, or ValidationError."""
    return decode_ni_pppk(value, today=today).number


def guess_kind(value: object) -> str | None:
    """ "pns" for a valid NIP, "pppk" for what is clearly an NI PPPK, None otherwise.

    The two never overlap: an NI PPPK has "2" then 1–9 where a NIP has its TMT month (01–12).
    """
    try:
        validate_nip(value)
    except ValidationError:
        pass
    else:
        return "pns"
    try:
        number = validate_ni_pppk(value)
    except ValidationError:
        return None
    return "pppk" if number[12] == "2" and number[13] != "0" else None


def _nik_birth(nik: str) -> tuple[int, int, int, str]:
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = Gender.FEMALE if day > 40 else Gender.MALE
    day = day - 40 if day > 40 else day
    possible = False
    for century in (1900, 2000):
        try:
            dt.date(century + year2, month, day)
            possible = True
        except ValueError:
            pass
    if not possible:
        raise ValidationError(
            _("NIK: digits 7–12 (%(digits)s) are not a birth date (DDMMYY, day + 40 for women).")
            % {"digits": nik[6:12]},
            code="birth_date",
        )
    return day, month, year2, gender


def decode_nik(value: object) -> NikInfo:
    """Validates a NIK (16 digits: PP KK CC DDMMYY SSSS) and returns what it encodes."""
    nik = _digits(value, NIK_LENGTH, "NIK")
    if nik[0:2] not in PROVINCE_CODES or nik[2:4] == "00" or nik[4:6] == "00":
        raise ValidationError(
            _("NIK: digits 1–6 (%(digits)s) are not a province, regency and district code.")
            % {"digits": nik[0:6]},
            code="region",
        )
    day, month, year2, gender = _nik_birth(nik)
    serial = int(nik[12:16])
    if serial < 1:
        raise ValidationError(_("NIK: the serial (digits 13–16) cannot be 0000."), code="serial")
    region_code = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
    return NikInfo(nik, region_code, day, month, year2, gender, serial)


def validate_nik(value: object) -> str:
    """The NIK as 16 digits, or ValidationError with a message naming the wrong digits."""
    return decode_nik(value).nik
