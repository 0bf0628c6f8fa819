"""One way to cut a listing into pages; `partials/pagination.html` renders the result."""

from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

# A queue counts at most this many rows; past it the listing says "10000+".
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap`: `COUNT(*)` over `LIMIT cap + 1`, so a queue of
    100,000 cases costs a bounded count instead of a scan of every visible row. Pages run up to
    the cap; filters narrow a longer listing."""

    def __init__(self, object_list: Any, per_page: int, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        items = self.object_list
        return items[: self.cap + 1].count() if isinstance(items, QuerySet) else len(items)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @cached_property
    def capped(self) -> bool:
        """True when there are more rows than the count says."""
        return self._counted > self.cap


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int) -> Page:
    """The page named by `?page=` (the last one past the end, the first one on nonsense)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def paginate_capped(
    request: HttpRequest, items: QuerySet | list, per_page: int, cap: int = COUNT_CAP
) -> Page:
    """`paginate` for listings that can grow without bound (work queues): a capped count."""
    return CappedPaginator(items, per_page, cap).get_page(request.GET.get("page"))
