from django.urls import URLPattern, URLResolver, include, path

from netral.prevention import views

# The staff pages of one campaign, below its public id.
campaign_routes: list[URLPattern | URLResolver] = [
    path("", views.campaign_detail, name="campaign"),
    path("kode/", views.code_sheet, name="code_sheet"),
    path("kertas/", views.paper_list, name="paper_list"),
    path("teks/", views.revise_text, name="revise_text"),
    path("tutup/", views.close, name="close"),
    path("acara/baru/", views.briefing_new, name="briefing_new"),
    path("alamat/", views.address_list, name="address_list"),
    path("kode/surel/", views.email_codes, name="email_codes"),
]

# A sosialisasi or Bimtek, below its public id.
briefing_routes: list[URLPattern | URLResolver] = [
    path("", views.briefing_detail, name="briefing"),
    path("kode/", views.briefing_code, name="briefing_code"),
    path("daftar-hadir/", views.attendance_list, name="attendance_list"),
    path("tutup/", views.briefing_close, name="briefing_close"),
    path("materi/", views.material_upload, name="material_upload"),
]

# Share cards and posters of the catalogue's examples, below the entry's code.
material_routes: list[URLPattern | URLResolver] = [
    path("<slug:fmt>.png", views.card, name="card"),
    path("poster.pdf", views.poster, name="poster"),
]

app_name = "prevention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("staf/", views.index, name="index"),
    path("staf/kampanye/baru/", views.campaign_new, name="campaign_new"),
    path("staf/kampanye/<uuid:public_id>/", include(campaign_routes)),
    path("staf/acara/<uuid:public_id>/", include(briefing_routes)),
    path("ikrar/<uuid:public_id>/", views.sign, name="sign"),
    path("hadir/", views.check_in, name="check_in"),
    path("hadir/selesai/<int:pk>/", views.checked_in, name="checked_in"),
    path("ikrar/selesai/<str:code>/", views.signed, name="signed"),
    path("sertifikat/<str:code>.pdf", views.certificate, name="certificate"),
    path("verifikasi/", views.verify, name="verify"),
    path("peran/<slug:code>/", views.role, name="role"),
    path("materi/", views.material, name="material"),
    path("materi/<slug:code>/", include(material_routes)),
    path("belajar/hasil/<int:pk>/", views.learned, name="learned"),
    path(
        "belajar/hasil/<int:pk>/sertifikat.pdf", views.module_certificate, name="module_certificate"
    ),
    path("belajar/<slug:code>/", views.learn, name="learn"),
    path("belajar/<slug:code>/<slug:slug>/", views.module, name="module"),
    path("belajar/<slug:code>/<slug:slug>/awal/", views.module_pre, name="module_pre"),
    path("materi-acara/<uuid:public_id>/", views.briefing_material, name="briefing_material"),
    path("staf/wilayah/", views.regions, name="regions"),
]
