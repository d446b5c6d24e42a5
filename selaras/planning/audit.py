"""Every change to plans, targets and pagu is recorded with who, when, before and after."""

from __future__ import annotations

from selaras.core.audit import register_models
from selaras.planning import models

SUB_KEGIATAN_TAGS = ("kecamatan", "prioritas_nasional", "program_prioritas", "quick_win", "isu_strategis")


def register() -> None:
    register_models(
        (
            models.Renja,
            models.Program,
            models.Kegiatan,
            models.SubKegiatan,
            models.Indikator,
            models.Renstra,
            models.Tujuan,
            models.Sasaran,
            models.RenstraItem,
            models.RenstraIndikator,
            models.RenstraTarget,
            models.RenstraPagu,
        ),
        m2m_fields={models.SubKegiatan: SUB_KEGIATAN_TAGS},
    )
