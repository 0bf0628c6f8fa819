"""The intake queue on a phone: a table of cards, times with their zone label, kept to the hour."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from netral.reports.tests import factories

pytestmark = pytest.mark.django_db


def test_the_intake_queue_is_a_table_of_cards_with_zone_labelled_times(
    client_for, bawaslu_bantul_officer, regions
):
    factories.submit(dt.datetime(2026, 12, 3, 20, 17, tzinfo=dt.UTC))
    html = client_for(bawaslu_bantul_officer).get(reverse("reports:queue")).content.decode()
    assert 'class="table-cards"' in html
    assert 'data-label="' in html
    assert "4 Des 2026, 03.00 WIB" in html  # Bantul is WIB; the minute is not shown
    assert not re.search(r"03\.17", html)
