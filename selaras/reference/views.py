"""Pages of the reference data: the nomenclature (with an administrator's CSV import),
the RPJMN priorities, and the Pemda's editable strategic issues."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from selaras.accounts.models import PLAN_EDITOR_ROLES, Role
from selaras.core.csvdata import read_uploaded_csv
from selaras.reference.forms import IsuStrategisForm, NomenklaturImportForm
from selaras.reference.importing import import_nomenklatur
from selaras.reference.models import IsuStrategis, Nomenklatur, PrioritasNasional, ProgramPrioritas, QuickWin


def _is_admin(user: object) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "role", None) == Role.ADMIN)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """/referensi/: the reference data a plan is aligned with, one card each."""
    context = {
        "nomenklatur": Nomenklatur.objects.count(),
        "prioritas": PrioritasNasional.objects.count(),
        "isu": IsuStrategis.objects.filter(pemda_id=request.user.pemda_id).count(),
    }
    return render(request, "reference/index.html", context)


@login_required
def nomenklatur_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    rows = Nomenklatur.objects.all()
    if q:
        rows = rows.filter(Q(kode__startswith=q) | Q(nama__icontains=q))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "query_base": f"q={q}" if q else "",
        "prioritas": PrioritasNasional.objects.all(),
        "program_prioritas": ProgramPrioritas.objects.all(),
        "quick_win": QuickWin.objects.all(),
        "can_import": _is_admin(request.user),
    }
    return render(request, "reference/nomenklatur_list.html", context)


@login_required
def nomenklatur_import(request: HttpRequest) -> HttpResponse:
    if not _is_admin(request.user):
        raise PermissionDenied("Hanya administrator yang dapat mengimpor nomenklatur.")
    form = NomenklaturImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_uploaded_csv(form.cleaned_data["berkas"])
        except ValueError as exc:
            form.add_error("berkas", str(exc))
        else:
            report = import_nomenklatur(rows)
            if report.ok:
                messages.success(
                    request, f"Nomenklatur diimpor: {report.created} baru, {report.updated} diperbarui."
                )
                return redirect("reference:nomenklatur_list")
    if request.method == "POST" and (form.errors or report):
        status = 422
    return render(
        request, "reference/nomenklatur_import.html", {"form": form, "report": report}, status=status
    )


def _isu_scope(request: HttpRequest, write: bool = False) -> QuerySet[IsuStrategis]:
    user = request.user
    if write and not (user.is_superuser or user.role in PLAN_EDITOR_ROLES):
        raise PermissionDenied("Hanya perencana atau administrator yang dapat mengubah isu strategis.")
    return IsuStrategis.objects.filter(pemda_id=user.pemda_id)


@login_required
def isu_list(request: HttpRequest) -> HttpResponse:
    rows = _isu_scope(request).annotate(jumlah=Count("sub_kegiatan"))
    can_edit = request.user.is_superuser or request.user.role in PLAN_EDITOR_ROLES
    form = IsuStrategisForm(pemda_id=request.user.pemda_id)
    status = 200
    if request.method == "POST":
        _isu_scope(request, write=True)
        form = IsuStrategisForm(
            request.POST,
            pemda_id=request.user.pemda_id,
            instance=IsuStrategis(pemda_id=request.user.pemda_id),
        )
        if form.is_valid():
            form.save()
            messages.success(request, f"Isu strategis '{form.instance.nama}' ditambahkan.")
            return redirect("reference:isu_list")
        status = 422
    return render(
        request, "reference/isu_list.html", {"rows": rows, "form": form, "can_edit": can_edit}, status=status
    )


@login_required
def isu_edit(request: HttpRequest, pk: int) -> HttpResponse:
    isu = _isu_scope(request, write=True).filter(pk=pk).first()
    if isu is None:
        raise Http404("Isu strategis tidak ditemukan.")
    form = IsuStrategisForm(request.POST or None, instance=isu, pemda_id=request.user.pemda_id)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Isu strategis '{isu.nama}' disimpan.")
        return redirect("reference:isu_list")
    status = 422 if request.method == "POST" else 200
    return render(request, "reference/isu_form.html", {"form": form, "isu": isu}, status=status)


@login_required
@require_POST
def isu_delete(request: HttpRequest, pk: int) -> HttpResponse:
    isu = _isu_scope(request, write=True).filter(pk=pk).annotate(jumlah=Count("sub_kegiatan")).first()
    if isu is None:
        raise Http404("Isu strategis tidak ditemukan.")
    if isu.jumlah:
        messages.error(
            request,
            f"Isu strategis '{isu.nama}' masih dipakai oleh {isu.jumlah} sub kegiatan; "
            "lepaskan dulu tandanya.",
        )
    else:
        isu.delete()
        messages.success(request, f"Isu strategis '{isu.nama}' dihapus.")
    return redirect("reference:isu_list")
