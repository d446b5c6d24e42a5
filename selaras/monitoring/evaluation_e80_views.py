"""The E.80 evaluation of a Renstra: the page, the XLSX and the PDF. All three start from
the same access helper as the Renstra page, so an outsider gets 404 and every reader of
the Perangkat Daerah reads it; the cells are built once here for the three of them. The
page also saves the form's narratives (planners and administrators of the Perangkat
Daerah; a reader gets 403), which all three print in the footer."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal, TypedDict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.downloads import download_progress
from selaras.core.pdf import pdf_response
from selaras.core.xlsx import BOLD, PERCENT_FORMAT, CellValue, print_landscape, workbook_response, write_cell
from selaras.lib import capaian as rules
from selaras.lib.numbers import format_number
from selaras.monitoring.evaluation_e80 import (
    DOTS,
    E80,
    ENTERED_LEGEND,
    FORM,
    TITLE,
    E80Row,
    build_e80,
    filename,
)
from selaras.monitoring.evaluation_export import GRID, TOP, WRAP, Heading, write_heading
from selaras.monitoring.models import NARASI_E80, NarasiEvaluasiRenstra
from selaras.planning.exports import DATA_CONTOH
from selaras.planning.models import Renstra

Kind = Literal["k", "rp", "pct", "range"]
FIRST_FIGURE_COLUMN = 5
WIDTHS = {1: 6, 2: 30, 3: 34, 4: 34, 5: 11}
PAIR_WIDTHS = (11, 16)  # K, Rp
UNIT_WIDTH = 26


class Cell(TypedDict):
    value: Decimal | tuple[Decimal, Decimal] | None
    kind: Kind
    entered: bool  # the realisation was entered for a year before Selaras


def sheet_columns(year_count: int) -> tuple[int, int]:
    """(the sheet columns before the ratio columns, all sheet columns) for a Renstra of
    `year_count` years: columns 1-4, column 5, K and Rp of column 6 and of each year's
    target, realisation and ratio, then the unit. The form's five years give 22 numbered
    columns; a transitional Renstra of three gives 16."""
    before_ratios = 4 + 1 + 2 * (1 + 2 * year_count)
    return before_ratios, before_ratios + 2 * year_count + 1


def headings(e80: E80) -> list[Heading]:
    years = e80.years
    numbered = list(enumerate(years, start=1))
    n = len(years)
    return [
        Heading("1", "No"),
        Heading("2", "Sasaran"),
        Heading("3", "Program/Kegiatan"),
        Heading("4", "Indikator Kinerja Program (outcome)/Kegiatan (output)"),
        Heading("5", f"Data Capaian pada Awal Tahun Perencanaan ({e80.renstra.tahun_awal - 1})"),
        Heading("6", f"Target Capaian pada Akhir Tahun Perencanaan ({e80.renstra.tahun_akhir})", True),
        *[Heading(str(6 + i), f"Target Renstra PD Tahun ke-{i} ({y})", True) for i, y in numbered],
        *[Heading(str(6 + n + i), f"Realisasi Capaian Tahun ke-{i} ({y})", True) for i, y in numbered],
        *[Heading(str(6 + 2 * n + i), f"Rasio Capaian Tahun ke-{i} ({y}) (%)", True) for i, y in numbered],
        Heading(str(7 + 3 * n), "Unit/Perangkat Daerah Penanggung Jawab"),
    ]


def _cell(value: Decimal | None, kind: Kind, atas: Decimal | None = None, entered: bool = False) -> Cell:
    if atas is not None and value is not None:
        return {"value": (value, atas), "kind": "range", "entered": False}
    return {"value": value, "kind": kind, "entered": entered and value is not None}


def figure_cells(row: E80Row) -> list[Cell]:
    """Column 5, then K and Rp of columns 6 to 21."""
    cells = [
        _cell(row["kondisi_awal"], "k"),
        _cell(row["akhir_k"], "k", row["akhir_k_atas"]),
        _cell(row["akhir_rp"], "rp"),
    ]
    for k, atas, rp in zip(row["target_k"], row["target_k_atas"], row["target_rp"], strict=True):
        cells += [_cell(k, "k", atas), _cell(rp, "rp")]
    for k, rp, entered in zip(row["realisasi_k"], row["realisasi_rp"], row["entered"], strict=True):
        cells += [_cell(k, "k", entered=entered), _cell(rp, "rp", entered=entered)]
    for k, rp in zip(row["rasio_k"], row["rasio_rp"], strict=True):
        cells += [_cell(k, "pct"), _cell(rp, "pct")]
    return cells


def program_text(row: E80Row) -> str:
    return f"{row['kode']} {row['uraian']}" if row["kode"] else ""


def indikator_text(row: E80Row) -> str:
    if not row["indikator"]:
        return ""
    return f"{row['indikator']} ({row['satuan']})" if row["satuan"] else row["indikator"]


def _e80(request: HttpRequest, pk: int) -> E80:
    queryset = Renstra.objects.select_related("perangkat_daerah", "pemda")
    renstra = get_for_user(queryset, request.user, pk=pk)
    e80 = build_e80(renstra, request.user)
    if renstra.data_contoh:
        e80.notes.append(DATA_CONTOH)
    return e80


NARASI_MAX_LENGTH = 4000
NARASI_CHARS_PER_LINE = 150  # about what the merged figure columns hold in the XLSX


class NarasiForm(forms.ModelForm):
    """The four narrative rows of the E.80, as the planner writes them."""

    class Meta:
        model = NarasiEvaluasiRenstra
        fields = NARASI_E80

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(MaxLengthValidator(NARASI_MAX_LENGTH))
            field.widget.attrs.update(
                {"class": "form-control form-control-sm", "rows": 3, "maxlength": NARASI_MAX_LENGTH}
            )
            field.label = field.label[:1].upper() + field.label[1:]


def _context(e80: E80, form: NarasiForm | None = None) -> dict[str, Any]:
    renstra = e80.renstra
    return {
        "narasi_form": form,
        "e80": e80,
        "renstra": renstra,
        "pd": renstra.perangkat_daerah,
        "pemda": renstra.pemda,
        "headings": headings(e80),
        "lines": [{"row": r, "figures": figure_cells(r)} for r in e80.rows],
        "narasi": e80.narasi,
        "title": TITLE,
        "form": FORM,
        "entered_legend": ENTERED_LEGEND,
        "predikat_rule": rules.band_conditions(rules.PREDIKAT_BANDS),
        "ratio_offset": sheet_columns(len(e80.years))[0],
        "column_count": sheet_columns(len(e80.years))[1],
    }


def _narasi_form(renstra: Renstra, instance: NarasiEvaluasiRenstra | None, data: Any = None) -> NarasiForm:
    return NarasiForm(data, instance=instance or NarasiEvaluasiRenstra(renstra=renstra, pemda=renstra.pemda))


@login_required
def e80_page(request: HttpRequest, pk: int) -> HttpResponse:
    e80 = _e80(request, pk)
    form = (
        _narasi_form(e80.renstra, e80.narasi_record)
        if may_edit(Renstra.objects, request.user, e80.renstra)
        else None
    )
    return render(request, "monitoring/e80.html", _context(e80, form))


@login_required
@require_POST
def e80_narasi(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the narratives (through the model's save, so the audit log keeps each change)."""
    renstra = get_for_user(Renstra.objects, request.user, write=True, pk=pk)
    form = _narasi_form(renstra, NarasiEvaluasiRenstra.objects.filter(renstra=renstra).first(), request.POST)
    if not form.is_valid():
        e80 = _e80(request, pk)
        return render(request, "monitoring/e80.html", _context(e80, form), status=422)
    form.save()
    messages.success(request, "Narasi evaluasi E.80 disimpan.")
    return redirect(f"{reverse('monitoring:e80', args=[renstra.pk])}#narasi")


@login_required
@download_progress
def e80_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    e80 = _e80(request, pk)
    return pdf_response("monitoring/e80_pdf.html", _context(e80), filename(e80, "pdf"), request)


# --- XLSX -------------------------------------------------------------------------------


def _xlsx_value(cell: Cell) -> CellValue:
    value = cell["value"]
    if isinstance(value, tuple):
        return f"{format_number(value[0])}–{format_number(value[1])}"
    return value


def row_values(row: E80Row) -> list[tuple[CellValue, bool, bool]]:
    """The cells of a row as written to the sheet, with whether each was entered by hand and
    whether it is a percentage (a ratio column: two decimals, like every percentage)."""
    text: list[tuple[CellValue, bool, bool]] = [
        (row["no"], False, False),
        (row["sasaran"], False, False),
        (program_text(row), False, False),
        (indikator_text(row), False, False),
    ]
    figures = [(_xlsx_value(c), c["entered"], c["kind"] == "pct") for c in figure_cells(row)]
    return [*text, *figures, (row["unit"], False, False)]


def _write_footer(ws: Worksheet, start: int, e80: E80, ratio_column: int) -> int:
    """The averages and predikat under each year's ratio columns, then the narratives."""
    label = write_cell(ws, start, 1, "Rata-rata capaian kinerja (%)")
    predikat = write_cell(ws, start + 1, 1, "Predikat kinerja")
    label.font = predikat.font = BOLD
    for offset, year in enumerate(e80.footer):
        column = ratio_column + 2 * offset
        for offset, average in enumerate((year["rata_rata_k"], year["rata_rata_rp"])):
            cell = write_cell(ws, start, column + offset, average)
            cell.border = GRID
            if average is not None:
                cell.number_format = PERCENT_FORMAT
        write_cell(ws, start + 1, column, year["predikat"] or "-").border = GRID
    number = start + 3
    for label, text in e80.narasi:
        cell = write_cell(ws, number, 1, label)
        cell.font = BOLD
        write_cell(ws, number, FIRST_FIGURE_COLUMN, text or DOTS).alignment = WRAP
        # The text spans the figure columns up to the ratios; Excel does not grow a merged
        # row by itself, so the height follows the text's lines.
        ws.merge_cells(
            start_row=number, start_column=FIRST_FIGURE_COLUMN, end_row=number, end_column=ratio_column - 1
        )
        lines = sum(max(1, -(-len(part) // NARASI_CHARS_PER_LINE)) for part in text.splitlines() or [""])
        ws.row_dimensions[number].height = 15 * lines
        number += 1
    rule = "; ".join(
        f"{condition} {label}" for condition, label in rules.band_conditions(rules.PREDIKAT_BANDS)
    )
    write_cell(ws, number, 1, f"Predikat capaian: {rule}.")
    number += 1
    if e80.entered:
        write_cell(ws, number, 1, ENTERED_LEGEND)
        number += 1
    return number


def e80_workbook(e80: E80) -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    ws.title = f"E.80 {e80.renstra.tahun_awal}-{e80.renstra.tahun_akhir}"
    workbook.properties.title = TITLE
    workbook.properties.creator = "Selaras"
    renstra = e80.renstra
    title = [
        TITLE,
        FORM,
        f"Pemerintah {renstra.pemda.nama}",
        f"Perangkat Daerah: {renstra.perangkat_daerah.nama}",
        f"Periode Renstra: {e80.periode}",
        f"Dicetak {e80.tanggal_cetak}",
        *e80.notes,
    ]
    for number, line in enumerate(title, start=1):
        cell = write_cell(ws, number, 1, line)
        cell.font = Font(bold=True, size=13 if number == 1 else 11)
    top = len(title) + 2
    columns = headings(e80)
    write_heading(ws, top, columns)
    number = top + 3
    wrap_columns = {2, 3, 4}
    column_count = 0
    for row in e80.rows:
        bold = row["level"] in ("tujuan", "sasaran", "program", "kegiatan")
        values = row_values(row)
        column_count = len(values)
        for column, (value, entered, percent) in enumerate(values, start=1):
            cell = write_cell(ws, number, column, value)
            if percent and value is not None:
                cell.number_format = PERCENT_FORMAT
            if entered:
                cell.number_format += '"†"'
            cell.border = GRID
            cell.alignment = WRAP if column in wrap_columns or column == len(values) else TOP
            if bold:
                cell.font = BOLD
        number += 1
    before_ratios, all_columns = sheet_columns(len(e80.years))
    ratio_column = before_ratios + 1
    end = _write_footer(ws, number + 1, e80, ratio_column)
    signature = [
        "Disusun",
        e80.tempat_tanggal,
        e80.jabatan,
        "",
        "",
        "",
        renstra.perangkat_daerah.kepala_nama or DOTS,
        f"NIP. {renstra.perangkat_daerah.kepala_nip or DOTS[:30]}",
    ]
    for offset, text in enumerate(signature):
        if text:
            write_cell(ws, end + 1 + offset, ratio_column, text)
    column_count = column_count or all_columns
    for column in range(1, column_count + 1):
        if column in WIDTHS:
            width = WIDTHS[column]
        elif column == column_count:
            width = UNIT_WIDTH
        else:
            width = PAIR_WIDTHS[(column - FIRST_FIGURE_COLUMN - 1) % 2]
        ws.column_dimensions[get_column_letter(column)].width = width
    print_landscape(ws, top, top + 2, frozen_column=FIRST_FIGURE_COLUMN)
    return workbook


@login_required
@download_progress
def e80_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    e80 = _e80(request, pk)
    return workbook_response(e80_workbook(e80), filename(e80, "xlsx"))
