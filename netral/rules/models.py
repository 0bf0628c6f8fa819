"""The one table of the rules app: holidays, which administrators keep up to date.

The catalogue and the deadline rules are data files in the package (versioned with the code);
holidays change every year by decree, so they live in the database, seeded from data/holidays.yaml.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from netral.core.models import TimeStampedModel


class Holiday(TimeStampedModel):
    """A national holiday, collective leave day (cuti bersama) or one-off holiday such as a
    voting day: a day that is not a working day for the legal clock."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National holiday")
        CUTI_BERSAMA = "cuti_bersama", _("Collective leave (cuti bersama)")
        SPECIAL = "special", _("Special holiday (e.g. voting day)")

    class Confidence(models.TextChoices):
        VERIFIED = "V", _("Verified")
        PARTLY = "P", _("Partly verified")
        RECALLED = "R", _("Recalled, no source")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    source = models.CharField(
        _("source decree"), max_length=400, help_text=_("The SKB or Keppres that sets this day.")
    )
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.PARTLY
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(
        _("counts as a holiday"),
        default=True,
        help_text=_("Untick instead of deleting, so the history stays visible."),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"

    @property
    def unverified(self) -> bool:
        return self.confidence != self.Confidence.VERIFIED
