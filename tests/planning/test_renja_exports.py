"""Renja exports: the XLSX and the PDF hold the rows of the Renja page, scoped and filtered
like the page, with Decimal amounts, and their number of queries does not grow with the plan."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from selaras.accounts.personas import Cast
from selaras.core.pdf import LocalFilesOnly
from selaras.core.xlsx import XLSX_CONTENT_TYPE, Column, table_response
from selaras.organisations.models import Kecamatan, UnitKerja
from selaras.planning.factories import add_sub_kegiatan, bulk_fill_renja, make_renja
from selaras.planning.models import Indikator, Polaritas, Program, Renja, SubKegiatan
from selaras.reference.models import Nomenklatur

pytestmark = pytest.mark.django_db

HEADINGS = [
    "Kode",
    "Program/Kegiatan/Sub Kegiatan",
    "Indikator",
    "Target",
    "Target (batas atas)",
    "Satuan",
    "Lokasi",
    "Pagu (Rp)",
    "Sumber Dana",
    "Prakiraan Maju (Rp)",
    "Unit Penanggung Jawab",
    "Anggaran Kas TW I (Rp)",
    "Anggaran Kas TW II (Rp)",
    "Anggaran Kas TW III (Rp)",
    "Anggaran Kas TW IV (Rp)",
]
SUB_KEGIATAN_NAME = "Penelitian dan Pengembangan Koperasi, Usaha Kecil dan Menengah"
# Enough queries for the tree, its prefetches and the scoping; the same for any size of plan.
XLSX_QUERY_BUDGET = 30


# --- helpers ----------------------------------------------------------------------------


def _sheet(response: HttpResponse) -> Worksheet:
    return load_workbook(io.BytesIO(response.content)).active


def _table(ws: Worksheet) -> tuple[list[Any], list[dict[str, Any]]]:
    """The heading row and the rows below it as dicts keyed by heading."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Kode")
    headings = list(rows[start])
    return headings, [dict(zip(headings, row, strict=True)) for row in rows[start + 1 :]]


def _by_kode(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["Kode"]: r for r in rows if r["Kode"]}


def _amount(value: Any) -> Decimal:
    """A number read back from the sheet, as Decimal (openpyxl gives int or float)."""
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(value))


def _pdf_text(response: HttpResponse) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def _xlsx(client: Client, renja: Renja, **params: Any) -> HttpResponse:
    return client.get(reverse("planning:renja_xlsx", args=[renja.pk]), params)


def _pdf(client: Client, renja: Renja, **params: Any) -> HttpResponse:
    return client.get(reverse("planning:renja_pdf", args=[renja.pk]), params)


# --- XLSX -------------------------------------------------------------------------------


def test_planner_downloads_the_whole_renja_as_xlsx_with_real_numbers(
    client: Client, cast: Cast, renja: Renja
) -> None:
    # given a planner and the Renja with three sub kegiatan
    client.force_login(cast.perencana)
    # when the XLSX is downloaded
    response = _xlsx(client, renja)
    # then it is an attachment whose heading row and codes read back
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="renja-balitbangda-2026.xlsx"'
    ws = _sheet(response)
    assert ws["A1"].value == "Pemerintah Kabupaten Lampung Tengah"
    assert any(c.value == "RENCANA KERJA (RENJA) TAHUN 2026" for c in ws["A"])
    headings, rows = _table(ws)
    assert headings == HEADINGS
    heading_row = next(c.row for c in ws["A"] if c.value == "Kode")
    assert ws.freeze_panes == f"A{heading_row + 1}"
    assert all(c.font.b for c in ws[heading_row])
    by_kode = _by_kode(rows)
    for kode in ("5.05.02.2.03.0001", "5.05.02.2.03.0002", "5.05.02.2.04.0001"):
        assert kode in by_kode
    # amounts are numbers equal to the Decimal values, rolled up per kegiatan and program
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0001")
    assert _amount(by_kode["5.05.02.2.03.0001"]["Pagu (Rp)"]) == sub.pagu == Decimal("175500000")
    assert _amount(by_kode["5.05.02.2.03.0001"]["Prakiraan Maju (Rp)"]) == sub.prakiraan_maju
    assert _amount(by_kode["5.05.02.2.03"]["Pagu (Rp)"]) == Decimal("315500000")
    assert _amount(by_kode["5.05.02"]["Pagu (Rp)"]) == Decimal("525500000")
    total = rows[-1]
    assert total["Program/Kegiatan/Sub Kegiatan"] == "Jumlah"
    assert _amount(total["Pagu (Rp)"]) == Decimal("525500000")
    assert _amount(total["Prakiraan Maju (Rp)"]) == Decimal("550000000")
    assert by_kode["5.05.02.2.03.0001"]["Lokasi"] == "Seluruh kabupaten"
    assert by_kode["5.05.02.2.03.0001"]["Unit Penanggung Jawab"] == cast.bidang_a.nama
    assert by_kode["5.05.02.2.03.0001"]["Sumber Dana"] == "PAD"
    # the indicator row follows its sub kegiatan, with the target as a number
    position = rows.index(by_kode["5.05.02.2.03.0001"])
    indicator = rows[position + 1]
    assert indicator["Indikator"].startswith("Jumlah Dokumen")
    assert indicator["Target"] == 4
    pagu_cell = next(c for c in ws["H"] if c.value == 175500000)
    assert pagu_cell.data_type == "n"
    assert pagu_cell.number_format == "#,##0"


def test_xlsx_keeps_cents_range_targets_and_kecamatan(client: Client, cast: Cast, renja: Renja) -> None:
    # given a sub kegiatan with cents, two kecamatan and a range target on its program
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0002")
    sub.pagu = Decimal("140000000.50")
    sub.seluruh_kabupaten = False
    sub.save()
    kecamatan = list(Kecamatan.objects.filter(pemda=cast.pemda).order_by("kode")[:2])
    sub.kecamatan.set(kecamatan)
    program = Program.objects.get(renja=renja)
    Indikator.objects.create(  # a range target is its lower (target) and upper bound
        pemda=renja.pemda,
        renja=renja,
        program=program,
        uraian="Indeks kepuasan pengguna hasil kelitbangan",
        satuan="Indeks",
        polaritas=Polaritas.TURUN,  # a range target on any polarity
        target=Decimal("3.5"),
        target_atas=Decimal("4.25"),
    )
    client.force_login(cast.perencana)
    # when the XLSX is downloaded
    _, rows = _table(_sheet(_xlsx(client, renja)))
    # then the cents survive, the range is two numbers and the kecamatan are listed
    by_kode = _by_kode(rows)
    assert _amount(by_kode["5.05.02.2.03.0002"]["Pagu (Rp)"]) == Decimal("140000000.5")
    assert _amount(rows[-1]["Pagu (Rp)"]) == Decimal("525500000.5")
    assert by_kode["5.05.02.2.03.0002"]["Lokasi"] == ", ".join(k.nama for k in kecamatan)
    range_row = next(r for r in rows if r["Indikator"] == "Indeks kepuasan pengguna hasil kelitbangan")
    assert (_amount(range_row["Target"]), _amount(range_row["Target (batas atas)"])) == (
        Decimal("3.5"),
        Decimal("4.25"),
    )
    assert all(r["Target (batas atas)"] is None for r in rows if r is not range_row)
    assert rows.index(range_row) == rows.index(by_kode["5.05.02"]) + 1


def test_xlsx_shows_percent_targets_with_two_decimals(client: Client, cast: Cast, renja: Renja) -> None:
    # given a whole percent target and a percent range on the program
    program = Program.objects.get(renja=renja)
    for uraian, target, atas in (("Persentase rekomendasi", "72", None), ("Persentase kajian", "80", "90")):
        Indikator.objects.create(
            pemda=renja.pemda,
            renja=renja,
            program=program,
            uraian=uraian,
            satuan="%",
            target=Decimal(target),
            target_atas=Decimal(atas) if atas else None,
        )
    client.force_login(cast.perencana)
    # when the XLSX is downloaded
    ws = _sheet(_xlsx(client, renja))
    # then both bounds are numbers shown with two decimals (72 reads 72,00), others keep #,##0
    cells = {c.value: c.row for c in ws["C"] if c.value in ("Persentase rekomendasi", "Persentase kajian")}
    single, pair = cells["Persentase rekomendasi"], cells["Persentase kajian"]
    assert (ws[f"D{single}"].value, ws[f"D{single}"].number_format) == (72, "0.00")
    assert ws[f"E{single}"].value is None
    assert [(ws[f"{col}{pair}"].value, ws[f"{col}{pair}"].number_format) for col in "DE"] == [
        (80, "0.00"),
        (90, "0.00"),
    ]
    documents = next(c.row for c in ws["C"] if str(c.value).startswith("Jumlah Dokumen"))
    assert (ws[f"D{documents}"].value, ws[f"D{documents}"].number_format) == (4, "#,##0")


def test_operator_exports_only_the_sub_kegiatan_of_its_bidang(
    client: Client, cast: Cast, renja: Renja
) -> None:
    renja.data_contoh = True
    renja.save()
    client.force_login(cast.operator_b)
    ws = _sheet(_xlsx(client, renja))
    title = [c.value for c in ws["A"][:8]]
    assert "Hanya sub kegiatan Bidang Inovasi dan Teknologi." in title
    assert any(str(line).startswith("Data contoh:") for line in title)
    _, rows = _table(ws)
    codes = set(_by_kode(rows))
    assert "5.05.02.2.04.0001" in codes
    assert "5.05.02.2.03.0001" not in codes
    assert "5.05.02.2.03.0002" not in codes
    assert _amount(rows[-1]["Pagu (Rp)"]) == Decimal("210000000")


def test_xlsx_follows_the_filters_of_the_page(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.perencana)
    _, rows = _table(_sheet(_xlsx(client, renja, bidang=cast.bidang_a.pk)))
    codes = set(_by_kode(rows))
    assert {"5.05.02.2.03.0001", "5.05.02.2.03.0002"} <= codes
    assert "5.05.02.2.04.0001" not in codes
    assert _amount(rows[-1]["Pagu (Rp)"]) == Decimal("315500000")


@pytest.mark.parametrize("export", ["planning:renja_xlsx", "planning:renja_pdf"])
def test_outsider_gets_404_and_anonymous_is_sent_to_login(
    client: Client, cast: Cast, renja: Renja, export: str
) -> None:
    url = reverse(export, args=[renja.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["pimpinan", "verifikator", "operator_a", "kepala_a"])
def test_readers_of_the_agency_may_export(client: Client, cast: Cast, renja: Renja, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    assert _xlsx(client, renja).status_code == 200


def test_text_that_looks_like_a_formula_is_written_as_text(client: Client, cast: Cast, renja: Renja) -> None:
    # given an indicator whose text a spreadsheet would run as a formula
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.04.0001")
    sub.indikator.update(uraian=formula)
    client.force_login(cast.perencana)
    # when the XLSX is downloaded
    response = _xlsx(client, renja)
    # then the cell holds the text itself, typed as text, and the file holds no formula
    ws = _sheet(response)
    cell = next(c for c in ws["C"] if c.value == formula)
    assert cell.data_type == "s"
    assert cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_xlsx_helper_guards_every_formula_prefix_and_refuses_float() -> None:
    values = ["=1+1", "+62 812", "-5", "@SUM(A1)", "biasa"]
    response = table_response("uji.xlsx", [Column("Teks")], [[v] for v in values])
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [ws.cell(row=i, column=1) for i in range(2, 2 + len(values))]
    assert [c.value for c in cells] == values
    assert all(c.data_type == "s" for c in cells)
    assert [bool(c.quotePrefix) for c in cells] == [True, True, True, True, False]
    assert ws["A1"].font.b
    assert ws.freeze_panes == "A2"
    with pytest.raises(TypeError):
        table_response("uji.xlsx", [Column("Angka")], [[1.5]])


# --- PDF --------------------------------------------------------------------------------


def test_pdf_holds_the_title_rows_amounts_and_page_numbers(client: Client, cast: Cast, renja: Renja) -> None:
    # given the head of the agency on record and a sample Renja
    cast.balitbangda.kepala_jabatan = "Kepala Badan Penelitian dan Pengembangan Daerah"
    cast.balitbangda.save()
    renja.data_contoh = True
    renja.save()
    client.force_login(cast.perencana)
    # when the PDF is downloaded
    response = _pdf(client, renja)
    # then it is an attachment whose text reads back
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="renja-balitbangda-2026.pdf"'
    text = _pdf_text(response)
    assert "PEMERINTAH KABUPATEN LAMPUNG TENGAH" in text
    assert "BADAN PENELITIAN DAN PENGEMBANGAN DAERAH" in text
    assert "RENCANA KERJA (RENJA) TAHUN 2026" in text
    assert SUB_KEGIATAN_NAME in text
    assert "5.05.02.2.03.0001" in text
    assert "175.500.000" in text
    assert "525.500.000" in text
    assert "Halaman 1 dari" in text
    assert "Data contoh" in text
    assert "Dr. Kepala Uji" in text
    assert "NIP. 197001012000031001" in text
    assert re.search(
        r"Gunung Sugih, \d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus"
        r"|September|Oktober|November|Desember) \d{4}",
        text,
    )


def test_pdf_writes_cents_and_range_targets_the_indonesian_way(
    client: Client, cast: Cast, renja: Renja
) -> None:
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.03.0002")
    sub.pagu = Decimal("140000000.50")
    sub.save()
    sub.indikator.update(polaritas=Polaritas.STABIL, target=Decimal("3.5"), target_atas=Decimal("4.25"))
    client.force_login(cast.perencana)
    text = _pdf_text(_pdf(client, renja))
    assert "140.000.000,50" in text
    assert "525.500.000,50" in text
    assert "3,5–4,25" in text


def test_pdf_uses_dejavu_sans_on_the_page_and_in_the_footer(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.perencana)
    reader = PdfReader(io.BytesIO(_pdf(client, renja).content))
    fonts: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # Without the font inside @page the footer falls back to DejaVu Serif.
    assert fonts and all("DejaVu-Sans" in name for name in fonts), fonts


def test_operator_pdf_holds_only_its_bidang(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.operator_b)
    text = _pdf_text(_pdf(client, renja))
    assert "5.05.02.2.04.0001" in text
    assert "5.05.02.2.03.0001" not in text
    assert SUB_KEGIATAN_NAME not in text
    assert "Hanya sub kegiatan Bidang Inovasi dan Teknologi." in text


def test_pdf_reads_only_static_files_and_data_urls() -> None:
    fetcher = LocalFilesOnly()
    with pytest.raises(ValueError):
        fetcher.fetch("http://contoh.invalid/logo.png")
    with pytest.raises(ValueError):
        fetcher.fetch(Path("/etc/passwd").as_uri())
    stylesheet = Path(settings.BASE_DIR, "static", "css", "selaras.css")
    response = fetcher.fetch(stylesheet.as_uri())
    assert response.read() == stylesheet.read_bytes()
    response.close()
    assert fetcher.fetch("data:text/plain,halo").read() == b"halo"


# --- the page links to the exports with its filters ----------------------------------------


def test_renja_page_links_to_both_exports_with_its_filters(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.perencana)
    html = client.get(reverse("planning:renja_detail", args=[renja.pk]), {"bidang": cast.bidang_b.pk})
    content = html.content.decode()
    assert "Unduh XLSX" in content and "Unduh PDF" in content
    assert f'{reverse("planning:renja_xlsx", args=[renja.pk])}?bidang={cast.bidang_b.pk}"' in content
    assert f'{reverse("planning:renja_pdf", args=[renja.pk])}?bidang={cast.bidang_b.pk}"' in content


# --- queries ----------------------------------------------------------------------------


def test_xlsx_makes_the_same_number_of_queries_for_a_small_and_a_large_renja(
    client: Client, cast: Cast
) -> None:
    small = make_renja(cast.balitbangda, 2026)
    for kode in Nomenklatur.objects.filter(level="sub_kegiatan").values_list("kode", flat=True)[:5]:
        add_sub_kegiatan(small, kode, cast.bidang_a)
    large = make_renja(cast.balitbangda, 2027)
    _bulk_fill(large, cast.bidang_a, 600)
    client.force_login(cast.perencana)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert _xlsx(client, plan).status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    assert counts[0] <= XLSX_QUERY_BUDGET, counts


def _bulk_fill(renja: Renja, unit: UnitKerja, count: int) -> None:
    """Many sub kegiatan with an indicator, cents in the pagu and two kecamatan each, so a
    missing prefetch of the kecamatan would show in the query count."""
    subs = bulk_fill_renja(renja, unit, count)
    SubKegiatan.objects.filter(renja=renja).update(seluruh_kabupaten=False, pagu=Decimal("1000.50"))
    kecamatan = list(Kecamatan.objects.filter(pemda=renja.pemda)[:2])
    through = SubKegiatan.kecamatan.through
    through.objects.bulk_create(
        through(subkegiatan_id=s.id, kecamatan_id=k.id) for s in subs for k in kecamatan
    )


@pytest.mark.parametrize(("token", "cookie"), [("ab12CD", "ab12CD"), ("<script>", None)])
def test_export_tells_the_page_when_the_file_is_ready(client, cast, renja, token, cookie):
    client.force_login(cast.perencana)
    response = client.get(reverse("planning:renja_pdf", args=[renja.pk]), {"unduh": token})
    assert response.status_code == 200
    sent = response.cookies.get("selaras_unduh")
    assert (sent.value if sent else None) == cookie


def test_every_pdf_row_has_one_cell_per_heading(
    client: Client, cast: Cast, renja: Renja, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given the HTML the PDF is drawn from (a row one cell short shifts every figure right)
    from django.template.loader import render_to_string

    from selaras.planning import exports

    pages: list[str] = []

    def capture(template: str, context: dict[str, Any], filename: str, request: Any) -> HttpResponse:
        pages.append(render_to_string(template, context))
        return HttpResponse()

    monkeypatch.setattr(exports, "pdf_response", capture)
    client.force_login(cast.perencana)
    # when the PDF is asked for
    _pdf(client, renja)
    # then the body rows have as many cells as the heading has columns
    html = pages[0]
    headings = len(re.findall(r"<th>", html.split("</thead>")[0]))
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = [r for r in body.split("<tr")[1:] if 'class="total"' not in r]
    assert headings == 10 and rows
    assert {len(re.findall(r"<td", r)) for r in rows} == {headings}
