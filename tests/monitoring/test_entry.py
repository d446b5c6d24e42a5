"""Saving realisation: who, when (locks), what (validation) and without lost updates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from selaras.monitoring import entry, events
from selaras.monitoring.factories import noted
from selaras.monitoring.figures import load_figures
from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan
from selaras.planning.models import Indikator, SubKegiatan

pytestmark = pytest.mark.django_db


@pytest.fixture
def ind_a(renja, cast) -> Indikator:
    return (
        Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).order_by("id").first()
    )


def test_operator_saves_and_the_version_moves_on(cast, ind_a):
    row = entry.save_realisasi(ind_a, 1, Decimal(1), "Laporan TW I selesai", 0, cast.operator_a)
    assert (row.nilai, row.versi, row.unit_kerja, row.diubah_oleh) == (
        Decimal(1),
        1,
        cast.bidang_a,
        cast.operator_a,
    )
    row = entry.save_realisasi(ind_a, 1, Decimal(2), "", 1, cast.operator_a)
    assert (row.nilai, row.versi) == (Decimal(2), 2)


def test_the_second_of_two_people_saving_the_same_row_is_told(cast, ind_a):
    entry.save_realisasi(ind_a, 1, Decimal(1), "", 0, cast.operator_a)  # both opened version 0
    with pytest.raises(entry.Conflict, match="sudah diubah oleh Operator A"):
        entry.save_realisasi(ind_a, 1, Decimal(5), "", 0, cast.kepala_a)
    assert Realisasi.objects.get(indikator=ind_a, triwulan=1).nilai == Decimal(1)


@pytest.mark.parametrize("persona", ["operator_b", "pimpinan", "verifikator", "outsider"])
def test_others_cannot_enter_a_bidangs_figures(cast, ind_a, persona):
    with pytest.raises(PermissionDenied):
        entry.save_realisasi(ind_a, 1, Decimal(1), "", 0, getattr(cast, persona))
    assert not Realisasi.objects.exists()


def test_a_submitted_or_approved_quarter_is_locked(cast, renja, ind_a):
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 2)
    events.ajukan(noted(laporan), cast.operator_a)
    with pytest.raises(entry.Locked, match="sedang diajukan"):
        entry.save_realisasi(ind_a, 2, Decimal(1), "", 0, cast.operator_a)
    events.verifikasi(laporan, cast.kepala_a)
    events.setujui(laporan, cast.pimpinan)
    with pytest.raises(entry.Locked, match="sudah disetujui"):
        entry.save_realisasi(ind_a, 2, Decimal(1), "", 0, cast.perencana)
    entry.save_realisasi(ind_a, 3, Decimal(1), "", 0, cast.operator_a)  # another quarter is open
    events.buka_kembali(laporan, cast.pimpinan, "Koreksi")
    entry.save_realisasi(ind_a, 2, Decimal(1), "", 0, cast.operator_a)
    assert Realisasi.objects.filter(indikator=ind_a).count() == 2


def test_percent_above_100_and_negative_values_are_refused(cast, ind_a):
    ind_a.satuan = "%"
    ind_a.save()
    with pytest.raises(ValidationError, match="tidak boleh lebih dari 100"):
        entry.save_realisasi(ind_a, 1, Decimal("100.5"), "", 0, cast.operator_a)
    with pytest.raises(ValidationError, match="tidak boleh negatif"):
        entry.save_realisasi(ind_a, 1, Decimal(-1), "", 0, cast.operator_a)
    assert not Realisasi.objects.exists()


def test_budget_realisation_cannot_pass_the_pagu(cast, renja):
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")  # pagu 175.500.000
    narasi = {"faktor_pendorong": "Dukungan camat", "faktor_penghambat": "", "tindak_lanjut": ""}
    entry.save_realisasi_sub(sub, 1, Decimal("100000000"), narasi, 0, cast.operator_a)
    with pytest.raises(ValidationError, match="melebihi pagu Rp 175.500.000"):
        entry.save_realisasi_sub(sub, 2, Decimal("75500000.01"), narasi, 0, cast.operator_a)
    entry.save_realisasi_sub(sub, 2, Decimal("75500000"), narasi, 0, cast.operator_a)
    assert RealisasiSubKegiatan.objects.get(sub_kegiatan=sub, triwulan=1).faktor_pendorong == "Dukungan camat"


def test_outcome_indicators_are_the_planners(cast, renja):
    from selaras.planning.models import Program

    program = Program.objects.get(renja=renja)
    outcome = Indikator.objects.create(
        pemda=cast.pemda,
        renja=renja,
        program=program,
        uraian="Persentase",
        satuan="%",
        agregasi="akhir",
        target=Decimal(50),
    )
    with pytest.raises(PermissionDenied):
        entry.save_realisasi(outcome, 2, Decimal(20), "", 0, cast.operator_a)
    entry.save_realisasi(outcome, 2, Decimal(20), "", 0, cast.perencana)
    figures = load_figures(renja, cast.perencana, up_to=2)
    (shown,) = figures.outcome
    assert (shown.realisasi, shown.capaian, shown.predikat) == (Decimal(20), Decimal(40), "Sangat Rendah")


def test_figures_aggregate_up_to_the_chosen_quarter(cast, renja, ind_a):
    for quarter, value in ((1, "1"), (2, "1"), (3, "2")):
        entry.save_realisasi(ind_a, quarter, Decimal(value), "", 0, cast.operator_a)
    (sub,) = [
        s
        for s in load_figures(renja, cast.operator_a, up_to=2).sub_kegiatan
        if s.indikator and s.indikator[0].indikator == ind_a
    ]
    figures = sub.indikator[0]
    assert figures.quarters == [Decimal(1), Decimal(1), None, None]
    assert (figures.realisasi, figures.capaian, figures.predikat) == (
        Decimal(2),
        Decimal(50),
        "Sangat Rendah",
    )
    year = load_figures(renja, cast.operator_a, up_to=4)
    assert [i.realisasi for s in year.sub_kegiatan for i in s.indikator if i.indikator == ind_a] == [
        Decimal(4)
    ]
    assert len(year.sub_kegiatan) == 2  # operator A sees only bidang A
