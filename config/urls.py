"""Top-level URL map: each app owns its own prefix and namespace."""

from django.contrib import admin
from django.urls import include, path

from config.api import api

# A request that lost its database connection answers 503 "try again" (core.views.server_error).
handler500 = "netral.core.views.server_error"

urlpatterns = [
    path("", include("netral.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("netral.accounts.urls")),
    path("registri/", include("netral.registry.urls")),
    path("aturan/", include("netral.rules.urls")),
    path("lapor/", include("netral.reports.urls")),
    path("kasus/", include("netral.cases.urls")),
    path("pemantauan/", include("netral.monitoring.urls")),
    path("evaluasi/", include("netral.insights.urls")),
    path("publik/", include("netral.transparency.urls")),
    path("pencegahan/", include("netral.prevention.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
