"""Every change to realisation, narratives and evidence is recorded (django-auditlog)."""

from __future__ import annotations

from auditlog.registry import auditlog

from selaras.monitoring import models

TIMESTAMPS = ["created_at", "updated_at", "versi"]


def register() -> None:
    for model in (
        models.Laporan,
        models.Realisasi,
        models.RealisasiSubKegiatan,
        models.BuktiDukung,
        models.TenggatTriwulan,
    ):
        if not auditlog.contains(model):
            reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
            auditlog.register(model, exclude_fields=TIMESTAMPS + reverse)
