"""Loading the Kepmendagri region codes shipped in data/ (or any file in the same format)."""

import csv
import gzip
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from netral.registry import lookups
from netral.registry.models import Region
from netral.registry.services.rows import refresh_statistics
from netral.registry.text import search_key

REGION_FILE = Path(__file__).resolve().parent.parent / "data" / "wilayah_kepmendagri_2025.csv.gz"
_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: int

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass
class RegionLoadResult:
    """Counts per level (1 province … 4 village): created, updated and unchanged rows."""

    created: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 5), 0))
    updated: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 5), 0))
    unchanged: dict[int, int] = field(default_factory=lambda: dict.fromkeys(range(1, 5), 0))

    def total(self, level: int) -> int:
        return self.created[level] + self.updated[level] + self.unchanged[level]


def read_region_file(path: str | Path = REGION_FILE) -> list[RegionRow]:
    """Reads kode,nama,tingkat rows (gzip or plain CSV); raises ValueError naming bad lines."""
    path = Path(path)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    rows, problems = [], []
    for line, record in enumerate(reader, start=2):
        code = (record.get("kode") or "").strip()
        name = (record.get("nama") or "").strip()
        level = (record.get("tingkat") or "").strip()
        if not _CODE.match(code) or not name or level != str(code.count(".") + 1):
            problems.append(f"{path.name}:{line}: {code!r},{name!r},{level!r}")
            continue
        rows.append(RegionRow(code, name, int(level)))
    if problems or not rows:
        raise ValueError("invalid region rows: " + "; ".join(problems[:20] or ["no rows"]))
    return rows


@transaction.atomic
def load_regions(
    *, rows: Sequence[RegionRow] | None = None, batch_size: int = 2000
) -> RegionLoadResult:
    """Creates or updates every region, parents before children; never deletes (others refer)."""
    rows = read_region_file() if rows is None else rows
    existing = {
        code: (pk, name, parent_id, key)
        for pk, code, name, parent_id, key in Region.objects.values_list(
            "pk", "code", "name", "parent_id", "search_name"
        )
    }
    ids = {code: values[0] for code, values in existing.items()}
    result = RegionLoadResult()
    for level in range(1, 5):
        to_create, to_update = [], []
        for row in (row for row in rows if row.level == level):
            parent_id = _parent_id(row, ids)
            wanted = (row.name, parent_id, search_key(row.name))
            old = existing.get(row.code)
            region = Region(
                code=row.code,
                name=row.name,
                level=level,
                parent_id=parent_id,
                search_name=wanted[2],
            )
            if old is None:
                to_create.append(region)
            elif old[1:] != wanted:
                region.pk = old[0]
                to_update.append(region)
            else:
                result.unchanged[level] += 1
        Region.objects.bulk_create(to_create, batch_size=batch_size)
        Region.objects.bulk_update(
            to_update, ["name", "parent", "search_name"], batch_size=min(batch_size, 500)
        )
        if to_create:
            ids.update(Region.objects.filter(level=level).values_list("code", "pk"))
        result.created[level] = len(to_create)
        result.updated[level] = len(to_update)
    if sum(result.created.values()) + sum(result.updated.values()) > 1000:
        refresh_statistics(Region)
    lookups.invalidate()  # bulk writes send no signal: the report forms' cached regions go
    return result


def _parent_id(row: RegionRow, ids: dict[str, int]) -> int | None:
    if row.parent_code is None:
        return None
    try:
        return ids[row.parent_code]
    except KeyError:
        raise ValueError(f"{row.code}: parent {row.parent_code} is missing") from None
