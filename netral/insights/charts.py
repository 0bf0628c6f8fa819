"""Charts drawn on the server as SVG documents, served from their own URL and shown with
<img alt>: pygal for bars and lines (its tooltip script turned off), our own paths for the
province map. Every chart on a page has its numbers in a table next to it, so the picture is
never the only way to read them."""

import math
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext

from netral.insights import topo

if TYPE_CHECKING:
    import pygal


def _pygal() -> Any:
    """pygal (and the importlib_metadata it pulls in) only in a process that draws a chart:
    every web process loads this module with the insights URLs."""
    import pygal

    return pygal


@cache
def _style() -> Any:
    """The palette of static/netral/netral.css; the map's five classes go from pale to dark teal."""
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f2937",
        foreground_strong="#111827",
        foreground_subtle="#6b7280",
        colors=("#0f766e", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f", "#6d28d9"),
        font_family="system-ui, sans-serif",
        title_font_size=16,
        label_font_size=12,
        major_label_font_size=12,
        value_font_size=12,
        legend_font_size=12,
    )


_SCRIPT = re.compile(rb"<script\b.*?</script>", re.DOTALL)
CLASSES = ("#f0fdfa", "#99f6e4", "#2dd4bf", "#0d9488", "#115e59")
NO_DATA = "#e5e7eb"


def _svg(chart: "pygal.graph.graph.Graph") -> bytes:
    """The rendered chart without pygal's configuration script (inert in an image anyway)."""
    return _SCRIPT.sub(b"", bytes(chart.render()))


def _whole(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}".replace(",", ".")


def _config(title: str, **extra: object) -> dict[str, object]:
    return {
        "title": title,
        "style": _style(),
        "js": [],  # no script: the SVG is an image, and the CSP allows no inline code
        "width": 720,
        "height": 360,
        "show_legend": False,
        "print_values": True,
        "print_zeroes": False,
        "truncate_label": 40,
        "margin": 12,
        "value_formatter": _whole,
        "no_data_text": gettext("No data"),  # in the reader's language, not pygal's English
        **extra,
    }


def bars(title: str, rows: Sequence[tuple[str, int | float]], *, horizontal: bool = False) -> bytes:
    """A bar chart (horizontal for long labels) of (label, value) rows, in their order."""
    pygal = _pygal()
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(240, 40 + 32 * len(rows)) if horizontal else 360
    chart = kind(**_config(title, height=height))
    labels = [label for label, _value in rows]
    if horizontal:  # pygal draws the first row at the bottom
        labels = labels[::-1]
        values = [value for _label, value in rows][::-1]
    else:
        values = [value for _label, value in rows]
    chart.x_labels = labels
    chart.y_labels = ticks(max((v for v in values if v), default=0))
    chart.add(title, values)
    return _svg(chart)


def ticks(top: float) -> list[int]:
    """Whole-number axis ticks from 0 to at least `top`, about five of them (counts are whole)."""
    step = max(1, math.ceil(top / 5))
    return list(range(0, math.ceil(top) + step, step)) if top else [0, 1]


def lines(title: str, labels: Sequence[str], series: dict[str, Sequence[float | None]]) -> bytes:
    """A line chart of several series over the same labels (months, weeks)."""
    chart = _pygal().Line(
        **_config(title, show_legend=True, legend_at_bottom=True, print_values=False)
    )
    chart.x_labels = list(labels)
    for name, values in series.items():
        chart.add(name, list(values))
    return _svg(chart)


def class_of(value: int, top: int) -> int:
    """Which of the five colour classes a value falls in (0 for none), scaled to the largest."""
    if value <= 0 or top <= 0:
        return -1
    return min(len(CLASSES) - 1, (value * len(CLASSES) - 1) // top)


def choropleth(title: str, description: str, values: dict[str, int], width: int = 1000) -> bytes:
    """The 38 provinces shaded by `values` (province code → count), with a title, a
    description and a legend; each province carries its name and count as its own <title>."""
    height, shapes = topo.provinces(float(width))
    top = max(values.values(), default=0)
    legend_y = height + 16
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 48:.0f}" '
        f'viewBox="0 0 {width} {height + 48:.0f}" '
        f'role="img" aria-labelledby="t d" font-family="system-ui, sans-serif" font-size="14">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>',
        f'<rect width="{width}" height="{height + 48:.0f}" fill="#ffffff"/>',
    ]
    for code, (name, path) in sorted(shapes.items()):
        count = values.get(code, 0)
        index = class_of(count, top)
        fill = CLASSES[index] if index >= 0 else NO_DATA
        parts.append(
            f'<path d="{path}" fill="{fill}" stroke="#374151" stroke-width="0.6" '
            f'data-code="{code}"><title>{escape(name)}: {count}</title></path>'
        )
    for index, colour in enumerate(CLASSES):
        low = index * top // len(CLASSES) + 1 if top else 0
        high = (index + 1) * top // len(CLASSES) if top else 0
        x = 10 + index * 130
        parts.append(
            f'<rect x="{x}" y="{legend_y:.0f}" width="20" height="16" fill="{colour}" '
            f'stroke="#374151" stroke-width="0.5"/>'
            f'<text x="{x + 26}" y="{legend_y + 13:.0f}">{low}–{high}</text>'
        )
    parts.append(
        f'<rect x="{10 + 5 * 130}" y="{legend_y:.0f}" width="20" height="16" fill="{NO_DATA}"/>'
        f'<text x="{36 + 5 * 130}" y="{legend_y + 13:.0f}">0</text></svg>'
    )
    return "".join(parts).encode()
