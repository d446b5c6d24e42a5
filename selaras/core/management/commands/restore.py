"""manage.py restore: put an archive of manage.py backup back (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from selaras.core.backup import restore


class Command(BaseCommand):
    help = (
        "Memulihkan basis data dan berkas unggahan dari arsip manage.py backup. Basis data tujuan "
        "harus sudah di-migrate dan masih kosong, kecuali dengan --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="Berkas arsip .tar.gz dari manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Timpa basis data dan folder unggahan yang sudah berisi data.",
        )

    def handle(self, *args: Any, archive: Path, force: bool, **options: Any) -> None:
        summary = restore(archive, force=force)
        self.stdout.write(
            f"Dipulihkan dari {archive}: {summary.tables} tabel, {summary.rows} baris, "
            f"{summary.files} berkas unggahan."
        )
