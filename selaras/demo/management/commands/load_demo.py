from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from selaras.demo.lampung_tengah import DEMO_PASSWORD, USERS, build_demo
from selaras.demo.realisasi import build_realisasi
from selaras.demo.technopark import build_technopark
from selaras.organisations.regions import load_lampung_tengah


class Command(BaseCommand):
    help = "Muat demo Balitbangda Lampung Tengah (data contoh) dan cetak akun demonya."

    def handle(self, *args: Any, **options: Any) -> None:
        pemda, _, _ = load_lampung_tengah()
        renja = build_demo(pemda)
        umkm = build_technopark(renja)
        build_realisasi(renja)
        self.stdout.write(f"Demo siap: {renja} ({renja.sub_kegiatan.count()} sub kegiatan, data contoh).")
        self.stdout.write(f"Technopark: {umkm} UMKM contoh dengan aktivitas 2026.")
        self.stdout.write(f"Akun demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for username, name, role, pd, _unit in USERS:
            self.stdout.write(f"  {username:<18} {role.label:<16} {pd:<12} {name}")
