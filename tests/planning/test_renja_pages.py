from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selaras.organisations.models import UnitKerja
from selaras.planning.factories import add_sub_kegiatan, bulk_fill_renja, make_renja
from selaras.reference.models import Nomenklatur

pytestmark = pytest.mark.django_db


def test_planner_sees_the_whole_tree_with_pagu_rolled_up(client, cast, renja):
    client.force_login(cast.perencana)
    page = client.get(reverse("planning:renja_detail", args=[renja.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # kegiatan 5.05.02.2.03 holds 175.500.000 + 140.000.000; the program holds all three.
    assert "315.500.000" in html
    assert "525.500.000" in html
    assert "Penelitian dan Pengembangan Koperasi" in html
    assert "Rp 525.500.000" in html


@pytest.mark.parametrize("persona", ["pimpinan", "verifikator", "operator_a"])
def test_readers_of_the_agency_open_the_renja(client, cast, renja, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(reverse("planning:renja_detail", args=[renja.pk])).status_code == 200


def test_operator_sees_only_the_sub_kegiatan_of_its_bidang(client, cast, renja):
    client.force_login(cast.operator_b)
    html = client.get(reverse("planning:renja_detail", args=[renja.pk])).content.decode()
    assert "5.05.02.2.04.0001" in html
    assert "5.05.02.2.03.0001" not in html
    assert "Rp 210.000.000" in html


def test_outsider_gets_404_and_anonymous_is_sent_to_login(client, cast, renja):
    url = reverse("planning:renja_detail", args=[renja.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    listing = client.get(reverse("planning:renja_list")).content.decode()
    assert url not in listing


def test_tree_filters_by_bidang_as_an_htmx_fragment(client, cast, renja):
    client.force_login(cast.perencana)
    response = client.get(
        reverse("planning:renja_detail", args=[renja.pk]),
        {"bidang": cast.bidang_b.pk},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "5.05.02.2.04.0001" in html
    assert "5.05.02.2.03.0002" not in html


def _fill(renja, unit: UnitKerja, count: int) -> None:
    codes = Nomenklatur.objects.filter(level="sub_kegiatan").values_list("kode", flat=True)
    for kode in list(codes)[:count]:
        add_sub_kegiatan(renja, kode, unit)


def test_tree_makes_the_same_number_of_queries_for_20_or_2000_rows(client, cast):
    small = make_renja(cast.balitbangda, 2026)
    _fill(small, cast.bidang_a, 20)
    large = make_renja(cast.balitbangda, 2027)
    bulk_fill_renja(large, cast.bidang_a, 2000)
    client.force_login(cast.perencana)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("planning:renja_detail", args=[plan.pk])).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 30, counts
