"""Every change to UMKM records, activities and allocations is recorded."""

from __future__ import annotations

from selaras.core.audit import register_models
from selaras.technopark import models


def register() -> None:
    register_models(
        (
            models.UMKM,
            models.Aktivitas,
            models.Partisipasi,
            models.FotoAktivitas,
            models.Snapshot,
            models.KriteriaPotensi,
            models.AlokasiTarget,
        )
    )
