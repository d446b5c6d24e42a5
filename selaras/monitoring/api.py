"""The monitoring API: realisation of indicators and sub kegiatan, and the quarterly reports
with their workflow.

Scoped like the pages and like the planning API, whose bases it reuses: every queryset
starts from `visible_to(user)`, so an outsider never sees a row in a list and gets 404 on a
detail. Unlike a plan, who may write here is not `editable_by` but the domain's own rules
(operators enter their own unit's figures, heads verify, the agency head approves), so
every write goes through monitoring/entry.py or monitoring/events.py and their refusals
are translated:

- PermissionDenied -> 403 with the domain's message;
- entry.Locked (the quarter is submitted or approved) and entry.Conflict (somebody saved a
  newer version) -> 409 with the message under `detail` and the stored row (or null) under
  `terkini`;
- Django's ValidationError (negative value, percent over 100, budget over the pagu) -> 400
  keyed by the payload's field names;
- events.WorkflowError (a skipped or repeated step, and a missing reason for sending back
  or reopening) -> 409 with the message. A missing reason is a rule of the workflow, not
  of the payload's shape, so it gets the same answer as any other refused step.

Realisation is written by upsert: POST to the list with the row's plan object, quarter,
values and the version the client last saw (0 for a row that does not exist yet): 201 when
the row is created, 200 when it is replaced. There is no PUT, PATCH or DELETE (405).

A report is opened by POST to the list with renja, unit_kerja and triwulan (get or create,
201 when created, 200 when it existed); its steps are POSTs to its actions.

As in planning, the plan object a write names is checked first: an indikator, sub kegiatan
or Renja the user cannot see is answered 400 "tidak ditemukan" like an unknown id; one the
user can see but not enter is answered 403 before the rest of the payload is validated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from selaras.core.api import validation_errors
from selaras.monitoring import entry, events, filters
from selaras.monitoring.models import Laporan, LaporanEvent, Realisasi, RealisasiSubKegiatan
from selaras.monitoring.serializers import (
    AlasanSerializer,
    EntrySerializer,
    ErrorSerializer,
    LaporanBaruSerializer,
    LaporanSerializer,
    RealisasiConflictSerializer,
    RealisasiEntrySerializer,
    RealisasiSerializer,
    RealisasiSubKegiatanConflictSerializer,
    RealisasiSubKegiatanEntrySerializer,
    RealisasiSubKegiatanSerializer,
)
from selaras.planning.api import Conflict, EditableOrReadOnly, ScopedViewSetMixin

# The words of entry.may_enter's refusal, for the check made before the payload is validated.
ENTRY_DENIED = "Anda tidak berhak mengisi realisasi ini."
REPORT_DENIED = "Anda tidak berhak membuat laporan unit kerja ini."
INVALID = OpenApiResponse(description="Isian tidak valid; pesan per nama field.")


class DomainDecidesWrites(EditableOrReadOnly):
    """Logged-in users read what their queryset shows; whether they may write is decided by
    the domain function each write calls (entry.may_enter, events.may_report and the
    workflow's own checks), not by `editable_by`, which is for plans."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return True


def refused(exc: PermissionDenied) -> exceptions.PermissionDenied:
    """DRF answers Django's PermissionDenied with a generic message; keep the domain's."""
    return exceptions.PermissionDenied(str(exc) or None)


# Realisation rows: list, detail, and upsert through monitoring/entry.py. (Comments rather
# than docstrings on bases: the schema would show an inherited docstring on every operation.)
class EntryViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [DomainDecidesWrites]
    entry_serializer_class: type[EntrySerializer]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = self.entry_serializer_class(data=request.data, context=self.get_serializer_context())
        parent = payload.parent_from_input()
        if parent is not None and not payload.may_enter(parent, request.user):
            raise exceptions.PermissionDenied(ENTRY_DENIED)
        payload.is_valid(raise_exception=True)
        try:
            row = payload.save_entry(request.user)
        except PermissionDenied as exc:
            raise refused(exc) from None
        except (entry.Locked, entry.Conflict) as exc:
            # The stored row comes back with the refusal, so the client can show what is there.
            current = self.get_queryset().filter(**payload.row_lookup()).first()
            body = {"detail": str(exc), "terkini": self.get_serializer(current).data if current else None}
            return Response(body, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(validation_errors(exc)) from None
        created = payload.validated_data["versi"] == 0
        return Response(
            self.get_serializer(row).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


def entry_schema(read: type[serializers.Serializer], write: type[EntrySerializer], conflict: type) -> Any:
    return extend_schema_view(
        create=extend_schema(
            request=write,
            responses={
                200: read,
                201: read,
                400: INVALID,
                403: ErrorSerializer,
                409: conflict,
            },
        )
    )


@entry_schema(RealisasiSerializer, RealisasiEntrySerializer, RealisasiConflictSerializer)
class RealisasiViewSet(EntryViewSet):
    """Realisasi kinerja per indikator per triwulan yang dapat Anda lihat. Mengisi: POST dengan
    `indikator`, `triwulan`, `nilai`, `catatan` dan `versi` (versi terakhir yang Anda lihat, 0
    untuk baris baru); baris dibuat (201) atau diganti (200). Operator dan kepala bidang mengisi
    indikator unit kerjanya, perencana seluruh Perangkat Daerah (selain itu 403). Triwulan yang
    sudah diajukan atau disetujui terkunci (409); versi yang sudah usang ditolak 409 beserta
    baris terkini. Tidak ada PUT, PATCH atau DELETE."""

    serializer_class = RealisasiSerializer
    entry_serializer_class = RealisasiEntrySerializer
    filterset_class = filters.RealisasiFilterSet

    def get_queryset(self) -> QuerySet[Realisasi]:
        return (
            Realisasi.objects.visible_to(self.request.user)
            .select_related("diubah_oleh")
            .order_by("renja_id", "indikator_id", "triwulan")
        )


@entry_schema(
    RealisasiSubKegiatanSerializer,
    RealisasiSubKegiatanEntrySerializer,
    RealisasiSubKegiatanConflictSerializer,
)
class RealisasiSubKegiatanViewSet(EntryViewSet):
    """Realisasi anggaran dan narasi per sub kegiatan per triwulan yang dapat Anda lihat.
    Mengisi: POST dengan `sub_kegiatan`, `triwulan`, `anggaran`, `faktor_pendorong`,
    `faktor_penghambat`, `tindak_lanjut` (dalam triwulan berikutnya), `tindak_lanjut_renja`
    (dalam Renja berikutnya) dan `versi`; baris dibuat (201) atau diganti (200).
    Jumlah realisasi anggaran seluruh triwulan tidak boleh melebihi pagu (400). Triwulan yang
    terkunci dan versi yang usang ditolak 409. Tidak ada PUT, PATCH atau DELETE."""

    serializer_class = RealisasiSubKegiatanSerializer
    entry_serializer_class = RealisasiSubKegiatanEntrySerializer
    filterset_class = filters.RealisasiSubKegiatanFilterSet

    def get_queryset(self) -> QuerySet[RealisasiSubKegiatan]:
        return (
            RealisasiSubKegiatan.objects.visible_to(self.request.user)
            .select_related("diubah_oleh")
            .order_by("renja_id", "sub_kegiatan_id", "triwulan")
        )


STEP_RESPONSES = {200: LaporanSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


@extend_schema_view(
    create=extend_schema(
        request=LaporanBaruSerializer,
        responses={200: LaporanSerializer, 201: LaporanSerializer, 400: INVALID, 403: ErrorSerializer},
    )
)
class LaporanViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Laporan realisasi triwulan per unit kerja yang dapat Anda lihat, dengan riwayat langkahnya.
    POST dengan `renja`, `unit_kerja` dan `triwulan` membuka laporan itu (dibuat berstatus draf
    bila belum ada: 201; bila sudah ada: 200); hanya pelapor unit kerja itu (operator dan kepala
    bidangnya, perencana) yang dapat melakukannya. Langkah laporan lewat aksinya: ajukan,
    kembalikan, verifikasi, setujui, buka-kembali."""

    serializer_class = LaporanSerializer
    filterset_class = filters.LaporanFilterSet
    permission_classes = [DomainDecidesWrites]

    def get_queryset(self) -> QuerySet[Laporan]:
        history = LaporanEvent.objects.select_related("oleh").order_by("pada", "id")
        return (
            Laporan.objects.visible_to(self.request.user)
            .select_related("renja")
            .prefetch_related(Prefetch("events", queryset=history))
            .order_by("renja_id", "triwulan", "unit_kerja_id")
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = LaporanBaruSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        if not events.may_report(request.user, payload.candidate()):
            raise exceptions.PermissionDenied(REPORT_DENIED)
        laporan, created = payload.get_or_create()
        return self.answer(laporan, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(request=None, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def ajukan(self, request: Request, pk: str | None = None) -> Response:
        """Ajukan laporan draf untuk diverifikasi (operator atau kepala bidang unit kerjanya,
        perencana). Realisasi triwulan unit kerja itu lalu terkunci. Laporan yang belum berisi
        apa pun (nilai, anggaran, narasi, bukti dukung) ditolak dengan 409 dan alasannya."""
        return self.step(events.ajukan)

    @extend_schema(request=AlasanSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def kembalikan(self, request: Request, pk: str | None = None) -> Response:
        """Kembalikan laporan ke draf dengan `alasan` (wajib): kepala bidang untuk laporan yang
        diajukan, pimpinan atau perencana untuk laporan yang diverifikasi. Tanpa alasan: 409."""
        alasan = self.alasan(request)
        return self.step(lambda laporan, user: events.kembalikan(laporan, user, alasan))

    @extend_schema(request=None, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def verifikasi(self, request: Request, pk: str | None = None) -> Response:
        """Verifikasi laporan yang diajukan (hanya kepala bidang unit kerjanya)."""
        return self.step(events.verifikasi)

    @extend_schema(request=None, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"])
    def setujui(self, request: Request, pk: str | None = None) -> Response:
        """Setujui laporan yang diverifikasi (pimpinan atau perencana)."""
        return self.step(events.setujui)

    @extend_schema(request=AlasanSerializer, responses=STEP_RESPONSES)
    @action(detail=True, methods=["post"], url_path="buka-kembali", url_name="buka-kembali")
    def buka_kembali(self, request: Request, pk: str | None = None) -> Response:
        """Buka kembali laporan yang disetujui dengan `alasan` (wajib; pimpinan, perencana atau
        administrator). Tanpa alasan: 409."""
        alasan = self.alasan(request)
        return self.step(lambda laporan, user: events.buka_kembali(laporan, user, alasan))

    def alasan(self, request: Request) -> str:
        payload = AlasanSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data["alasan"]

    def step(self, take: Callable[[Laporan, Any], LaporanEvent]) -> Response:
        laporan = self.get_object()
        try:
            take(laporan, self.request.user)
        except PermissionDenied as exc:
            raise refused(exc) from None
        except events.WorkflowError as exc:
            raise Conflict(str(exc)) from None
        return self.answer(laporan, status.HTTP_200_OK)

    def answer(self, laporan: Laporan, code: int) -> Response:
        fresh = self.get_queryset().get(pk=laporan.pk)
        return Response(self.get_serializer(fresh).data, status=code)
