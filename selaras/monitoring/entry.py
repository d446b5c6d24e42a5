"""Saving a quarter's figures: who may, when (see locks.py), and without overwriting a
colleague's save. Every row carries a version; a save that starts from an older version
than the one stored is refused and the user is told who saved in between."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Sum

from selaras.accounts.models import PLAN_EDITOR_ROLES, REPORTER_ROLES
from selaras.lib.dates import format_datetime, quarter_label
from selaras.lib.numbers import format_rupiah, is_percent_unit
from selaras.monitoring import sources
from selaras.monitoring.locks import lock_reason
from selaras.monitoring.models import NARASI, Realisasi, RealisasiSubKegiatan
from selaras.planning.models import Indikator, Renja, SubKegiatan


class Locked(Exception):
    """The quarter's report is submitted or approved: its figures cannot change."""


class Conflict(Exception):
    """Somebody else saved the same row after this user opened it."""


def may_enter(user: Any, renja: Renja, unit_id: int | None) -> bool:
    """Operators and heads for their own unit's rows, planners and administrators for every
    row of their Perangkat Daerah (the outcome indicators, with no unit, only them)."""
    if user.is_superuser:
        return True
    if user.role not in REPORTER_ROLES or user.perangkat_daerah_id != renja.perangkat_daerah_id:
        return False
    if unit_id is None:
        return user.role in PLAN_EDITOR_ROLES
    return not user.is_unit_scoped or user.unit_kerja_id == unit_id


def _check(user: Any, renja: Renja, unit_id: int | None, triwulan: int) -> None:
    if not may_enter(user, renja, unit_id):
        raise PermissionDenied("Anda tidak berhak mengisi realisasi ini.")
    reason = lock_reason(renja, unit_id, triwulan, user)
    if reason:
        raise Locked(reason)


def _conflict(row: Any) -> Conflict:
    who = row.diubah_oleh or "pengguna lain"
    return Conflict(
        f"Data ini sudah diubah oleh {who} pada {format_datetime(row.updated_at)} setelah Anda membukanya. "
        "Nilai terbaru ditampilkan; periksa lalu simpan lagi bila perlu."
    )


def _store(row: models.Model, same_row: models.QuerySet) -> None:
    """Validate and write a locked (or new) row. Two people saving a row that does not exist
    yet both find nothing to lock (PostgreSQL locks rows, not gaps), so the second insert
    breaks the unique constraint: that is the same conflict as a stale version, answered the
    same way. The database enforces that constraint (full_clean's own check would run
    before the other insert is visible and say nothing useful when it is)."""
    row.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        winner = same_row.first()
        raise (_conflict(winner) if winner else Conflict("Data ini berubah; muat ulang halaman.")) from None


def validate_nilai(indikator: Indikator, nilai: Decimal | None) -> None:
    if nilai is None:
        return
    if nilai < 0:
        raise ValidationError({"nilai": "Realisasi tidak boleh negatif."})
    if is_percent_unit(indikator.satuan) and nilai > 100:
        raise ValidationError({"nilai": "Realisasi dalam satuan persen tidak boleh lebih dari 100."})


def save_realisasi(
    indikator: Indikator, triwulan: int, nilai: Decimal | None, catatan: str, versi: int, user: Any
) -> Realisasi:
    unit_id = indikator.sub_kegiatan.unit_kerja_id if indikator.sub_kegiatan_id else None
    _check(user, indikator.renja, unit_id, triwulan)
    if sources.is_automatic(indikator):
        raise ValidationError(
            {
                "nilai": f"Realisasi indikator ini dihitung otomatis ({sources.source_label(indikator)}); "
                "tidak diisi manual."
            }
        )
    validate_nilai(indikator, nilai)
    with transaction.atomic():
        row = Realisasi.objects.select_for_update().filter(indikator=indikator, triwulan=triwulan).first()
        if (row.versi if row else 0) != versi:
            raise _conflict(row) if row else Conflict("Data ini berubah; muat ulang halaman.")
        if row is None:
            row = Realisasi(
                pemda_id=indikator.pemda_id,
                indikator=indikator,
                renja_id=indikator.renja_id,
                unit_kerja_id=unit_id,
                triwulan=triwulan,
                versi=0,
            )
        row.nilai, row.catatan, row.diubah_oleh = nilai, catatan, user
        row.versi += 1
        _store(row, Realisasi.objects.filter(indikator=indikator, triwulan=triwulan))
    return row


def save_realisasi_sub(
    sub: SubKegiatan, triwulan: int, anggaran: Decimal | None, narasi: dict[str, str], versi: int, user: Any
) -> RealisasiSubKegiatan:
    _check(user, sub.renja, sub.unit_kerja_id, triwulan)
    with transaction.atomic():
        row = (
            RealisasiSubKegiatan.objects.select_for_update()
            .filter(sub_kegiatan=sub, triwulan=triwulan)
            .first()
        )
        if (row.versi if row else 0) != versi:
            raise _conflict(row) if row else Conflict("Data ini berubah; muat ulang halaman.")
        if anggaran is not None:
            others = RealisasiSubKegiatan.objects.filter(sub_kegiatan=sub).exclude(
                triwulan=triwulan
            ).aggregate(total=Sum("anggaran"))["total"] or Decimal(0)
            if others + anggaran > sub.pagu:
                raise ValidationError(
                    {
                        "anggaran": f"Realisasi anggaran s.d. tahun ini ({format_rupiah(others + anggaran)}) "
                        f"melebihi pagu {format_rupiah(sub.pagu)}."
                    }
                )
        if row is None:
            row = RealisasiSubKegiatan(
                pemda_id=sub.pemda_id,
                sub_kegiatan=sub,
                renja_id=sub.renja_id,
                unit_kerja_id=sub.unit_kerja_id,
                triwulan=triwulan,
                versi=0,
            )
        row.anggaran = anggaran
        for key in NARASI:
            setattr(row, key, narasi.get(key, ""))
        row.diubah_oleh = user
        row.versi += 1
        _store(row, RealisasiSubKegiatan.objects.filter(sub_kegiatan=sub, triwulan=triwulan))
    return row


def period(renja: Renja, triwulan: int) -> str:
    return quarter_label(triwulan, renja.tahun)
