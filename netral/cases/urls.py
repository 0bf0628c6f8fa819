from django.urls import URLPattern, URLResolver, include, path

from netral.cases.views import detail, documents, pages, queue
from netral.reports.staff_urls import evidence_item

# One letter of a case, below its identifier.
document_routes: list[URLPattern | URLResolver] = [
    path("", documents.document, name="document"),
    path("kirim/", documents.release, name="release_document"),
]
# The pages of one case, below its code.
case_routes: list[URLPattern | URLResolver] = [
    path("", detail.detail, name="detail"),
    path("langkah/<slug:action>/", detail.transition, name="transition"),
    path("tugaskan/", detail.assign, name="assign"),
    path("alasan-ppk/", detail.review_reason, name="review_reason"),
    path("eskalasi/<uuid:step>/", detail.escalation_action, name="escalation_action"),
    path("blokir-siasn/angkat/", detail.lift_block, name="lift_block"),
    evidence_item(documents.evidence_preview, documents.evidence_download, "evidence_"),
    path("label/", detail.tag, name="tag"),
    path("tautan/", detail.link, name="link"),
    path("identitas/", detail.identity, name="identity"),
    path("ringkasan/", documents.summary, name="summary"),
    path("sk/<str:sha256>/", documents.decree_file, name="decree_file"),
    path("dokumen/<uuid:public_id>/", include(document_routes)),
]

# API tokens and letter templates, each below its own prefix.
token_routes: list[URLPattern | URLResolver] = [
    path("", pages.tokens, name="tokens"),
    path("<str:prefix>/cabut/", pages.revoke_token, name="revoke_token"),
]
letter_template_routes: list[URLPattern | URLResolver] = [
    path("", pages.letter_templates, name="letter_templates"),
    path("<slug:key>/", pages.letter_template, name="letter_template"),
]

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", queue.queue, name="queue"),
    path("massal/", queue.bulk, name="bulk"),
    path("baru/", pages.new_case, name="new"),
    path("notifikasi/", pages.notifications, name="notifications"),
    path("kepatuhan-ppk/", pages.compliance, name="compliance"),
    path("token-api/", include(token_routes)),
    path("templat-surat/", include(letter_template_routes)),
    path("kop-surat/", pages.letter_settings, name="letter_settings"),
    path("<str:code>/", include(case_routes)),
]
