"""JSON lines: the classify command's input format (docs/monitoring.md) plus evidence fields."""

import json
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

from netral.monitoring.connectors.base import Connector, RawItem


class JsonlConnector(Connector):
    """One JSON object per line; bad lines are reported with their number and skipped."""

    name = "jsonl"

    def read(self, file: BinaryIO) -> Iterator[RawItem]:
        for number, raw in enumerate(file, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                self.problem(number, _("broken UTF-8 was replaced"), skipped=False)
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                message = _("not valid JSON (error at column %(column)s); skipped")
                self.problem(number, message % {"column": exc.colno})
                continue
            except RecursionError:
                self.problem(number, _("JSON nested too deeply; skipped"))
                continue
            if not isinstance(data, dict):
                self.problem(number, _("expected a JSON object; skipped"))
                continue
            item = self.item_from(data, number)
            if item is not None:
                yield item
