from django.urls import URLPattern, URLResolver, include, path

from netral.core.page_cache import public_page
from netral.transparency import feeds, views

# One announcement, below its identifier; announcements, below "pengumuman/".
one_announcement_routes: list[URLPattern | URLResolver] = [
    path("", views.announcement, name="announcement"),
    path("tarik/", views.withdraw_announcement, name="withdraw_announcement"),
    path("lampiran/<uuid:file_id>/", views.attachment, name="announcement_attachment"),
]
announcement_routes: list[URLPattern | URLResolver] = [
    path("", views.announcements, name="announcements"),
    path("feed/", public_page(feeds.AnnouncementFeed()), name="announcement_feed"),
    path("baru/", views.new_announcement, name="new_announcement"),
    path("<uuid:public_id>/", include(one_announcement_routes)),
]
# One recommendation, below its identifier; recommendations, below "audit/rekomendasi/".
one_recommendation_routes: list[URLPattern | URLResolver] = [
    path("", views.recommendation, name="recommendation"),
    path("tutup/", views.close_recommendation, name="close_recommendation"),
]
recommendation_routes: list[URLPattern | URLResolver] = [
    path("", views.recommendations, name="recommendations"),
    path("baru/", views.new_recommendation, name="new_recommendation"),
    path("<uuid:public_id>/", include(one_recommendation_routes)),
]
# The independent auditor's pack and recommendations, below "audit/" (decision 0110).
audit_routes: list[URLPattern | URLResolver] = [
    path("", views.audit, name="audit"),
    path("rekomendasi/", include(recommendation_routes)),
    path("rekomendasi.csv", views.recommendations_csv, name="recommendations_csv"),
]
# Stable addresses per election, below "pemilu/<election>/".
election_routes: list[URLPattern | URLResolver] = [
    path("", views.statistics, name="election"),
    path("penghargaan/", views.neutrality, name="recognition"),
    path("penghargaan/<str:agency>/sertifikat/", views.certificate, name="certificate"),
    path("kepatuhan-ppk/", views.league, name="election_league"),
]

app_name = "transparency"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("kepatuhan-ppk/", views.league, name="league"),
    path("statistik/", views.statistics, name="statistics"),
    path("metodologi/", views.methodology, name="methodology"),
    path("data/", views.open_data, name="open_data"),
    path("data/README.md", views.readme, name="readme"),
    path("data/<slug:name>.<slug:kind>", views.dataset, name="dataset"),
    path("audit/", include(audit_routes)),
    path(
        "data/pemilu/<str:election>/<slug:name>.<slug:kind>",
        views.dataset,
        name="election_dataset",
    ),
    path("indeks/", views.neutrality, name="neutrality"),
    path("sanksi-terbuka/", views.open_sanctions, name="open_sanctions"),
    path("pengumuman/", include(announcement_routes)),
    path("penghargaan/verifikasi/", views.verify, name="verify"),
    path("pemilu/<str:election>/", include(election_routes)),
]
