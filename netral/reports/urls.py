from django.urls import URLPattern, URLResolver, include, path

from netral.reports.views import public, routing, staff, status

# The reporter's receipt right after sending, and the status pages the receipt code opens.
receipt_routes: list[URLPattern | URLResolver] = [
    path("", public.receipt, name="receipt"),
    path("unduh/", public.receipt_download, name="receipt_download"),
    path("tersimpan/", public.receipt_saved, name="receipt_saved"),
]
status_routes: list[URLPattern | URLResolver] = [
    path("", status.status, name="status"),
    path("balas/", status.reply, name="reply"),
    path("identitas/", status.add_identity, name="add_identity"),
    path("keluar/", status.forget, name="forget"),
]
# One piece of evidence of a report, below its identifier.
staff_evidence_routes: list[URLPattern | URLResolver] = [
    path("unduh/", staff.download_evidence, name="download"),
    path("pratinjau/", staff.preview, name="preview"),
]
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
    path("bukti/<uuid:uuid>/", include(staff_evidence_routes)),
]
# The staff side of intake, below "staf/".
staff_routes: list[URLPattern | URLResolver] = [
    path("", staff.queue, name="queue"),
    path("massal/", staff.bulk, name="bulk"),
    path("<str:code>/", include(staff_report_routes)),
]

app_name = "reports"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", public.start, name="start"),
    path("baru/", public.new_report, name="new"),
    path("baru/pemilihan/", public.election_options, name="election_options"),
    path("tanda-terima/", include(receipt_routes)),
    path("cek/", status.check, name="check"),
    path("status/", include(status_routes)),
    path("staf/", include(staff_routes)),
]
