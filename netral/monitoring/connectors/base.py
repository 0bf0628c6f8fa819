"""The connector interface: one export file in, RawItems and row-level problems out."""

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

KINDS = ("post", "share", "comment", "like", "follow", "group")
TEXT_FIELDS = (
    "platform",
    "author",
    "author_name",
    "author_bio",
    "url",
    "text",
    "shared_text",
    "shared_url",
    "shared_author",
)
MAX_FIELD_CHARS = 200_000  # a 100 KB post is kept whole; anything far beyond is not a post


@dataclass
class RawItem:
    """One post or interaction as a connector read it, before hashing and detection."""

    line: int
    id: str
    kind: str
    platform: str = ""
    author: str = ""
    author_name: str = ""
    author_bio: str = ""
    url: str = ""
    posted_at: dt.datetime | None = None
    text: str = ""
    shared_text: str = ""
    shared_url: str = ""
    shared_author: str = ""
    # The raw page or API response, when the collector kept it: becomes a WARC record.
    raw: bytes | None = None
    raw_url: str = ""
    raw_content_type: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped (or imported with a warning), with its line number."""

    line: int
    message: str
    skipped: bool = True


class Connector:
    """Base class: subclasses implement `read`; problems are collected in `self.problems`."""

    name = "base"

    def __init__(self) -> None:
        self.problems: list[RowProblem] = []

    def read(self, file: BinaryIO) -> Iterator[RawItem]:
        raise NotImplementedError

    def problem(self, line: int, message: str, *, skipped: bool = True) -> None:
        self.problems.append(RowProblem(line=line, message=message, skipped=skipped))

    def item_from(self, data: Mapping[str, Any], line: int) -> RawItem | None:
        """A RawItem from one decoded record, or None (a problem is recorded)."""
        item_id = data.get("id")
        if isinstance(item_id, bool) or not isinstance(item_id, str | int) or str(item_id) == "":
            self.problem(line, _("the field 'id' is missing or empty; skipped"))
            return None
        kind = data.get("kind")
        if kind not in KINDS:
            values = {"kind": str(kind)[:40], "kinds": ", ".join(KINDS)}
            self.problem(line, _("unknown kind '%(kind)s' (expected %(kinds)s); skipped") % values)
            return None
        texts: dict[str, str] = {}
        for name in TEXT_FIELDS:
            value = data.get(name)
            value = "" if value is None else value
            if not isinstance(value, str):
                self.problem(
                    line, _("the field '%(field)s' must be a text; skipped") % {"field": name}
                )
                return None
            if len(value) > MAX_FIELD_CHARS:
                message = _("the field '%(field)s' is longer than %(limit)s characters; skipped")
                self.problem(line, message % {"field": name, "limit": MAX_FIELD_CHARS})
                return None
            texts[name] = value.replace("\x00", "")
        if not texts["author"].strip():
            self.problem(line, _("the field 'author' is missing; skipped"))
            return None
        item = RawItem(line=line, id=str(item_id), kind=str(kind))
        for name, value in texts.items():
            setattr(item, name, value)
        item.posted_at = self._posted_at(data.get("posted_at"), item)
        self._raw(data, item)
        return item

    def _posted_at(self, value: Any, item: RawItem) -> dt.datetime | None:
        if isinstance(value, str) and value.strip():
            try:
                moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                pass
            else:
                # Without an offset a time is Indonesian local time (TIME_ZONE), as for classify.
                return moment if moment.tzinfo else timezone.make_aware(moment)
        item.warnings.append(_("'posted_at' is not an ISO 8601 date-time; imported without a date"))
        return None

    def _raw(self, data: Mapping[str, Any], item: RawItem) -> None:
        raw = data.get("raw")
        if raw in (None, ""):
            return
        if isinstance(raw, str):
            item.raw = raw.encode("utf-8")
        else:
            import json

            item.raw = json.dumps(raw, ensure_ascii=False, sort_keys=True).encode("utf-8")
        item.raw_url = str(data.get("raw_url") or item.url or "")
        default_type = "text/html" if isinstance(raw, str) else "application/json"
        item.raw_content_type = str(data.get("raw_content_type") or default_type)
