from django.urls import URLPattern, URLResolver, path

from netral.prevention import views

app_name = "prevention"
urlpatterns: list[URLPattern | URLResolver] = [
    path("staf/", views.index, name="index"),
    path("staf/kampanye/baru/", views.campaign_new, name="campaign_new"),
    path("staf/kampanye/<uuid:public_id>/", views.campaign_detail, name="campaign"),
    path("staf/kampanye/<uuid:public_id>/kode/", views.code_sheet, name="code_sheet"),
    path("staf/kampanye/<uuid:public_id>/kertas/", views.paper_list, name="paper_list"),
    path("staf/kampanye/<uuid:public_id>/teks/", views.revise_text, name="revise_text"),
    path("staf/kampanye/<uuid:public_id>/tutup/", views.close, name="close"),
    path("ikrar/<uuid:public_id>/", views.sign, name="sign"),
    path("ikrar/selesai/<str:code>/", views.signed, name="signed"),
    path("sertifikat/<str:code>.pdf", views.certificate, name="certificate"),
    path("verifikasi/", views.verify, name="verify"),
    path("peran/<slug:code>/", views.role, name="role"),
    path("belajar/hasil/<int:pk>/", views.learned, name="learned"),
    path(
        "belajar/hasil/<int:pk>/sertifikat.pdf", views.module_certificate, name="module_certificate"
    ),
    path("belajar/<slug:code>/", views.learn, name="learn"),
    path("belajar/<slug:code>/<slug:slug>/", views.module, name="module"),
]
