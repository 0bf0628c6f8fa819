"""One way to cut a listing into pages; `partials/pagination.html` renders the result."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int) -> Page:
    """The page named by `?page=` (the last one past the end, the first one on nonsense)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))
