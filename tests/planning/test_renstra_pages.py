from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.demo.lampung_tengah import build_renstra

pytestmark = pytest.mark.django_db


@pytest.fixture
def renstra(cast):
    return build_renstra(cast.pemda, cast.balitbangda)


@pytest.mark.parametrize("persona", ["perencana", "pimpinan", "operator_a", "verifikator"])
def test_renstra_shows_goals_indicators_targets_and_pagu_per_year(client, cast, renstra, persona):
    client.force_login(getattr(cast, persona))
    html = client.get(reverse("planning:renstra_detail", args=[renstra.pk])).content.decode()
    assert "Renstra Badan Penelitian dan Pengembangan Daerah 2025–2029" in html
    assert "Indeks Inovasi Daerah" in html
    assert "Target 2029" in html
    assert "1.758.750.000" in html  # pagu indikatif of 5.05.02 in 2026
    assert "data contoh" in html


def test_renstra_outsider_404_and_anonymous_login(client, cast, renstra):
    url = reverse("planning:renstra_detail", args=[renstra.pk])
    assert client.get(url).status_code == 302
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("planning:renstra_list")).content.decode()
