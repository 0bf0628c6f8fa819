"""Choices whose members each carry one more fact beside their label (an organisation kind its
family, a case stage the plainer stage its reporter is shown)."""

from typing import Any, Self

from django.db.models import TextChoices


class CarryingChoices(TextChoices):
    """Each member is written once with its fact between the stored value and the label,
    `BKN = "bkn", Family.BKN, _("BKN (pusat)")`, and reads it as the one attribute its class
    annotates (`family: Family`). The value and label are Django's, so the fact needs no
    migration; a look-up by value (`Kind("bkn")`) gives the member, fact included."""

    def __new__(cls, value: str, *fact: Any) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        (name,) = cls.__annotations__
        (carried,) = fact
        setattr(member, name, carried)
        return member
