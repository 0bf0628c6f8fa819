from django.urls import path

from netral.insights import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("grafik/<slug:name>.svg", views.chart, name="chart"),
    path("unduh/<slug:table>.<slug:kind>", views.download, name="download"),
    path("kasus.<slug:kind>", views.queue_export, name="queue_export"),
]
urlpatterns += [path("tren/", views.trends, name="trends")]
urlpatterns += [
    path("laporan/", views.reports, name="reports"),
    path("laporan/<slug:code>/", views.report, name="report"),
    path("laporan/<slug:code>.<slug:kind>", views.report_file, name="report_file"),
]
