from django.urls import URLPattern, URLResolver, include, path

from netral.prevention.views import (
    briefings,
    campaigns,
    codes,
    learning_pages,
    material,
    signing,
)

# The staff pages of one campaign, below its public id.
campaign_routes: list[URLPattern | URLResolver] = [
    path("", campaigns.campaign_detail, name="campaign"),
    path("kode/", codes.code_sheet, name="code_sheet"),
    path("kertas/", codes.paper_list, name="paper_list"),
    path("teks/", campaigns.revise_text, name="revise_text"),
    path("tutup/", campaigns.close, name="close"),
    path("acara/baru/", briefings.briefing_new, name="briefing_new"),
    path("alamat/", codes.address_list, name="address_list"),
    path("kode/surel/", codes.email_codes, name="email_codes"),
]

# A sosialisasi or Bimtek, below its public id.
briefing_routes: list[URLPattern | URLResolver] = [
    path("", briefings.briefing_detail, name="briefing"),
    path("kode/", briefings.briefing_code, name="briefing_code"),
    path("daftar-hadir/", briefings.attendance_list, name="attendance_list"),
    path("tutup/", briefings.briefing_close, name="briefing_close"),
    path("materi/", briefings.material_upload, name="material_upload"),
]

# Share cards and posters of the catalogue's examples, below the entry's code.
material_routes: list[URLPattern | URLResolver] = [
    path("<slug:fmt>.png", material.card, name="card"),
    path("poster.pdf", material.poster, name="poster"),
]

app_name = "prevention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("staf/", campaigns.index, name="index"),
    path("staf/kampanye/baru/", campaigns.campaign_new, name="campaign_new"),
    path("staf/kampanye/<uuid:public_id>/", include(campaign_routes)),
    path("staf/acara/<uuid:public_id>/", include(briefing_routes)),
    path("ikrar/<uuid:public_id>/", signing.sign, name="sign"),
    path("hadir/", briefings.check_in, name="check_in"),
    path("hadir/selesai/<int:pk>/", briefings.checked_in, name="checked_in"),
    path("ikrar/selesai/<str:code>/", signing.signed, name="signed"),
    path("sertifikat/<str:code>.pdf", signing.certificate, name="certificate"),
    path("verifikasi/", signing.verify, name="verify"),
    path("peran/<slug:code>/", signing.role, name="role"),
    path("materi/", material.material, name="material"),
    path("materi/<slug:code>/", include(material_routes)),
    path("belajar/hasil/<int:pk>/", learning_pages.learned, name="learned"),
    path(
        "belajar/hasil/<int:pk>/sertifikat.pdf",
        learning_pages.module_certificate,
        name="module_certificate",
    ),
    path("belajar/<slug:code>/", learning_pages.learn, name="learn"),
    path("belajar/<slug:code>/<slug:slug>/", learning_pages.module, name="module"),
    path("belajar/<slug:code>/<slug:slug>/awal/", learning_pages.module_pre, name="module_pre"),
    path("materi-acara/<uuid:public_id>/", briefings.briefing_material, name="briefing_material"),
    path("staf/wilayah/", campaigns.regions, name="regions"),
]
