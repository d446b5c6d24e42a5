"""Reading the shipped reference CSV files and uploaded tables, and reporting bad rows the
same way everywhere.

An uploaded table is read row by row under limits (`TableLimits`): rows with data, columns,
and rows scanned including empty ones. The reading stops at the first row past a limit, so
a hostile file never gets built in memory; the refusal names the limit in Indonesian."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from selaras.lib.numbers import format_number

DATA_DIR = settings.BASE_DIR / "data"


class TableTooLarge(ValueError):
    """An uploaded table passes one of its limits; the message names the limit."""


@dataclass(frozen=True)
class TableLimits:
    """How much of an uploaded table is read: data rows (rows with any non-empty cell),
    columns (the last non-empty cell of any row, heading included) and rows scanned
    (empty rows included, so that a sheet of a million blank rows is refused quickly)."""

    max_rows: int
    max_columns: int
    max_scanned_rows: int


def collect_rows(lines: Iterable[Sequence[Any]], limits: TableLimits) -> tuple[list[Any], list[list[Any]]]:
    """The heading (first line) and the data rows of `lines`, consumed one at a time and
    stopped at the first line past a limit. Empty lines between data rows are kept (row
    numbers in messages stay those of the file); empty lines after the last one are not."""
    header: list[Any] | None = None
    rows: list[list[Any]] = []
    data_rows = 0
    pending_blank = 0
    for scanned, line in enumerate(lines, start=1):
        if scanned > limits.max_scanned_rows:
            raise TableTooLarge(
                f"Lembar data berisi lebih dari {format_number(limits.max_scanned_rows)} baris "
                "(termasuk baris kosong). Hapus baris kosong di bawah data, atau bagi berkas."
            )
        cells = list(line)
        width = _filled_width(cells)
        if width > limits.max_columns:
            raise TableTooLarge(
                f"Baris {scanned} berisi lebih dari {format_number(limits.max_columns)} kolom; "
                f"paling banyak {format_number(limits.max_columns)} kolom."
            )
        if header is None:
            header = cells[:width]
            continue
        if width == 0:
            pending_blank += 1
            continue
        data_rows += 1
        if data_rows > limits.max_rows:
            raise TableTooLarge(
                f"Berkas berisi lebih dari {format_number(limits.max_rows)} baris data; paling banyak "
                f"{format_number(limits.max_rows)} baris sekali impor. Bagi berkas menjadi beberapa bagian."
            )
        rows.extend([] for _ in range(pending_blank))
        pending_blank = 0
        rows.append(cells[:width])
    return header or [], rows


def _filled_width(cells: Sequence[Any]) -> int:
    """One past the last cell that holds something other than spaces."""
    for index in range(len(cells) - 1, -1, -1):
        value = cells[index]
        if value is not None and str(value).strip():
            return index + 1
    return 0


def csv_lines(content: bytes, delimiter: str | None = None) -> Iterator[list[str]]:
    """The lines of an uploaded UTF-8 CSV, read lazily; commas or semicolons (whichever the
    first line has more of) unless `delimiter` is given."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("Berkas CSV harus memakai pengodean UTF-8.") from None
    if delimiter is None:
        first = text[: text.find("\n")] if "\n" in text else text
        delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:  # a cell longer than csv's field limit, a stray NUL
        raise ValueError(f"Berkas CSV tidak dapat dibaca: {exc}.") from None


def read_rows(path: Path | str) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with a header row, keys and values stripped."""
    full = Path(path) if Path(path).is_absolute() else DATA_DIR / path
    with full.open(encoding="utf-8-sig", newline="") as handle:
        return list(_stripped(csv.DictReader(handle)))


# An uploaded reference CSV (the nomenclature has some thousands of rows, in at most 2 MB).
UPLOADED_CSV_LIMITS = TableLimits(max_rows=50_000, max_columns=50, max_scanned_rows=100_000)


def read_uploaded_csv(content: bytes, limits: TableLimits = UPLOADED_CSV_LIMITS) -> list[dict[str, str]]:
    """Rows of an uploaded comma-separated UTF-8 CSV as dicts by heading, read under `limits`."""
    header, rows = collect_rows(csv_lines(content, ","), limits)
    keys = [(h or "").strip() for h in header]
    return [
        {key: (row[i] if i < len(row) else "").strip() for i, key in enumerate(keys)} for row in rows if row
    ]


def _stripped(reader: csv.DictReader) -> Iterator[dict[str, str]]:
    for row in reader:
        yield {(k or "").strip(): (v or "").strip() for k, v in row.items()}


@dataclass
class ImportReport:
    """What an all-or-nothing import found: one message per bad row, and the counts."""

    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    def add(self, row_number: int, message: str) -> None:
        self.errors.append(f"Baris {row_number}: {message}")

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportRejected(Exception):
    """Raised inside the import's transaction so that nothing is written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("; ".join(report.errors))
        self.report = report
