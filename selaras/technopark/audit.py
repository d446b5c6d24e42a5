"""Every change to UMKM records, activities and allocations is recorded (django-auditlog)."""

from __future__ import annotations

from auditlog.registry import auditlog

from selaras.technopark import models

TIMESTAMPS = ["created_at", "updated_at"]


def register() -> None:
    for model in (
        models.UMKM,
        models.Aktivitas,
        models.Partisipasi,
        models.Snapshot,
        models.KriteriaPotensi,
        models.AlokasiTarget,
    ):
        if not auditlog.contains(model):
            reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
            auditlog.register(model, exclude_fields=TIMESTAMPS + reverse)
