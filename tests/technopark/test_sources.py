"""The plan's Technopark indicators fill themselves from the activity records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test.utils import override_settings

from selaras.monitoring import entry
from selaras.monitoring.figures import load_figures
from selaras.monitoring.sources import REGISTRY
from selaras.organisations.models import Kampung
from selaras.planning.models import Indikator
from selaras.technopark.factories import make_umkm, record_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def auto(renja, cast) -> Indikator:
    ind = Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_b).first()
    ind.sumber_otomatis = "umkm_didampingi"
    ind.target, ind.target_tw1, ind.target_tw2, ind.target_tw3, ind.target_tw4 = (Decimal(8),) + (
        Decimal(2),
    ) * 4
    ind.save()
    return ind


def test_sources_are_registered_by_the_technopark():
    assert {"umkm_didampingi", "peserta_edukasi", "umkm_nib", "umkm_halal", "sesi_pembinaan"} <= set(REGISTRY)


def test_realisation_equals_a_count_made_by_hand(cast, renja, auto):
    kampung = list(Kampung.objects.filter(pemda=cast.pemda).order_by("kode")[:30])
    businesses = [make_umkm(cast.bidang_b, kampung[i * 10], nama_usaha=f"Usaha {i}") for i in range(3)]
    record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 2, 10), businesses[:1])
    record_activity(cast.bidang_b, "pembinaan", dt.date(2026, 5, 3), businesses)  # b0 again: counted once
    record_activity(cast.bidang_b, "edukasi", dt.date(2026, 5, 4), businesses)  # not mentoring
    record_activity(cast.bidang_b, "pendampingan", dt.date(2025, 12, 30), businesses)  # another year
    figures = [
        i for i in load_figures(renja, cast.perencana, up_to=2).all_indikator() if i.indikator == auto
    ][0]
    assert figures.automatic
    assert figures.quarters == [Decimal(1), Decimal(2), None, None]
    assert (figures.realisasi, figures.capaian) == (Decimal(3), Decimal("37.5"))
    by_kecamatan = REGISTRY["umkm_didampingi"].compute_by_kecamatan(renja, [auto])
    assert sum(by_kecamatan.values()) == 3
    assert by_kecamatan[(auto.pk, 2, businesses[1].kecamatan_id)] == 1


def test_manual_entry_is_closed_for_an_automatic_indicator(cast, auto):
    with pytest.raises(ValidationError, match="dihitung otomatis"):
        entry.save_realisasi(auto, 1, Decimal(5), "", 0, cast.perencana)


@override_settings()
def test_quarters_not_yet_begun_stay_blank(cast, renja, auto, monkeypatch):
    from selaras.monitoring import figures as module

    monkeypatch.setattr(module, "elapsed_quarters", lambda tahun, today=None: 2)
    shown = [i for i in load_figures(renja, cast.perencana, up_to=4).all_indikator() if i.indikator == auto][
        0
    ]
    assert shown.quarters == [Decimal(0), Decimal(0), None, None]


def test_the_records_link_lists_the_activities_behind_the_figure(client, cast, renja, auto):
    businesses = [make_umkm(cast.bidang_b, nama_usaha=f"Usaha {i}") for i in range(2)]
    record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 5, 2), businesses[:1])
    record_activity(cast.bidang_b, "pembinaan", dt.date(2026, 5, 9), businesses)
    record_activity(cast.bidang_b, "edukasi", dt.date(2026, 5, 10), businesses)  # not behind this figure
    url = REGISTRY["umkm_didampingi"].records_url(auto, 2)
    assert "jenis=dibina" in url and "tw=2" in url
    client.force_login(cast.perencana)
    html = client.get(url).content.decode()
    assert "Pendampingan 02-05" in html and "Pembinaan 09-05" in html and "Edukasi 10-05" not in html
