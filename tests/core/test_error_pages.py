"""With DEBUG off, every error answer is Indonesian: pages in the site's layout with the
view's own reason and a way back, JSON on the API."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from selaras.monitoring import events
from selaras.monitoring.factories import noted

pytestmark = pytest.mark.django_db


def test_a_404_is_an_indonesian_page_with_a_way_back(client: Client, cast) -> None:
    client.force_login(cast.outsider)
    response = client.get("/perencanaan/renja/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Tidak ditemukan" in page and "Ke beranda" in page and 'class="navbar' in page
    assert "Not Found" not in page


def test_a_403_shows_the_views_own_reason(client: Client, cast, renja) -> None:
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 2)
    events.ajukan(noted(laporan), cast.kepala_a)
    client.force_login(cast.kepala_a)
    url = reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "verifikasi"])
    response = client.post(url)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Akses ditolak" in page and "prinsip empat mata" in page and "Forbidden" not in page


def test_a_get_on_a_post_only_address_explains_itself(client: Client, cast, renja) -> None:
    client.force_login(cast.perencana)
    sub = renja.sub_kegiatan.first()
    response = client.get(reverse("planning:sub_kegiatan_delete", args=[sub.pk]))
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "Cara membuka tidak diizinkan" in response.content.decode()


def test_a_form_without_its_csrf_token_is_refused_in_indonesian(cast, renja) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.perencana)
    sub = renja.sub_kegiatan.first()
    response = strict.post(reverse("planning:sub_kegiatan_delete", args=[sub.pk]))
    assert response.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in response.content.decode()
    assert renja.sub_kegiatan.filter(pk=sub.pk).exists()


def test_the_api_answers_errors_in_json(client: Client, cast) -> None:
    client.force_login(cast.perencana)
    response = client.get("/api/renja/0/")
    assert response.status_code == 404 and response.json() == {"detail": "Data tidak ditemukan."}


def test_a_server_error_page_needs_nothing_and_speaks_indonesian(rf) -> None:
    from selaras.core.errors import server_error

    response = server_error(rf.get("/perencanaan/"))
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.content.decode()


def test_a_nul_byte_in_the_query_is_refused_before_any_view(client: Client, cast) -> None:
    client.force_login(cast.perencana)
    page = client.get("/referensi/nomenklatur/", {"q": "a\x00b"})
    assert page.status_code == 400 and "karakter NUL" in page.content.decode()
    api = client.get("/api/indikator/", {"uraian": "\x00"})
    assert api.status_code == 400 and "NUL" in api.json()["detail"]
