"""Election families: the one owner of the words "pilkada" and "pemilu".

Indonesian election law comes in two families: Pilkada (regional heads, UU 10/2016) and Pemilu
(president and legislature, UU 7/2017). Deadlines, grading and criminal provisions depend on the
family, not on the kind of election, so every app asks this module which family a kind belongs to.
Kept free of models so the rules app's pure functions can import it without a database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What is being elected (`registry.Election.kind`)."""

    GOVERNOR = "gubernur", _("Governor")
    REGENT = "bupati", _("Regent (bupati)")
    MAYOR = "wali_kota", _("Mayor (wali kota)")
    PRESIDENT = "presiden", _("President")
    LEGISLATIVE = "legislatif", _("Legislative")


class Family(models.TextChoices):
    """The body of election law an election falls under (`registry.Election.family`)."""

    PILKADA = "pilkada", _("Pilkada (regional head election)")
    PEMILU = "pemilu", _("Pemilu (presidential and legislative election)")


_FAMILY_OF_KIND = {
    Kind.GOVERNOR: Family.PILKADA,
    Kind.REGENT: Family.PILKADA,
    Kind.MAYOR: Family.PILKADA,
    Kind.PRESIDENT: Family.PEMILU,
    Kind.LEGISLATIVE: Family.PEMILU,
}

FAMILIES: tuple[str, ...] = tuple(Family.values)


def family_of(kind: str | None) -> Family | None:
    """The family of a kind of election, or None when the kind is empty or unknown.

    Callers decide what an unknown family means for them, and say why (docs/elections.md).
    """
    return _FAMILY_OF_KIND.get(kind) if kind else None  # type: ignore[call-overload]


def is_family(value: str | None) -> bool:
    return value in FAMILIES
