from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _chart_data(html: str, element_id: str) -> list[dict]:
    start = html.index(f'id="{element_id}"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_home_charts_the_pagu_of_the_users_renja_per_unit(client, cast, renja):
    client.force_login(cast.perencana)
    html = client.get(reverse("home")).content.decode()
    per_unit = _chart_data(html, "data-unit")
    assert per_unit == [
        {"label": "Bidang Ekonomi dan Pembangunan", "pagu": "315500000.00"},
        {"label": "Bidang Inovasi dan Teknologi", "pagu": "210000000.00"},
    ]
    assert "Rp 315.500.000" in html


def test_operator_home_charts_only_its_bidang(client, cast, renja):
    client.force_login(cast.operator_b)
    per_unit = _chart_data(client.get(reverse("home")).content.decode(), "data-unit")
    assert [row["label"] for row in per_unit] == ["Bidang Inovasi dan Teknologi"]


def test_outsider_home_shows_no_plan_of_balitbangda(client, cast, renja):
    client.force_login(cast.outsider)
    html = client.get(reverse("home")).content.decode()
    assert "Belum ada Renja yang dapat Anda lihat." in html
    assert "data-unit" not in html
