"""Indonesia's time zones (WIB, WITA, WIT) and the one helper that maps a region to its zone.

The law counts days from local events: a report received at 00:30 WITA on 25 November was
received on 25 November. The province of a region (the first two digits of its Kepmendagri code)
decides the zone, from data/timezones.yaml; Jakarta (WIB) stands in where no region is known.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from netral.rules.catalogue import Text

_DATA_FILE = "timezones.yaml"


@dataclass(frozen=True)
class Zone:
    """A legal time zone: its label (WIB), IANA key, and the last moment of a day in it."""

    label: str
    key: str
    name: Text

    @property
    def tzinfo(self) -> ZoneInfo:
        return _tzinfo(self.key)

    @property
    def end_of_day(self) -> dt.time:
        return _end_of_day(self.key)


class UnknownRegion(ValueError):
    """A region code whose province is not one of Indonesia's provinces."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        from django.utils.translation import gettext as _

        return _("Region %(code)s lies in no known province, so its time zone is unknown.") % {
            "code": self.code
        }


@cache
def _tzinfo(key: str) -> ZoneInfo:
    return ZoneInfo(key)


@cache
def _end_of_day(key: str) -> dt.time:
    return dt.time(23, 59, 59, 999999, tzinfo=_tzinfo(key))


@cache
def _data() -> dict[str, Any]:
    from netral.rules import deadlines, loader

    return dict(loader.read_yaml(deadlines.DATA_DIR / _DATA_FILE))


@cache
def zones() -> dict[str, Zone]:
    """WIB, WITA and WIT by label."""
    return {
        label: Zone(label, raw["tz"], Text(raw["name"]["id"], raw["name"]["en"]))
        for label, raw in _data()["zones"].items()
    }


@cache
def _by_province() -> dict[str, Zone]:
    table = zones()
    return {
        str(province): table[label]
        for label, raw in _data()["zones"].items()
        for province in raw["provinces"]
    }


@cache
def default_zone() -> Zone:
    """Jakarta's zone: where no region is known."""
    return zones()[_data()["default"]]


def zone_for_region(code: str | None) -> Zone:
    """The zone of the province a region code lies in; WIB when no region is known (empty).

    Raises UnknownRegion for a code whose first two digits name no province.
    """
    if not code:
        return default_zone()
    zone = _by_province().get(code.split(".", 1)[0])
    if zone is None:
        raise UnknownRegion(code)
    return zone


def local_date(moment: dt.datetime, region_code: str | None) -> dt.date:
    """The day an aware moment falls on in the zone of the region (WIB with no region): a report
    received at 00:30 WITA on 25 November was received on 25 November, the day the law counts."""
    return moment.astimezone(zone_for_region(region_code).tzinfo).date()


def source() -> tuple[str, str, Text]:
    """(decree, confidence, note) of the province table, to show beside it."""
    raw = _data()
    return str(raw["source"]), str(raw["confidence"]), Text(raw["note"]["id"], raw["note"]["en"])


def province_table() -> list[tuple[str, Zone]]:
    """Every province code with its zone, in code order (for docs and tests)."""
    return sorted(_by_province().items())
