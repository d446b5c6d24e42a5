from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from selaras.accounts.forms import ThrottledLoginForm
from selaras.accounts.views import PasswordChangeView

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=ThrottledLoginForm
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
