"""Who may see and change what: every list, export and API call starts here.

A user sees the rows of its own Pemda and Perangkat Daerah; operators, heads of a bidang
and mentors see, below that, only the rows of their own Unit Kerja; Bappeda's verifiers
read every Perangkat Daerah of their Pemda. Only planners and administrators change
plans. An outsider asking for an object gets 404, a reader asking to write gets 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from selaras.accounts.models import PEMDA_READER_ROLES

if TYPE_CHECKING:
    from selaras.accounts.models import User

M = TypeVar("M", bound=models.Model)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows the lookup paths to its Perangkat Daerah and Unit Kerja."""

    pd_path: str = "perangkat_daerah"
    unit_path: str | None = None

    def visible_to(self, user: Any) -> ScopedQuerySet:
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        rows = self.filter(pemda_id=user.pemda_id)
        if user.role in PEMDA_READER_ROLES:
            return rows
        rows = rows.filter(**{f"{self.pd_path}_id": user.perangkat_daerah_id})
        if user.is_unit_scoped and self.unit_path:
            rows = rows.filter(self.unit_condition(user))
        return rows

    def unit_condition(self, user: Any) -> Q:
        """Which rows a unit-scoped user sees below its Perangkat Daerah: its own unit's.
        Models with rows that belong to no unit (outcome indicators) widen this."""
        return Q(**{f"{self.unit_path}_id": user.unit_kerja_id})

    def editable_by(self, user: Any) -> ScopedQuerySet:
        if not user.is_authenticated or not user.can_edit_plans:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pemda_id=user.pemda_id).filter(**{f"{self.pd_path}_id": user.perangkat_daerah_id})


def get_for_user(queryset: models.QuerySet[M], user: User, write: bool = False, **lookup: Any) -> M:
    """Return the object if the user may see it (else 404) and, for write, change it (else 403)."""
    try:
        obj = queryset.visible_to(user).get(**lookup)  # type: ignore[attr-defined]
    except queryset.model.DoesNotExist:
        raise Http404("Data tidak ditemukan.") from None
    if write and not queryset.editable_by(user).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied("Anda tidak berhak mengubah data ini.")
    return obj


def may_edit(queryset: models.QuerySet[Any], user: User, obj: models.Model) -> bool:
    return queryset.editable_by(user).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
