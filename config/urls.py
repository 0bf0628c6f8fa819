"""Top-level URL map: each app owns its own prefix and namespace."""

from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from config.api import api

# A request that lost its database connection answers 503 "try again" (core.views.server_error).
handler500 = "netral.core.views.server_error"

urlpatterns = [
    # First: an election day's reports arrive here, and the resolver tries prefixes in order.
    path("api/", api.urls),
    path("", include("netral.core.urls")),
    # Without a CSRF token: cached public pages carry none (decision 0140); it sets a cookie only.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("akun/", include("netral.accounts.urls")),
    path("registri/", include("netral.registry.urls")),
    path("aturan/", include("netral.rules.urls")),
    path("lapor/", include("netral.reports.urls")),
    path("kasus/", include("netral.cases.urls")),
    path("pemantauan/", include("netral.monitoring.urls")),
    path("evaluasi/", include("netral.insights.urls")),
    path("publik/", include("netral.transparency.urls")),
    path("pencegahan/", include("netral.prevention.urls")),
    path("admin/", admin.site.urls),
]
