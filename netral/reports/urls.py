from django.urls import path

from netral.reports.views import public, routing, staff, status

app_name = "reports"
urlpatterns = [
    path("", public.start, name="start"),
    path("baru/", public.new_report, name="new"),
    path("baru/pemilihan/", public.election_options, name="election_options"),
    path("tanda-terima/", public.receipt, name="receipt"),
    path("tanda-terima/unduh/", public.receipt_download, name="receipt_download"),
    path("tanda-terima/tersimpan/", public.receipt_saved, name="receipt_saved"),
    path("cek/", status.check, name="check"),
    path("status/", status.status, name="status"),
    path("status/balas/", status.reply, name="reply"),
    path("status/identitas/", status.add_identity, name="add_identity"),
    path("status/keluar/", status.forget, name="forget"),
    path("staf/", staff.queue, name="queue"),
    path("staf/massal/", staff.bulk, name="bulk"),
    path("staf/<str:code>/", staff.detail, name="staff_detail"),
    path("staf/<str:code>/tanya/", staff.request_information, name="request_information"),
    path("staf/<str:code>/duplikat/", staff.mark_duplicate, name="mark_duplicate"),
    path("staf/<str:code>/tolak/", staff.reject, name="reject"),
    path("staf/<str:code>/terima/", staff.accept, name="accept"),
    path("staf/<str:code>/tugaskan/", routing.assign, name="assign"),
    path("staf/<str:code>/teruskan/", routing.forward, name="forward"),
    path("staf/<str:code>/identitas/", staff.read_identity, name="read_identity"),
    path("staf/<str:code>/bukti/<uuid:uuid>/unduh/", staff.download_evidence, name="download"),
    path("staf/<str:code>/bukti/<uuid:uuid>/pratinjau/", staff.preview, name="preview"),
]
