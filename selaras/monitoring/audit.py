"""Every change to realisation, narratives, evidence and deadlines is recorded."""

from __future__ import annotations

from selaras.core.audit import register_models
from selaras.monitoring import models


def register() -> None:
    # The row version moves on every save; the change itself is what the log shows.
    register_models(
        (
            models.Laporan,
            models.Realisasi,
            models.RealisasiSubKegiatan,
            models.BuktiDukung,
            models.TenggatTriwulan,
            models.NarasiEvaluasiRenstra,
        ),
        exclude=("versi",),
    )
