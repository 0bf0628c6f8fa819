"""Work queues count at most a cap of rows: a bounded query, and "N+" past it."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from netral.core import pagination
from netral.registry.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_regions():
    Region.objects.bulk_create(
        Region(code=f"9{n:01d}" if n < 10 else f"8{n - 10}", name=f"R{n}", level=1)
        for n in range(12)
    )
    return Region.objects.order_by("code")


def test_the_count_stops_at_the_cap_and_says_so(twelve_regions):
    request = RequestFactory().get("/", {"page": "2"})
    with CaptureQueriesContext(connection) as queries:
        page = pagination.paginate_capped(request, twelve_regions, per_page=4, cap=10)
    counted = [q["sql"] for q in queries.captured_queries if "COUNT" in q["sql"].upper()]
    assert counted and "LIMIT 11" in counted[0].upper()
    assert (page.paginator.count, page.paginator.capped) == (10, True)
    assert page.paginator.num_pages == 3 and len(page.object_list) == 4
    html = render_to_string("partials/pagination.html", {"page_obj": page}, request=request)
    assert "10+" in html


def test_under_the_cap_the_count_is_exact(twelve_regions):
    request = RequestFactory().get("/")
    page = pagination.paginate_capped(request, twelve_regions, per_page=4, cap=100)
    assert (page.paginator.count, page.paginator.capped) == (12, False)
    html = render_to_string("partials/pagination.html", {"page_obj": page}, request=request)
    assert "12+" not in html and "12" in html
