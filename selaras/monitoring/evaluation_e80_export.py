"""The E.80 evaluation of a Renstra as cells and as a workbook: the cells are built once
for the page, the PDF and the XLSX. The sheet shares the E.81's heading, title block and
signature helpers (evaluation_export.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, TypedDict

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from selaras.core.xlsx import BOLD, PERCENT_FORMAT, CellValue, print_landscape, write_cell
from selaras.lib import capaian as rules
from selaras.lib.numbers import format_number
from selaras.monitoring.evaluation import Signature
from selaras.monitoring.evaluation_e80 import DOTS, E80, ENTERED_LEGEND, FORM, TITLE, E80Row
from selaras.monitoring.evaluation_export import (
    GRID,
    PAIR_WIDTHS,
    TOP,
    WRAP,
    Heading,
    indikator_text,
    new_sheet,
    program_text,
    write_heading,
    write_signature,
)

Kind = Literal["k", "rp", "pct", "range"]
FIRST_FIGURE_COLUMN = 5
WIDTHS = {1: 6, 2: 30, 3: 34, 4: 34, 5: 11}
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


NARASI_CHARS_PER_LINE = 150  # about what the merged figure columns hold in the XLSX


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
    workbook, ws, top = new_sheet(f"E.80 {renstra.tahun_awal}-{renstra.tahun_akhir}", title)
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
    pd = renstra.perangkat_daerah
    disusun: Signature = {
        "peran": "Disusun",
        "tempat_tanggal": e80.tempat_tanggal,
        "jabatan": e80.jabatan,
        "nama": pd.kepala_nama,
        "nip": pd.kepala_nip,
    }
    write_signature(ws, end + 1, ratio_column, disusun)
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
