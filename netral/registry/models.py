"""Reference data every other module uses: regions, agencies, civil servants, elections."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative area coded per Kepmendagri (PP.KK.CC.DDDD), from province to village."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("Regency / city")
        DISTRICT = 3, _("District")
        VILLAGE = 4, _("Village / urban village")

    code = models.CharField(_("code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120, db_index=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Upper-cased, unaccented name for fast case-insensitive prefix search on every database.
    search_name = models.CharField(max_length=120, db_index=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def contains(self, code: str) -> bool:
        """True when `code` is this region or lies below it."""
        return code == self.code or code.startswith(self.code + ".")
