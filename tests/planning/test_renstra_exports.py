"""The Renstra as XLSX and PDF: read back, with the headings, a target for every year, the
pagu and the kondisi akhir; scoped like the page; a query count that does not grow."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from selaras.demo.lampung_tengah import build_renstra
from selaras.planning.models import RenstraIndikator, RenstraTarget, Sasaran

pytestmark = pytest.mark.django_db
D = Decimal
PERSEN = "Persentase rekomendasi hasil kelitbangan yang ditindaklanjuti"
# session, user, the request's savepoint pair, the Renstra, tujuan, their indicators and
# targets, sasaran, their indicators and targets, items, their indicators and targets, pagu.
EXPORT_QUERIES = 15


@pytest.fixture
def renstra(cast):
    return build_renstra(cast.pemda, cast.balitbangda)


def _sheet(client, renstra):
    response = client.get(reverse("planning:renstra_xlsx", args=[renstra.pk]), {"unduh": "abc123"})
    assert response.status_code == 200
    assert response.cookies["selaras_unduh"].value == "abc123"  # the download spinner stops
    return load_workbook(io.BytesIO(response.content)).active


def test_the_xlsx_has_the_renstra_table_with_targets_and_pagu_per_year(client, cast, renstra):
    client.force_login(cast.pimpinan)
    ws = _sheet(client, renstra)
    rows = list(ws.iter_rows(values_only=True))
    assert rows[2][0] == "RENCANA STRATEGIS (RENSTRA) PERANGKAT DAERAH 2025–2029"
    heading = next(r for r in rows if r[0] == "Kode")
    expected = ["Target 2025", "Pagu 2025 (Rp)", "Target 2026", "Pagu 2026 (Rp)"]
    assert list(heading[6:10]) == expected
    assert heading[5] == "Kondisi Awal (2024)"
    assert heading[-2:] == ("Kondisi Akhir 2029: Target", "Kondisi Akhir: Pagu 2025–2029 (Rp)")
    col = {name: heading.index(name) for name in heading}
    persen = next(r for r in rows if r[3] == PERSEN)
    targets = [persen[col[f"Target {y}"]] for y in range(2025, 2030)]
    assert targets == [40, 50, 55, 60, 65]
    assert persen[col["Kondisi Awal (2024)"]] == 35
    assert persen[col["Kondisi Akhir 2029: Target"]] == 65
    program = next(r for r in rows if r[0] == "5.05.02")
    assert program[col["Pagu 2026 (Rp)"]] == 1758750000
    assert program[col["Kondisi Akhir: Pagu 2025–2029 (Rp)"]] == 1550000000 + 1758750000 + 1840000000 + (
        1930000000 + 2025000000
    )
    assert program[2].startswith("S1.1 ")  # its sasaran
    total = rows[-1]
    assert total[1] == "Jumlah pagu indikatif program"
    assert total[col["Pagu 2025 (Rp)"]] == 2600000000 + 1550000000  # programs only, not the kegiatan


def test_the_pdf_reads_back_with_headings_targets_and_pagu(client, cast, renstra):
    client.force_login(cast.perencana)
    response = client.get(reverse("planning:renstra_pdf", args=[renstra.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())  # headings wrap in cells
    assert "RENCANA STRATEGIS (RENSTRA) PERANGKAT DAERAH 2025–2029" in text
    assert "Target 2029" in text and "Kondisi Akhir" in text
    assert "1.758.750.000" in text  # pagu indikatif of 5.05.02 in 2026
    assert "Indeks Inovasi Daerah" in text
    assert "Halaman 1 dari" in text


def test_the_renstra_page_offers_both_downloads_and_the_e80(client, cast, renstra):
    client.force_login(cast.operator_a)
    html = client.get(reverse("planning:renstra_detail", args=[renstra.pk])).content.decode()
    for name in ("planning:renstra_xlsx", "planning:renstra_pdf"):
        url = reverse(name, args=[renstra.pk])
        assert f'data-download="{url}"' in html
    assert reverse("monitoring:e80", args=[renstra.pk]) in html


@pytest.mark.parametrize("name", ["planning:renstra_xlsx", "planning:renstra_pdf"])
def test_an_outsider_gets_404_and_a_visitor_the_login(client, cast, renstra, name):
    url = reverse(name, args=[renstra.pk])
    assert client.get(url).status_code == 302
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def _grow(renstra, count: int) -> None:
    sasaran = Sasaran.objects.filter(renstra=renstra).first()
    for number in range(count):
        ind = RenstraIndikator.objects.create(
            pemda=renstra.pemda,
            renstra=renstra,
            sasaran=sasaran,
            uraian=f"Indikator {number}",
            satuan="Dokumen",
        )
        RenstraTarget.objects.bulk_create(
            RenstraTarget(pemda=renstra.pemda, indikator=ind, tahun=y, target=D(number))
            for y in renstra.years
        )


def test_the_export_makes_the_same_queries_for_a_small_and_a_large_renstra(client, cast, renstra):
    client.force_login(cast.perencana)
    url = reverse("planning:renstra_xlsx", args=[renstra.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    small = count()
    _grow(renstra, 40)
    assert small == count() == EXPORT_QUERIES
