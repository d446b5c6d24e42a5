from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "selaras.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        from django.contrib import admin

        from selaras.accounts.forms import ThrottledAdminLoginForm

        # The admin logs in through the same backend; this form only words a lock in Indonesian.
        admin.site.login_form = ThrottledAdminLoginForm
