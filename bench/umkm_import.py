"""Time the UMKM import at kabupaten scale and print the figures.

Generates a 10,000-row XLSX with openpyxl (every kampung of Lampung Tengah, Indonesian
numbers as text in some rows, a formula-looking phone in some), then times in a throw-away
SQLite (or DATABASE_URL) test database: (a) openpyxl alone reading the file (read_only,
values_only), (b) reading plus validation and the duplicate search (the preview), and
(c) the full import (read, validate, bulk_create with the audit entries), each with its
rows per second.

    make bench-import     (or: DEBUG=1 .venv/bin/python bench/umkm_import.py [rows])
"""

from __future__ import annotations

import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import harness  # first: sets up Django with the test settings
from django.db import connection
from openpyxl import Workbook, load_workbook

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def build_file(path: Path, codes: list[str]) -> None:
    from selaras.technopark.importing import FIELDS

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("UMKM")
    ws.append([f.label for f in FIELDS])
    sektor = "ACFGHIJNPRS"
    for n in range(ROWS):
        values = {
            "nama_usaha": f"Usaha Bench {n:05d}",
            "nama_pemilik": f"Pemilik {n:05d}",
            "telepon": f"+62812{n:07d}" if n % 10 == 0 else f"0812{n:08d}",
            "nib": f"{9_000_000_000_000 + n:013d}",
            "sektor": sektor[n % len(sektor)],
            "produk": "Keripik, kopi bubuk, anyaman",
            "kode_kampung": codes[n % len(codes)],
            "kecamatan": None,
            "kampung": None,
            "tahun_mulai": 2000 + n % 25,
            "modal_usaha": "25.000.000" if n % 3 == 0 else 25_000_000 + n * 1000,
            "omzet_tahunan": Decimal("120000000.50") + n,
            "tenaga_kerja": 1 + n % 9,
            "terdaftar_sebelum_pp7": "ya" if n % 4 == 0 else "tidak",
            "punya_nib": 1,
            "spp_irt": "✓" if n % 2 else "",
            "halal": "tidak",
            "bpom": False,
            "merek": "0",
            "badan_usaha": "true" if n % 7 == 0 else "false",
            "lat": Decimal("-4.9") - Decimal(n % 100) / 1000,
            "lng": Decimal("105.2") + Decimal(n % 100) / 1000,
        }
        ws.append([values[f.name] for f in FIELDS])
    workbook.save(path)


BASELINE: list[float] = []


def timed(label: str, func) -> object:  # noqa: ANN001
    """Run once and print the time, the rows per second and the time against openpyxl's
    own reading (the ratio stays meaningful on a busy machine)."""
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    if not BASELINE:
        BASELINE.append(seconds)
    ratio = seconds / BASELINE[0]
    print(f"{label:<52} {seconds * 1000:9.0f} ms  {ROWS / seconds:9,.0f} rows/s  {ratio:5.1f}x openpyxl")
    return result


def run() -> None:
    from selaras.accounts.personas import build_cast
    from selaras.organisations.models import Kampung, Pemda, UnitKerja
    from selaras.technopark.importing import Owner, guess_mapping, import_rows, read_table, validate
    from selaras.technopark.models import UMKM

    pemda = Pemda.objects.get(kode="18.02")
    cast = build_cast(pemda)
    upt = UnitKerja.objects.create(
        pemda=pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama="UPT Technopark"
    )
    owner = Owner(pemda.pk, cast.balitbangda.pk, upt.pk, cast.perencana.pk)
    codes = list(Kampung.objects.filter(pemda=pemda).values_list("kode", flat=True))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "umkm.xlsx"
        start = time.perf_counter()
        build_file(path, codes)
        print(
            f"file: {ROWS:,} rows x 22 columns, {path.stat().st_size / 1024:,.0f} KiB, "
            f"written in {time.perf_counter() - start:.1f} s; database: {connection.vendor}"
        )

        def openpyxl_only() -> int:
            workbook = load_workbook(path, read_only=True, data_only=False)
            count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
            workbook.close()
            return count

        def preview():  # noqa: ANN202
            table = read_table(path, "xlsx")
            return validate(table, guess_mapping(table.header), owner)

        def full_import():  # noqa: ANN202
            result = import_rows(preview(), owner)
            assert result.ok and result.created == ROWS, result.errors[:3]
            return result

        timed("(a) openpyxl alone (read_only, values_only)", openpyxl_only)
        checked = timed("(b) read + validate + duplicates (preview)", preview)
        assert checked.ok, checked.messages()[:3]  # type: ignore[attr-defined]
        timed("(c) full import (read, validate, bulk_create, audit)", full_import)
        print(f"UMKM in database: {UMKM.objects.count():,}")
        timed("(b') preview again: every row now a duplicate", preview)


if __name__ == "__main__":
    harness.run(run)
