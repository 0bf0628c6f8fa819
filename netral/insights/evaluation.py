"""The post-election evaluation report: the figures of one election, its stage timeline and
what worked and what did not, in the reader's language (HTML → PDF through the letters'
renderer in cases) with every table in an XLSX annex. The command writes it in Indonesian."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from netral.cases.services import documents as case_documents
from netral.insights import exports, figures, tables
from netral.insights.figures import Scope
from netral.registry.models import Election

# The report's tables, in the order the document and the annex give them.
ORDER = [
    "intake_outcomes", "intake_category", "intake_region", "stages", "stage_times", "missed",
    "outcomes", "ppk", "sanctions", "codes", "repeat_agencies", "regions", "monitoring",
]  # fmt: skip


@dataclass
class Evaluation:
    election: Election
    scope: Scope
    generated_at: dt.datetime
    tables: dict[str, tables.Table]
    intake: figures.Intake
    outcomes: figures.Outcomes
    cases: int
    missed: int
    ignored: int

    @property
    def stages(self) -> list[Any]:
        return list(self.election.stages.order_by("position", "start"))


def build(election: Election, scope: Scope, *, now: dt.datetime) -> Evaluation:
    """Every figure of the report for one election within `scope` (its actor's jurisdiction)."""
    scoped = Scope(
        election=election.code,
        region=scope.region,
        agency=scope.agency,
        organisation=scope.organisation,
        actor=scope.actor,
    )
    built = {key: tables.ALL[key](scoped) for key in ORDER}
    outcomes = figures.recommendation_outcomes(scoped)
    return Evaluation(
        election=election,
        scope=scoped,
        generated_at=now,
        tables=built,
        intake=figures.intake(scoped),
        outcomes=outcomes,
        cases=figures.cases_in(scoped).count(),
        missed=sum(row.missed for row in figures.stage_times(scoped)),
        ignored=outcomes.overdue + outcomes.not_followed,
    )


def html(evaluation: Evaluation, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "insights/evaluation_report.html",
        {"e": evaluation, "tables": [evaluation.tables[k] for k in ORDER], "for_pdf": for_pdf},
    )


def pdf(evaluation: Evaluation) -> bytes | None:
    """The report as PDF (None where WeasyPrint cannot run: print the HTML page instead)."""
    return case_documents.pdf_bytes(html(evaluation, for_pdf=True), "insights/report.css")


def annex(evaluation: Evaluation, target: Any) -> None:
    """Every table of the report as one XLSX workbook, one sheet per table."""
    exports.write_xlsx(
        [(t.sheet_name, t.columns, t.rows) for t in (evaluation.tables[k] for k in ORDER)], target
    )
