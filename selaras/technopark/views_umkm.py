"""Pages of the UMKM registry: the list with its filters and XLSX export, a business's
whole history, and the form that adds or changes a business."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, TypedDict

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from selaras.core.downloads import download_progress
from selaras.core.history import history_rows
from selaras.core.htmx import render_page_or_fragment
from selaras.core.sample_data import sample_share
from selaras.core.xlsx import CellValue, Column, table_response
from selaras.lib.dates import format_date
from selaras.technopark import personal_data
from selaras.technopark.access import get_umkm_for_user, may_add_umkm, owner_unit
from selaras.technopark.filters import UMKMFilterSet
from selaras.technopark.forms_umkm import UMKMForm
from selaras.technopark.models import UMKM, KelasUsaha
from selaras.technopark.privacy import may_see_phone, may_see_phones, shown_phone
from selaras.technopark.views_aktivitas import may_record

PAGE_SIZE = 50
HISTORY_ON_DETAIL = 10
HISTORY_PAGE_SIZE = 50
PRIVATE_FIELDS = ("telepon",)
DATA_CONTOH_NOTE = "Baris bertanda data contoh adalah data rekaan untuk demonstrasi, bukan data resmi."


class SizeBand(TypedDict):
    kelas: KelasUsaha
    low: Decimal | None  # None: no lower bound (Usaha Mikro)
    high: Decimal | None
    current: bool


class SizeRule(TypedDict):
    """Why a business has its size class: the basis (capital, or annual sales for a
    business registered before PP 7/2021), its value, and every band of that basis."""

    basis: str
    reason: str
    value: Decimal
    kelas: KelasUsaha | None
    bands: list[SizeBand]


def size_rule(umkm: UMKM, classes: Sequence[KelasUsaha]) -> SizeRule:
    by_sales = umkm.terdaftar_sebelum_pp7
    if by_sales:
        basis = "penjualan tahunan (omzet)"
        reason = (
            "Usaha ini terdaftar sebelum PP 7/2021 berlaku, sehingga kelasnya ditentukan "
            "menurut hasil penjualan tahunan."
        )
    else:
        basis = "modal usaha"
        reason = (
            "Menurut PP 7/2021 Pasal 35, kelas usaha ditentukan menurut modal usaha "
            "(tidak termasuk tanah dan bangunan tempat usaha)."
        )
    bands: list[SizeBand] = [
        {
            "kelas": k,
            "low": k.penjualan_di_atas if by_sales else k.modal_di_atas,
            "high": k.penjualan_sampai if by_sales else k.modal_sampai,
            "current": k.pk == umkm.kelas_id,
        }
        for k in classes
    ]
    return {
        "basis": basis,
        "reason": reason,
        "value": umkm.omzet_tahunan if by_sales else umkm.modal_usaha,
        "kelas": umkm.kelas,
        "bands": bands,
    }


def _filtered(request: HttpRequest) -> UMKMFilterSet:
    """The businesses the user sees, filtered by the query string: the page and the
    export both start here, so they hold the same rows."""
    rows = (
        UMKM.objects.visible_to(request.user)
        .select_related("kecamatan", "kampung", "kelas")
        .annotate(jumlah_pembinaan=Count("partisipasi"))
        .order_by("nama_usaha", "id")
    )
    return UMKMFilterSet(request.GET or None, queryset=rows, request=request)


def _without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
def umkm_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    rows = [{"umkm": u, "telepon": shown_phone(user, u)} for u in page]
    context: dict[str, Any] = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "show_phone": may_see_phones(user),
        "sample": sample_share(page),
        "active_filters": sum(1 for name in filterset.form.fields if name != "q" and request.GET.get(name)),
        "can_add": may_add_umkm(user),
        "query": _without(request, "page", "unduh"),
        "query_base": _without(request, "page", "unduh"),
        "subnav": "umkm",
    }
    return render_page_or_fragment(
        request, "technopark/umkm_list.html", "technopark/_umkm_table.html", context
    )


@login_required
def umkm_detail(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = UMKM.objects.select_related("kecamatan", "kampung", "kelas", "unit_kerja", "perangkat_daerah")
    umkm, can_edit = get_umkm_for_user(request.user, pk, queryset=queryset)
    partisipasi = (
        umkm.partisipasi.select_related("aktivitas__kecamatan", "aktivitas__kampung")
        .prefetch_related("aktivitas__pendamping")
        .order_by("-aktivitas__tanggal", "-aktivitas_id")
    )
    entries = list(_history(umkm)[: HISTORY_ON_DETAIL + 1])
    context = {
        "umkm": umkm,
        "can_edit": can_edit,
        "can_handle_personal_data": personal_data.may_handle(request.user, umkm),
        "can_record_activity": may_record(request.user, umkm.perangkat_daerah_id),
        "telepon": shown_phone(request.user, umkm),
        "rule": size_rule(umkm, list(KelasUsaha.objects.order_by("urutan"))),
        "partisipasi": partisipasi,
        "snapshots": umkm.snapshot.order_by("tanggal"),
        "history": history_rows(entries[:HISTORY_ON_DETAIL], _hidden_fields(request, umkm)),
        "more_history": len(entries) > HISTORY_ON_DETAIL,
        "subnav": "umkm",
    }
    return render(request, "technopark/umkm_detail.html", context)


@login_required
def umkm_history(request: HttpRequest, pk: int) -> HttpResponse:
    umkm, _ = get_umkm_for_user(request.user, pk)
    page = Paginator(_history(umkm), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "umkm": umkm,
        "page": page,
        "history": history_rows(page, _hidden_fields(request, umkm)),
        "subnav": "umkm",
    }
    return render(request, "technopark/umkm_history.html", context)


def _history(umkm: UMKM) -> QuerySet[LogEntry]:
    return (
        LogEntry.objects.get_for_object(umkm)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )


def _hidden_fields(request: HttpRequest, umkm: UMKM) -> tuple[str, ...]:
    return () if may_see_phone(request.user, umkm) else PRIVATE_FIELDS


@login_required
def umkm_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_add_umkm(user):
        raise PermissionDenied("Anda tidak berhak menambah data UMKM.")
    unit = owner_unit(user)
    umkm = UMKM(pemda_id=user.pemda_id, perangkat_daerah_id=user.perangkat_daerah_id, unit_kerja=unit)
    return _edit(request, umkm, created=True)


@login_required
def umkm_edit(request: HttpRequest, pk: int) -> HttpResponse:
    umkm, _ = get_umkm_for_user(request.user, pk, write=True)
    return _edit(request, umkm, created=False)


NO_UNIT = (
    "Akun Anda belum terhubung ke unit pembina (UPT atau bidang) sehingga UMKM belum dapat "
    "ditambahkan. Hubungi administrator."
)


def _edit(request: HttpRequest, umkm: UMKM, created: bool) -> HttpResponse:
    form = UMKMForm(
        request.POST or None,
        instance=umkm,
        user=request.user,
        show_phone=may_see_phone(request.user, umkm),
    )
    if created and umkm.unit_kerja_id is None:
        if request.method == "POST":
            form.add_error(None, NO_UNIT)
        else:
            messages.warning(request, NO_UNIT)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        kelas = saved.kelas.nama if saved.kelas else "belum dapat digolongkan"
        verb = "ditambahkan" if created else "disimpan"
        messages.success(request, f"UMKM '{saved.nama_usaha}' {verb}. Kelas usaha: {kelas}.")
        return redirect("technopark:umkm_detail", pk=saved.pk)
    context = {"form": form, "umkm": umkm, "created": created, "subnav": "umkm"}
    status = 422 if request.method == "POST" else 200
    return render(request, "technopark/umkm_form.html", context, status=status)


COLUMNS_BEFORE_PHONE = [Column("No", 6), Column("Nama Usaha", 32, wrap=True), Column("Nama Pemilik", 24)]
PHONE_COLUMN = Column("Telepon", 16)
COLUMNS_AFTER_PHONE = [
    Column("NIB", 16),
    Column("Sektor (KBLI)", 30, wrap=True),
    Column("Produk", 30, wrap=True),
    Column("Kecamatan", 18),
    Column("Kampung/Kelurahan", 20),
    Column("Tahun Mulai", 10),
    Column("Modal Usaha (Rp)", 18),
    Column("Omzet Tahunan (Rp)", 18),
    Column("Tenaga Kerja", 10),
    Column("Kelas Usaha", 12),
    Column("Punya NIB", 10),
    Column("SPP-IRT", 10),
    Column("Sertifikat Halal", 10),
    Column("Izin Edar BPOM", 10),
    Column("HKI/Merek", 10),
    Column("Badan Usaha", 10),
    Column("Jumlah Pembinaan", 12),
    Column("Data Contoh", 10),
]


def _export_rows(rows: QuerySet[UMKM], user: Any, with_phone: bool) -> Iterator[list[CellValue]]:
    for number, u in enumerate(rows, start=1):
        head: list[CellValue] = [number, u.nama_usaha, u.nama_pemilik]
        phone: list[CellValue] = [shown_phone(user, u)] if with_phone else []
        tail: list[Any] = [
            u.nib,
            u.get_sektor_display(),
            u.produk,
            u.kecamatan.nama,
            u.kampung.nama,
            u.tahun_mulai,
            u.modal_usaha,
            u.omzet_tahunan,
            u.tenaga_kerja,
            u.kelas.nama if u.kelas else "",
            u.punya_nib,
            u.spp_irt,
            u.halal,
            u.bpom,
            u.merek,
            u.badan_usaha,
            u.jumlah_pembinaan,  # type: ignore[attr-defined]
            u.data_contoh,
        ]
        yield head + phone + tail


@login_required
@download_progress
def umkm_xlsx(request: HttpRequest) -> HttpResponse:
    user = request.user
    filterset = _filtered(request)
    with_phone = may_see_phones(user)
    columns = COLUMNS_BEFORE_PHONE + ([PHONE_COLUMN] if with_phone else []) + COLUMNS_AFTER_PHONE
    today = timezone.localdate()
    agency = str(user.perangkat_daerah) if user.perangkat_daerah_id else "Semua Perangkat Daerah"
    filters = filterset.described()
    title = [
        "Daftar UMKM Binaan Technopark",
        agency,
        f"Dicetak {format_date(today)}",
        "Filter: " + ("; ".join(filters) if filters else "tidak ada (semua UMKM yang dapat Anda lihat)"),
    ]
    if filterset.qs.filter(data_contoh=True).exists():
        title.append(DATA_CONTOH_NOTE)
    return table_response(
        f"umkm-{today:%Y%m%d}.xlsx",
        columns,
        _export_rows(filterset.qs, user, with_phone),
        title=title,
        sheet_title="UMKM",
    )
