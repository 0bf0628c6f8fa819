"""What insights keeps: the monthly compliance snapshots that trends are drawn from, and an
event for every download and generated report (who took which figures, in which scope)."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import AppendOnlyEvent
from netral.insights.events import INSIGHT_EVENTS


class InsightEvent(AppendOnlyEvent):
    """Append-only record of figures leaving Netral: exports, evaluation reports, snapshots."""

    event_types = INSIGHT_EVENTS
    Type = INSIGHT_EVENTS.choices(__name__, "InsightEvent")

    type = models.CharField(max_length=32, choices=Type.choices)

    class Meta(AppendOnlyEvent.Meta):
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")


class ComplianceSnapshot(models.Model):
    """One month's figures for one agency or one region (province, regency or city), kept as
    computed so that trends survive later corrections of the live data.

    `kind` says which: an agency row has `agency` set and `region_code` empty; a region row the
    reverse. Violations are cases for which a sanction was recommended in the month.
    """

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agency")
        REGION = "region", _("Region")

    month = models.DateField(_("month"))  # the first day of the month
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    agency = models.ForeignKey(
        "registry.Agency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region_code = models.CharField(_("region code"), max_length=13, blank=True, db_index=True)
    reports = models.PositiveIntegerField(_("reports received"), default=0)
    cases = models.PositiveIntegerField(_("cases received"), default=0)
    violations = models.PositiveIntegerField(_("violations (sanction recommended)"), default=0)
    headcount = models.PositiveIntegerField(_("civil servants in the registry"), null=True)
    recommendations = models.PositiveIntegerField(_("recommendations"), default=0)
    followed = models.PositiveIntegerField(_("followed"), default=0)
    lighter = models.PositiveIntegerField(_("lighter"), default=0)
    not_followed = models.PositiveIntegerField(_("not followed"), default=0)
    pending = models.PositiveIntegerField(_("pending or overdue"), default=0)
    decision_days = models.FloatField(_("median days from receipt to decision"), null=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["month", "kind", "region_code", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "agency"],
                condition=models.Q(kind="agency"),
                name="insights_snapshot_agency_month",
            ),
            models.UniqueConstraint(
                fields=["month", "region_code"],
                condition=models.Q(kind="region"),
                name="insights_snapshot_region_month",
            ),
        ]
        verbose_name = _("compliance snapshot")
        verbose_name_plural = _("compliance snapshots")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.agency_id or self.region_code}"

    @property
    def per_thousand(self) -> float | None:
        """Violations per 1,000 civil servants, where the registry knows the headcount."""
        if not self.headcount:
            return None
        return round(self.violations * 1000 / self.headcount, 2)

    @staticmethod
    def first_of(day: dt.date) -> dt.date:
        return day.replace(day=1)


class StoredFigure(models.Model):
    """One figure of `insights.figures` for one scope (election, region, agency; no reader, no
    period), computed by `services.refresh_figures` and read instead of counting live
    (decision 0100). `value` is the figure's result in the JSON form of `figures.encode`."""

    key = models.CharField(_("figure and scope"), max_length=200, unique=True)
    value = models.JSONField(_("value"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("stored figure")
        verbose_name_plural = _("stored figures")

    def __str__(self) -> str:
        return self.key


class DailyFigure(models.Model):
    """One figure of one area (the country, a province, a regency or city) counted over the
    rows that arrived on one day (decision 0170): a period of whole days is read as the merge
    of its days' rows. `key` is the figure's `figures.stored_key` for the area's scope without
    a period; `value` its result for that day in the JSON form of `figures.encode` (stage times
    as day histograms, `figures.stage_spans`)."""

    key = models.CharField(_("figure and area"), max_length=200)
    day = models.DateField(_("day"))
    value = models.JSONField(_("value"))
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="insights_daily_figure_key_day")
        ]
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")

    def __str__(self) -> str:
        return f"{self.key} {self.day}"
