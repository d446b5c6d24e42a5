"""Security headers: CSP without inline script, HSTS in production, Permissions-Policy,
Referrer-Policy, and no-store on whatever a signed-in user receives."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from selaras.accounts.personas import Cast
from selaras.core.headers import SecurityHeadersMiddleware
from selaras.planning.models import Renja

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Rendered by WeasyPrint into a PDF, never sent to a browser: the CSP does not apply.
PDF_TEMPLATE = re.compile(r"_pdf\.html$")
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-secret-key-for-the-deploy-check-0123456789abcdefghijkl",
    "ALLOWED_HOSTS": "example.go.id",
}


def directives(response: HttpResponse) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


# --- Content-Security-Policy ----------------------------------------------------------


@pytest.mark.django_db
def test_every_kind_of_page_carries_a_csp_without_unsafe_inline_script(client, cast: Cast, renja: Renja):
    anonymous = client.get(reverse("login"))
    client.force_login(cast.perencana)
    pages = [
        anonymous,
        client.get(reverse("home")),
        client.get(reverse("planning:renja_detail", args=[renja.pk])),
        client.get(reverse("monitoring:dashboard", args=[renja.pk])),
        client.get(reverse("technopark:umkm_list")),
        client.get("/tidak-ada/"),
    ]
    for response in pages:
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], response
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_api_docs_load_their_start_up_script_as_a_file(client):
    page = client.get(reverse("api-docs"))
    assert page.status_code == 200
    assert directives(page)["script-src"] == ["'self'"]
    html = page.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    script = client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def _templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*.html") if not PDF_TEMPLATE.search(p.name))


def test_no_template_holds_inline_script_handlers_or_styles():
    """The CSP blocks them all, so none may come back: scripts are files, data travels in
    data-* attributes or json_script, styles live in static CSS."""
    offences = []
    for path in _templates():
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offences.append(f"{path.name}: inline {tag}")
        for pattern, what in [
            (r"<[a-zA-Z][^>]*\son[a-z]+\s*=", "inline event handler"),
            (r"<[a-zA-Z][^>]*\sstyle\s*=", "style attribute"),
            (r"<style\b", "style element"),
            (r"javascript:", "javascript: URL"),
            (r"\shx-on", "hx-on (htmx evaluates it)"),
            (r"\shx-vars\b|js:", "evaluated hx-vals/hx-vars"),
        ]:
            if re.search(pattern, text):
                offences.append(f"{path.name}: {what}")
    assert _templates(), "no template found"
    assert offences == []


def test_htmx_is_told_not_to_eval_or_inject_styles():
    base = (TEMPLATES / "base.html").read_text()
    assert '"allowEval": false' in base
    assert '"includeIndicatorStyles": false' in base


# --- HSTS and the deploy check ---------------------------------------------------------


def _settings_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in ("DEBUG", "SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**PRODUCTION_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "selaras" / "settings.py"))


def test_hsts_is_on_for_a_year_in_production_and_overridable(monkeypatch):
    production = _settings_with(monkeypatch)
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert _settings_with(monkeypatch, SECURE_HSTS_SECONDS="0")["SECURE_HSTS_SECONDS"] == 0
    development = _settings_with(monkeypatch, DEBUG="1")
    assert development["SECURE_HSTS_SECONDS"] == 0
    assert development["SECURE_SSL_REDIRECT"] is False


@pytest.mark.django_db
def test_https_responses_carry_hsts(client):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_deploy_check_is_clean_under_production_settings():
    env = {**os.environ, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "selaras.settings"}
    # DJANGO_ALLOW_ASYNC_UNSAFE belongs to the browser tests' run, never to a deployment.
    for name in ("SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- Permissions-Policy and Referrer-Policy --------------------------------------------


@pytest.mark.django_db
def test_pages_switch_off_browser_features_and_keep_the_referrer_inside(client):
    response = client.get(reverse("login"))
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


# --- Cache-Control ----------------------------------------------------------------------


def _no_store(response: HttpResponse) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.mark.django_db
def test_signed_in_pages_and_fragments_are_not_stored(client, cast: Cast, renja: Renja):
    client.force_login(cast.operator_a)
    assert _no_store(client.get(reverse("home")))
    assert _no_store(client.get(reverse("planning:renja_detail", args=[renja.pk])))
    fragment = client.get(reverse("planning:renja_detail", args=[renja.pk]), headers={"HX-Request": "true"})
    assert _no_store(fragment)


@pytest.mark.django_db
def test_exports_are_not_stored(client, cast: Cast, renja: Renja):
    client.force_login(cast.perencana)
    renja_xlsx = client.get(reverse("planning:renja_xlsx", args=[renja.pk]))
    assert renja_xlsx.status_code == 200
    assert _no_store(renja_xlsx)
    umkm_xlsx = client.get(reverse("technopark:umkm_xlsx"))
    assert umkm_xlsx.status_code == 200
    assert _no_store(umkm_xlsx)


@pytest.mark.django_db
def test_a_view_that_chose_its_caching_keeps_it_and_anonymous_answers_are_left_alone(cast: Cast):
    def cached(request):  # noqa: ANN001, ANN202
        response = HttpResponse("x")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = RequestFactory().get("/")
    request.user = cast.perencana
    assert SecurityHeadersMiddleware(cached)(request)["Cache-Control"] == "private, max-age=60"

    request.user = AnonymousUser()
    assert "Cache-Control" not in SecurityHeadersMiddleware(lambda r: HttpResponse("x"))(request)
