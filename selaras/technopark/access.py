"""Who may see, add and change UMKM records.

Seeing follows `UMKM.objects.visible_to(user)` (the agency's rows; operators, heads of a
bidang and mentors only their own Unit Kerja's). Changing is wider than the plan's rule
(`ScopedQuerySet.editable_by`, planners and administrators only): a mentor (pendamping)
keeps the records of the businesses of its own unit, the ones it sees. An outsider asking
for a business gets 404, a reader asking to change it gets 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from selaras.accounts.models import Role
from selaras.organisations.models import UnitKerja
from selaras.technopark.models import UMKM

# Who records the Technopark's work of a Perangkat Daerah: businesses, imports, activities,
# snapshots. One rule for every page.
WRITER_ROLES = frozenset({Role.ADMIN, Role.PERENCANA, Role.PENDAMPING})


def may_write(user: Any) -> bool:
    """Administrators, planners and field mentors of a Perangkat Daerah (and superusers)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or (user.role in WRITER_ROLES and user.perangkat_daerah_id))


may_add_umkm = may_write


def umkm_editable_by(user: Any, queryset: QuerySet[UMKM] | None = None) -> QuerySet[UMKM]:
    """The businesses the user may change: those it sees, if its role keeps UMKM records."""
    rows = queryset if queryset is not None else UMKM.objects.all()
    if not may_add_umkm(user):
        return rows.none()
    visible = rows.visible_to(user)  # type: ignore[attr-defined]
    if user.is_superuser:
        return visible
    return visible.filter(perangkat_daerah_id=user.perangkat_daerah_id)


def may_edit_umkm(user: Any, umkm: UMKM) -> bool:
    return umkm_editable_by(user).filter(pk=umkm.pk).exists()


def get_umkm_for_user(
    user: Any, pk: int, write: bool = False, queryset: QuerySet[UMKM] | None = None
) -> tuple[UMKM, bool]:
    """The business and whether the user may change it; 404 when the user may not see
    it, 403 when `write` and the user may only read it."""
    rows = queryset if queryset is not None else UMKM.objects.all()
    umkm = rows.visible_to(user).filter(pk=pk).first()  # type: ignore[attr-defined]
    if umkm is None:
        raise Http404("UMKM tidak ditemukan.")
    editable = may_edit_umkm(user, umkm)
    if write and not editable:
        raise PermissionDenied("Anda tidak berhak mengubah data UMKM ini.")
    return umkm, editable


def owner_unit(user: Any) -> UnitKerja | None:
    """The unit that keeps a business the user adds: a mentor's own unit; otherwise the
    Perangkat Daerah's UPT (the Technopark), else the user's own unit."""
    if user.role == Role.PENDAMPING:
        return user.unit_kerja
    upt = (
        UnitKerja.objects.filter(perangkat_daerah_id=user.perangkat_daerah_id, jenis=UnitKerja.Jenis.UPT)
        .order_by("id")
        .first()
    )
    return upt or user.unit_kerja
