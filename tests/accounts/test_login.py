from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from selaras.accounts.models import LoginFailure
from selaras.accounts.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_indonesian_and_logs_in(client, cast):
    page = client.get(reverse("login")).content.decode()
    assert "Masuk ke Selaras" in page and "Kata sandi" in page
    response = client.post(reverse("login"), {"username": "perencana", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_is_refused_in_indonesian(client, cast):
    response = client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert LoginFailure.objects.filter(username="perencana").count() == 1


def test_login_is_throttled_after_repeated_failures_even_with_the_right_password(client, cast):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    response = client.post(reverse("login"), {"username": "perencana", "password": PASSWORD})
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = client.post(reverse("login"), {"username": "pimpinan", "password": PASSWORD})
    assert other.status_code == 302  # another user from the same office still gets in


def test_logout_needs_post_and_ends_the_session(client, cast):
    client.force_login(cast.perencana)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client, cast):
    client.force_login(cast.operator_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Lampung-Tengah-2026!",
            "new_password2": "Lampung-Tengah-2026!",
        },
    )
    assert response.status_code == 302
    cast.operator_a.refresh_from_db()
    assert cast.operator_a.check_password("Lampung-Tengah-2026!")
    bad = client.post(
        reverse("password_change"), {"old_password": "keliru", "new_password1": "a", "new_password2": "b"}
    )
    assert bad.status_code == 200
    assert "salah" in bad.content.decode().lower()


def test_pages_need_login(client):
    for name in ("home", "planning:renja_list", "planning:renstra_list", "reference:nomenklatur_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "selaras.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "selaras.lampungtengahkab.go.id",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set only for the browser tests
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
