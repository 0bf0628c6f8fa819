import pytest
from django.core.exceptions import ImproperlyConfigured

from netral.reports import handoff


@pytest.mark.django_db
def test_cases_connects_its_desk_when_it_starts():
    # No report and no case: the desk answers through cases, which finds nothing.
    assert handoff.public_progress(object()) is None


def test_without_a_case_desk_the_hand_off_says_what_is_missing(monkeypatch):
    monkeypatch.setattr(handoff, "_desk", None)
    with pytest.raises(ImproperlyConfigured, match="netral.cases"):
        handoff.public_progress(object())
