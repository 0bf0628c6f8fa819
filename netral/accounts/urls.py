from django.contrib.auth import views as auth_views
from django.urls import include, path

from netral.accounts.views import auth, members, two_factor

# Two-step verification, below "keamanan/".
two_factor_routes = [
    path("", two_factor.overview, name="two_factor"),
    path("aplikasi/", two_factor.enrol, name="two_factor_enrol"),
    path("verifikasi/", two_factor.verify, name="two_factor_verify"),
    path("kode-cadangan/", two_factor.backup_codes, name="two_factor_backup_codes"),
]
# One organisation and its members, below its public id.
organisation_routes = [
    path("", members.organisation_detail, name="organisation"),
    path("undang/", members.invite, name="invite"),
    path("status/", members.organisation_status, name="organisation_status"),
    path("anggota/<uuid:member>/peran/", members.change_role, name="member_role"),
    path("anggota/<uuid:member>/<slug:action>/", members.member_action, name="member_action"),
]

app_name = "accounts"
urlpatterns = [
    path("masuk/", auth.LoginView.as_view(), name="login"),
    path("keluar/", auth.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("kata-sandi/lupa/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "kata-sandi/lupa/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "kata-sandi/atur/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("keamanan/", include(two_factor_routes)),
    path("organisasi/", members.organisation_list, name="organisations"),
    path("organisasi/<uuid:org>/", include(organisation_routes)),
]
