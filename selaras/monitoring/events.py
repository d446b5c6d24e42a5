"""The lifecycle of a quarterly report (Laporan): draft -> diajukan -> diverifikasi ->
disetujui, with dikembalikan (sent back) and dibuka kembali (reopened after approval).

Each moment is one small function here; the report's status changes nowhere else. Every
step checks who may take it and from which status, writes a LaporanEvent with who, when
and why, and refuses a skipped step with an Indonesian message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from selaras.accounts.models import APPROVER_ROLES, REPORTER_ROLES, Role
from selaras.monitoring.completeness import report_contents
from selaras.monitoring.models import Laporan, LaporanEvent
from selaras.planning.models import Renja

Status = Laporan.Status
Jenis = LaporanEvent.Jenis


class WorkflowError(Exception):
    """A step that does not follow from the report's status (a skipped or repeated step)."""


class EmptyReport(WorkflowError):
    """A report submitted with nothing in it: no value, no budget, no narrative, no evidence."""


def laporan_for(renja: Renja, unit_kerja_id: int, triwulan: int) -> Laporan:
    laporan, _ = Laporan.objects.get_or_create(
        renja=renja, unit_kerja_id=unit_kerja_id, triwulan=triwulan, defaults={"pemda_id": renja.pemda_id}
    )
    return laporan


def _in_agency(user: Any, laporan: Laporan) -> bool:
    return user.is_superuser or (
        user.pemda_id == laporan.pemda_id and user.perangkat_daerah_id == laporan.renja.perangkat_daerah_id
    )


def is_head_of_unit(user: Any, laporan: Laporan) -> bool:
    return user.is_superuser or (
        user.role == Role.KEPALA_BIDANG
        and _in_agency(user, laporan)
        and user.unit_kerja_id == laporan.unit_kerja_id
    )


def is_approver(user: Any, laporan: Laporan) -> bool:
    return user.is_superuser or (user.role in APPROVER_ROLES and _in_agency(user, laporan))


def may_reopen(user: Any, laporan: Laporan) -> bool:
    """An approver, or an administrator, of the report's own Perangkat Daerah."""
    return is_approver(user, laporan) or (user.role == Role.ADMIN and _in_agency(user, laporan))


def submitted_by(laporan: Laporan) -> int | None:
    """Who submitted the report as it stands: the actor of its latest `diajukan` step."""
    if laporan.pk is None:
        return None
    return (
        laporan.events.filter(jenis=Jenis.DIAJUKAN)
        .order_by("-pada", "-id")
        .values_list("oleh_id", flat=True)
        .first()
    )


def may_verify(user: Any, laporan: Laporan) -> bool:
    """The head of the unit, unless he submitted this report himself (four eyes)."""
    return is_head_of_unit(user, laporan) and submitted_by(laporan) != user.pk


def may_approve(user: Any, laporan: Laporan) -> bool:
    """An approver who did not submit this report himself (four eyes)."""
    return is_approver(user, laporan) and submitted_by(laporan) != user.pk


def _refuse_own_report(user: Any, laporan: Laporan, what: str) -> None:
    if submitted_by(laporan) == user.pk:
        raise PermissionDenied(
            f"Laporan ini Anda ajukan sendiri; {what} harus dilakukan oleh orang lain (prinsip empat mata)."
        )


def _step(
    laporan: Laporan,
    user: Any,
    jenis: str,
    allowed_from: tuple[str, ...],
    to: str,
    alasan: str = "",
    check: Callable[[Laporan], None] | None = None,
) -> LaporanEvent:
    with transaction.atomic():
        current = Laporan.objects.select_for_update().get(pk=laporan.pk)
        if current.status not in allowed_from:
            wanted = " atau ".join(Status(s).label.lower() for s in allowed_from)
            raise WorkflowError(
                f"Laporan {current} berstatus {current.get_status_display().lower()}; "
                f"langkah '{Jenis(jenis).label.lower()}' hanya untuk laporan yang {wanted}."
            )
        if check is not None:
            check(current)
        now = timezone.now()
        event = LaporanEvent.objects.create(
            pemda_id=current.pemda_id,
            laporan=current,
            jenis=jenis,
            dari_status=current.status,
            ke_status=to,
            oleh=user,
            pada=now,
            alasan=alasan,
        )
        current.status = to
        if jenis == Jenis.DIAJUKAN:
            current.diajukan_pada = now
        current.save()
    laporan.refresh_from_db()
    return event


def _need_reason(alasan: str, what: str) -> str:
    alasan = (alasan or "").strip()
    if not alasan:
        raise WorkflowError(f"Alasan wajib diisi untuk {what}.")
    return alasan


def may_report(user: Any, laporan: Laporan) -> bool:
    """Operators and heads for their own unit; planners and administrators for any unit."""
    if user.is_superuser:
        return True
    if user.role not in REPORTER_ROLES or not _in_agency(user, laporan):
        return False
    return not user.is_unit_scoped or user.unit_kerja_id == laporan.unit_kerja_id


def ajukan(laporan: Laporan, user: Any) -> LaporanEvent:
    """The operator (or the head, or a planner) submits the unit's quarter for verification."""
    if not may_report(user, laporan):
        raise PermissionDenied("Anda tidak berhak mengajukan laporan unit kerja ini.")
    return _step(laporan, user, Jenis.DIAJUKAN, (Status.DRAFT,), Status.DIAJUKAN, check=refuse_empty)


def refuse_empty(laporan: Laporan) -> None:
    """A quarter with nothing in it is not a report: refuse it and say what is missing.
    Anything at all (one value, a budget figure, a narrative, a file) lets it through; the
    page asks the submitter to confirm what is still missing."""
    contents = report_contents(laporan.renja, laporan.unit_kerja_id, laporan.triwulan)
    if contents.empty:
        raise EmptyReport(contents.refusal())


def kembalikan(laporan: Laporan, user: Any, alasan: str) -> LaporanEvent:
    """The head of the bidang (or the approver, after verification) sends it back to draft."""
    if laporan.status == Status.DIVERIFIKASI and is_approver(user, laporan):
        allowed: tuple[str, ...] = (Status.DIVERIFIKASI,)
    elif is_head_of_unit(user, laporan):
        allowed = (Status.DIAJUKAN,)
    else:
        raise PermissionDenied("Anda tidak berhak mengembalikan laporan ini.")
    return _step(
        laporan, user, Jenis.DIKEMBALIKAN, allowed, Status.DRAFT, _need_reason(alasan, "pengembalian")
    )


def verifikasi(laporan: Laporan, user: Any) -> LaporanEvent:
    """The head of the bidang confirms the unit's figures and evidence; not his own submission."""
    if not is_head_of_unit(user, laporan):
        raise PermissionDenied("Hanya kepala bidang unit kerja ini yang dapat memverifikasi laporannya.")
    return _step(
        laporan,
        user,
        Jenis.DIVERIFIKASI,
        (Status.DIAJUKAN,),
        Status.DIVERIFIKASI,
        check=lambda current: _refuse_own_report(user, current, "verifikasi"),
    )


def setujui(laporan: Laporan, user: Any) -> LaporanEvent:
    """The agency head (or the planner) approves, unless he submitted the report himself; the
    unit's quarter is then locked."""
    if not is_approver(user, laporan):
        raise PermissionDenied("Hanya pimpinan atau perencana yang dapat menyetujui laporan.")
    return _step(
        laporan,
        user,
        Jenis.DISETUJUI,
        (Status.DIVERIFIKASI,),
        Status.DISETUJUI,
        check=lambda current: _refuse_own_report(user, current, "persetujuan"),
    )


def buka_kembali(laporan: Laporan, user: Any, alasan: str) -> LaporanEvent:
    """Reopen an approved quarter for correction; the reason is kept on the record."""
    if not may_reopen(user, laporan):
        raise PermissionDenied(
            "Hanya pimpinan, perencana atau administrator yang dapat membuka kembali laporan."
        )
    return _step(
        laporan,
        user,
        Jenis.DIBUKA_KEMBALI,
        (Status.DISETUJUI,),
        Status.DRAFT,
        _need_reason(alasan, "membuka kembali"),
    )
