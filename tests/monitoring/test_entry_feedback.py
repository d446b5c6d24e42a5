"""What the entry page and its neighbours tell the operator and the head of bidang: how
late the quarter is, what a submission holds (an empty one is refused, on the page and the
API), no capaian where nothing was planned, and Kelengkapan counting automatic indicators."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from selaras.monitoring import entry, events
from selaras.monitoring.completeness import completeness, report_contents
from selaras.monitoring.models import Laporan, TenggatTriwulan
from selaras.planning.models import Indikator

pytestmark = pytest.mark.django_db


@pytest.fixture
def ind_a(renja, cast) -> Indikator:
    return (
        Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).order_by("id").first()
    )


def _entry(client, renja, q: int) -> str:
    return client.get(reverse("monitoring:entry", args=[renja.pk, q])).content.decode()


# --- lateness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (dt.date(2026, 12, 2), "Terlambat 53 hari"),
        (dt.date(2026, 10, 2), "Sisa 8 hari"),
        (dt.date(2026, 10, 10), "Batas waktu hari ini"),
    ],
)
def test_the_entry_page_says_how_late_the_quarter_is(client, cast, renja, today, day, shown):
    today(day)
    TenggatTriwulan.objects.create(pemda=cast.pemda, tahun=2026, triwulan=3, batas=dt.date(2026, 10, 10))
    for persona in ("operator_a", "kepala_a"):
        client.force_login(getattr(cast, persona))
        html = _entry(client, renja, 3)
        assert "Batas waktu: 10 Oktober 2026" in html and f'id="tenggat-status">{shown}</span>' in html


def test_a_submitted_quarter_no_longer_counts_down(client, cast, renja, ind_a, today):
    today(dt.date(2026, 12, 2))
    TenggatTriwulan.objects.create(pemda=cast.pemda, tahun=2026, triwulan=3, batas=dt.date(2026, 12, 31))
    entry.save_realisasi(ind_a, 3, Decimal(1), "", 0, cast.operator_a)
    events.ajukan(events.laporan_for(renja, cast.bidang_a.pk, 3), cast.operator_a)
    client.force_login(cast.kepala_a)
    html = _entry(client, renja, 3)
    assert "Batas waktu: 31 Desember 2026" in html and "tenggat-status" not in html


# --- submitting: what is missing, and an empty report refused -------------------------------


def test_the_submit_panel_lists_what_is_filled_and_missing(client, cast, renja, ind_a):
    entry.save_realisasi(ind_a, 2, Decimal(1), "", 0, cast.operator_a)
    client.force_login(cast.operator_a)
    html = _entry(client, renja, 2)
    assert "1 dari 2 nilai realisasi indikator terisi" in html
    assert "0 dari 2 realisasi anggaran sub kegiatan terisi" in html and "belum ada bukti dukung" in html
    assert "Belum lengkap." in html and "Ya, ajukan" in html


def test_an_empty_report_cannot_be_submitted_and_the_page_says_why(client, cast, renja):
    client.force_login(cast.operator_a)
    html = _entry(client, renja, 2)
    assert "Laporan kosong tidak dapat diajukan" in html and "Ya, ajukan" not in html
    url = reverse("monitoring:workflow", args=[renja.pk, cast.bidang_a.pk, 2, "ajukan"])
    page = client.post(url, follow=True).content.decode()
    assert "belum berisi apa pun: 0 dari 2 nilai realisasi indikator terisi" in page
    assert Laporan.objects.get(renja=renja, unit_kerja=cast.bidang_a, triwulan=2).status == "draft"


def test_the_api_refuses_an_empty_report_with_409_and_the_same_message(client, cast, renja, ind_a):
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 2)
    client.force_login(cast.operator_a)
    url = reverse("laporan-ajukan", args=[laporan.pk])
    refused = client.post(url, {}, content_type="application/json")
    expected = report_contents(renja, cast.bidang_a.pk, 2).refusal()
    assert refused.status_code == 409 and refused.json()["detail"] == expected
    assert "0 dari 2 nilai realisasi indikator terisi" in expected
    entry.save_realisasi(ind_a, 2, Decimal(1), "", 0, cast.operator_a)
    assert client.post(url, {}, content_type="application/json").status_code == 200


# --- no capaian where nothing was planned ----------------------------------------------------


def test_a_quarter_planned_at_zero_shows_no_capaian_nor_predikat(client, cast, renja, ind_a):
    Indikator.objects.filter(pk=ind_a.pk).update(
        target=Decimal(4), target_tw1=Decimal(0), target_tw2=Decimal(2), target_tw3=Decimal(1), target_tw4=1
    )
    entry.save_realisasi(ind_a, 1, Decimal(0), "", 0, cast.operator_a)
    client.force_login(cast.operator_a)
    html = _entry(client, renja, 1)
    live = html[html.index(f'id="live-{ind_a.pk}"') :]
    live = live[: live.index("</td>")]
    assert "<strong>-</strong>" in live and "Sangat Rendah" not in live and "0,00%" not in live
    client.force_login(cast.pimpinan)
    dashboard = client.get(reverse("monitoring:dashboard", args=[renja.pk]) + "?triwulan=1").content.decode()
    assert "Sangat Rendah</span>" not in dashboard
    # TW II planned 2: the capaian of the year to date is back, 0 of 4
    client.force_login(cast.operator_a)
    html = _entry(client, renja, 2)
    live = html[html.index(f'id="live-{ind_a.pk}"') :]
    assert "0,00%" in live[: live.index("</td>")]


# --- Kelengkapan counts automatic indicators ------------------------------------------------


def test_completeness_counts_automatic_indicators_as_filled_once_computed(cast, renja, today):
    sub = renja.sub_kegiatan.filter(unit_kerja=cast.bidang_b).get()
    Indikator.objects.filter(sub_kegiatan=sub).update(sumber_otomatis="sesi_pembinaan")
    today(dt.date(2026, 5, 2))  # TW II under way: its count is computed; TW III not yet begun
    rows = {r.unit.pk: r for r in completeness(renja, cast.perencana, 2)[0]}
    assert (rows[cast.bidang_b.pk].terisi, rows[cast.bidang_b.pk].indikator) == (1, 1)
    assert rows[cast.bidang_b.pk].kelengkapan == Decimal("100.00")
    assert rows[cast.bidang_a.pk].terisi == 0
    later = {r.unit.pk: r for r in completeness(renja, cast.perencana, 3)[0]}
    assert later[cast.bidang_b.pk].terisi == 0
    assert report_contents(renja, cast.bidang_b.pk, 2).nilai == 1  # so its report may be submitted


def test_the_submit_panel_is_fetched_fresh_and_only_for_the_units_own_people(client, cast, renja, ind_a):
    url = reverse("monitoring:report_contents", args=[renja.pk, cast.bidang_a.pk, 2])
    client.force_login(cast.operator_a)
    assert "Laporan kosong tidak dapat diajukan" in client.get(url).content.decode()
    entry.save_realisasi(ind_a, 2, Decimal(1), "", 0, cast.operator_a)
    assert "1 dari 2 nilai realisasi indikator terisi" in client.get(url).content.decode()
    client.force_login(cast.operator_b)
    assert client.get(url).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
