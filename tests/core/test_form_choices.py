"""Choices read as the user names them: units by their name, and the empty choice of a
select as "— pilih —", never Django's "---------"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from selaras.planning.models import SubKegiatan

pytestmark = pytest.mark.django_db


def test_the_unit_select_shows_names_with_their_short_code(client, cast, renja):
    cast.bidang_a.nama, cast.bidang_a.singkatan = "Bidang Ekonomi dan Pembangunan", "EKBANG"
    cast.bidang_a.save()
    client.force_login(cast.perencana)
    html = client.get(reverse("planning:sub_kegiatan_add", args=[renja.pk])).content.decode()
    assert f'value="{cast.bidang_a.pk}">Bidang Ekonomi dan Pembangunan (EKBANG)</option>' in html


def test_no_select_of_the_main_forms_offers_dashes(client, cast, renja):
    sub = SubKegiatan.objects.filter(renja=renja).first()
    client.force_login(cast.perencana)
    pages = [
        reverse("planning:sub_kegiatan_add", args=[renja.pk]),
        reverse("planning:sub_kegiatan_edit", args=[sub.pk]),
        reverse("planning:indikator_add", args=[renja.pk]) + f"?owner=sub_kegiatan&owner_id={sub.pk}",
        reverse("planning:renja_detail", args=[renja.pk]),
        reverse("technopark:umkm_add"),
        reverse("technopark:aktivitas_add"),
        reverse("technopark:aktivitas_list"),
        reverse("technopark:umkm_list"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "---------" not in response.content.decode(), url


def test_the_indicator_form_shows_the_running_sum_of_its_quarters(client, cast, renja):
    sub = SubKegiatan.objects.filter(renja=renja).first()
    client.force_login(cast.perencana)
    form = client.get(
        reverse("planning:indikator_add", args=[renja.pk]) + f"?owner=sub_kegiatan&owner_id={sub.pk}"
    ).content.decode()
    assert "data-tw-sum" in form
    page = client.get(reverse("planning:renja_detail", args=[renja.pk])).content.decode()
    assert "planning/indikator-form.js" in page
