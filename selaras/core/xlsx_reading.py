"""Reading an uploaded XLSX safely: how much of it is read, and the checks that keep a
hostile workbook (a "zip bomb") from filling the server's memory. Every import of a
spreadsheet (the UMKM register, the Renja's anggaran kas) reads through `read_first_sheet`.

An XLSX is a zip of XML parts. A 1 MB upload can unpack to gigabytes, and a sheet can
declare a `dimension` of A1:XFD1048576 that openpyxl's read-only mode pads every row to.
So, before openpyxl builds anything:

1. `check_archive` reads the zip's directory only: the number of parts, the total
   unpacked size, the size of each part (the parts openpyxl loads whole, such as
   sharedStrings.xml and styles.xml, get a smaller cap than the worksheets it streams),
   and each large part's compression ratio. Python's zipfile never unpacks more than a
   part's declared size, so the declared sizes bind.
2. `scan_sheet` streams the first sheet's XML once, keeping nothing, and stops at the first
   row or cell past the row, scanned-row or column limit (from the cells' own positions,
   never from the declared dimension), and at any DTD (entity expansion).
3. The rows are then read with openpyxl in read-only mode with the declared dimension
   reset, formulas kept as text (never evaluated), through `core.csvdata.collect_rows`,
   which stops at the same limits.

The limits are settings with these defaults (SELARAS_IMPORT_* in the environment's
settings module, if a deployment needs others).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from lxml import etree

from selaras.core.csvdata import TableLimits, TableTooLarge, collect_rows
from selaras.lib.numbers import format_number

MB = 1024 * 1024

# One request imports the file (see technopark/views_import.py): at the measured ~1,500 rows a second
# on SQLite, 20,000 rows stay well inside a web worker's timeout.
DEFAULT_MAX_ROWS = 20_000
# The UMKM template has 22 columns (the Renja export 15); registers from other offices
# carry some more. Reading time grows with rows x columns: 20,000 rows of 100 columns took
# 26-38 s a preview, past a web worker's timeout, so 40 (about the time of 20,000 rows of
# the UMKM template, doubled).
DEFAULT_MAX_COLUMNS = 40
# Rows read including empty ones: formatted blank rows below the data are common, a
# million of them is not.
DEFAULT_MAX_SCANNED_ROWS = 100_000
# A 20,000-row, 22-column workbook saved by Excel unpacks to about 25 MB.
DEFAULT_XLSX_MAX_UNPACKED = 100 * MB
# Parts openpyxl loads whole: the shared strings of 20,000 x 22 distinct texts are about
# 13 MB; styles, workbook, relationships and themes are kilobytes.
DEFAULT_XLSX_MAX_SHARED_STRINGS = 20 * MB
DEFAULT_XLSX_MAX_OTHER_PART = 5 * MB
DEFAULT_XLSX_MAX_PARTS = 200
# Spreadsheet XML compresses 5 to 30 times; deflate's ceiling is about 1,030. A part is
# judged by its ratio only from 1 MB unpacked (a tiny part may compress any amount).
DEFAULT_XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 1 * MB

SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
CELL_REFERENCE = re.compile(r"^([A-Za-z]{1,3})")
XML_HEAD = 4096


CellValue = str | int | Decimal | bool | None


class ImportFileError(ValueError):
    """The file cannot be read at all (wrong type, not UTF-8, empty, past a limit)."""


@dataclass(frozen=True)
class ImportLimits:
    table: TableLimits
    xlsx_max_unpacked: int
    xlsx_max_shared_strings: int
    xlsx_max_other_part: int
    xlsx_max_parts: int
    xlsx_max_ratio: int

    @property
    def max_rows(self) -> int:
        return self.table.max_rows


def import_limits() -> ImportLimits:
    """The limits in force (read from settings on each call, so a test may change them)."""

    def setting(name: str, default: int) -> int:
        return int(getattr(settings, f"SELARAS_IMPORT_{name}", default))

    return ImportLimits(
        table=TableLimits(
            max_rows=setting("MAX_ROWS", DEFAULT_MAX_ROWS),
            max_columns=setting("MAX_COLUMNS", DEFAULT_MAX_COLUMNS),
            max_scanned_rows=setting("MAX_SCANNED_ROWS", DEFAULT_MAX_SCANNED_ROWS),
        ),
        xlsx_max_unpacked=setting("XLSX_MAX_UNPACKED", DEFAULT_XLSX_MAX_UNPACKED),
        xlsx_max_shared_strings=setting("XLSX_MAX_SHARED_STRINGS", DEFAULT_XLSX_MAX_SHARED_STRINGS),
        xlsx_max_other_part=setting("XLSX_MAX_OTHER_PART", DEFAULT_XLSX_MAX_OTHER_PART),
        xlsx_max_parts=setting("XLSX_MAX_PARTS", DEFAULT_XLSX_MAX_PARTS),
        xlsx_max_ratio=setting("XLSX_MAX_RATIO", DEFAULT_XLSX_MAX_RATIO),
    )


def _mb(size: int) -> str:
    return format_number(round(size / MB, 1) if size < 10 * MB else round(size / MB)) + " MB"


def check_archive(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    """Refuse a workbook whose parts unpack too large or compress suspiciously well,
    from the zip's directory alone (nothing is unpacked)."""
    parts = archive.infolist()
    if len(parts) > limits.xlsx_max_parts:
        raise ImportFileError(
            f"Berkas XLSX berisi {format_number(len(parts))} bagian; paling banyak "
            f"{format_number(limits.xlsx_max_parts)}. Simpan ulang berkas dari Excel."
        )
    total = sum(part.file_size for part in parts)
    if total > limits.xlsx_max_unpacked:
        raise ImportFileError(
            f"Isi berkas XLSX terlalu besar setelah dibuka ({_mb(total)}); paling banyak "
            f"{_mb(limits.xlsx_max_unpacked)}. Simpan ulang hanya lembar datanya, tanpa format berlebih."
        )
    for part in parts:
        if SHEET_PART.match(part.filename):
            cap = limits.xlsx_max_unpacked
        elif part.filename == SHARED_STRINGS_PART:
            cap = limits.xlsx_max_shared_strings
        else:
            cap = limits.xlsx_max_other_part
        if part.file_size > cap:
            raise ImportFileError(
                f"Bagian '{part.filename}' berkas XLSX terlalu besar setelah dibuka "
                f"({_mb(part.file_size)}); paling banyak {_mb(cap)}."
            )
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size >= XLSX_RATIO_FROM and ratio > limits.xlsx_max_ratio:
            raise ImportFileError(
                f"Bagian '{part.filename}' berkas XLSX memampat {format_number(round(ratio))} kali; "
                f"paling banyak {format_number(limits.xlsx_max_ratio)} kali. Berkas seperti ini "
                "(bom zip) ditolak demi keamanan server; simpan ulang berkas dari Excel."
            )


def scan_sheet(handle: IO[bytes], limits: TableLimits) -> None:
    """Stream a worksheet's XML and refuse it at the first row or cell past the limits;
    elements are dropped as soon as they are seen, so memory stays flat."""
    head = handle.read(XML_HEAD)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise ImportFileError("Berkas XLSX berisi deklarasi XML yang tidak diterima (DTD).")
    stream = _Prefixed(head, handle)
    parser = etree.iterparse(
        stream,
        events=("start", "end"),
        tag=("{*}row", "{*}c"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    rows = 0
    row_index = 0
    column = 0
    too_many_rows = TableTooLarge(
        f"Lembar data berisi lebih dari {format_number(limits.max_scanned_rows)} baris "
        "(termasuk baris kosong). Hapus baris kosong di bawah data, atau bagi berkas."
    )
    try:
        for event, element in parser:
            is_row = element.tag.endswith("}row") or element.tag == "row"
            if event == "start":
                if is_row:
                    rows += 1
                    row_index = _int(element.get("r"), row_index + 1)
                    column = 0
                    if rows > limits.max_scanned_rows or row_index > limits.max_scanned_rows:
                        raise too_many_rows
                continue
            if not is_row:
                column = _column(element.get("r"), column + 1)
                if column > limits.max_columns:
                    raise TableTooLarge(
                        f"Baris {row_index} berisi sel di kolom ke-{format_number(column)}; paling "
                        f"banyak {format_number(limits.max_columns)} kolom."
                    )
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError:
        raise ImportFileError(
            "Berkas XLSX tidak dapat dibaca; simpan ulang sebagai Excel Workbook (.xlsx)."
        ) from None


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else default


def _column(reference: str | None, default: int) -> int:
    """The column number of a cell reference such as AB12 (A = 1)."""
    match = CELL_REFERENCE.match(reference or "")
    if not match:
        return default
    number = 0
    for letter in match.group(1).upper():
        number = number * 26 + ord(letter) - 64
    return number


class _Prefixed:
    """A file object that gives back the bytes already read, then the rest of `handle`."""

    def __init__(self, head: bytes, handle: IO[bytes]) -> None:
        self.head = head
        self.handle = handle

    def read(self, size: int = -1) -> bytes:
        if self.head:
            if size < 0:
                data, self.head = self.head + self.handle.read(), b""
                return data
            data, self.head = self.head[:size], self.head[size:]
            return data
        return self.handle.read(size)


def sheet_part(worksheet: Any) -> str:
    """The zip path of a read-only worksheet's XML (openpyxl keeps it as `_worksheet_path`)."""
    return str(worksheet._worksheet_path).lstrip("/")


UNREADABLE = "Berkas XLSX tidak dapat dibaca; simpan ulang sebagai Excel Workbook (.xlsx)."


def read_first_sheet(
    source: Path | str | bytes, limits: ImportLimits | None = None
) -> tuple[list[CellValue], list[list[CellValue]]]:
    """The first line and the following lines of an XLSX's first sheet, after the checks
    above, as `collect_rows` gives them (line n of the sheet is rows[n - 2]). Floats become
    Decimal by their shortest repr, dates text, formulas stay text ("=A1*2"). Past a limit
    or unreadable: ImportFileError naming why."""
    from openpyxl import load_workbook

    limits = limits or import_limits()

    def handle() -> Any:
        return io.BytesIO(source) if isinstance(source, bytes) else source

    unreadable = ImportFileError(UNREADABLE)
    try:
        archive = zipfile.ZipFile(handle())
    except (zipfile.BadZipFile, OSError):
        raise unreadable from None
    with archive:
        check_archive(archive, limits)
        try:
            workbook = load_workbook(handle(), read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise unreadable from None
        try:
            if not workbook.worksheets:
                raise unreadable
            sheet = workbook.worksheets[0]
            try:
                with archive.open(sheet_part(sheet)) as xml:
                    scan_sheet(xml, limits.table)
            except KeyError:
                raise unreadable from None
            sheet.reset_dimensions()  # a declared dimension pads every row; never trust it
            lines = ([_cell(v) for v in line] for line in sheet.iter_rows(values_only=True))
            try:
                return collect_rows(lines, limits.table)
            except TableTooLarge as exc:
                raise ImportFileError(str(exc)) from None
        finally:
            workbook.close()


def _cell(value: Any) -> CellValue:
    """A cell as an import handles it: float becomes Decimal (by its shortest repr), dates
    become text."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value
