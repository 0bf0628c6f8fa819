from django.urls import include, path

from netral.core import views

# The timeline digests, below "staf/jejak/".
digest_routes = [
    path("", views.timeline_digests, name="timeline_digests"),
    path(
        "<uuid:public_id>/unduh/", views.timeline_digest_download, name="timeline_digest_download"
    ),
    path("<uuid:public_id>/cetak/", views.timeline_digest_print, name="timeline_digest_print"),
]

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("staf/", views.staff_home, name="staff_home"),
    path("healthz", views.healthz, name="healthz"),
    path("staf/jejak/", include(digest_routes)),
]
