from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from selaras.organisations.regions import load_lampung_tengah


class Command(BaseCommand):
    help = "Muat Kabupaten Lampung Tengah dengan kecamatan dan kampungnya (kode Kemendagri)."

    def handle(self, *args: Any, **options: Any) -> None:
        pemda, kecamatan, kampung = load_lampung_tengah()
        self.stdout.write(f"{pemda}: {kecamatan} kecamatan, {kampung} kampung/kelurahan.")
