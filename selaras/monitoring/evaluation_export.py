"""The E.81 as the page, the XLSX and the PDF show it: the form's heading lines, the
two-level heading of the table (columns 5-14 and this year's capaian split into K and Rp),
the cells of each row, the footer rows, and the workbook. Numbers stay Decimal up to the
cell; a figure that is not yet approved keeps its value and gets an asterisk from the number
format (XLSX) or the template (page, PDF).

In the XLSX every percentage shows two decimals (PERCENT_FORMAT): columns 14 and 16, the
footer's averages, and every K figure of an indicator measured in percent. A range target
stays two numbers: the lower bound in the form's K cell (its number format appends
"–upper" so the form still reads "10–20") and the upper bound as a number in its own
column after the form (5a and 7a, RANGE_HEADINGS).
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypedDict

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell.cell import Cell as XlsxCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.xlsx import (
    BOLD,
    FRACTION_FORMAT,
    HEADING_FILL,
    HEADING_FONT,
    PERCENT_FORMAT,
    WHOLE_FORMAT,
    CellValue,
    print_landscape,
    write_cell,
)
from selaras.lib import capaian as rules
from selaras.lib.dates import QUARTER_NUMERALS
from selaras.lib.numbers import format_number, is_percent_unit
from selaras.monitoring.evaluation import DOTS, PENDING_LEGEND, E81Row, Evaluation, Signature
from selaras.planning.models import Renja

TITLE = "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH"
FORM = "Formulir E.81 (Permendagri Nomor 86 Tahun 2017)"
FIRST_FIGURE_COLUMN = 5
COLUMN_COUNT = 28  # 4 text columns, 10 x (K, Rp), unit, capaian (K, Rp), predikat
K5_COLUMN, K7_COLUMN = 5, 9
RANGE_HEADINGS = (
    ("5a", "Target Renstra PD (kolom 5 K): batas atas bila target berupa rentang"),
    ("7a", "Target Renja PD (kolom 7 K): batas atas bila target berupa rentang"),
)
SHEET_COLUMNS = COLUMN_COUNT + len(RANGE_HEADINGS)
THIN = Side(style="thin", color="808080")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
WIDTHS = {1: 7, 2: 24, 3: 38, 4: 34, 25: 24, 26: 10, 27: 10, 28: 13, 29: 14, 30: 14}
PAIR_WIDTHS = (11, 16)  # K, Rp
PENDING_SUFFIX = '"*"'

Kind = Literal["k", "rp", "pct", "range"]
FooterKind = Literal["pct", "text", "lines"]


@dataclass(frozen=True)
class Heading:
    """A column of the form: its number, title and whether it splits into K and Rp."""

    number: str
    title: str
    paired: bool = False


class Cell(TypedDict):
    """A figure cell of the page and the PDF (their filters format it by `kind`)."""

    value: Decimal | tuple[Decimal, Decimal] | None
    kind: Kind
    pending: bool


class FooterEntry(TypedDict):
    """A footer row of the form: its label and value (a list of lines for a narrative)."""

    label: str
    value: Decimal | str | list[str] | None
    kind: FooterKind


@dataclass(frozen=True)
class FormHeading:
    """The heading lines printed above the form's table, as in the official form."""

    title: str
    form: str
    lines: list[tuple[str, str]]  # label, value


def headings(renja: Renja) -> list[Heading]:
    renstra = renja.renstra
    akhir = f"Tahun {renstra.tahun_akhir}" if renstra else "Akhir Periode"
    tahun = renja.tahun
    quarters = [
        Heading(str(7 + q), f"Realisasi Kinerja pada Triwulan {QUARTER_NUMERALS[q]}", True)
        for q in (1, 2, 3, 4)
    ]
    return [
        Heading("1", "No"),
        Heading("2", "Sasaran"),
        Heading("3", "Program/Kegiatan/Sub Kegiatan"),
        Heading("4", "Indikator Kinerja Program (outcome)/Kegiatan (output)"),
        Heading("5", f"Target Renstra PD pada {akhir} (Akhir Periode Renstra PD)", True),
        Heading("6", f"Realisasi Capaian Kinerja Renstra PD s.d. Renja PD Tahun Lalu ({tahun - 1})", True),
        Heading("7", f"Target Kinerja dan Anggaran Renja PD Tahun Berjalan ({tahun}) yang Dievaluasi", True),
        *quarters,
        Heading("12", "Realisasi Capaian Kinerja dan Anggaran Renja PD yang Dievaluasi", True),
        Heading("13", f"Realisasi Kinerja dan Anggaran Renstra PD s.d. Tahun {tahun}", True),
        Heading(
            "14", f"Tingkat Capaian Kinerja dan Realisasi Anggaran Renstra PD s.d. Tahun {tahun} (%)", True
        ),
        Heading("15", "Unit PD Penanggung Jawab"),
        Heading("16", f"Capaian Renja Tahun {tahun} (%) (12 terhadap 7)", True),
        Heading("17", "Predikat Kinerja"),
    ]


def _cell(value: Decimal | None, kind: Kind, pending: bool = False, atas: Decimal | None = None) -> Cell:
    if atas is not None and value is not None:
        return {"value": (value, atas), "kind": "range", "pending": False}
    return {"value": value, "kind": kind, "pending": pending and value is not None}


def figure_cells(row: E81Row) -> list[Cell]:
    """Columns 5-14, K then Rp for each."""
    cells = [
        _cell(row["k5"], "k", atas=row["k5_atas"]),
        _cell(row["rp5"], "rp"),
        _cell(row["k6"], "k"),
        _cell(row["rp6"], "rp"),
        _cell(row["k7"], "k", atas=row["k7_atas"]),
        _cell(row["rp7"], "rp"),
    ]
    for k, rp, pending in zip(row["k_tw"], row["rp_tw"], row["pending_tw"], strict=True):
        cells += [_cell(k, "k", pending), _cell(rp, "rp", pending)]
    return cells + [
        _cell(row["k12"], "k", row["pending_12"]),
        _cell(row["rp12"], "rp", row["pending_12"]),
        _cell(row["k13"], "k"),
        _cell(row["rp13"], "rp"),
        _cell(row["k14"], "pct"),
        _cell(row["rp14"], "pct"),
    ]


def capaian_cells(row: E81Row) -> list[Cell]:
    return [_cell(row["capaian_k"], "pct"), _cell(row["capaian_rp"], "pct")]


def lines(evaluation: Evaluation) -> list[dict[str, Any]]:
    """The rows with their cells, for the page and the PDF templates."""
    return [{"row": r, "figures": figure_cells(r), "capaian": capaian_cells(r)} for r in evaluation.rows]


def predikat_rule() -> list[tuple[str, str]]:
    return rules.band_conditions(rules.PREDIKAT_BANDS)


def indikator_text(row: Mapping[str, Any]) -> str:
    """Column 4 of the E.81 and the E.80: the indicator with its unit."""
    if not row["indikator"]:
        return ""
    return f"{row['indikator']} ({row['satuan']})" if row["satuan"] else row["indikator"]


def program_text(row: Mapping[str, Any]) -> str:
    """Column 3 of the E.81 and the E.80: the code and name of the row."""
    return f"{row['kode']} {row['uraian']}" if row["kode"] else ""


def filename(evaluation: Evaluation, extension: str) -> str:
    pd = evaluation.renja.perangkat_daerah
    slug = slugify(pd.singkatan or pd.nama)
    if evaluation.unit is not None:
        slug += f"-{slugify(evaluation.unit.nama)}"
    return f"evaluasi-e81-{slug}-{evaluation.renja.tahun}-tw{evaluation.up_to}.{extension}"


def form_heading(evaluation: Evaluation) -> FormHeading:
    """Evaluasi terhadap hasil Renja Perangkat Daerah lingkup <Pemda>; the Renja of the
    Perangkat Daerah; the periode pelaksanaan; the sasaran that the indicators and targets
    refer to. No RKPD is held here, so that line names the sasaran of column 2 (the
    Perangkat Daerah's Renstra sasaran), or leaves dots to fill in by hand."""
    renja = evaluation.renja
    pemda = renja.pemda.nama
    acuan = f"Indikator dan target kinerja Perangkat Daerah {pemda} yang mengacu pada sasaran RKPD {pemda}"
    return FormHeading(
        title=f"Evaluasi terhadap Hasil Renja Perangkat Daerah Lingkup {pemda}",
        form=FORM,
        lines=[
            (f"Renja Perangkat Daerah {pemda}", f"{renja.perangkat_daerah.nama} Tahun {renja.tahun}"),
            ("Periode pelaksanaan", evaluation.periode_pelaksanaan),
            (acuan, "; ".join(evaluation.sasaran) or DOTS),
        ],
    )


def title_lines(evaluation: Evaluation) -> list[str]:
    """The heading as lines of text (the XLSX), then the print date and the notes."""
    heading = form_heading(evaluation)
    return [
        heading.title.upper(),
        heading.form,
        *(f"{label}: {value}" for label, value in heading.lines),
        f"Dicetak {evaluation.tanggal_cetak}",
        *evaluation.notes,
    ]


def footer_entries(evaluation: Evaluation) -> list[FooterEntry]:
    """The footer rows with the form's own labels; the two follow-ups come last."""
    footer = evaluation.footer
    return [
        {"label": "Rata-rata capaian kinerja (%)", "value": footer["rata_rata_kinerja"], "kind": "pct"},
        {"label": "Predikat kinerja", "value": footer["predikat_kinerja"], "kind": "text"},
        {"label": "Rata-rata capaian anggaran (%)", "value": footer["rata_rata_anggaran"], "kind": "pct"},
        {
            "label": "Faktor pendorong keberhasilan pencapaian",
            "value": footer["faktor_pendorong"],
            "kind": "lines",
        },
        {
            "label": "Faktor penghambat pencapaian kinerja",
            "value": footer["faktor_penghambat"],
            "kind": "lines",
        },
        {
            "label": "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
            "value": footer["tindak_lanjut"],
            "kind": "lines",
        },
        {
            "label": "Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
            "value": footer["tindak_lanjut_renja"],
            "kind": "lines",
        },
    ]


# --- XLSX -------------------------------------------------------------------------------


def _number_format(value: Decimal, percent: bool) -> str:
    if percent:
        return PERCENT_FORMAT
    return WHOLE_FORMAT if value == value.to_integral_value() else FRACTION_FORMAT


def _xlsx_figure(cell: Cell, percent: bool) -> tuple[CellValue, str | None]:
    """A figure cell's value and number format; `percent` for an indicator in percent."""
    value = cell["value"]
    if value is None:
        return None, None
    if isinstance(value, tuple):
        lower, upper = value
        # The upper bound has its own numeric cell (5a, 7a); the format only shows it here.
        shown = format_number(upper, 2 if percent else None)
        return lower, f'{_number_format(lower, percent)}"–{shown}"'
    number_format = _number_format(value, percent or cell["kind"] == "pct")
    return value, number_format + (PENDING_SUFFIX if cell["pending"] else "")


def _xlsx_number(value: Decimal | None, percent: bool) -> tuple[CellValue, str | None]:
    return (None, None) if value is None else (value, _number_format(value, percent))


def _heading_cell(ws: Worksheet, row: int, column: int, text: str) -> None:
    cell = write_cell(ws, row, column, text)
    cell.font, cell.fill, cell.alignment, cell.border = HEADING_FONT, HEADING_FILL, CENTER, GRID


def write_heading(ws: Worksheet, top: int, columns: list[Heading]) -> None:
    """Row `top`: the titles (a paired column merged over K and Rp, the others over two
    rows); row top+1: K and Rp; row top+2: the column numbers, merged like the titles."""
    column = 1
    for heading in columns:
        width = 2 if heading.paired else 1
        for r in range(top, top + 3):
            for c in range(column, column + width):
                _heading_cell(ws, r, c, "")
        _heading_cell(ws, top, column, heading.title)
        _heading_cell(ws, top + 2, column, heading.number)
        if heading.paired:
            _heading_cell(ws, top + 1, column, "K")
            _heading_cell(ws, top + 1, column + 1, "Rp")
            ws.merge_cells(start_row=top, start_column=column, end_row=top, end_column=column + 1)
            ws.merge_cells(start_row=top + 2, start_column=column, end_row=top + 2, end_column=column + 1)
        else:
            ws.merge_cells(start_row=top, start_column=column, end_row=top + 1, end_column=column)
        column += width
    ws.row_dimensions[top].height = 96


def row_values(row: E81Row) -> list[tuple[CellValue, str | None]]:
    """The cells of a row as written to the sheet (the form's 28, then the upper bounds of
    range targets in 5a and 7a), each with its number format (None: write_cell's)."""
    percent = row["level"] == "indikator" and is_percent_unit(row["satuan"])
    text: list[tuple[CellValue, str | None]] = [
        (row["no"], None),
        (row["sasaran"], None),
        (program_text(row), None),
        (indikator_text(row), None),
    ]
    figures = [_xlsx_figure(c, percent) for c in figure_cells(row)]
    capaian = [_xlsx_figure(c, False) for c in capaian_cells(row)]
    upper = [_xlsx_number(row["k5_atas"], percent), _xlsx_number(row["k7_atas"], percent)]
    return [*text, *figures, (row["unit"], None), *capaian, (row["predikat"], None), *upper]


class _Styles:
    """Each combination of border, alignment, font and number format is built once and then
    copied to the cells: openpyxl hashes a style object on every assignment, which took
    most of the time of a large sheet."""

    def __init__(self) -> None:
        self.made: dict[tuple[bool, bool, str], StyleArray] = {}

    def apply(self, cell: XlsxCell, wrap: bool, bold: bool, number_format: str) -> None:
        key = (wrap, bold, number_format)
        made = self.made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        cell.border = GRID
        cell.alignment = WRAP if wrap else TOP
        cell.number_format = number_format
        if bold:
            cell.font = BOLD
        self.made[key] = copy(cell._style)


def _write_rows(ws: Worksheet, first: int, rows: list[E81Row]) -> int:
    wrap_columns = {2, 3, 4, 25}
    styles = _Styles()
    number = first
    for row in rows:
        bold = row["level"] in ("program", "kegiatan")
        for column, (value, number_format) in enumerate(row_values(row), start=1):
            cell = write_cell(ws, number, column, value)
            styles.apply(cell, column in wrap_columns, bold, number_format or cell.number_format)
        number += 1
    return number


def _footer_value(entry: FooterEntry) -> CellValue:
    value = entry["value"]
    if isinstance(value, list):
        return "\n".join(value) or "-"
    return (value or "-") if entry["kind"] == "text" else value


def _write_footer(ws: Worksheet, start: int, evaluation: Evaluation) -> int:
    number = start
    for entry in footer_entries(evaluation):
        label_cell = write_cell(ws, number, 1, entry["label"])
        label_cell.font = BOLD
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=4)
        value = _footer_value(entry)
        cell = write_cell(ws, number, FIRST_FIGURE_COLUMN, value)
        cell.alignment = WRAP
        if entry["kind"] == "pct" and value is not None:
            cell.number_format = PERCENT_FORMAT
        if isinstance(value, str):
            ws.merge_cells(start_row=number, start_column=5, end_row=number, end_column=COLUMN_COUNT)
            ws.row_dimensions[number].height = max(15, 15 * (value.count("\n") + 1))
        number += 1
    rule = "; ".join(f"{condition} {label}" for condition, label in predikat_rule())
    write_cell(ws, number, 1, f"Predikat capaian: {rule}.")
    number += 1
    if evaluation.pending:
        write_cell(ws, number, 1, PENDING_LEGEND)
        number += 1
    return number


def write_signature(ws: Worksheet, start: int, column: int, signature: Signature) -> None:
    """A signature block from `start` down in `column`; an empty name prints as a dotted line."""
    texts = [
        signature["peran"],
        signature["tempat_tanggal"],
        signature["jabatan"],
        "",
        "",
        "",
        signature["nama"] or DOTS,
        f"NIP. {signature['nip']}" if signature["nip"] else "NIP. " + DOTS[:30],
    ]
    for offset, text in enumerate(texts):
        if text:
            cell = write_cell(ws, start + offset, column, text)
            if offset == 6 and signature["nama"]:
                cell.font = Font(bold=True, underline="single")


def new_sheet(sheet_title: str, title: list[str]) -> tuple[Workbook, Worksheet, int]:
    """A workbook of an evaluation form: its title block in bold from the first row, the
    first line larger. Returns the workbook, its sheet and the row where the heading starts."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title
    workbook.properties.title = title[0]
    workbook.properties.creator = "Selaras"
    for number, line in enumerate(title, start=1):
        cell = write_cell(ws, number, 1, line)
        cell.font = Font(bold=True, size=13 if number == 1 else 11)
    return workbook, ws, len(title) + 2


def evaluation_workbook(evaluation: Evaluation) -> Workbook:
    sheet_title = f"E.81 {evaluation.renja.tahun} TW {QUARTER_NUMERALS[evaluation.up_to]}"
    workbook, ws, top = new_sheet(sheet_title, title_lines(evaluation))
    upper_bounds = [Heading(number, title) for number, title in RANGE_HEADINGS]
    write_heading(ws, top, [*headings(evaluation.renja), *upper_bounds])
    end = _write_rows(ws, top + 3, evaluation.rows)
    end = _write_footer(ws, end + 1, evaluation)
    write_signature(ws, end + 1, 3, evaluation.dievaluasi)
    write_signature(ws, end + 1, 19, evaluation.disusun)
    for column in range(1, SHEET_COLUMNS + 1):
        pair = PAIR_WIDTHS[(column - FIRST_FIGURE_COLUMN) % 2]
        ws.column_dimensions[get_column_letter(column)].width = WIDTHS.get(column, pair)
    print_landscape(ws, top, top + 2, frozen_column=FIRST_FIGURE_COLUMN)
    return workbook
