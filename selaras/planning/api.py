"""The planning API: Renja, Program, Kegiatan, Sub Kegiatan, Indikator and Renstra.

Scoped exactly like the pages: every queryset starts from `visible_to(user)`, so an
outsider gets 404 on a detail and never sees a row in a list; every write needs the object
in `editable_by(user)`, so a reader gets 403. The rows of a Renja whose status is final are
not changed (409 with the reason), as on the pages.

Create: the parent named in the payload (the Renja of a program, kegiatan or sub
kegiatan; the program, kegiatan or sub kegiatan of an indikator) is checked first. A
parent the user cannot see is answered 400 on that field with the same message as an id
that does not exist, so the answer never tells whether another agency's row exists; a
parent the user can see but not change is answered 403 before the rest of the payload is
validated. A Renja has no parent in the payload (it belongs to the user's Perangkat
Daerah), so it is checked once written and rolled back if the user may not edit it.

The docstrings of the concrete viewsets are the operation descriptions at /api/docs/, so
they are in Bahasa Indonesia.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from auditlog.context import auditlog_value
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from selaras.accounts.scoping import may_edit
from selaras.planning import filters
from selaras.planning.deletion import DeletionRefused, delete_plan_row
from selaras.planning.models import (
    Indikator,
    Kegiatan,
    Program,
    Renja,
    RenjaLocked,
    Renstra,
    SubKegiatan,
    renja_of,
)
from selaras.planning.serializers import (
    NON_FIELD,
    IndikatorSerializer,
    KegiatanSerializer,
    PlanSerializer,
    ProgramSerializer,
    RenjaSerializer,
    RenstraSerializer,
    SubKegiatanSerializer,
)


class EditableOrReadOnly(permissions.BasePermission):
    """Logged-in users read what their queryset shows; writing needs `editable_by(user)`.

    The object check works on any scoped model, so a view also uses it for the parent
    named in a create payload.
    """

    message = "Anda tidak berhak mengubah data ini."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return may_edit(type(obj)._default_manager.all(), request.user, obj)


def record_api_actor(user: Any) -> None:
    """Name the API user as the actor of the audit entries this request writes.

    AuditlogMiddleware reads `request.user` before DRF authenticates, so a client that
    logs in with HTTP Basic would be recorded as nobody. `auditlog.context.set_actor`
    cannot be nested inside the middleware's context without leaving its signal receiver
    connected, so the user goes into the middleware's own context instead.
    """
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None and user.is_authenticated:
        context["actor"] = user


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Data ini masih dipakai oleh data lain sehingga tidak dapat dihapus."
    default_code = "conflict"


def _refuse_if_final(row: Any) -> None:
    """A final Renja's rows are not changed (Renja.check_open_for_edit), answered 409."""
    try:
        renja_of(row).check_open_for_edit()
    except RenjaLocked as exc:
        raise Conflict(str(exc)) from None


# Scoped reading, with answers in Indonesian where DRF's translation has none. (Comments
# rather than docstrings on these bases: the schema would show an inherited docstring as
# the description of every operation.)
class ScopedViewSetMixin:
    permission_classes = [EditableOrReadOnly]
    lookup_value_converter = "id"  # selaras.core.params.IdConverter: 0 or beyond 64 bits is 404

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        record_api_actor(request.user)

    def get_object(self) -> Any:
        try:
            return super().get_object()  # type: ignore[misc]
        except Http404:
            raise exceptions.NotFound("Data tidak ditemukan.") from None

    def http_method_not_allowed(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.MethodNotAllowed(
            request.method or "", detail=f'Metode "{request.method}" tidak diizinkan.'
        )


# Shared behaviour of the plan viewsets; each declares its own `get_queryset`.
class PlanViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    serializer_class: type[PlanSerializer]
    # A final Renja's rows, and a delete of a row still in use, answer 409 (in the schema).
    conflict_methods: tuple[str, ...] = ("POST", "PUT", "PATCH", "DELETE")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        for parent in serializer.parents_from_input():
            self.check_object_permissions(request, parent)
            _refuse_if_final(parent)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            self.perform_create(serializer)
            # Also guards a Renja, whose owner comes from the user rather than the payload.
            self.check_object_permissions(request, serializer.instance)
        headers = self.get_success_headers(serializer.data)
        return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        self._save(serializer)

    def get_object(self) -> Any:
        row = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS and not self.reopens(row):
            _refuse_if_final(row)  # before the payload is read
        return row

    def reopens(self, row: Any) -> bool:
        """Whether the request only turns a final Renja into perubahan (allowed, with a reason
        that Renja.status_change_errors requires)."""
        return False

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        self._save(serializer)

    def perform_destroy(self, instance: Any) -> None:
        try:
            delete_plan_row(instance)
        except DeletionRefused as exc:
            raise Conflict(str(exc)) from None

    def _save(self, serializer: serializers.BaseSerializer) -> None:
        # The serializer has already checked the unique rules with a clear message; this
        # only catches a concurrent write that slipped between the check and the insert.
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError:
            raise serializers.ValidationError(
                {
                    NON_FIELD: [
                        "Data bertabrakan dengan data lain yang baru disimpan; muat ulang lalu coba lagi."
                    ]
                }
            ) from None


class RenjaViewSet(PlanViewSet):
    """Renja yang dapat Anda lihat. Hanya perencana Perangkat Daerah pemilik yang dapat
    mengubahnya (selain itu 403); Renja milik Perangkat Daerah lain menjawab 404. Renja Final
    terkunci (409) kecuali PATCH `status` menjadi `perubahan` dengan `alasan`."""

    serializer_class = RenjaSerializer
    filterset_class = filters.RenjaFilterSet
    conflict_methods = ("PUT", "PATCH", "DELETE")

    def get_queryset(self) -> QuerySet[Renja]:
        return Renja.objects.visible_to(self.request.user)

    def reopens(self, row: Any) -> bool:
        payload = self.request.data if isinstance(self.request.data, Mapping) else {}
        return (
            self.request.method == "PATCH"
            and payload.get("status") == Renja.Status.PERUBAHAN
            and set(payload) <= {"status", "alasan"}
        )


class ProgramViewSet(PlanViewSet):
    """Program Renja. Membuat program: `renja` dan `nomenklatur` atau `kode`; Renja yang tidak
    dapat Anda lihat ditolak 400, Renja yang dapat dilihat tetapi tidak dapat diubah 403."""

    serializer_class = ProgramSerializer
    filterset_class = filters.ProgramFilterSet

    def get_queryset(self) -> QuerySet[Program]:
        return (
            Program.objects.visible_to(self.request.user)
            .select_related("nomenklatur")
            .order_by("renja_id", "nomenklatur__kode")
        )


class KegiatanViewSet(PlanViewSet):
    """Kegiatan Renja. Membuat kegiatan: `renja` dan `nomenklatur` atau `kode`; programnya harus
    sudah ada di Renja."""

    serializer_class = KegiatanSerializer
    filterset_class = filters.KegiatanFilterSet

    def get_queryset(self) -> QuerySet[Kegiatan]:
        return (
            Kegiatan.objects.visible_to(self.request.user)
            .select_related("nomenklatur")
            .order_by("renja_id", "nomenklatur__kode")
        )


class SubKegiatanViewSet(PlanViewSet):
    """Sub Kegiatan Renja. Operator dan kepala bidang hanya melihat sub kegiatan unit kerjanya.
    Filter `kecamatan` juga memuat sub kegiatan untuk seluruh kabupaten, seperti halaman Renja."""

    serializer_class = SubKegiatanSerializer
    filterset_class = filters.SubKegiatanFilterSet

    def get_queryset(self) -> QuerySet[SubKegiatan]:
        return (
            SubKegiatan.objects.visible_to(self.request.user)
            .select_related("nomenklatur")
            .prefetch_related(
                "kecamatan", "prioritas_nasional", "program_prioritas", "quick_win", "isu_strategis"
            )
            .order_by("renja_id", "nomenklatur__kode")
        )


class IndikatorViewSet(PlanViewSet):
    """Indikator kinerja program, kegiatan dan sub kegiatan Renja. Membuat indikator: isi tepat
    satu dari `program`, `kegiatan` atau `sub_kegiatan`."""

    serializer_class = IndikatorSerializer
    filterset_class = filters.IndikatorFilterSet

    def get_queryset(self) -> QuerySet[Indikator]:
        return Indikator.objects.visible_to(self.request.user).order_by("id")


class RenstraViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Renstra yang dapat Anda lihat (hanya dibaca)."""

    serializer_class = RenstraSerializer
    filterset_class = filters.RenstraFilterSet

    def get_queryset(self) -> QuerySet[Renstra]:
        return Renstra.objects.visible_to(self.request.user)
