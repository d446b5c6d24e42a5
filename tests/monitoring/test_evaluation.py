"""The E.81 evaluation (Permendagri 86/2017): every column of every row against values
worked out by hand, the XLSX read back cell by cell with the form's two-level heading, the
PDF's text, who may see what, and a query count that does not grow with the plan."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from selaras.accounts.personas import Cast
from selaras.lib.dates import format_date
from selaras.monitoring import entry, events
from selaras.monitoring.evaluation import E81Row, build_evaluation
from selaras.monitoring.factories import noted
from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan
from selaras.organisations.models import UnitKerja
from selaras.planning.factories import add_sub_kegiatan, bulk_fill_renja, make_renja
from selaras.planning.models import (
    Indikator,
    Program,
    Renja,
    Renstra,
    RenstraIndikator,
    RenstraItem,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
    SubKegiatan,
    Tujuan,
)
from selaras.reference.models import Nomenklatur

pytestmark = pytest.mark.django_db

# Queries of the whole request: session, user, the request's savepoint pair, the Renja, 7 of
# load_figures, 7 of the Renstra (columns 2, 5, 6; two of them the K and Rp entered for the
# years before Selaras), program, kegiatan and Bappeda; the page adds the navbar's Perangkat
# Daerah and the bidang filter's choices. The same for 3 or 300 sub kegiatan; a change here
# needs a reason in review.
EVALUATION_PAGE_QUERIES = 24
EVALUATION_XLSX_QUERIES = 22

D = Decimal
PROGRAM, KEG_A, KEG_B = "5.05.02", "5.05.02.2.03", "5.05.02.2.04"
A1, A2, B1 = "5.05.02.2.03.0001", "5.05.02.2.03.0002", "5.05.02.2.04.0001"
A1_NAME = "Penelitian dan Pengembangan Koperasi, Usaha Kecil dan Menengah"
SASARAN = "Meningkatnya pemanfaatan hasil kelitbangan"
PERSEN = "Persentase rekomendasi yang ditindaklanjuti"
PROGRAM_IND = "Persentase hasil kajian yang dimanfaatkan"
BIDANG_A = "Bidang Ekonomi dan Pembangunan"
BIDANG_B = "Bidang Inovasi dan Teknologi"
ACUAN = (
    "Indikator dan target kinerja Perangkat Daerah Kabupaten Lampung Tengah yang mengacu pada "
    "sasaran RKPD Kabupaten Lampung Tengah"
)
RENJA_PD = (
    "Renja Perangkat Daerah Kabupaten Lampung Tengah: Badan Penelitian dan Pengembangan Daerah Tahun 2026"
)
FOOTER_LABELS = (
    "Rata-rata capaian kinerja (%)",
    "Predikat kinerja",
    "Faktor pendorong keberhasilan pencapaian",
    "Faktor penghambat pencapaian kinerja",
    "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
    "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
)
NARASI_A1 = {
    "faktor_pendorong": "Dukungan camat",
    "faktor_penghambat": "Cuaca",
    "tindak_lanjut": "Percepat survei",
    "tindak_lanjut_renja": "Survei dimulai triwulan I",
}
NARASI_A2 = {"faktor_pendorong": "Tim lengkap", "faktor_penghambat": "", "tindak_lanjut": ""}
NO_NARASI = {"faktor_pendorong": "", "faktor_penghambat": "", "tindak_lanjut": ""}


@dataclass
class Scenario:
    renja: Renja
    renstra: Renstra
    lap: Indikator  # jumlah, linked to the Renstra
    persen: Indikator  # akhir, linked
    rentang: Indikator  # a range target, not linked
    nol: Indikator  # target 0
    program: Indikator  # an outcome indicator of the program, akhir, linked


def _nomen(kode: str) -> Nomenklatur:
    return Nomenklatur.objects.get(kode=kode)


def _indikator(renja: Renja, uraian: str, satuan: str, target: str, **extra: Any) -> Indikator:
    return Indikator.objects.create(
        pemda=renja.pemda, renja=renja, uraian=uraian, satuan=satuan, target=D(target), **extra
    )


def _real(ind: Indikator, tw: int, value: str, user: Any) -> None:
    entry.save_realisasi(ind, tw, D(value), "", 0, user)


def _spend(sub: SubKegiatan, tw: int, amount: str, user: Any, narasi: dict[str, str] = NO_NARASI) -> None:
    entry.save_realisasi_sub(sub, tw, D(amount), narasi, 0, user)


def _approve(renja: Renja, cast: Cast, unit: UnitKerja, tw: int) -> None:
    laporan = events.laporan_for(renja, unit.pk, tw)
    events.ajukan(noted(laporan), cast.perencana)
    events.verifikasi(laporan, cast.kepala_a)
    events.setujui(laporan, cast.pimpinan)


def _renstra(cast: Cast) -> tuple[Renstra, dict[str, RenstraIndikator]]:
    """Renstra 2025-2029: program and kegiatan A under one sasaran, sub kegiatan A1 without
    one; pagu per year; three indicators with a 2029 target (and a 2028 one to ignore)."""
    pemda = cast.pemda
    renstra = Renstra.objects.create(
        pemda=pemda, perangkat_daerah=cast.balitbangda, tahun_awal=2025, tahun_akhir=2029
    )
    tujuan = Tujuan.objects.create(pemda=pemda, renstra=renstra, kode="T1", uraian="Kebijakan berbasis riset")
    sasaran = Sasaran.objects.create(pemda=pemda, renstra=renstra, tujuan=tujuan, kode="S1.1", uraian=SASARAN)
    items = {}
    for kode, linked, pagu in (
        (PROGRAM, sasaran, "100000000"),
        (KEG_A, sasaran, "60000000"),
        (A1, None, "40000000"),
    ):
        items[kode] = RenstraItem.objects.create(
            pemda=pemda, renstra=renstra, sasaran=linked, nomenklatur=_nomen(kode)
        )
        RenstraPagu.objects.bulk_create(
            RenstraPagu(pemda=pemda, item=items[kode], tahun=tahun, pagu=D(pagu))
            for tahun in range(2025, 2030)
        )
    linked_indicators = {}
    for key, kode, uraian, satuan, target in (
        ("lap", A1, "Jumlah dokumen penelitian KUKM", "Dokumen", "20"),
        ("persen", A1, PERSEN, "%", "80"),
        ("program", PROGRAM, PROGRAM_IND, "%", "90"),
    ):
        ri = RenstraIndikator.objects.create(
            pemda=pemda, renstra=renstra, item=items[kode], uraian=uraian, satuan=satuan
        )
        RenstraTarget.objects.create(pemda=pemda, indikator=ri, tahun=2028, target=D(target) - 1)
        RenstraTarget.objects.create(pemda=pemda, indikator=ri, tahun=2029, target=D(target))
        linked_indicators[key] = ri
    return renstra, linked_indicators


def _earlier_years(cast: Cast, renstra: Renstra, ri: dict[str, RenstraIndikator]) -> None:
    """2025 (in the period): K 5 (jumlah), 55 (akhir), 60 (program); Rp 30 + 20 + 7 million.
    2024 (before it) and another Perangkat Daerah's 2025 must not count."""
    prev = make_renja(cast.balitbangda, 2025, renstra=renstra)
    a1 = add_sub_kegiatan(prev, A1, cast.bidang_a)
    a2 = add_sub_kegiatan(prev, A2, cast.bidang_a, with_indikator=False)
    b1 = add_sub_kegiatan(prev, B1, cast.bidang_b, with_indikator=False)
    lap = Indikator.objects.get(sub_kegiatan=a1)
    lap.renstra_indikator = ri["lap"]
    lap.save()
    persen = _indikator(
        prev, PERSEN, "%", "50", sub_kegiatan=a1, agregasi="akhir", renstra_indikator=ri["persen"]
    )
    program = _indikator(
        prev,
        PROGRAM_IND,
        "%",
        "60",
        program=Program.objects.get(renja=prev),
        agregasi="akhir",
        renstra_indikator=ri["program"],
    )
    for tw, value in ((1, "1"), (2, "1"), (3, "1"), (4, "2")):
        _real(lap, tw, value, cast.perencana)
    _real(persen, 2, "40", cast.perencana)
    _real(persen, 4, "55", cast.perencana)
    _real(program, 4, "60", cast.perencana)
    for sub, tw, amount in (
        (a1, 1, "10000000"),
        (a1, 2, "15000000"),
        (a1, 4, "5000000"),
        (a2, 1, "20000000"),
    ):
        _spend(sub, tw, amount, cast.perencana)
    _spend(b1, 3, "7000000", cast.perencana)

    old = make_renja(cast.balitbangda, 2024)
    old_a1 = add_sub_kegiatan(old, A1, cast.bidang_a)
    old_lap = Indikator.objects.get(sub_kegiatan=old_a1)
    old_lap.renstra_indikator = ri["lap"]
    old_lap.save()
    _real(old_lap, 1, "100", cast.perencana)
    _spend(old_a1, 1, "50000000", cast.perencana)

    unit = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.other_pd, jenis="bidang", nama="Bidang Usaha"
    )
    other_a1 = add_sub_kegiatan(make_renja(cast.other_pd, 2025), A1, unit)
    RealisasiSubKegiatan.objects.create(
        pemda=cast.pemda,
        sub_kegiatan=other_a1,
        renja=other_a1.renja,
        unit_kerja=unit,
        triwulan=1,
        anggaran=D(99),
    )


@pytest.fixture
def scenario(cast: Cast, renja: Renja) -> Scenario:
    """Renja 2026 with realisation in TW I-III; bidang A's TW I approved, nothing else."""
    renstra, ri = _renstra(cast)
    _earlier_years(cast, renstra, ri)
    renja.renstra = renstra
    renja.save()
    a1, a2, b1 = (SubKegiatan.objects.get(renja=renja, nomenklatur__kode=k) for k in (A1, A2, B1))
    lap = Indikator.objects.get(sub_kegiatan=a1)  # jumlah, target 4
    lap.renstra_indikator = ri["lap"]
    lap.save()
    persen = _indikator(
        renja, PERSEN, "%", "60", sub_kegiatan=a1, agregasi="akhir", renstra_indikator=ri["persen"]
    )
    rentang = Indikator.objects.get(sub_kegiatan=a2)
    rentang.uraian, rentang.satuan, rentang.polaritas = "Jumlah kegiatan diseminasi", "Kegiatan", "stabil"
    rentang.target, rentang.target_atas = D(10), D(20)
    rentang.target_tw1 = rentang.target_tw2 = rentang.target_tw3 = rentang.target_tw4 = None
    rentang.save()
    nol = Indikator.objects.get(sub_kegiatan=b1)
    nol.uraian, nol.target = "Jumlah paten yang didaftarkan", D(0)
    nol.target_tw1 = nol.target_tw2 = nol.target_tw3 = nol.target_tw4 = None
    nol.save()
    program = _indikator(
        renja,
        PROGRAM_IND,
        "%",
        "70",
        program=Program.objects.get(renja=renja),
        agregasi="akhir",
        renstra_indikator=ri["program"],
    )

    _real(lap, 1, "1", cast.operator_a)
    _real(persen, 1, "30", cast.operator_a)
    _real(rentang, 1, "5", cast.operator_a)
    _spend(a1, 1, "20000000", cast.operator_a)
    _spend(a2, 1, "14000000", cast.operator_a)
    _approve(renja, cast, cast.bidang_a, 1)
    _real(lap, 2, "1", cast.operator_a)
    _real(rentang, 2, "8", cast.operator_a)
    _spend(a1, 2, "30000000", cast.operator_a)
    _real(lap, 3, "2", cast.operator_a)
    _real(persen, 3, "45", cast.operator_a)
    _real(rentang, 3, "12", cast.operator_a)
    _spend(a1, 3, "40000000", cast.operator_a, NARASI_A1)
    _spend(a2, 3, "21000000", cast.operator_a, NARASI_A2)
    _real(nol, 1, "3", cast.operator_b)
    _spend(b1, 1, "10500000", cast.operator_b)
    _spend(b1, 2, "10500000", cast.operator_b)
    _real(program, 2, "50", cast.perencana)
    renja.refresh_from_db()
    return Scenario(renja, renstra, lap, persen, rentang, nol, program)


# --- the rows, by hand ------------------------------------------------------------------

M = D(1_000_000)
F, T = False, True
# level, no, kode (owner) or indikator, sasaran, unit, then (K, Rp) of columns 5, 6, 7,
# TW I-IV, 12, 13, 14, the pending flags of TW I-IV, capaian K and Rp, predikat.
# Amounts are in millions of Rupiah.
EXPECTED: list[dict[str, Any]] = [
    {
        "level": "program", "no": "1", "kode": PROGRAM, "sasaran": SASARAN, "unit": f"{BIDANG_A}, {BIDANG_B}",
        "rp5": 500, "rp6": 57, "rp7": D("525.5"), "rp_tw": [D("44.5"), D("40.5"), 61, None],
        "rp12": 146, "rp13": 203, "rp14": D("40.60"), "pending_tw": [T, T, T, F], "capaian_rp": D("27.78"),
    },
    {
        "level": "indikator", "indikator": PROGRAM_IND, "k5": 90, "k6": 60, "k7": 70,
        "k_tw": [None, 50, None, None], "k12": 50, "k13": 50, "k14": D("55.56"),
        "pending_tw": [F, T, F, F], "capaian_k": D("71.43"), "predikat": "Sedang",
    },
    {
        "level": "kegiatan", "no": "1.1", "kode": KEG_A, "sasaran": SASARAN, "unit": BIDANG_A,
        "rp5": 300, "rp6": 50, "rp7": D("315.5"), "rp_tw": [34, 30, 61, None],
        "rp12": 125, "rp13": 175, "rp14": D("58.33"), "pending_tw": [F, T, T, F], "capaian_rp": D("39.62"),
    },
    {
        "level": "sub_kegiatan", "no": "1.1.1", "kode": A1, "sasaran": "", "unit": BIDANG_A,
        "rp5": 200, "rp6": 30, "rp7": D("175.5"), "rp_tw": [20, 30, 40, None],
        "rp12": 90, "rp13": 120, "rp14": D("60.00"), "pending_tw": [F, T, T, F], "capaian_rp": D("51.28"),
    },
    {
        "level": "indikator", "indikator": "Jumlah Dokumen Hasil Penelitian dan Pengembangan Koperasi, "
        "Usaha Kecil dan Menengah", "k5": 20, "k6": 5, "k7": 4, "k_tw": [1, 1, 2, None],
        "k12": 4, "k13": 9, "k14": D("45.00"), "pending_tw": [F, T, T, F], "capaian_k": D("100.00"),
        "predikat": "Sangat Tinggi",
    },
    {
        "level": "indikator", "indikator": PERSEN, "k5": 80, "k6": 55, "k7": 60, "k_tw": [30, None, 45, None],
        "k12": 45, "k13": 45, "k14": D("56.25"), "pending_tw": [F, F, T, F], "capaian_k": D("75.00"),
        "predikat": "Sedang",
    },
    {
        "level": "sub_kegiatan", "no": "1.1.2", "kode": A2, "sasaran": "", "unit": BIDANG_A,
        "rp5": None, "rp6": 20, "rp7": 140, "rp_tw": [14, None, 21, None],
        "rp12": 35, "rp13": 55, "rp14": None, "pending_tw": [F, F, T, F], "capaian_rp": D("25.00"),
    },
    {
        "level": "indikator", "indikator": "Jumlah kegiatan diseminasi", "k5": None, "k6": None,
        "k7": 10, "k7_atas": 20, "k_tw": [5, 8, 12, None], "k12": 25, "k13": 25, "k14": None,
        "pending_tw": [F, T, T, F], "capaian_k": D("75.00"), "predikat": "Sedang",
    },
    {
        "level": "kegiatan", "no": "1.2", "kode": KEG_B, "sasaran": "", "unit": BIDANG_B,
        "rp5": None, "rp6": 7, "rp7": 210, "rp_tw": [D("10.5"), D("10.5"), None, None],
        "rp12": 21, "rp13": 28, "rp14": None, "pending_tw": [T, T, F, F], "capaian_rp": D("10.00"),
    },
    {
        "level": "sub_kegiatan", "no": "1.2.1", "kode": B1, "sasaran": "", "unit": BIDANG_B,
        "rp5": None, "rp6": 7, "rp7": 210, "rp_tw": [D("10.5"), D("10.5"), None, None],
        "rp12": 21, "rp13": 28, "rp14": None, "pending_tw": [T, T, F, F], "capaian_rp": D("10.00"),
    },
    {
        "level": "indikator", "indikator": "Jumlah paten yang didaftarkan", "k5": None, "k6": None,
        "k7": 0, "k_tw": [3, None, None, None], "k12": 3, "k13": 3, "k14": None,
        "pending_tw": [T, F, F, F], "capaian_k": None, "predikat": "",
    },
]  # fmt: skip
RP_KEYS = ("rp5", "rp6", "rp7", "rp12", "rp13")
BLANK_K = ("k5", "k6", "k7", "k12", "k13", "k14", "capaian_k")
BLANK_RP = ("rp5", "rp6", "rp7", "rp12", "rp13", "rp14", "capaian_rp")


def _rupiah(value: Any) -> Decimal | None:
    return None if value is None else D(value) * M


def _expected_row(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec above as E81Row values: millions to Rupiah, ints to Decimal, blanks None."""
    row: dict[str, Any] = {key: value for key, value in spec.items()}
    if spec["level"] == "indikator":
        row.update({key: None for key in BLANK_RP if key not in spec})
        row.update({"rp_tw": [None] * 4, "no": "", "kode": "", "unit": "", "sasaran": ""})
        row["k_tw"] = [None if v is None else D(v) for v in spec["k_tw"]]
        for key in ("k5", "k6", "k7", "k7_atas", "k12", "k13"):
            row[key] = None if spec.get(key) is None else D(spec[key])
    else:
        row.update({key: None for key in BLANK_K})
        row.update({"k_tw": [None] * 4, "indikator": "", "predikat": "", "k7_atas": None})
        for key in RP_KEYS:
            row[key] = _rupiah(spec[key])
        row["rp_tw"] = [_rupiah(v) for v in spec["rp_tw"]]
    return row


def _check_rows(rows: list[E81Row], expected: list[dict[str, Any]]) -> None:
    assert [r["level"] for r in rows] == [e["level"] for e in expected]
    for number, (row, spec) in enumerate(zip(rows, expected, strict=True)):
        want = _expected_row(spec)
        got = {key: row[key] for key in want}  # type: ignore[literal-required]
        assert got == want, f"row {number}: {spec.get('kode') or spec.get('indikator')}"


# --- the computed rows --------------------------------------------------------------------


def test_every_column_of_every_row_matches_the_hand_computation(cast, scenario):
    evaluation = build_evaluation(scenario.renja, cast.perencana, 3)
    _check_rows(evaluation.rows, EXPECTED)
    # the column 12 pending flag follows the quarters
    assert [r["pending_12"] for r in evaluation.rows] == [any(e["pending_tw"]) for e in EXPECTED]


def test_the_footer_averages_the_capaian_and_collects_the_quarters_narratives(cast, scenario):
    evaluation = build_evaluation(scenario.renja, cast.perencana, 3)
    # (71.43 + 100 + 75 + 75) / 4 over the unrounded values; the target-0 row has no capaian.
    assert evaluation.footer == {
        "rata_rata_kinerja": D("80.36"),
        "predikat_kinerja": "Tinggi",
        "rata_rata_anggaran": D("28.76"),  # (51.28 + 25 + 10) / 3 over the sub kegiatan
        "faktor_pendorong": [f"{A1}: Dukungan camat", f"{A2}: Tim lengkap"],
        "faktor_penghambat": [f"{A1}: Cuaca"],
        "tindak_lanjut": [f"{A1}: Percepat survei"],
        "tindak_lanjut_renja": [f"{A1}: Survei dimulai triwulan I"],
    }
    assert evaluation.pending and evaluation.periode == "Triwulan III Tahun 2026"
    assert evaluation.disusun == {
        "peran": "Disusun",
        "tempat_tanggal": evaluation.disusun["tempat_tanggal"],
        "jabatan": "Kepala Badan Penelitian dan Pengembangan Daerah",
        "nama": "Dr. Kepala Uji",
        "nip": "197001012000031001",
    }
    assert evaluation.disusun["tempat_tanggal"] == f"Gunung Sugih, {format_date(timezone.localdate())}"
    # Bappeda exists in the cast but has no head recorded: a block to sign by hand.
    assert evaluation.dievaluasi["jabatan"] == "Kepala Badan Perencanaan Pembangunan Daerah"
    assert evaluation.dievaluasi["nama"] == "" and evaluation.dievaluasi["nip"] == ""


@pytest.mark.parametrize(
    ("polaritas", "capaian_k", "predikat", "k14"),
    [
        # realisasi 45 under the Renja range 50-60 and the Renstra range 70-80
        ("naik", D("90.00"), "Tinggi", D("64.29")),  # 45 / 50; 45 / 70
        ("turun", D("110.00"), "Sangat Tinggi", D("135.71")),  # (2 - 45 / 50); (2 - 45 / 70)
        ("stabil", D("90.00"), "Tinggi", D("64.29")),  # below: the naik side
    ],
)
def test_range_targets_score_columns_14_and_capaian_by_the_indicators_polarity(
    cast, scenario, polaritas, capaian_k, predikat, k14
):
    # given PERSEN (akhir, 45 by TW III) with a range target this year and in the Renstra
    scenario.persen.polaritas = polaritas
    scenario.persen.target, scenario.persen.target_atas = D(50), D(60)
    scenario.persen.save()
    RenstraTarget.objects.filter(indikator=scenario.persen.renstra_indikator, tahun=2029).update(
        target=D(70), target_atas=D(80)
    )
    # when the E.81 is built
    rows = build_evaluation(scenario.renja, cast.perencana, 3).rows
    row = next(r for r in rows if r["indikator"] == PERSEN)
    # then both bounds are carried for the export and both capaian follow the polarity
    assert (row["k5"], row["k5_atas"], row["k7"], row["k7_atas"]) == (D(70), D(80), D(50), D(60))
    assert (row["capaian_k"], row["predikat"], row["k14"]) == (capaian_k, predikat, k14)


def test_an_earlier_quarter_leaves_the_later_ones_blank(cast, scenario):
    evaluation = build_evaluation(scenario.renja, cast.perencana, 2)
    lap = evaluation.rows[4]
    assert lap["k_tw"] == [D(1), D(1), None, None]
    assert (lap["k12"], lap["k13"], lap["capaian_k"], lap["predikat"]) == (
        D(2),
        D(7),
        D("50.00"),
        "Sangat Rendah",
    )
    a1 = evaluation.rows[3]
    assert (a1["rp_tw"], a1["rp12"]) == ([20 * M, 30 * M, None, None], 50 * M)
    assert evaluation.footer["faktor_pendorong"] == []  # nobody wrote a TW II narrative


def test_without_a_renstra_columns_2_5_and_6_are_blank(cast, scenario):
    scenario.renja.renstra = None
    scenario.renja.save()
    evaluation = build_evaluation(scenario.renja, cast.perencana, 3)
    for row in evaluation.rows:
        assert (row["sasaran"], row["k5"], row["rp5"], row["k6"], row["rp6"], row["k14"], row["rp14"]) == (
            "",
            None,
            None,
            None,
            None,
            None,
            None,
        )
    assert evaluation.rows[4]["k13"] == D(4)  # 13 = 6 + 12 with nothing in 6
    assert "belum terhubung dengan Renstra" in " ".join(evaluation.notes)


def test_an_operator_of_bidang_b_sees_only_its_rows(cast, scenario):
    evaluation = build_evaluation(scenario.renja, cast.operator_b, 3)
    kinds = [(r["level"], r["kode"] or r["indikator"]) for r in evaluation.rows]
    assert kinds == [
        ("program", PROGRAM),
        ("indikator", PROGRAM_IND),
        ("kegiatan", KEG_B),
        ("sub_kegiatan", B1),
        ("indikator", "Jumlah paten yang didaftarkan"),
    ]
    program = evaluation.rows[0]
    assert (program["rp7"], program["rp6"], program["unit"]) == (210 * M, 7 * M, BIDANG_B)
    assert evaluation.notes == [f"Hanya sub kegiatan {BIDANG_B}."]


# --- the page ---------------------------------------------------------------------------


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, renja: Renja) -> str:
    return reverse(f"monitoring:{name}", args=[renja.pk])


def test_the_page_shows_the_form_in_indonesian_numbers(cast, scenario):
    response = _client(cast.perencana).get(_url("evaluation", scenario.renja), {"tw": 3})
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Evaluasi terhadap Hasil Renja Perangkat Daerah Lingkup Kabupaten Lampung Tengah",
        RENJA_PD,
        "Periode pelaksanaan: Triwulan I–III Tahun 2026",
        f"{ACUAN}: {SASARAN}",
        "175.500.000",  # pagu of A1, column 7
        "10–20",  # the range target
        "80,36%",
        "Sangat Tinggi",
        "&gt; 75% s.d. 90% Tinggi",  # the predikat rule
        "belum disetujui",
        *FOOTER_LABELS,
        f"{A1}: Dukungan camat",
        f"{A1}: Survei dimulai triwulan I",
        'data-download="/monitoring/renja/',
        '<option value="3" selected>s.d. Triwulan III</option>',
    ):
        assert text in html, text


def test_the_default_quarter_is_the_last_ended_one(cast, scenario, renja, today):
    today(dt.date(2026, 10, 5))  # TW IV has begun: TW III is the last that has ended
    page = _client(cast.perencana).get(_url("evaluation", scenario.renja))
    assert page.context["evaluation"].up_to == 3
    empty = make_renja(cast.balitbangda, 2027)  # a future year: nothing has ended
    assert _client(cast.perencana).get(_url("evaluation", empty)).context["evaluation"].up_to == 1


def test_the_renja_page_links_to_the_evaluation(cast, renja):
    response = _client(cast.pimpinan).get(reverse("planning:renja_detail", args=[renja.pk]))
    assert _url("evaluation", renja) in response.content.decode()


@pytest.mark.parametrize("persona", ["perencana", "pimpinan", "verifikator"])
def test_readers_of_the_agency_get_the_whole_evaluation(cast, scenario, persona):
    client = _client(getattr(cast, persona))
    for name in ("evaluation", "evaluation_xlsx"):
        response = client.get(_url(name, scenario.renja), {"tw": 3})
        assert response.status_code == 200, name
    assert A1 in client.get(_url("evaluation", scenario.renja)).content.decode()


def test_operator_b_sees_only_bidang_b_on_the_page_and_in_the_files(cast, scenario):
    client = _client(cast.operator_b)
    html = client.get(_url("evaluation", scenario.renja), {"tw": 3}).content.decode()
    assert B1 in html and A1 not in html and A2 not in html
    texts = [
        c
        for row in _sheet(client.get(_url("evaluation_xlsx", scenario.renja))).iter_rows(values_only=True)
        for c in row
    ]
    assert any(isinstance(c, str) and c.startswith(B1) for c in texts)
    assert not any(isinstance(c, str) and A1 in c for c in texts)


@pytest.mark.parametrize("name", ["evaluation", "evaluation_xlsx", "evaluation_pdf"])
def test_an_outsider_gets_404_and_a_visitor_the_login(cast, scenario, name):
    assert _client(cast.outsider).get(_url(name, scenario.renja)).status_code == 404
    response = Client().get(_url(name, scenario.renja))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- XLSX -------------------------------------------------------------------------------


def _sheet(response: HttpResponse) -> Worksheet:
    return load_workbook(io.BytesIO(response.content)).active


def _number(value: Any) -> Decimal | None:
    if value is None:
        return None
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return D(str(value))


def _expected_cells(row: E81Row) -> list[Any]:
    """The 28 cells of a row as the form lays them out (1-4, 5-14 as K/Rp, 15, 16 K/Rp, 17)."""
    k7: Any = row["k7"]  # a range target's lower bound; the upper one is in column 7a
    program = f"{row['kode']} {row['uraian']}" if row["kode"] else None
    indikator = f"{row['indikator']} ({row['satuan']})" if row["indikator"] else None
    cells: list[Any] = [row["no"] or None, row["sasaran"] or None, program, indikator]
    cells += [row["k5"], row["rp5"], row["k6"], row["rp6"], k7, row["rp7"]]
    for k, rp in zip(row["k_tw"], row["rp_tw"], strict=True):
        cells += [k, rp]
    cells += [row["k12"], row["rp12"], row["k13"], row["rp13"], row["k14"], row["rp14"]]
    cells += [row["unit"] or None, row["capaian_k"], row["capaian_rp"], row["predikat"] or None]
    return cells


def _read(value: Any) -> Any:
    return _number(value) if isinstance(value, int | float) else (value or None)


def _heading_row(ws: Worksheet) -> int:
    return next(cell.row for cell in ws["A"] if cell.value == "No")


def test_the_xlsx_has_the_forms_two_level_heading(cast, scenario):
    ws = _sheet(_client(cast.perencana).get(_url("evaluation_xlsx", scenario.renja), {"tw": 3}))
    assert ws["A1"].value == "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP KABUPATEN LAMPUNG TENGAH"
    titles = [ws.cell(row=r, column=1).value for r in range(1, 8)]
    assert titles[1:5] == [
        "Formulir E.81 (Permendagri Nomor 86 Tahun 2017)",
        RENJA_PD,
        "Periode pelaksanaan: Triwulan I–III Tahun 2026",
        f"{ACUAN}: {SASARAN}",
    ]
    top = _heading_row(ws)
    row1 = [ws.cell(row=top, column=c).value for c in range(1, 29)]
    assert row1[:4] == ["No", "Sasaran", "Program/Kegiatan/Sub Kegiatan", row1[3]]
    assert row1[4].startswith("Target Renstra PD pada Tahun 2029") and row1[5] is None
    assert row1[24] == "Unit PD Penanggung Jawab" and row1[27] == "Predikat Kinerja"
    row2 = [ws.cell(row=top + 1, column=c).value for c in range(1, 29)]
    assert row2 == [None] * 4 + ["K", "Rp"] * 10 + [None, "K", "Rp", None]
    row3 = [ws.cell(row=top + 2, column=c).value for c in range(1, 29)]
    numbers = [str(n) for n in range(1, 5)] + [x for n in range(5, 15) for x in (str(n), None)]
    assert row3 == numbers + ["15", "16", None, "17"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {
        f"A{top}:A{top + 1}",
        f"D{top}:D{top + 1}",
        f"Y{top}:Y{top + 1}",
        f"AB{top}:AB{top + 1}",
    } <= merged
    for first, second in (("E", "F"), ("G", "H"), ("W", "X"), ("Z", "AA")):
        assert f"{first}{top}:{second}{top}" in merged and f"{first}{top + 2}:{second}{top + 2}" in merged
    assert ws.freeze_panes == f"E{top + 3}"


def test_the_xlsx_cells_are_the_computed_values_as_real_numbers(cast, scenario):
    evaluation = build_evaluation(scenario.renja, cast.perencana, 3)
    ws = _sheet(_client(cast.perencana).get(_url("evaluation_xlsx", scenario.renja), {"tw": 3}))
    first = _heading_row(ws) + 3
    for offset, row in enumerate(evaluation.rows):
        got = [_read(ws.cell(row=first + offset, column=c).value) for c in range(1, 29)]
        assert got == _expected_cells(row), f"row {offset}"
        for column, pending in zip(range(11, 19, 2), row["pending_tw"], strict=True):
            for cell in (
                ws.cell(row=first + offset, column=column),
                ws.cell(row=first + offset, column=column + 1),
            ):
                if cell.value is not None:
                    assert cell.number_format.endswith('"*"') == pending, (offset, cell.coordinate)
    # a few cells by hand: A1's pagu, TW III spending with the asterisk, 13 and 14 Rp
    a1 = first + 3
    assert ws.cell(row=a1, column=3).value == f"{A1} {A1_NAME}"
    assert (ws.cell(row=a1, column=10).value, ws.cell(row=a1, column=16).value) == (175500000, 40000000)
    assert ws.cell(row=a1, column=16).number_format == '#,##0"*"'
    assert ws.cell(row=a1, column=12).number_format == "#,##0"  # TW I approved
    assert (ws.cell(row=a1, column=22).value, _number(ws.cell(row=a1, column=24).value)) == (120000000, D(60))
    footer = {row[0]: row[4] for row in ws.iter_rows(min_row=first + len(evaluation.rows), values_only=True)}
    assert _number(footer["Rata-rata capaian kinerja (%)"]) == D("80.36")
    assert footer["Predikat kinerja"] == "Tinggi"
    assert _number(footer["Rata-rata capaian anggaran (%)"]) == D("28.76")
    assert footer["Faktor pendorong keberhasilan pencapaian"] == f"{A1}: Dukungan camat\n{A2}: Tim lengkap"
    assert footer["Faktor penghambat pencapaian kinerja"] == f"{A1}: Cuaca"
    assert footer["Tindak lanjut yang diperlukan dalam triwulan berikutnya"] == f"{A1}: Percepat survei"
    assert (
        footer["Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya"]
        == f"{A1}: Survei dimulai triwulan I"
    )
    texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "* belum disetujui" in texts and "Dievaluasi" in texts and "Disusun" in texts
    assert "Dr. Kepala Uji" in texts and "NIP. 197001012000031001" in texts


# --- PDF --------------------------------------------------------------------------------


def test_the_pdf_has_the_title_rows_footer_and_page_numbers(cast, scenario):
    response = _client(cast.perencana).get(
        _url("evaluation_pdf", scenario.renja), {"tw": 3, "unduh": "abc123"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.cookies["selaras_unduh"].value == "abc123"
    assert "evaluasi-e81-balitbangda-2026-tw3.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    for expected in (
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH LINGKUP KABUPATEN LAMPUNG TENGAH",
        RENJA_PD,
        "Periode pelaksanaan: Triwulan I–III Tahun 2026",
        f"{ACUAN}: {SASARAN}",
        A1,
        "175.500.000",
        "80,36%",
        *FOOTER_LABELS,
        f"{A1}: Survei dimulai triwulan I",
        "belum disetujui",
        f"Halaman 1 dari {len(reader.pages)}",
    ):
        assert expected in text, expected


def _page_texts(response: HttpResponse) -> list[str]:
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def test_the_pdf_keeps_the_signatures_with_the_last_footer_rows(cast, renja):
    # given a Renja of nine rows: with its heading, they and the first footer rows fill the
    # first page, so the signatures alone would spill onto the second (measured: any plan of
    # 6 to 13 rows did so before the closing block was kept together)
    assert len(build_evaluation(renja, cast.perencana, 1).rows) == 9
    # when its E.81 is printed
    pages = _page_texts(_client(cast.perencana).get(_url("evaluation_pdf", renja), {"tw": 1}))
    # then the footer starts on the first page, and the last page holds footer rows (the two
    # follow-ups) together with both signatures
    assert len(pages) == 2
    assert "Rata-rata capaian kinerja (%)" in pages[0]
    last = pages[-1]
    assert FOOTER_LABELS[-2] in last and FOOTER_LABELS[-1] in last
    assert "Disusun" in last and "Dievaluasi" in last and "Dr. Kepala Uji" in last


# --- percentages and range targets in the XLSX ----------------------------------------------

PERCENT_COLUMNS = (23, 24, 26, 27)  # 14 K and Rp, 16 K and Rp
K_COLUMNS = (5, 7, 9, 11, 13, 15, 17, 19, 21)  # 5-13 K


def test_every_percentage_in_the_xlsx_has_two_decimals(cast, scenario):
    # given the evaluation, with whole percentages such as 60 (target) and 60.00 (column 14 Rp)
    evaluation = build_evaluation(scenario.renja, cast.perencana, 3)
    # when it is downloaded as XLSX
    ws = _sheet(_client(cast.perencana).get(_url("evaluation_xlsx", scenario.renja), {"tw": 3}))
    first = _heading_row(ws) + 3
    # then every percent cell is a number shown with two decimals (an asterisk may follow)
    checked = 0
    for offset, row in enumerate(evaluation.rows):
        columns = list(PERCENT_COLUMNS)
        if row["level"] == "indikator" and row["satuan"] == "%":
            columns += K_COLUMNS  # figures of an indicator measured in percent
        for column in columns:
            cell = ws.cell(row=first + offset, column=column)
            if cell.value is not None:
                assert isinstance(cell.value, int | float), (offset, column)
                assert cell.number_format in ("0.00", '0.00"*"'), (offset, column, cell.number_format)
                checked += 1
    assert checked > 20
    persen, a1 = first + 5, first + 3
    assert (ws.cell(row=persen, column=9).value, ws.cell(row=persen, column=9).number_format) == (60, "0.00")
    assert (ws.cell(row=a1, column=24).value, ws.cell(row=a1, column=24).number_format) == (60, "0.00")
    # the footer's averages too, and amounts keep their thousands format
    footer = {r[0].value: r[4] for r in ws.iter_rows(min_row=first + len(evaluation.rows)) if r[0].value}
    for label in ("Rata-rata capaian kinerja (%)", "Rata-rata capaian anggaran (%)"):
        assert footer[label].number_format == "0.00"
    assert ws.cell(row=a1, column=10).number_format == "#,##0"


def test_a_range_target_is_two_numbers_in_the_xlsx(cast, scenario):
    # given the dissemination indicator with the target range 10-20 (row 7)
    ws = _sheet(_client(cast.perencana).get(_url("evaluation_xlsx", scenario.renja), {"tw": 3}))
    top = _heading_row(ws)
    rentang = top + 3 + 7
    # then column 7 K holds the lower bound as a number, shown as the range, and the upper
    # bound is a number of its own in column 7a after the form
    lower, upper = ws.cell(row=rentang, column=9), ws.cell(row=rentang, column=30)
    assert (lower.value, lower.data_type, lower.number_format) == (10, "n", '#,##0"–20"')
    assert (upper.value, upper.data_type) == (20, "n")
    assert ws.cell(row=top, column=29).value.startswith("Target Renstra PD (kolom 5 K): batas atas")
    assert ws.cell(row=top, column=30).value.startswith("Target Renja PD (kolom 7 K): batas atas")
    assert (ws.cell(row=top + 2, column=29).value, ws.cell(row=top + 2, column=30).value) == ("5a", "7a")
    # and no other row has an upper bound
    uppers = [ws.cell(row=r, column=30).value for r in range(top + 3, rentang)]
    assert uppers == [None] * len(uppers)
    last = top + 2 + len(build_evaluation(scenario.renja, cast.perencana, 3).rows)
    figures = ws.iter_rows(min_row=top + 3, max_row=last, min_col=5, max_col=24, values_only=True)
    assert not any(isinstance(c, str) for row in figures for c in row)  # no figure cell holds text


# --- the bidang filter ----------------------------------------------------------------------


def _xlsx_texts(response: HttpResponse) -> list[str]:
    return [c for row in _sheet(response).iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_a_planner_chooses_one_bidang_on_the_page_and_in_the_files(cast, scenario):
    # given a planner, who sees every bidang
    client = _client(cast.perencana)
    params = {"tw": 3, "bidang": cast.bidang_a.pk}
    # when it chooses bidang A on the page
    html = client.get(_url("evaluation", scenario.renja), params).content.decode()
    # then only bidang A's sub kegiatan are there, and the downloads carry the choice
    assert A1 in html and A2 in html and B1 not in html
    assert f'<option value="{cast.bidang_a.pk}" selected>{BIDANG_A}</option>' in html
    assert f'<option value="{cast.bidang_b.pk}">{BIDANG_B}</option>' in html
    assert "Semua bidang" in html
    assert f"?triwulan=3&amp;bidang={cast.bidang_a.pk}" in html
    assert f"Hanya sub kegiatan {BIDANG_A}." in html
    # and the XLSX and the PDF hold the same rows, the program's pagu being bidang A's
    xlsx = client.get(_url("evaluation_xlsx", scenario.renja), params)
    filename = "evaluasi-e81-balitbangda-bidang-ekonomi-dan-pembangunan-2026-tw3.xlsx"
    assert filename in xlsx["Content-Disposition"]
    texts = _xlsx_texts(xlsx)
    assert any(t.startswith(A1) for t in texts) and not any(B1 in t for t in texts)
    ws = _sheet(xlsx)
    program_row = _heading_row(ws) + 3
    assert ws.cell(row=program_row, column=10).value == 315500000  # A1 + A2, not B1
    pdf = " ".join(_page_texts(client.get(_url("evaluation_pdf", scenario.renja), params)))
    assert A1 in pdf and B1 not in pdf and f"Hanya sub kegiatan {BIDANG_A}." in pdf


def test_an_operator_gets_only_its_own_bidang_whatever_it_asks(cast, scenario):
    # given operator A, who asks for bidang B's evaluation
    client = _client(cast.operator_a)
    params = {"tw": 3, "bidang": cast.bidang_b.pk}
    # then page, XLSX and API hold bidang A's sub kegiatan only, and the filter offers only A
    html = client.get(_url("evaluation", scenario.renja), params).content.decode()
    assert A1 in html and B1 not in html and BIDANG_B not in html and "Semua bidang" not in html
    texts = _xlsx_texts(client.get(_url("evaluation_xlsx", scenario.renja), params))
    assert any(t.startswith(A1) for t in texts) and not any(B1 in t for t in texts)
    api = client.get(f"/api/monitoring/evaluasi/{scenario.renja.pk}/", params).json()
    codes = {r["kode"] for r in api["rows"]}
    assert A1 in codes and B1 not in codes
    # while its own bidang, chosen, gives the same rows as no choice
    own = client.get(_url("evaluation", scenario.renja), {"tw": 3, "bidang": cast.bidang_a.pk})
    unfiltered = client.get(_url("evaluation", scenario.renja), {"tw": 3})
    assert own.context["evaluation"].rows == unfiltered.context["evaluation"].rows


@pytest.mark.parametrize("name", ["evaluation", "evaluation_xlsx"])
def test_an_outsider_choosing_a_bidang_still_gets_404(cast, scenario, name):
    response = _client(cast.outsider).get(_url(name, scenario.renja), {"bidang": cast.bidang_a.pk})
    assert response.status_code == 404


# --- queries ----------------------------------------------------------------------------


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"tw": 3}).status_code == 200
    return len(ctx)


def test_page_and_xlsx_make_the_same_queries_for_a_small_and_a_large_renja(cast, scenario):
    client = _client(cast.perencana)
    page, xlsx = _url("evaluation", scenario.renja), _url("evaluation_xlsx", scenario.renja)
    small = (_count(client, page), _count(client, xlsx))
    subs = bulk_fill_renja(scenario.renja, cast.bidang_b, 300)
    indicators = Indikator.objects.filter(sub_kegiatan__in=subs)
    Realisasi.objects.bulk_create(
        Realisasi(
            pemda=cast.pemda,
            indikator=i,
            renja=scenario.renja,
            unit_kerja=cast.bidang_b,
            triwulan=q,
            nilai=D(1),
        )
        for i in indicators
        for q in (1, 2, 3)
    )
    RealisasiSubKegiatan.objects.bulk_create(
        RealisasiSubKegiatan(
            pemda=cast.pemda,
            sub_kegiatan=s,
            renja=scenario.renja,
            unit_kerja=cast.bidang_b,
            triwulan=q,
            anggaran=D(100),
        )
        for s in subs
        for q in (1, 2, 3)
    )
    assert len(build_evaluation(scenario.renja, cast.perencana, 3).rows) > 600
    large = (_count(client, page), _count(client, xlsx))
    assert small == large == (EVALUATION_PAGE_QUERIES, EVALUATION_XLSX_QUERIES)


# --- API ------------------------------------------------------------------------------------


def test_evaluation_rows_through_the_api_match_the_page(client, cast, renja):
    from selaras.monitoring import entry

    ind = Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).order_by("id").first()
    entry.save_realisasi(ind, 1, Decimal(1), "", 0, cast.operator_a)
    client.force_login(cast.perencana)
    url = f"/api/monitoring/evaluasi/{renja.pk}/"
    data = client.get(url, {"tw": 1}).json()
    assert data["triwulan"] == 1 and data["periode"] == "Triwulan I Tahun 2026" and data["pending"] is True
    (row,) = [r for r in data["rows"] if r["level"] == "indikator" and r["indikator"] == ind.uraian]
    assert (row["k_tw"][0], row["k12"], row["capaian_k"], row["predikat"]) == (
        "1.00",
        "1.00",
        "25.00",
        "Sangat Rendah",
    )
    assert row["pending_tw"][0] is True
    assert client.get(url, {"tw": 5}).status_code == 400
    client.force_login(cast.operator_b)
    codes = {r["kode"] for r in client.get(url).json()["rows"]}
    assert "5.05.02.2.04.0001" in codes and "5.05.02.2.03.0001" not in codes
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (401, 403)
