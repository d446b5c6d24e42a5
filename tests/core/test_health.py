"""The health endpoint: open to monitoring tools, cheap, and honest about a failure."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The database check's SELECT 1, and nothing else: no session, no user, no transaction.
HEALTH_QUERIES = 1


@pytest.fixture(autouse=True)
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_everything_ok_answers_200_without_login_in_one_query(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert len(queries) == HEALTH_QUERIES <= 2
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["pemeriksaan"].items()} == {
        "basis_data": "ok",
        "penyimpanan": "ok",
        "pekerja_latar": "tidak berlaku",
    }
    assert body["pemeriksaan"]["pekerja_latar"]["keterangan"] == "Belum ada pekerja latar belakang."


def test_storage_that_cannot_be_written_answers_503_without_revealing_the_path(client, tmp_path, settings):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get(reverse("health"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "gagal"
    assert body["pemeriksaan"]["penyimpanan"] == {
        "status": "gagal",
        "keterangan": "Folder unggahan tidak dapat ditulisi.",
        "durasi_ms": body["pemeriksaan"]["penyimpanan"]["durasi_ms"],
    }
    assert body["pemeriksaan"]["basis_data"]["status"] == "ok"
    assert str(tmp_path) not in response.content.decode()


def test_a_database_that_does_not_answer_answers_503(client, monkeypatch):
    from selaras.core import health

    def broken() -> None:
        raise RuntimeError("connection refused")

    monkeypatch.setattr(health.connections[health.DEFAULT_DB_ALIAS], "cursor", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["pemeriksaan"]["basis_data"]["status"] == "gagal"


def test_the_probe_file_is_removed_and_writes_are_refused(client, settings):
    client.get(reverse("health"))
    assert list(settings.MEDIA_ROOT.iterdir()) == []
    assert client.post(reverse("health")).status_code == 405
