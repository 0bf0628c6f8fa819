from django.utils.translation import gettext_lazy as _

from netral.accounts.models import Organisation
from netral.cases.workflow import Shown, State
from netral.core.choices import CarryingChoices


class Size(CarryingChoices):
    SMALL = "small", 1, _("Small")
    LARGE = "large", 10, _("Large")

    weight: int


def test_a_member_carries_its_fact_under_the_annotated_name():
    assert Size.SMALL.weight == 1
    assert Size("large").weight == 10


def test_value_and_label_stay_django_s():
    assert Size.choices == [("small", "Small"), ("large", "Large")]
    assert Size.LARGE.label == "Large"


def test_every_kind_and_stage_carries_its_fact():
    assert Organisation.Kind("bkn_regional").family == Organisation.Family.BKN
    assert {State(value).shown for value in State.values} == set(Shown)
