"""CSV with a header row naming the same fields as the JSON lines format."""

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

from netral.monitoring.connectors.base import Connector, RawItem


class CsvConnector(Connector):
    """Comma-separated, UTF-8 (a BOM is allowed); broken UTF-8 is replaced and reported."""

    name = "csv"

    def read(self, file: BinaryIO) -> Iterator[RawItem]:
        data = file.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", errors="replace")
            self.problem(1, _("broken UTF-8 was replaced"), skipped=False)
        csv.field_size_limit(1_000_000)
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames or "id" not in reader.fieldnames:
            self.problem(1, _("the header row must name at least id, kind and author"))
            return
        try:
            for row in reader:
                line = reader.line_num
                values = {key: value for key, value in row.items() if key is not None}
                if not any((value or "").strip() for value in values.values()):
                    continue
                item = self.item_from(values, line)
                if item is not None:
                    yield item
        except csv.Error as exc:
            message = _("the CSV file cannot be read further (%(error)s)") % {"error": exc}
            self.problem(reader.line_num, message)
