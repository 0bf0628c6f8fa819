"""The open-data files: every public table as rows of plain values, each field documented.

`DATASETS` is the single description of the files: the README, the CSV header, the JSON shape
and the test that validates the files against the README all read it. A count is an integer, or
`"<N"` (a count from 1 to N-1, hidden), or `"x"` (hidden so that totals cannot give a small count
back); see the methodology page.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from netral.transparency import selectors, suppression

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
COUNT = "count"
TEXT = "text"
RATE = "rate"
RANK = "rank"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # COUNT, TEXT, RATE (0..1 or empty) or RANK (1.. or empty)
    description: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    fields: list[Field]


_OUTCOME_FIELDS = [
    Field("followed", COUNT, "Recommendations answered with the same or a heavier sanction."),
    Field("lighter", COUNT, "Recommendations answered with a lighter sanction."),
    Field("not_followed", COUNT, "Recommendations answered with no sanction."),
    Field("overdue", COUNT, "Recommendations with no decree after the deadline passed."),
    Field("pending", COUNT, "Recommendations with no decree, still within the deadline."),
]

DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            "kepatuhan-ppk",
            "PPK compliance league table",
            "One row per PPK (the official with the power to impose sanctions) that received "
            "sanction recommendations in scope, and a last row 'TOTAL' for all of them.",
            [
                Field(
                    "rank",
                    RANK,
                    "Rank by follow rate, then by answered recommendations; "
                    "empty when too few recommendations or a count is hidden.",
                ),
                Field("ppk", TEXT, "The PPK's office (an organisation, not a person)."),
                Field("received", COUNT, "Sanction recommendations received."),
                *_OUTCOME_FIELDS,
                Field("other", COUNT, "Recommendations acted on but not yet classified."),
                Field(
                    "follow_rate",
                    RATE,
                    "followed / (received - pending), 0 to 1; empty when not shown.",
                ),
            ],
        ),
        Dataset(
            "laporan-per-wilayah",
            "Reports received by region",
            "Public reports by province (or by regency/city inside a province), and 'TOTAL'.",
            [
                Field("region_code", TEXT, "Kepmendagri region code; empty when none given."),
                Field("region", TEXT, "Region name."),
                Field("reports", COUNT, "Reports received."),
            ],
        ),
        Dataset(
            "kasus-per-tahap",
            "Cases by stage",
            "Cases by their current stage in the handling workflow, and 'TOTAL'.",
            [
                Field("stage", TEXT, "The workflow stage's key."),
                Field("label", TEXT, "The stage's name."),
                Field("cases", COUNT, "Cases currently at this stage."),
            ],
        ),
        Dataset(
            "pelanggaran-per-kode",
            "Violations by rule code",
            "Per rule of the catalogue: the cases citing it. A case may cite several codes, "
            "so the rows have no total.",
            [
                Field("code", TEXT, "Rule code of the catalogue."),
                Field("title", TEXT, "Rule title."),
                Field("cases", COUNT, "Cases citing the code."),
                Field("recommended", COUNT, "Of those, cases where a sanction was recommended."),
            ],
        ),
        Dataset(
            "hasil-rekomendasi",
            "Recommendation outcomes",
            "Sanction recommendations by how the PPK answered them, and 'TOTAL'.",
            [
                Field("outcome", TEXT, "followed, lighter, not_followed, overdue or pending."),
                Field("label", TEXT, "The outcome in words."),
                Field("recommendations", COUNT, "Recommendations with this outcome."),
            ],
        ),
    ]
}


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
        lines += [f"## {dataset.name}", "", f"{dataset.title}. {dataset.description}", ""]
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
