"""Hostile import files: zip bombs, declared dimensions that lie, too many rows or columns.
Each is refused (or read as what it really holds) with a message naming the limit, and the
server's memory stays flat while it is read."""

from __future__ import annotations

import io
import random
import resource
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from selaras.accounts.personas import Cast
from selaras.core.csvdata import read_uploaded_csv
from selaras.core.xlsx_reading import DEFAULT_XLSX_MAX_UNPACKED, ImportFileError
from selaras.organisations.models import UnitKerja
from selaras.technopark.importing import read_table

MB = 1024 * 1024
# What reading one hostile file may add to the process's memory.
MEMORY_BOUND = 100 * MB
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def planner(client: Client, cast: Cast) -> Client:
    UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama="UPT Technopark"
    )
    client.force_login(cast.perencana)
    return client


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header_row() -> str:
    return '<row r="1">' + _inline("A1", "Nama Usaha") + _inline("B1", "Nama Pemilik") + "</row>"


def workbook_with_sheet(chunks: Iterator[str], dimension: str = "A1:B2") -> bytes:
    """A real workbook (openpyxl's parts) whose first sheet is the given XML, written to
    the zip in chunks so that the test itself never holds the unpacked sheet."""
    template = io.BytesIO()
    Workbook().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item.filename, source.read(item.filename))
        info = zipfile.ZipInfo(SHEET)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD.format(dimension=dimension).encode())
            for chunk in chunks:
                sheet.write(chunk.encode())
            sheet.write(SHEET_TAIL.encode())
    return out.getvalue()


@dataclass
class Peak:
    python_bytes: int  # tracemalloc: Python objects
    process_bytes: int | None  # the process's resident memory high-water mark, rise over the start


def measure(action: Callable[[], Any], python: bool = True) -> tuple[Any, Peak]:
    """Run `action` and report its peak memory: Python allocations (tracemalloc) and the
    rise of the process's peak resident size (Linux: VmHWM is reset through clear_refs, so
    the mark is this action's own; None where the kernel does not allow the reset).
    `python=False` skips tracemalloc (which slows openpyxl fourfold) when the resident
    mark is available."""
    resettable = _reset_peak_rss()
    start = _status_kb("VmRSS")
    trace = python or not resettable
    if trace:
        tracemalloc.start()
    python_peak = 0
    try:
        try:
            result: Any = action()
        except Exception as exc:  # the refusal is the result under test
            result = exc
        if trace:
            python_peak = tracemalloc.get_traced_memory()[1]
    finally:
        if trace:
            tracemalloc.stop()
    process = None
    if resettable and start is not None:
        process = max(0, ((_status_kb("VmHWM") or 0) - start) * 1024)
    return result, Peak(python_peak, process)


def _reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status_kb(key: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def assert_flat(peak: Peak) -> None:
    assert peak.python_bytes < MEMORY_BOUND, f"Python peak {peak.python_bytes / MB:.1f} MB"
    if peak.process_bytes is not None:
        assert peak.process_bytes < MEMORY_BOUND, f"RSS rise {peak.process_bytes / MB:.1f} MB"
    else:  # no per-action RSS mark here: at least the whole process must stay sane
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 < 2048 * MB


def empty_cells(total_mb: int) -> Iterator[str]:
    """Rows of empty cells: a few MB on disk for hundreds of MB unpacked."""
    row = "<row>" + "<c/>" * 200 + "</row>"
    chunk = row * (MB // len(row))
    for _ in range(total_mb):
        yield chunk


# Given a zip bomb: 200 MB of empty cells in well under 1 MB, under a dimension of the whole sheet.


def test_a_zip_bomb_is_refused_at_upload_with_the_limit_named_and_memory_flat(planner: Client) -> None:
    bomb = workbook_with_sheet(empty_cells(200), dimension="A1:XFD1048576")
    assert len(bomb) < 2 * MB
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo(SHEET).file_size > 190 * MB

    # when it is uploaded
    upload = {"berkas": SimpleUploadedFile("b.xlsx", bomb)}
    response, peak = measure(lambda: planner.post(reverse("technopark:umkm_import"), upload))

    # then it is refused before anything is unpacked, naming the limit
    assert response.status_code == 422
    html = response.content.decode()
    assert "terlalu besar setelah dibuka" in html and "paling banyak 100 MB" in html
    assert_flat(peak)


def test_a_zip_bomb_is_refused_by_read_table_too(tmp_path: Path) -> None:
    # given the bomb already on disk (a file kept between the import steps)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(workbook_with_sheet(empty_cells(200), dimension="A1:XFD1048576"))

    error, peak = measure(lambda: read_table(path, "xlsx"))

    assert isinstance(error, ImportFileError)
    assert "paling banyak 100 MB" in str(error)
    assert_flat(peak)


def test_a_small_bomb_that_compresses_too_well_is_refused_by_its_ratio() -> None:
    # 40 MB unpacked: under the size limit, but it compresses about 1,000 times
    bomb = workbook_with_sheet(empty_cells(40))

    error, peak = measure(lambda: read_table(bomb, "xlsx"))

    assert isinstance(error, ImportFileError)
    assert "bom zip" in str(error) and "paling banyak 100 kali" in str(error)
    assert_flat(peak)


def test_a_declared_dimension_is_not_trusted(db: None) -> None:
    # given three rows under a dimension that claims the whole sheet
    rows = [_header_row()] + [
        f'<row r="{n}">' + _inline(f"A{n}", f"Usaha {n}") + _inline(f"B{n}", "Pemilik") + "</row>"
        for n in (2, 3)
    ]

    table, peak = measure(lambda: read_table(workbook_with_sheet(iter(rows), "A1:XFD1048576"), "xlsx"))

    # then only what the sheet holds is read
    assert table.header == ["Nama Usaha", "Nama Pemilik"]
    assert table.rows == [["Usaha 2", "Pemilik"], ["Usaha 3", "Pemilik"]]
    assert_flat(peak)


def _data_rows(count: int, start: int = 2) -> Iterator[str]:
    names = random.Random(7)
    for n in range(start, start + count):
        yield (
            f'<row r="{n}">'
            + _inline(f"A{n}", f"Usaha {names.randrange(10**9)}")
            + _inline(f"B{n}", f"Pemilik {names.randrange(10**9)}")
            + "</row>"
        )


def test_too_many_rows_are_refused_while_streaming_under_a_lying_dimension() -> None:
    # given 20,001 data rows under a dimension that claims two
    content = workbook_with_sheet(iter([_header_row(), *_data_rows(20_001)]), "A1:B2")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo(SHEET).file_size < DEFAULT_XLSX_MAX_UNPACKED  # the zip checks pass

    error, peak = measure(lambda: read_table(content, "xlsx"), python=False)

    assert isinstance(error, ImportFileError)
    assert "lebih dari 20.000 baris data" in str(error)
    assert_flat(peak)


def test_exactly_the_row_limit_is_read(settings: Any) -> None:
    settings.SELARAS_IMPORT_MAX_ROWS = 50
    content = workbook_with_sheet(iter([_header_row(), *_data_rows(50)]))
    assert len(read_table(content, "xlsx").rows) == 50
    with pytest.raises(ImportFileError, match="lebih dari 50 baris data"):
        read_table(workbook_with_sheet(iter([_header_row(), *_data_rows(51)])), "xlsx")


def test_a_row_far_below_the_data_is_refused_without_reading_the_gap() -> None:
    # one row numbered 1,048,576: openpyxl would yield a million empty rows before it
    rows = [_header_row(), '<row r="1048576">' + _inline("A1048576", "jauh") + "</row>"]

    error, peak = measure(lambda: read_table(workbook_with_sheet(iter(rows)), "xlsx"))

    assert isinstance(error, ImportFileError)
    assert "lebih dari 100.000 baris (termasuk baris kosong)" in str(error)
    assert_flat(peak)


@pytest.mark.parametrize(
    "cells",
    [
        _inline("XFD2", "jauh di kanan"),  # a cell placed in the last column
        "".join("<c><v>1</v></c>" for _ in range(41)),  # 41 cells without positions
    ],
)
def test_too_many_columns_are_refused(cells: str) -> None:
    content = workbook_with_sheet(iter([_header_row(), f'<row r="2">{cells}</row>']))
    with pytest.raises(ImportFileError, match="paling banyak 40 kolom"):
        read_table(content, "xlsx")


def test_a_sheet_with_a_dtd_is_refused() -> None:
    template = io.BytesIO()
    Workbook().save(template)
    out = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == SHEET:
                data = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>' + data.split(b"?>", 1)[-1]
            target.writestr(item.filename, data)
    with pytest.raises(ImportFileError, match="DTD"):
        read_table(out.getvalue(), "xlsx")


# CSV: rows and columns counted while reading


def test_a_csv_with_too_many_rows_is_refused(settings: Any) -> None:
    settings.SELARAS_IMPORT_MAX_ROWS = 100
    lines = ["nama_usaha;nama_pemilik"] + [f"Usaha {n};Pemilik" for n in range(101)]
    with pytest.raises(ImportFileError, match="lebih dari 100 baris data"):
        read_table("\n".join(lines).encode(), "csv")
    assert len(read_table("\n".join(lines[:101]).encode(), "csv").rows) == 100


def test_a_csv_of_blank_lines_or_wide_lines_is_refused() -> None:
    blank = ("nama_usaha,nama_pemilik\n" + "\n" * 100_001 + "Usaha,Pemilik\n").encode()
    with pytest.raises(ImportFileError, match="termasuk baris kosong"):
        read_table(blank, "csv")
    wide = ("nama_usaha,nama_pemilik\n" + "x," * 200 + "\n").encode()
    with pytest.raises(ImportFileError, match="paling banyak 40 kolom"):
        read_table(wide, "csv")


def test_trailing_blank_lines_are_dropped_and_inner_ones_keep_the_row_numbers() -> None:
    table = read_table(b"nama_usaha,nama_pemilik\nA,B\n\nC,D\n\n\n\n", "csv")
    assert table.rows == [["A", "B"], [None, None], ["C", "D"]]


def test_the_reference_csv_upload_is_read_under_limits_too() -> None:
    rows = read_uploaded_csv(b"kode,nama\n5.05,PENELITIAN\n\n5.05.01,PROGRAM\n")
    assert rows == [{"kode": "5.05", "nama": "PENELITIAN"}, {"kode": "5.05.01", "nama": "PROGRAM"}]
    too_many = ("kode,nama\n" + "5.05,X\n" * 50_001).encode()
    with pytest.raises(ValueError, match="lebih dari 50.000 baris data"):
        read_uploaded_csv(too_many)
