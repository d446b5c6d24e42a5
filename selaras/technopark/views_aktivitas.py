"""Technopark activities: the list (also the records behind the plan's automatic
realisation), the detail page, the phone-friendly form a mentor fills in the field, the
search of businesses for that form, and the photos served after a visibility check."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from selaras.accounts.models import User
from selaras.accounts.scoping import get_for_user
from selaras.core.htmx import render_page_or_fragment
from selaras.core.params import parse_id
from selaras.core.sample_data import sample_share
from selaras.core.uploads import private_file_response
from selaras.lib.dates import quarter_label, quarter_of
from selaras.technopark.access import may_write
from selaras.technopark.forms_aktivitas import (
    HASIL,
    KUNCI,
    OUTCOME_FIELDS,
    AktivitasFilterSet,
    AktivitasForm,
    PesertaSet,
    new_kunci,
    outcome_label,
    placeholder_peserta,
)
from selaras.technopark.legal import apply_legal_outcomes
from selaras.technopark.models import UMKM, Aktivitas, FotoAktivitas
from selaras.technopark.sources import counted_indicators

PER_PAGE = 25
SEARCH_LIMIT = 20
INVALID = 422
SAVED = "Aktivitas disimpan."


def may_record(user: Any, perangkat_daerah_id: int | None) -> bool:
    """Administrators, planners and mentors of a Perangkat Daerah record and change its
    activities (a mentor only those his unit may see, which the caller's lookup ensures)."""
    return (
        may_write(user)
        and perangkat_daerah_id is not None
        and (user.is_superuser or user.perangkat_daerah_id == perangkat_daerah_id)
    )


def _wants_json(request: HttpRequest) -> bool:
    """The form's script sends with fetch and asks for JSON; a plain POST gets a redirect."""
    return "application/json" in request.headers.get("Accept", "")


def _listed(user: User) -> QuerySet[Aktivitas]:
    outcome_counts = {
        f"n_{key}": Count("partisipasi", filter=Q(**{f"partisipasi__{field}": True}))
        for key, field in HASIL.items()
    }
    return (
        Aktivitas.objects.visible_to(user)
        .select_related("kecamatan", "kampung")
        .prefetch_related("pendamping")
        .annotate(n_peserta=Count("partisipasi"), **outcome_counts)
        .order_by("-tanggal", "-id")
    )


@login_required
@require_GET
def aktivitas_list(request: HttpRequest) -> HttpResponse:
    filterset = AktivitasFilterSet(request.GET or None, queryset=_listed(request.user), user=request.user)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    chosen = filterset.form.cleaned_data if filterset.is_bound else {}
    tahun, tw = chosen.get("tahun"), chosen.get("tw")
    if tahun and tw:
        period = f"Catatan di balik realisasi {quarter_label(int(tw), tahun)}"
    elif tahun:
        period = f"Catatan di balik realisasi tahun {tahun}"
    else:
        period = ""
    rows = [
        {
            "aktivitas": a,
            "hasil": [
                (outcome_label(field), getattr(a, f"n_{key}"))
                for key, field in HASIL.items()
                if getattr(a, f"n_{key}")
            ],
        }
        for a in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "rows": rows,
        "period": period,
        "sample": sample_share(page),
        "query_base": query.urlencode(),
        "can_record": may_record(request.user, request.user.perangkat_daerah_id),
    }
    return render_page_or_fragment(
        request, "technopark/aktivitas_list.html", "technopark/_aktivitas_results.html", context
    )


@login_required
@require_GET
def aktivitas_detail(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitas = get_for_user(
        Aktivitas.objects.select_related("kecamatan", "kampung", "unit_kerja", "dibuat_oleh"),
        request.user,
        pk=pk,
    )
    peserta = [
        {"p": p, "hasil": [outcome_label(f) for f in OUTCOME_FIELDS if getattr(p, f)]}
        for p in aktivitas.partisipasi.select_related("umkm__kecamatan", "umkm__kampung").order_by(
            "umkm__nama_usaha"
        )
    ]
    context = {
        "aktivitas": aktivitas,
        "peserta": peserta,
        "counted": counted_indicators(request.user, aktivitas, [row["p"] for row in peserta]),
        "quarter": quarter_of(aktivitas.tanggal),
        "period": quarter_label(quarter_of(aktivitas.tanggal), aktivitas.tanggal.year),
        "foto": list(aktivitas.foto.order_by("id")),
        "mentors": list(aktivitas.pendamping.order_by("first_name", "username")),
        "can_edit": may_record(request.user, aktivitas.perangkat_daerah_id),
    }
    return render(request, "technopark/aktivitas_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def aktivitas_add(request: HttpRequest) -> HttpResponse:
    if not may_record(request.user, request.user.perangkat_daerah_id):
        raise PermissionDenied("Anda tidak berhak mencatat aktivitas Technopark.")
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def aktivitas_edit(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitas = get_for_user(Aktivitas.objects.all(), request.user, pk=pk)
    if not may_record(request.user, aktivitas.perangkat_daerah_id):
        raise PermissionDenied("Anda tidak berhak mengubah aktivitas ini.")
    return _edit(request, aktivitas)


def _edit(request: HttpRequest, aktivitas: Aktivitas | None) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    existing = list(aktivitas.partisipasi.all()) if aktivitas else []
    status = 200
    if request.method == "POST":
        if aktivitas is None and (first := _sent_before(user, request.POST.get("kunci_kirim", ""))):
            return _saved(request, first)
        form = AktivitasForm(request.POST, request.FILES, instance=aktivitas, user=user)
        peserta = PesertaSet(user, request.POST, existing)
        form_ok = form.is_valid()
        if peserta.check(form.cleaned_data.get("jenis")) and form_ok:
            return _saved(request, _save(user, form, peserta, aktivitas))
        status = INVALID
    else:
        form = AktivitasForm(instance=aktivitas, user=user)
        chosen = parse_id(request.GET.get("umkm", "")) if aktivitas is None else None
        peserta = PesertaSet(user, None, existing, preselect=[chosen] if chosen else [])
    context = {"form": form, "peserta": peserta, "aktivitas": aktivitas, "template": placeholder_peserta()}
    return render(request, "technopark/aktivitas_form.html", context, status=status)


def _sent_before(user: User, kunci: str) -> Aktivitas | None:
    """The activity a user already stored with this submission key (a form sent twice)."""
    if not KUNCI.match(kunci):
        return None
    return (
        Aktivitas.objects.filter(pemda_id=user.pemda_id, dibuat_oleh=user, kunci_kirim=kunci)
        .order_by("id")
        .first()
    )


def _save(user: User, form: AktivitasForm, peserta: PesertaSet, aktivitas: Aktivitas | None) -> Aktivitas:
    """The activity, its participants with their outcomes and its files, all or nothing."""
    with transaction.atomic():
        kunci = form.cleaned_data.get("kunci_kirim", "")
        if aktivitas is None:
            # One submission of a user at a time, so two copies of a form sent together
            # (a retry racing the first attempt) still store one activity.
            list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
            if kunci and (first := _sent_before(user, kunci)):
                return first
        obj: Aktivitas = form.save(commit=False)
        if aktivitas is None:
            obj.pemda_id = user.pemda_id
            obj.perangkat_daerah_id = user.perangkat_daerah_id
            obj.unit_kerja_id = user.unit_kerja_id or form.cleaned_data["unit_kerja"].pk
            obj.dibuat_oleh = user
            obj.kunci_kirim = kunci or new_kunci()
        obj.save()
        form.save_m2m()
        obj.partisipasi.exclude(umkm_id__in=[item.umkm_id for item in peserta.items]).delete()
        for item in peserta.items:
            row = item.form.save(commit=False)
            row.pemda_id, row.aktivitas, row.umkm_id = obj.pemda_id, obj, item.umkm_id
            row.save()
            apply_legal_outcomes(row, item.form.umkm, item.form.cleaned_data.get("nib", ""))
        stored = set(obj.foto.values_list("nama_asli", "ukuran")) if aktivitas else set()
        for upload in form.cleaned_data["berkas"]:
            if (upload.name[:255], upload.size) in stored:  # the same file sent again with an edit
                continue
            FotoAktivitas.objects.create(
                pemda_id=obj.pemda_id,
                aktivitas=obj,
                berkas=upload,
                nama_asli=upload.name[:255],
                jenis=upload.content_type,
                ukuran=upload.size,
            )
    return obj


def _saved(request: HttpRequest, aktivitas: Aktivitas) -> HttpResponse:
    messages.success(request, SAVED)
    url = reverse("technopark:aktivitas_detail", args=[aktivitas.pk])
    if _wants_json(request):
        return JsonResponse({"ok": True, "id": aktivitas.pk, "url": url})
    return redirect(url)


@login_required
@require_GET
def aktivitas_foto(request: HttpRequest, pk: int) -> FileResponse:
    foto = (
        FotoAktivitas.objects.filter(aktivitas__in=Aktivitas.objects.visible_to(request.user).values("pk"))
        .filter(pk=pk)
        .first()
    )
    if foto is None:
        raise Http404("Berkas tidak ditemukan.")
    return private_file_response(
        foto.berkas, foto.nama_asli, foto.jenis, inline=foto.jenis.startswith("image/")
    )


@login_required
@require_GET
def umkm_search(request: HttpRequest) -> HttpResponse:
    """Businesses the user may see whose name, owner, NIB or kampung matches `q`."""
    q = request.GET.get("q", "").strip()[:100]
    rows: list[UMKM] = []
    if len(q) >= 2:
        rows = list(
            UMKM.objects.visible_to(request.user)
            .filter(
                Q(nama_usaha__icontains=q)
                | Q(nama_pemilik__icontains=q)
                | Q(nib__icontains=q)
                | Q(kampung__nama__icontains=q)
            )
            .select_related("kecamatan", "kampung")
            .order_by("nama_usaha", "pk")[:SEARCH_LIMIT]
        )
    context = {"rows": rows, "q": q, "limit": SEARCH_LIMIT}
    return render(request, "technopark/_aktivitas_umkm_hasil.html", context)
