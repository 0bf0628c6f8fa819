from django.urls import path

from netral.transparency import feeds, views

app_name = "transparency"
urlpatterns = [
    path("", views.index, name="index"),
    path("kepatuhan-ppk/", views.league, name="league"),
    path("statistik/", views.statistics, name="statistics"),
    path("metodologi/", views.methodology, name="methodology"),
    path("data/", views.open_data, name="open_data"),
    path("data/README.md", views.readme, name="readme"),
    path("data/<slug:name>.<slug:kind>", views.dataset, name="dataset"),
    path("indeks/", views.neutrality, name="neutrality"),
    path("sanksi-terbuka/", views.open_sanctions, name="open_sanctions"),
    path("pengumuman/", views.announcements, name="announcements"),
    path("pengumuman/feed/", feeds.AnnouncementFeed(), name="announcement_feed"),
    path("pengumuman/baru/", views.new_announcement, name="new_announcement"),
    path("pengumuman/<uuid:public_id>/", views.announcement, name="announcement"),
    path(
        "pengumuman/<uuid:public_id>/tarik/",
        views.withdraw_announcement,
        name="withdraw_announcement",
    ),
    path(
        "pengumuman/<uuid:public_id>/lampiran/<uuid:file_id>/",
        views.attachment,
        name="announcement_attachment",
    ),
    path("audit/", views.audit, name="audit"),
    path("audit/rekomendasi/", views.recommendations, name="recommendations"),
    path("audit/rekomendasi/baru/", views.new_recommendation, name="new_recommendation"),
    path("audit/rekomendasi/<uuid:public_id>/", views.recommendation, name="recommendation"),
    path(
        "audit/rekomendasi/<uuid:public_id>/tutup/",
        views.close_recommendation,
        name="close_recommendation",
    ),
    path("penghargaan/verifikasi/", views.verify, name="verify"),
    # Stable addresses per election.
    path("pemilu/<str:election>/penghargaan/", views.neutrality, name="recognition"),
    path(
        "pemilu/<str:election>/penghargaan/<str:agency>/sertifikat/",
        views.certificate,
        name="certificate",
    ),
    path("pemilu/<str:election>/", views.statistics, name="election"),
    path("pemilu/<str:election>/kepatuhan-ppk/", views.league, name="election_league"),
    path(
        "data/pemilu/<str:election>/<slug:name>.<slug:kind>",
        views.dataset,
        name="election_dataset",
    ),
]
