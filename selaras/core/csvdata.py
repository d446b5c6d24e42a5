"""Reading the shipped reference CSV files and reporting bad rows the same way everywhere."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

DATA_DIR = settings.BASE_DIR / "data"


def read_rows(path: Path | str) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV with a header row, keys and values stripped."""
    full = Path(path) if Path(path).is_absolute() else DATA_DIR / path
    with full.open(encoding="utf-8-sig", newline="") as handle:
        return list(_stripped(csv.DictReader(handle)))


def read_uploaded_csv(content: bytes) -> list[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("Berkas harus berupa CSV dengan pengodean UTF-8.") from None
    return list(_stripped(csv.DictReader(io.StringIO(text))))


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
