from django.urls import path

from netral.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("staf/", views.staff_home, name="staff_home"),
    path("healthz", views.healthz, name="healthz"),
]
