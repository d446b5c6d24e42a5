from __future__ import annotations

import pytest

from selaras.reference.codes import normalise_code, parse_code
from selaras.reference.importing import import_nomenklatur
from selaras.reference.models import Nomenklatur, PrioritasNasional, ProgramPrioritas, QuickWin


def test_codes_are_stored_in_parts_and_normalised_from_the_2019_form():
    code = parse_code("5.05.02.2.04.01")
    assert code.full == "5.05.02.2.04.0001"
    assert (code.urusan, code.bidang, code.program, code.pemda_level, code.kegiatan, code.sub_kegiatan) == (
        "5",
        "05",
        "02",
        "2",
        "04",
        "0001",
    )
    assert code.level == "sub_kegiatan"
    assert code.parent == "5.05.02.2.04"
    assert normalise_code("5.5.2") == "5.05.02"


@pytest.mark.parametrize("bad", ["", "5.05.02.2", "x.05", "5.05.02.2.04.123", "5.05.02.2.04.00001"])
def test_malformed_codes_are_refused_with_the_expected_format(bad):
    with pytest.raises(ValueError, match="U.BB.PP.L.KK.SSSS|2 atau 4 digit"):
        parse_code(bad)


@pytest.mark.django_db
def test_shipped_reference_data_is_complete():
    subs = Nomenklatur.objects.filter(level="sub_kegiatan", kode__startswith="5.05.02.")
    assert subs.count() == 44
    sub = Nomenklatur.objects.get(kode="5.05.02.2.04.0001")
    assert sub.parent.kode == "5.05.02.2.04"
    assert sub.parent.parent.kode == "5.05.02"
    assert sub.kode_lama == "5.05.02.2.04.01"
    assert PrioritasNasional.objects.count() == 8
    assert ProgramPrioritas.objects.count() == 17
    assert QuickWin.objects.count() == 8


@pytest.mark.django_db
def test_import_of_another_urusan_is_all_or_nothing():
    before = Nomenklatur.objects.count()
    report = import_nomenklatur(
        [
            {"kode": "2.17", "nama": "KOPERASI, USAHA KECIL, DAN MENENGAH"},
            {"kode": "2.17.03", "nama": "PROGRAM PELAYANAN IZIN USAHA SIMPAN PINJAM"},
            {"kode": "2.17.09.2.01", "nama": "Kegiatan tanpa program"},
            {"kode": "2.17.03.2.1x", "nama": "Kode rusak"},
        ]
    )
    assert not report.ok
    assert report.errors[0].startswith("Baris 4: induk kode 2.17.09.2.01")
    assert report.errors[1].startswith("Baris 5: Kode '2.17.03.2.1x'")
    assert Nomenklatur.objects.count() == before


@pytest.mark.django_db
def test_import_of_another_urusan_normalises_codes():
    report = import_nomenklatur(
        [
            {"kode": "2.17", "nama": "KOPERASI, USAHA KECIL, DAN MENENGAH"},
            {"kode": "2.17.03", "nama": "PROGRAM PENGAWASAN DAN PEMERIKSAAN KOPERASI"},
            {"kode": "2.17.03.2.01", "nama": "Pemeriksaan dan Pengawasan Koperasi"},
            {
                "kode": "2.17.03.2.01.01",
                "nama": "Pemeriksaan dan Pengawasan Koperasi",
                "indikator": "Jumlah Koperasi yang Diperiksa",
                "satuan": "Unit",
            },
        ]
    )
    assert report.ok, report.errors
    assert report.created == 4
    assert Nomenklatur.objects.get(kode="2.17.03.2.01.0001").satuan == "Unit"
    assert Nomenklatur.objects.get(kode="2").level == "urusan"
