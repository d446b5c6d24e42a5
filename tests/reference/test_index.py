"""/referensi/ and every page the README lists answer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from selaras.accounts.models import Role

pytestmark = pytest.mark.django_db

README = Path(settings.BASE_DIR) / "README.md"


def test_the_reference_index_links_nomenclature_rpjmn_and_isu_strategis(client, cast):
    client.force_login(cast.perencana)
    response = client.get("/referensi/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("Nomenklatur", "RPJMN 2025–2029", "Isu strategis"):
        assert text in html
    for url in ("/referensi/nomenklatur/", "/referensi/nomenklatur/#rpjmn", "/referensi/isu-strategis/"):
        assert f'href="{url}"' in html


def test_every_page_the_readme_lists_answers(client, cast):
    paths = sorted(set(re.findall(r"`(/[a-z0-9/-]*/)`", README.read_text(encoding="utf-8"))))
    assert "/referensi/" in paths and "/perencanaan/renja/" in paths
    admin = cast.perencana
    admin.role = Role.ADMIN  # the deadlines page is the administrator's
    admin.save()
    client.force_login(admin)
    for path in paths:
        assert client.get(path, follow=True).status_code == 200, path
