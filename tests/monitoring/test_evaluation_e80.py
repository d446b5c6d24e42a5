"""The Renstra evaluation, form E.80: its columns, the realisation of a year before Selaras
entered by hand beside one recorded in Selaras, a ratio checked against its own arithmetic,
the page, XLSX and PDF read back, who may read it, a query count that does not grow; and
the E.81's column 6 filled from the entered realisation in the first year of use."""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from selaras.demo.lampung_tengah import build_renstra
from selaras.monitoring import entry
from selaras.monitoring.evaluation import build_evaluation
from selaras.monitoring.evaluation_e80 import build_e80
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.planning.models import (
    Indikator,
    Renstra,
    RenstraIndikator,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
    SubKegiatan,
)

pytestmark = pytest.mark.django_db
D = Decimal
INOVASI = "Jumlah inovasi daerah yang diterapkan"  # Renstra targets 8, 12, 15, 18, 20
KEG = "5.05.02.2.04"  # Renstra pagu 700.000.000 in 2025, 823.250.000 in 2026
B1 = "5.05.02.2.04.0001"
# session, user, savepoint pair, Renstra, tujuan, sasaran and items (each with its
# indicators and their targets), pagu, the four of the yearly realisation, the units, the
# narratives and whether the user may edit them (a planner here), and the navbar's
# Perangkat Daerah.
E80_PAGE_QUERIES = 23


def _percent(a: Decimal, b: Decimal) -> Decimal:
    return (a / b * 100).quantize(D("0.01"), rounding=ROUND_HALF_UP)


@pytest.fixture
def scenario(cast, renja) -> Renstra:
    """Renja 2026 (the first in Selaras) linked to the demo's Renstra 2025-2029; its
    indicator of sub kegiatan B1 derives from the Renstra's "inovasi" indicator and has 2 + 3
    in TW I and II; B1 spent 100 million in TW I. For 2025 the planner entered 7 inovasi
    and 650 million for kegiatan 5.05.02.2.04."""
    renstra = build_renstra(cast.pemda, cast.balitbangda)
    renja.renstra = renstra
    renja.save()
    ri = RenstraIndikator.objects.get(renstra=renstra, uraian=INOVASI)
    ind = Indikator.objects.get(renja=renja, sub_kegiatan__nomenklatur__kode=B1)
    ind.renstra_indikator = ri
    ind.save()
    entry.save_realisasi(ind, 1, D(2), "", 0, cast.perencana)
    entry.save_realisasi(ind, 2, D(3), "", 0, cast.perencana)
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=B1)
    narasi = {"faktor_pendorong": "", "faktor_penghambat": "", "tindak_lanjut": ""}
    entry.save_realisasi_sub(sub, 1, D(100_000_000), narasi, 0, cast.perencana)
    RenstraTarget.objects.filter(indikator=ri, tahun=2025).update(realisasi=D(7))
    RenstraPagu.objects.filter(item__renstra=renstra, item__nomenklatur__kode=KEG, tahun=2025).update(
        realisasi=D(650_000_000)
    )
    return renstra


def _rows(renstra: Renstra, user) -> dict[str, dict]:
    e80 = build_e80(Renstra.objects.select_related("perangkat_daerah", "pemda").get(pk=renstra.pk), user)
    return {r["indikator"] or r["kode"] or r["sasaran"]: r for r in e80.rows}


def test_each_year_has_its_target_realisation_and_ratio(cast, scenario):
    rows = _rows(scenario, cast.perencana)
    inovasi = rows[INOVASI]
    assert inovasi["kondisi_awal"] == D(6)
    assert inovasi["akhir_k"] == D(20)
    assert inovasi["target_k"] == [D(8), D(12), D(15), D(18), D(20)]
    assert inovasi["realisasi_k"] == [D(7), D(5), None, None, None]  # 2025 entered, 2026 recorded
    assert inovasi["entered"] == [True, False, False, False, False]
    assert inovasi["rasio_k"][:2] == [_percent(D(7), D(8)), _percent(D(5), D(12))]  # 87.50, 41.67
    kegiatan = rows[KEG]
    assert kegiatan["target_rp"][:2] == [D(700_000_000), D(823_250_000)]
    assert kegiatan["akhir_rp"] == D(700_000_000 + 823_250_000 + 865_000_000 + 905_000_000 + 950_000_000)
    assert kegiatan["realisasi_rp"][:2] == [D(650_000_000), D(100_000_000)]
    assert kegiatan["rasio_rp"][:2] == [_percent(D(650), D(700)), _percent(D(100), D("823.25"))]
    assert kegiatan["sasaran"].startswith("Meningkatnya daya saing UMKM")
    assert kegiatan["unit"] == "Bidang Inovasi dan Teknologi"


def test_the_footer_averages_each_years_ratios(cast, scenario):
    e80 = build_e80(
        Renstra.objects.select_related("perangkat_daerah", "pemda").get(pk=scenario.pk), cast.perencana
    )
    first = e80.footer[0]
    # 2025: one indicator with a realisation (87.50); one leaf item with a budget ratio.
    assert first["tahun"] == 2025
    assert first["rata_rata_k"] == D("87.50") and first["predikat"] == "Tinggi"
    assert first["rata_rata_rp"] == _percent(D(650), D(700))
    assert e80.footer[4]["rata_rata_k"] is None and e80.footer[4]["predikat"] == ""


def test_the_page_shows_the_form_columns_and_computed_cells(client, cast, scenario):
    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:e80", args=[scenario.pk])).content.decode()
    for heading in (
        "Data Capaian pada Awal Tahun Perencanaan (2024)",
        "Target Capaian pada Akhir Tahun Perencanaan (2029)",
        "Target Renstra PD Tahun ke-1 (2025)",
        "Realisasi Capaian Tahun ke-5 (2029)",
        "Rasio Capaian Tahun ke-2 (2026) (%)",
        "Unit/Perangkat Daerah Penanggung Jawab",
        "Usulan tindak lanjut pada Renstra Perangkat Daerah berikutnya",
    ):
        assert heading in html
    assert "87,50" in html and "41,67" in html
    assert "realisasi diisi manual untuk tahun sebelum Selaras digunakan" in html


def test_the_xlsx_reads_back_with_headings_and_the_computed_ratio(client, cast, scenario):
    client.force_login(cast.perencana)
    response = client.get(reverse("monitoring:e80_xlsx", args=[scenario.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    top = next(n for n, r in enumerate(rows) if r[0] == "No")
    titles, pairs, numbers = rows[top], rows[top + 1], rows[top + 2]
    assert titles[4] == "Data Capaian pada Awal Tahun Perencanaan (2024)"
    assert titles[5] == "Target Capaian pada Akhir Tahun Perencanaan (2029)"
    assert pairs[5:7] == ("K", "Rp")
    assert [n for n in numbers if n] == [str(n) for n in range(1, 23)]
    ratio_2025 = titles.index("Rasio Capaian Tahun ke-1 (2025) (%)")
    real_2025 = titles.index("Realisasi Capaian Tahun ke-1 (2025)")
    inovasi = next(r for r in rows if r[3] == f"{INOVASI} (Inovasi)")
    assert inovasi[real_2025] == 7
    assert D(str(inovasi[ratio_2025])) == _percent(D(7), D(8))
    kegiatan = next(r for r in rows if r[2] and r[2].startswith(KEG + " "))
    assert D(str(kegiatan[ratio_2025 + 1])) == _percent(D(650), D(700))
    assert any(r[0] == "Rata-rata capaian kinerja (%)" for r in rows)
    assert any(r[0] == "Faktor penghambat pencapaian kinerja" for r in rows)


def test_every_ratio_and_average_in_the_xlsx_has_two_decimals(client, cast, scenario):
    client.force_login(cast.perencana)
    response = client.get(reverse("monitoring:e80_xlsx", args=[scenario.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    top = next(cell.row for cell in ws["A"] if cell.value == "No")
    ratio_columns = [c.column for c in ws[top] if c.value and str(c.value).startswith("Rasio Capaian")]
    # each ratio title spans its K and Rp columns
    columns = {col + offset for col in ratio_columns for offset in (0, 1)}
    averages = next(cell.row for cell in ws["A"] if cell.value == "Rata-rata capaian kinerja (%)")
    figures = [
        ws.cell(row, column)
        for row in range(top + 3, averages + 1)
        for column in columns
        if ws.cell(row, column).value is not None
    ]
    assert len(figures) > 5
    assert {cell.number_format.removesuffix('"†"') for cell in figures} == {"0.00"}


def test_the_pdf_reads_back(client, cast, scenario):
    client.force_login(cast.perencana)
    response = client.get(reverse("monitoring:e80_pdf", args=[scenario.pk]), {"unduh": "t1"})
    assert response.status_code == 200 and response.cookies["selaras_unduh"].value == "t1"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "EVALUASI TERHADAP HASIL RENSTRA PERANGKAT DAERAH" in text
    assert "Formulir E.80" in text and "Rasio Capaian" in text
    assert "87,50" in text
    assert "Halaman 1 dari" in text


@pytest.mark.parametrize("persona", ["perencana", "pimpinan", "operator_a", "verifikator"])
def test_readers_of_the_agency_read_it(client, cast, scenario, persona):
    client.force_login(getattr(cast, persona))
    assert client.get(reverse("monitoring:e80", args=[scenario.pk])).status_code == 200


@pytest.mark.parametrize("name", ["monitoring:e80", "monitoring:e80_xlsx", "monitoring:e80_pdf"])
def test_an_outsider_gets_404_and_a_visitor_the_login(client, cast, scenario, name):
    url = reverse(name, args=[scenario.pk])
    assert client.get(url).status_code == 302
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_the_monitoring_index_links_to_the_e80(client, cast, scenario):
    client.force_login(cast.perencana)
    html = client.get(reverse("monitoring:index")).content.decode()
    assert reverse("monitoring:e80", args=[scenario.pk]) in html


def test_the_page_makes_the_same_queries_for_a_small_and_a_large_renstra(client, cast, scenario):
    client.force_login(cast.perencana)
    url = reverse("monitoring:e80", args=[scenario.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = count()
    sasaran = Sasaran.objects.filter(renstra=scenario).first()
    for number in range(30):
        ri = RenstraIndikator.objects.create(
            pemda=scenario.pemda,
            renstra=scenario,
            sasaran=sasaran,
            uraian=f"Indikator {number}",
            satuan="Dokumen",
        )
        RenstraTarget.objects.bulk_create(
            RenstraTarget(pemda=scenario.pemda, indikator=ri, tahun=y, target=D(5), realisasi=D(number))
            for y in (2025,)
        )
    assert small == count() == E80_PAGE_QUERIES


def test_e81_column_6_uses_the_entered_realisation_in_the_first_year(cast, scenario):
    """Renja 2026 is the first in Selaras: column 6 (the Renstra up to last year) comes from
    what the planner entered for 2025, K for the indicator and Rp for the kegiatan."""
    renja = scenario.renja.get(tahun=2026)
    rows = build_evaluation(renja, cast.perencana, 2).rows
    inovasi = next(r for r in rows if r["level"] == "indikator" and r["sasaran"] == "" and r["k5"] == D(20))
    assert inovasi["k6"] == D(7)
    assert inovasi["k13"] == D(7) + D(5)  # column 6 + this year's jumlah
    kegiatan = next(r for r in rows if r["kode"] == KEG)
    assert kegiatan["rp6"] == D(650_000_000)


def test_e81_column_6_prefers_the_recorded_year_over_an_entered_one(cast, scenario):
    """Should a Renja of an entered year be added later, its recorded realisation wins."""
    earlier = make_renja(cast.balitbangda, 2025, renstra=scenario)
    sub = add_sub_kegiatan(earlier, B1, cast.bidang_b)
    ind = Indikator.objects.get(sub_kegiatan=sub)
    ind.renstra_indikator = RenstraIndikator.objects.get(renstra=scenario, uraian=INOVASI)
    ind.save()
    entry.save_realisasi(ind, 4, D(9), "", 0, cast.perencana)
    rows = build_evaluation(scenario.renja.get(tahun=2026), cast.perencana, 2).rows
    inovasi = next(r for r in rows if r["level"] == "indikator" and r["k5"] == D(20))
    assert inovasi["k6"] == D(9)


def test_a_renstra_of_three_years_numbers_its_columns_without_gaps(client, cast, scenario):
    # given a transitional Renstra of three years
    Renstra.objects.filter(pk=scenario.pk).update(tahun_akhir=2027)
    client.force_login(cast.perencana)
    # when its E.80 is shown and downloaded
    page = client.get(reverse("monitoring:e80", args=[scenario.pk]))
    response = client.get(reverse("monitoring:e80_xlsx", args=[scenario.pk]))
    # then the columns are numbered 1 to 16 once each, on the page and in the sheet
    assert page.status_code == 200 and response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    top = next(n for n, r in enumerate(rows) if r[0] == "No")
    assert [n for n in rows[top + 2] if n] == [str(n) for n in range(1, 17)]
    assert "Rasio Capaian Tahun ke-3 (2027) (%)" in rows[top]
    assert "Tahun ke-4" not in " ".join(str(t) for t in rows[top] if t)
