"""The command-line input contract: one JSON object per line, problems reported, never fatal.

A malformed line is reported with its number and skipped; broken UTF-8 is replaced and the
item is still classified; unknown fields are ignored. See docs/monitoring.md for the fields.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from netral.monitoring.pipeline.detector import KINDS, Item

# report(message, skipped): skipped is True when the line is dropped, False for a warning.
Report = Callable[[str, bool], None]


def read_items(lines: Iterable[bytes], report: Report) -> Iterator[tuple[Item, dict[str, Any]]]:
    """Items (and their raw objects) from JSON lines; problems go to `report`."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("utf-8", errors="replace")
            message = _("line %(line)s: broken UTF-8 was replaced; the item is still classified")
            report(message % {"line": number}, False)
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            message = _("line %(line)s: not valid JSON (error at column %(column)s); skipped")
            report(message % {"line": number, "column": exc.colno}, True)
            continue
        except RecursionError:
            report(_("line %(line)s: JSON nested too deeply; skipped") % {"line": number}, True)
            continue
        item = parse_item(data, number, report)
        if item is not None:
            yield item, data


def parse_item(data: Any, number: int, report: Report) -> Item | None:
    """An Item from one decoded line, or None (reported) when it cannot be classified."""
    values: dict[str, object] = {"line": number}
    if not isinstance(data, dict):
        report(_("line %(line)s: expected a JSON object; skipped") % values, True)
        return None
    item_id = data.get("id")
    if isinstance(item_id, bool) or not isinstance(item_id, str | int) or str(item_id) == "":
        report(_("line %(line)s: the field 'id' is missing or empty; skipped") % values, True)
        return None
    kind = data.get("kind")
    if kind not in KINDS:
        values.update(kind=json.dumps(kind, ensure_ascii=False), kinds=", ".join(KINDS))
        report(
            _("line %(line)s: unknown kind %(kind)s (expected %(kinds)s); skipped") % values, True
        )
        return None
    texts = {}
    for field in ("text", "shared_text", "platform", "author", "shared_author"):
        value = data.get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            values["field"] = field
            report(_("line %(line)s: the field '%(field)s' must be a text; skipped") % values, True)
            return None
        texts[field] = value
    return Item(
        id=str(item_id),
        kind=kind,
        posted_at=_posted_at(data.get("posted_at"), number, report),
        **texts,
    )


def _posted_at(value: Any, number: int, report: Report) -> dt.datetime | None:
    if isinstance(value, str) and value.strip():
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            pass
    message = _(
        "line %(line)s: 'posted_at' is not an ISO 8601 date-time; classified without a date"
    )
    report(message % {"line": number}, False)
    return None


# One encoder for the whole run: json.dumps with options builds a new one on every call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def dumps(result: dict[str, Any]) -> str:
    return _ENCODER.encode(result) + "\n"
