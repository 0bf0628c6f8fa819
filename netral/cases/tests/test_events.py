"""Every case event type declares its payload; writing anything else is refused."""

import pytest
from django.db import transaction

from netral.cases import events
from netral.cases.models import CaseEvent
from netral.cases.services import base
from netral.core.events import UndeclaredEvent


def test_every_case_event_type_declares_its_payload():
    assert set(events.CASE_EVENTS.declared) == set(CaseEvent.Type)


@pytest.mark.parametrize(
    "payload",
    [{"officer": "Budi", "nip": "198001012005011001"}, {}, {"officer": ["not", "text"]}],
)
def test_a_payload_that_does_not_fit_its_type_is_refused(
    open_case, bawaslu_bantul_officer, now, payload
):
    case = open_case()
    with pytest.raises(UndeclaredEvent), transaction.atomic():
        base.record_event(
            base.lock_case(case),
            CaseEvent.Type.ASSIGNED,
            by=bawaslu_bantul_officer,
            organisation=None,
            now=now,
            payload=payload,
        )
    assert not case.events.filter(type=CaseEvent.Type.ASSIGNED).exists()


def test_the_headline_comes_from_the_declaration_and_tolerates_old_rows():
    assert events.CASE_EVENTS.headline("tagged", {"added": ["medsos"], "removed": ["x"]}) == (
        "+medsos −x"
    )
    assert events.CASE_EVENTS.headline("tagged", {"legacy": True}) == ""
