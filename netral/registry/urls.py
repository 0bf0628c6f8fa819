from django.urls import URLPattern, URLResolver, include, path, register_converter

from netral.registry import views


class RegionCodeConverter:
    regex = r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(RegionCodeConverter, "region")

# The reference lists, each below its own prefix.
region_routes: list[URLPattern | URLResolver] = [
    path("", views.region_list, name="regions"),
    path("cari/", views.region_autocomplete, name="region_autocomplete"),
    path("kaskade/", views.region_cascade, name="region_cascade"),
    path("<region:code>/", views.region_detail, name="region"),
]
agency_routes: list[URLPattern | URLResolver] = [
    path("", views.agency_list, name="agencies"),
    path("cari/", views.agency_autocomplete, name="agency_autocomplete"),
    path("<str:code>/", views.agency_detail, name="agency"),
]

app_name = "registry"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("wilayah/", include(region_routes)),
    path("instansi/", include(agency_routes)),
    path("asn/<uuid:public_id>/", views.civil_servant_detail, name="civil_servant"),
    path("pemilihan/", views.election_list, name="elections"),
    path("pemilihan/<slug:code>/", views.election_detail, name="election"),
]
