from django.urls import URLPattern, URLResolver, include, path

from netral.monitoring import views

# The pages of one finding, below its public id.
finding_routes: list[URLPattern | URLResolver] = [
    path("", views.finding_detail, name="finding"),
    path("bukti.zip", views.bundle, name="bundle"),
    path("<slug:action>/", views.finding_action, name="finding_action"),
]

app_name = "monitoring"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("temuan/<uuid:public_id>/", include(finding_routes)),
    path("impor/", views.import_new, name="import"),
    path("impor/<uuid:public_id>/", views.import_run, name="run"),
    path("akun/", views.accounts, name="accounts"),
    path("akun/<uuid:public_id>/saran/", views.suggest, name="suggest"),
    path("saran/<uuid:public_id>/<slug:decision>/", views.decide_link, name="decide_link"),
]
