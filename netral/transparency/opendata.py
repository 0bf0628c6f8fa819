"""The open-data files: every public table as rows of plain values, each field documented.

`DATASETS`, read from `data/datasets.yaml`, is the single description of the files: the README,
the CSV header, the JSON shape and the test that validates the files against the README all read
it. A count is an integer, or `"<N"` (a count from 1 to N-1, hidden), or `"x"` (hidden so that
totals cannot give a small count back); see the methodology page.
"""

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_validator

from netral.rules.catalogue import Text
from netral.transparency import selectors, suppression

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
COUNT = "count"
TEXT = "text"
RATE = "rate"
RANK = "rank"
DATA = Path(__file__).resolve().parent / "data" / "datasets.yaml"


class Field(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: Literal["count", "text", "rate", "rank"]
    description: str


class Dataset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: Text  # shown to citizens: Indonesian and English (`get(lang)`, the `tr` filter)
    description: Text
    fields: tuple[Field, ...]

    @field_validator("title", "description")
    @classmethod
    def _both_languages(cls, text: Text) -> Text:
        if not (text.id.strip() and text.en.strip()):
            raise ValueError("give the text in Indonesian (id) and in English (en)")
        return text


def load(path: Path = DATA) -> dict[str, Dataset]:
    """The datasets of the file, with each `group: NAME` entry replaced by that group's fields."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    groups = data.get("groups", {})
    datasets = []
    for entry in data["datasets"]:
        fields: list[dict[str, Any]] = []
        for field in entry["fields"]:
            if "group" in field and field["group"] not in groups:
                raise ValueError(f"{path.name}: {entry['name']}: no field group {field['group']!r}")
            fields += groups[field["group"]] if "group" in field else [field]
        datasets.append(Dataset.model_validate({**entry, "fields": fields}))
    return {dataset.name: dataset for dataset in datasets}


DATASETS: dict[str, Dataset] = load()


def count(cell: suppression.Cell) -> int | str:
    if cell.mark == suppression.Mark.SMALL:
        return f"<{cell.threshold}"
    if cell.mark == suppression.Mark.HIDDEN:
        return "x"
    return cell.value or 0


def rows(name: str, scope: selectors.PublicScope) -> list[dict[str, Any]]:
    """The dataset's rows (already suppressed) as {field: value}; KeyError for an unknown name."""
    dataset = DATASETS[name]
    if name == "kepatuhan-ppk":
        return _league_rows(selectors.league_table(scope))
    stats = selectors.statistics(scope)
    if name == "laporan-per-wilayah":
        listed, fields = stats.reports_by_region, ("region_code", "region", "reports")
    elif name == "kasus-per-tahap":
        listed, fields = stats.cases_by_stage, ("stage", "label", "cases")
    elif name == "hasil-rekomendasi":
        listed, fields = stats.outcomes, ("outcome", "label", "recommendations")
    else:
        return [
            {"code": code, "title": title, "cases": count(cases), "recommended": count(done)}
            for code, title, cases, done in stats.violations
        ]
    found = [
        dict(zip(fields, (key, label, count(cell)), strict=True))
        for key, label, cell in listed.rows
    ]
    found.append(dict(zip(fields, ("TOTAL", "", count(listed.total)), strict=True)))
    assert [f.name for f in dataset.fields] == list(fields)
    return found


def _league_rows(league: selectors.League) -> list[dict[str, Any]]:
    keys = [key for key, _label in selectors.OUTCOMES]
    found: list[dict[str, Any]] = []
    for row in league.rows:
        found.append(
            {
                "rank": row.rank if row.rank is not None else "",
                "ppk": row.ppk,
                "received": count(row.received),
                **{key: count(cell) for key, cell in zip(keys, row.outcomes, strict=True)},
                "other": count(row.other) if row.other is not None else 0,
                "follow_rate": round(row.rate, 4) if row.rate is not None else "",
            }
        )
    found.append(
        {
            "rank": "",
            "ppk": "TOTAL",
            "received": count(league.received),
            **{key: count(cell) for key, cell in zip(keys, league.totals, strict=True)},
            "other": count(league.other_total) if league.other_total is not None else 0,
            "follow_rate": "",
        }
    )
    return found


def csv_lines(name: str, found: list[dict[str, Any]]) -> Iterator[str]:
    """The CSV, one line at a time (a large table streams)."""
    names = [field.name for field in DATASETS[name].fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in [names, *([row.get(n, "") for n in names] for row in found)]:
        writer.writerow(values)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)


def readme() -> str:
    """The field-by-field README of every open-data file (Markdown)."""
    lines = [
        "# Netral open data",
        "",
        f"Licence: Creative Commons Attribution 4.0 International ({LICENCE}), {LICENCE_URL}.",
        "Cite as: Netral, <dataset>, <as_of>.",
        "",
        "Every file exists as CSV and JSON, for the whole country or narrowed with "
        "`?election=<code>&region=<code>&agency=<code>`; per election also at the stable "
        "address `data/pemilu/<code>/<dataset>.<csv|json>`.",
        "",
        "A *count* is an integer, or `<5` (a count from 1 to 4, hidden), or `x` (hidden so "
        "that a total cannot give a small count back). The threshold (5) is a setting; the "
        "JSON states it. Zeros are shown.",
        "",
    ]
    for dataset in DATASETS.values():
        title, description = dataset.title.get("en"), dataset.description.get("en")
        lines += [f"## {dataset.name}", "", f"{title}. {description}", ""]
        lines += ["| field | kind | meaning |", "|---|---|---|"]
        lines += [f"| `{f.name}` | {f.kind} | {f.description} |" for f in dataset.fields]
        lines.append("")
    return "\n".join(lines)


def valid_value(kind: str, value: Any, threshold: int) -> bool:
    """Whether a value has the shape the README declares for its kind."""
    if kind == COUNT:
        return (isinstance(value, int) and value >= 0) or value in (f"<{threshold}", "x")
    if kind == TEXT:
        return isinstance(value, str)
    if kind == RATE:
        return value == "" or (isinstance(value, float | int) and 0 <= value <= 1)
    if kind == RANK:
        return value == "" or (isinstance(value, int) and value >= 1)
    return False
