"""The staff side of intake, included below "staf/" by `reports.urls` (names in its
namespace): the queue and one report's pages."""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path

from netral.reports.views import routing, staff


def evidence_item(
    preview: Callable[..., HttpResponseBase],
    download: Callable[..., HttpResponseBase],
    name_prefix: str = "",
) -> URLResolver:
    """One evidence file below its identifier, `bukti/<uuid>/`: its preview and its original.
    A report's staff page and a case page (which shows its report's evidence) use the same
    addresses, each with its own views and permission."""
    return path(
        "bukti/<uuid:uuid>/",
        include(
            [
                path("pratinjau/", preview, name=f"{name_prefix}preview"),
                path("unduh/", download, name=f"{name_prefix}download"),
            ]
        ),
    )


# The staff pages of one report, below its code.
staff_report_routes: list[URLPattern | URLResolver] = [
    path("", staff.detail, name="staff_detail"),
    path("tanya/", staff.request_information, name="request_information"),
    path("duplikat/", staff.mark_duplicate, name="mark_duplicate"),
    path("tolak/", staff.reject, name="reject"),
    path("terima/", staff.accept, name="accept"),
    path("tugaskan/", routing.assign, name="assign"),
    path("teruskan/", routing.forward, name="forward"),
    path("identitas/", staff.read_identity, name="read_identity"),
    evidence_item(staff.preview, staff.download_evidence),
]
# The staff side of intake, below "staf/".
staff_routes: list[URLPattern | URLResolver] = [
    path("", staff.queue, name="queue"),
    path("massal/", staff.bulk, name="bulk"),
    path("<str:code>/", include(staff_report_routes)),
]
