"""Spreadsheet exports: a table written to an XLSX workbook and sent as a download.

Numbers stay numbers: Decimal goes to openpyxl as it is (openpyxl writes it with 16
significant digits, more than Excel keeps), with a `#,##0` or `#,##0.00` format that Excel
shows with the separators of the reader's locale (1.250.000,50 on an Indonesian machine).
A percentage always shows two decimals (PERCENT_FORMAT: 72 reads 72,00), set per cell by
the caller, who knows which figures are percentages.
Text is always stored as text, so a value such as "=HYPERLINK(...)" typed by a user is
never run as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from selaras.lib.numbers import format_number

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WHOLE_FORMAT = "#,##0"
FRACTION_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00"
DATE_FORMAT = "dd/mm/yyyy"
# Characters that make a spreadsheet treat a typed or pasted value as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MIN_WIDTH = 8
MAX_WIDTH = 60

CellValue = str | int | Decimal | dt.date | None

HEADING_FONT = Font(bold=True)
HEADING_FILL = PatternFill("solid", fgColor="E9ECEF")
HEADING_BORDER = Border(bottom=Side(style="thin"))
BOLD = Font(bold=True)


@dataclass(frozen=True)
class Column:
    """A column of the table: its heading, a width in characters (None fits the content)
    and whether long text wraps inside the cell."""

    heading: str
    width: float | None = None
    wrap: bool = False


@dataclass(frozen=True)
class Row:
    """A row of cell values; `bold` marks a heading or total row; `formats` gives a number
    format by column index (from 0) where the default of write_cell is not the right one."""

    values: Sequence[CellValue]
    bold: bool = False
    formats: Mapping[int, str] = field(default_factory=dict)


def write_cell(ws: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write one value: numbers as numbers with a thousands format, text as text only."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, float):
        raise TypeError("Pass amounts as Decimal, never float.")
    if isinstance(value, bool):
        value = "Ya" if value else "Tidak"
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        # openpyxl reads a leading "=" as a formula; the text data type stores it verbatim,
        # and the quote prefix keeps Excel from reading it as a formula when it is edited.
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif isinstance(value, int | Decimal):
        cell.value = value
        whole = isinstance(value, int) or value == value.to_integral_value()
        cell.number_format = WHOLE_FORMAT if whole else FRACTION_FORMAT
    elif isinstance(value, dt.datetime):
        # Excel has no time zones: write the local wall-clock time.
        cell.value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        cell.number_format = f"{DATE_FORMAT} hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif value is not None:
        raise TypeError(f"Cannot write {type(value).__name__} to a spreadsheet cell.")
    return cell


def _display_width(value: CellValue) -> int:
    if value is None:
        return 0
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return len(format_number(value))
    if isinstance(value, dt.date):
        return 16 if isinstance(value, dt.datetime) else 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def write_table(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Iterable[Row | Sequence[CellValue]],
    title: Sequence[str] = (),
) -> int:
    """Write an optional title block, a bold frozen heading row and the rows.

    Returns the number of the heading row.
    """
    for number, line in enumerate(title, start=1):
        cell = write_cell(ws, number, 1, line)
        cell.font = Font(bold=True, size=13 if number == 1 else 11)
    heading_row = len(title) + 2 if title else 1
    widths = [len(c.heading) for c in columns]
    for number, column in enumerate(columns, start=1):
        cell = write_cell(ws, heading_row, number, column.heading)
        cell.font = HEADING_FONT
        cell.fill = HEADING_FILL
        cell.border = HEADING_BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    row_number = heading_row
    for item in rows:
        row = item if isinstance(item, Row) else Row(item)
        row_number += 1
        for number, (column, value) in enumerate(zip(columns, row.values, strict=True), start=1):
            cell = write_cell(ws, row_number, number, value)
            cell.alignment = wrap if column.wrap else top
            if number - 1 in row.formats and value is not None:
                cell.number_format = row.formats[number - 1]
            if row.bold:
                cell.font = BOLD
            widths[number - 1] = max(widths[number - 1], _display_width(value))
    for number, column in enumerate(columns, start=1):
        fitted = min(max(widths[number - 1] + 2, MIN_WIDTH), MAX_WIDTH)
        ws.column_dimensions[get_column_letter(number)].width = column.width or fitted
    print_landscape(ws, heading_row, heading_row, frozen_column=1)
    return heading_row


def print_landscape(ws: Worksheet, first_title_row: int, last_title_row: int, frozen_column: int) -> None:
    """Freeze the panes below the heading rows, repeat them on every printed page, and print
    on A4 landscape one page wide (as many pages long as needed)."""
    ws.freeze_panes = ws.cell(row=last_title_row + 1, column=frozen_column)
    ws.print_title_rows = f"{first_title_row}:{last_title_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def workbook_response(workbook: Workbook, filename: str) -> HttpResponse:
    """Send a workbook as an XLSX download."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def table_response(
    filename: str,
    columns: Sequence[Column],
    rows: Iterable[Row | Sequence[CellValue]],
    title: Sequence[str] = (),
    sheet_title: str = "Data",
) -> HttpResponse:
    """A one-sheet workbook holding the table, sent as an XLSX download."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet_title[:31]
    if title:
        workbook.properties.title = title[0]
    workbook.properties.creator = "Selaras"
    write_table(ws, columns, rows, title)
    return workbook_response(workbook, filename)
