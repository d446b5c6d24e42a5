"""Every change to plans, targets and pagu is recorded with who, when, before and after."""

from __future__ import annotations

from auditlog.registry import auditlog

from selaras.planning import models

TIMESTAMPS = ["created_at", "updated_at"]
SUB_KEGIATAN_TAGS = ["kecamatan", "prioritas_nasional", "program_prioritas", "quick_win", "isu_strategis"]


def register() -> None:
    for model in (
        models.Renja,
        models.Program,
        models.Kegiatan,
        models.Indikator,
        models.Renstra,
        models.Tujuan,
        models.Sasaran,
        models.RenstraItem,
        models.RenstraIndikator,
        models.RenstraTarget,
        models.RenstraPagu,
    ):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=TIMESTAMPS)
    if not auditlog.contains(models.SubKegiatan):
        auditlog.register(models.SubKegiatan, exclude_fields=TIMESTAMPS, m2m_fields=SUB_KEGIATAN_TAGS)
