"""Reading an UMKM import file: the fields an import knows, the file's heading and rows
(XLSX opened read-only with formulas as text, or UTF-8 CSV separated by commas or
semicolons, both read under the limits of core/xlsx_reading.py), and the guess of which
column holds which field. Checking and writing the rows is importing.py."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selaras.core.csvdata import TableTooLarge, collect_rows, csv_lines
from selaras.core.xlsx_reading import (
    DEFAULT_MAX_ROWS,
    CellValue,
    ImportFileError,
    ImportLimits,
    import_limits,
    read_first_sheet,
)

MAX_ROWS = DEFAULT_MAX_ROWS


@dataclass(frozen=True)
class ImportField:
    """A UMKM field the file can fill: its heading in the template, its kind and the other
    headings people use for it."""

    name: str
    label: str
    kind: str  # text, phone, money, int, year, bool, sektor, nib, kode, wilayah, coord
    aliases: tuple[str, ...] = ()
    required: bool = False
    max_length: int = 0


FIELDS: tuple[ImportField, ...] = (
    ImportField("nama_usaha", "Nama Usaha", "text", ("nama umkm", "usaha", "nama"), True, 200),
    ImportField("nama_pemilik", "Nama Pemilik", "text", ("pemilik", "pemilik usaha"), True, 150),
    ImportField(
        "telepon", "Telepon", "phone", ("no hp", "nomor hp", "hp", "no telp", "no telepon", "wa"), False, 30
    ),
    ImportField("nib", "NIB", "nib", ("nomor induk berusaha", "no nib")),
    ImportField("sektor", "Sektor (KBLI)", "sektor", ("sektor", "kbli", "sektor kbli"), True),
    ImportField("produk", "Produk", "text", ("produk utama", "jenis produk"), False, 300),
    ImportField("kode_kampung", "Kode Kampung", "kode", ("kode desa", "kode kelurahan", "kode wilayah")),
    ImportField("kecamatan", "Kecamatan", "wilayah", ("nama kecamatan",)),
    ImportField("kampung", "Kampung", "wilayah", ("desa", "kelurahan", "nama kampung", "kampung kelurahan")),
    ImportField("tahun_mulai", "Tahun Mulai Usaha", "year", ("tahun mulai", "tahun berdiri")),
    ImportField("modal_usaha", "Modal Usaha (Rp)", "money", ("modal", "modal usaha"), True),
    ImportField(
        "omzet_tahunan",
        "Omzet Tahunan (Rp)",
        "money",
        ("omzet", "omset", "omset tahunan", "penjualan tahunan"),
        True,
    ),
    ImportField("tenaga_kerja", "Tenaga Kerja", "int", ("jumlah tenaga kerja", "karyawan", "tk")),
    ImportField(
        "terdaftar_sebelum_pp7", "Terdaftar Sebelum PP 7/2021", "bool", ("sebelum pp7", "sebelum pp 7")
    ),
    ImportField("punya_nib", "Punya NIB", "bool", ("ada nib", "status nib")),
    ImportField("spp_irt", "SPP-IRT", "bool", ("pirt", "p irt")),
    ImportField("halal", "Sertifikat Halal", "bool", ("halal",)),
    ImportField("bpom", "Izin Edar BPOM", "bool", ("bpom",)),
    ImportField("merek", "HKI/Merek", "bool", ("merek", "hki", "merek hki")),
    ImportField("badan_usaha", "Badan Usaha", "bool", ("berbadan usaha", "badan hukum")),
    ImportField("lat", "Lintang", "coord", ("lat", "latitude")),
    ImportField("lng", "Bujur", "coord", ("lng", "lon", "long", "longitude")),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
# Written to the model as they are (the others are lookups or derived).
MODEL_FIELDS = tuple(f.name for f in FIELDS if f.kind not in ("kode", "wilayah"))


@dataclass
class Table:
    """The file as read: its heading row and its data rows (cells as read, never evaluated)."""

    header: list[str]
    rows: list[list[CellValue]]


def read_table(source: Path | str | bytes, extension: str, limits: ImportLimits | None = None) -> Table:
    """Read the first sheet of an XLSX, or a UTF-8 CSV separated by commas or semicolons,
    under the import's limits (core/xlsx_reading.py): past one, ImportFileError naming it."""
    limits = limits or import_limits()
    extension = extension.lower().lstrip(".")
    try:
        if extension == "xlsx":
            return _read_xlsx(source, limits)
        if extension == "csv":
            content = Path(source).read_bytes() if isinstance(source, Path | str) else source
            return _read_csv(content, limits)
    except TableTooLarge as exc:
        raise ImportFileError(str(exc)) from None
    raise ImportFileError("Berkas harus berformat XLSX atau CSV.")


def _read_xlsx(source: Path | str | bytes, limits: ImportLimits) -> Table:
    header, rows = read_first_sheet(source, limits)
    return _trimmed([cell_text(v) for v in header], rows)


def _read_csv(content: bytes, limits: ImportLimits) -> Table:
    try:
        header, rows = collect_rows(csv_lines(content), limits.table)
    except TableTooLarge:
        raise
    except ValueError as exc:
        raise ImportFileError(str(exc)) from None
    if not header and not rows:
        return Table([], [])
    return _trimmed([cell_text(v) for v in header], rows)


def _trimmed(header: list[str], rows: list[list[CellValue]]) -> Table:
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise ImportFileError("Baris pertama berkas harus berisi judul kolom.")
    width = len(header)
    rows = [(row + [None] * width)[:width] for row in rows]
    return Table(header, rows)


def cell_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def normalise(text: str) -> str:
    """A heading or a place name compared loosely: case, accents and punctuation ignored."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def guess_mapping(header: Sequence[str]) -> dict[str, int | None]:
    """For each field, the column whose normalised heading is the field's name, its
    template heading or one of its aliases; None when none matches."""
    columns = {normalise(h): i for i, h in reversed(list(enumerate(header))) if h}
    mapping: dict[str, int | None] = {}
    for f in FIELDS:
        names = (f.name.replace("_", " "), normalise(f.label), *f.aliases)
        mapping[f.name] = next((columns[n] for n in names if n in columns), None)
    return mapping
