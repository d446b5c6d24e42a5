"""From a business to its activity and from an activity to the plan: the UMKM page offers
"Catat aktivitas untuk usaha ini" (the form starts with that business), an activity lists
the Renja indicators it counted toward, and the lists carry one "data contoh" mark."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from selaras.planning.models import Indikator
from selaras.technopark.factories import make_umkm, record_activity
from selaras.technopark.models import UMKM, Aktivitas

pytestmark = pytest.mark.django_db

ADD = reverse("technopark:aktivitas_add")
RECORD_LINK = "Catat aktivitas untuk usaha ini"


@pytest.fixture
def usaha(cast) -> UMKM:
    return make_umkm(cast.bidang_b, nama_usaha="Kopi Robusta Sinar")


@pytest.fixture
def automatic(renja, cast) -> dict[str, Indikator]:
    """Two indicators of bidang B counted from the Technopark's records."""
    rows = list(Indikator.objects.filter(renja=renja).order_by("pk"))
    rows[0].sumber_otomatis, rows[0].uraian = "umkm_didampingi", "Jumlah UMKM yang didampingi"
    rows[1].sumber_otomatis, rows[1].uraian = "umkm_nib", "Jumlah UMKM yang memperoleh NIB"
    rows[2].uraian = "Jumlah laporan penelitian"  # typed in, never counted from activities
    for row in rows:
        row.save()
    return {"didampingi": rows[0], "nib": rows[1], "manual": rows[2]}


# the business page's link and the form it opens ------------------------------------------


@pytest.mark.parametrize(
    ("persona", "offered"), [("perencana", True), ("pimpinan", False), ("operator_b", False)]
)
def test_the_business_page_offers_to_record_an_activity_to_those_who_record(
    client, cast, usaha, persona, offered
):
    client.force_login(getattr(cast, persona))
    html = client.get(reverse("technopark:umkm_detail", args=[usaha.pk])).content.decode()
    assert (RECORD_LINK in html) is offered
    assert (f'href="{ADD}?umkm={usaha.pk}"' in html) is offered


def test_the_activity_form_starts_with_the_chosen_business(client, cast, usaha):
    client.force_login(cast.perencana)
    response = client.get(ADD, {"umkm": usaha.pk})
    assert [p.umkm_id for p in response.context["peserta"].items] == [usaha.pk]
    assert "Kopi Robusta Sinar" in response.content.decode()


def test_a_business_the_user_may_not_see_is_not_chosen(client, cast):
    other = make_umkm(cast.bidang_b, nama_usaha="Usaha Dinas Lain")
    other.perangkat_daerah = cast.other_pd
    other.save()
    client.force_login(cast.perencana)
    for value in (other.pk, "bukan-angka"):
        response = client.get(ADD, {"umkm": value})
        assert response.status_code == 200
        assert response.context["peserta"].items == []


# the indicators an activity counted toward ------------------------------------------------


def test_an_activity_lists_the_indicators_it_counted_toward(client, cast, usaha, automatic):
    aktivitas = record_activity(
        cast.bidang_b, Aktivitas.Jenis.PENDAMPINGAN, dt.date(2026, 5, 12), [usaha], nib_diperoleh=True
    )
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:aktivitas_detail", args=[aktivitas.pk])).content.decode()
    section = html.split('id="aktivitas-indikator"', 1)[1].split("</section>", 1)[0]
    assert "Jumlah UMKM yang didampingi" in section and "Jumlah UMKM yang memperoleh NIB" in section
    assert "Jumlah laporan penelitian" not in section
    assert "realisasi Triwulan II 2026" in section
    assert f'href="{reverse("monitoring:entry", args=[automatic["nib"].renja_id, 2])}"' in section


def test_an_activity_of_another_year_counts_toward_no_indicator(client, cast, usaha, automatic):
    aktivitas = record_activity(cast.bidang_b, Aktivitas.Jenis.EDUKASI, dt.date(2025, 11, 3), [usaha])
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:aktivitas_detail", args=[aktivitas.pk])).content.decode()
    assert "Tidak ada indikator Renja yang dihitung otomatis dari aktivitas ini." in html


# one "data contoh" mark on the lists ------------------------------------------------------


def test_the_umkm_list_of_sample_businesses_says_so_once(client, cast):
    for i in range(4):
        make_umkm(cast.bidang_b, nama_usaha=f"Usaha Contoh {i}", data_contoh=True)
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:umkm_list")).content.decode()
    assert html.count("data contoh") == 1
    assert 'id="data-contoh"' in html


def test_the_activity_list_of_sample_activities_says_so_once(client, cast, usaha):
    for day in (3, 4, 5):
        aktivitas = record_activity(cast.bidang_b, Aktivitas.Jenis.PEMBINAAN, dt.date(2026, 5, day), [usaha])
        aktivitas.data_contoh = True
        aktivitas.save()
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:aktivitas_list")).content.decode()
    assert html.count("data contoh") == 1


def test_the_potential_page_of_sample_businesses_says_so_once(client, cast):
    make_umkm(cast.bidang_b, data_contoh=True)
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:potensi")).content.decode()
    assert html.count("data contoh") == 1
