"""manage.py backup: the database and the uploaded files in one archive (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from selaras.core.backup import backup


class Command(BaseCommand):
    help = "Mencadangkan basis data dan berkas unggahan ke satu arsip .tar.gz."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            help="Berkas arsip (bawaan: var/cadangan/selaras-<tanggal>-<jam>.tar.gz).",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "cadangan" / f"selaras-{stamp}.tar.gz"
        summary = backup(output)
        size = output.stat().st_size / 1024 / 1024
        self.stdout.write(
            f"Cadangan tersimpan di {output}: {summary.tables} tabel, {summary.rows} baris, "
            f"{summary.files} berkas unggahan ({size:.1f} MB)."
        )
