from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from selaras.core.csvdata import read_rows
from selaras.reference.importing import import_nomenklatur, load_rpjmn, shipped_nomenklatur_rows


class Command(BaseCommand):
    help = (
        "Muat data referensi nasional (nomenklatur urusan 5.05 dan RPJMN 2025-2029), "
        "atau impor nomenklatur urusan lain dari CSV kode,nama,indikator,satuan,sumber."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--nomenklatur", type=Path, help="berkas CSV nomenklatur tambahan")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options.get("nomenklatur")
        rows = read_rows(path.resolve()) if path else shipped_nomenklatur_rows()
        report = import_nomenklatur(rows)
        if not report.ok:
            raise CommandError("Impor dibatalkan, tidak ada yang disimpan:\n" + "\n".join(report.errors))
        self.stdout.write(f"Nomenklatur: {report.created} baru, {report.updated} diperbarui.")
        if not path:
            self.stdout.write(f"RPJMN 2025-2029: {load_rpjmn()} baris.")
