"""One date/time presentation: the reader's language and a zone label on every time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from netral.core.when import on_day, when

UTC = dt.UTC
MOMENT = dt.datetime(2026, 12, 3, 20, 0, tzinfo=UTC)  # 4 Dec 03.00 in Jakarta


@pytest.mark.parametrize(
    ("zone", "lang", "expected"),
    [
        (None, "id", "4 Des 2026, 03.00 WIB"),
        (None, "en", "4 Dec 2026, 03:00 WIB"),
        ("WITA", "id", "4 Des 2026, 04.00 WITA"),
        (ZoneInfo("Asia/Jayapura"), "id", "4 Des 2026, 05.00 WIT"),
        ("Asia/Pontianak", "en", "4 Dec 2026, 03:00 WIB"),
    ],
)
def test_a_time_carries_its_zone_label_in_the_readers_language(zone, lang, expected):
    assert when(MOMENT, zone, lang) == expected


def test_dates_raw_text_and_nothing():
    assert when(dt.date(2026, 12, 3), lang="id") == "3 Des 2026"
    assert when("2026-12-03", lang="en") == "3 Dec 2026"
    assert when("2026-12-03T20:00:00+00:00", lang="id") == "4 Des 2026, 03.00 WIB"
    with translation.override("id"):
        assert when("2024:10:05 08:15:00") == "5 Okt 2024, 08.15 (jam kamera)"
    assert when(None) == ""
    assert when("not a date") == "not a date"


def test_template_filters_use_the_regions_zone():
    template = Template(
        "{% load netral_ui rules_tags %}{{ t|when }} | {{ t|when_in:'73.71' }} | "
        "{{ t|when_in:'' }} | {{ t|when_in:'99.01' }}"
    )
    with translation.override("en"):
        out = template.render(Context({"t": MOMENT}))
    # Makassar (73) is WITA; no region and an unknown province fall back to Jakarta.
    wib, wita = "4 Dec 2026, 03:00 WIB", "4 Dec 2026, 04:00 WITA"
    assert out == f"{wib} | {wita} | {wib} | {wib}"


def test_the_day_of_a_moment_is_the_day_in_its_zone():
    # 20.00 UTC on 3 December is already 4 December in Jakarta: a certificate shows the 4th.
    assert on_day(MOMENT, lang="id") == "4 Des 2026"
    assert on_day(MOMENT, "UTC", lang="en") == "3 Dec 2026"
    assert on_day(dt.date(2026, 12, 3), lang="id") == "3 Des 2026"
    assert on_day(None) == ""
    with translation.override("id"):
        assert Template("{% load netral_ui %}{{ t|on_day }}").render(Context({"t": MOMENT})) == (
            "4 Des 2026"
        )


def test_zip_pairs_labels_with_cells():
    out = Template("{% load netral_ui %}{% for a, b in x|zip:y %}{{ a }}={{ b }};{% endfor %}")
    assert out.render(Context({"x": ["A", "B"], "y": [1, 2]})) == "A=1;B=2;"
