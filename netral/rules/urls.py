from django.urls import URLPattern, URLResolver, path

from netral.rules import views

app_name = "rules"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.catalogue_list, name="catalogue"),
    path("cek/", views.check, name="check"),
    path("sanksi/", views.sanction_levels, name="sanctions"),
    path("versi/", views.version_list, name="versions"),
    path("tenggat/", views.deadline_table, name="deadlines"),
    path("kode/<str:code>/", views.entry_detail, name="entry"),
]
