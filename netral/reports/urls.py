"""The citizen's side of intake: the report form, the receipt and the status pages its code
opens. The staff side is `staff_urls`, below "staf/", in the same namespace."""

from django.urls import URLPattern, URLResolver, include, path

from netral.reports.staff_urls import staff_routes
from netral.reports.views import public, status

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.start, name="start"),
    path("baru/", public.new_report, name="new"),
    path("baru/pemilihan/", public.election_options, name="election_options"),
    # The reporter's receipt right after sending.
    path(
        "tanda-terima/",
        include(
            [
                path("", public.receipt, name="receipt"),
                path("unduh/", public.receipt_download, name="receipt_download"),
                path("tersimpan/", public.receipt_saved, name="receipt_saved"),
            ]
        ),
    ),
    # The receipt code typed in, and the status pages it opens.
    path("cek/", status.check, name="check"),
    path(
        "status/",
        include(
            [
                path("", status.status, name="status"),
                path("balas/", status.reply, name="reply"),
                path("identitas/", status.add_identity, name="add_identity"),
                path("keluar/", status.forget, name="forget"),
            ]
        ),
    ),
    path("staf/", include(staff_routes)),
]
