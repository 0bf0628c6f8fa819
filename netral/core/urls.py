from django.urls import path

from netral.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("staf/", views.staff_home, name="staff_home"),
    path("healthz", views.healthz, name="healthz"),
    path("staf/jejak/", views.timeline_digests, name="timeline_digests"),
    path(
        "staf/jejak/<uuid:public_id>/unduh/",
        views.timeline_digest_download,
        name="timeline_digest_download",
    ),
    path(
        "staf/jejak/<uuid:public_id>/cetak/",
        views.timeline_digest_print,
        name="timeline_digest_print",
    ),
]
