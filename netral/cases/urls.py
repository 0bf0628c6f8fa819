from django.urls import URLPattern, URLResolver, path

from netral.cases.views import detail, documents, pages, queue

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", queue.queue, name="queue"),
    path("massal/", queue.bulk, name="bulk"),
    path("baru/", pages.new_case, name="new"),
    path("notifikasi/", pages.notifications, name="notifications"),
    path("kepatuhan-ppk/", pages.compliance, name="compliance"),
    path("token-api/", pages.tokens, name="tokens"),
    path("token-api/<str:prefix>/cabut/", pages.revoke_token, name="revoke_token"),
    path("templat-surat/", pages.letter_templates, name="letter_templates"),
    path("kop-surat/", pages.letter_settings, name="letter_settings"),
    path("templat-surat/<slug:key>/", pages.letter_template, name="letter_template"),
    path("<str:code>/", detail.detail, name="detail"),
    path("<str:code>/langkah/<slug:action>/", detail.transition, name="transition"),
    path("<str:code>/tugaskan/", detail.assign, name="assign"),
    path("<str:code>/alasan-ppk/", detail.review_reason, name="review_reason"),
    path("<str:code>/eskalasi/<uuid:step>/", detail.escalation_action, name="escalation_action"),
    path("<str:code>/blokir-siasn/angkat/", detail.lift_block, name="lift_block"),
    path(
        "<str:code>/bukti/<uuid:uuid>/pratinjau/",
        documents.evidence_preview,
        name="evidence_preview",
    ),
    path(
        "<str:code>/bukti/<uuid:uuid>/unduh/", documents.evidence_download, name="evidence_download"
    ),
    path("<str:code>/label/", detail.tag, name="tag"),
    path("<str:code>/tautan/", detail.link, name="link"),
    path("<str:code>/identitas/", detail.identity, name="identity"),
    path("<str:code>/ringkasan/", documents.summary, name="summary"),
    path("<str:code>/dokumen/<uuid:public_id>/", documents.document, name="document"),
    path("<str:code>/dokumen/<uuid:public_id>/kirim/", documents.release, name="release_document"),
]
