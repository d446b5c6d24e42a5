"""Pages of the outcomes: the before/after comparison with the PAD estimate (dampak), and
the snapshot form of a business."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from selaras.accounts.scoping import get_for_user
from selaras.core.htmx import render_page_or_fragment
from selaras.core.params import year_param
from selaras.lib.dates import format_date
from selaras.technopark.access import may_write
from selaras.technopark.forms_outcomes import PadRatesForm, SnapshotForm
from selaras.technopark.models import UMKM, Aktivitas, Partisipasi, Snapshot
from selaras.technopark.outcomes import (
    before_after,
    default_rates,
    estimate_pad,
    pad_assumptions,
    year_bounds,
)

RATES_SESSION_KEY = "technopark_asumsi_pad"
PER_PAGE = 25


def may_add_snapshot(user: Any) -> bool:
    """Snapshots of a business the user can see are recorded by the Technopark's writers."""
    return may_write(user)


def get_umkm_for_snapshot(user: Any, pk: int) -> UMKM:
    """The business if the user sees it (else 404) and may record its snapshots (else 403)."""
    umkm = get_for_user(UMKM.objects.select_related("kecamatan", "kampung"), user, pk=pk)
    if not may_add_snapshot(user):
        raise PermissionDenied("Anda tidak berhak menambah snapshot UMKM.")
    return umkm


def session_rates(request: HttpRequest) -> dict[str, Decimal]:
    """The rates of the user's 'what if', over the defaults of data/aturan/asumsi_pad.csv."""
    rates = default_rates()
    for code, value in request.session.get(RATES_SESSION_KEY, {}).items():
        if code in rates:
            try:
                rates[code] = Decimal(value)
            except ArithmeticError:
                continue
    return rates


def _year(request: HttpRequest, choices: list[int]) -> int:
    year = year_param(request, source="POST") or year_param(request)
    return year if year in choices else timezone.localdate().year


def _year_choices(businesses: QuerySet[UMKM], user: Any) -> list[int]:
    """Years with snapshots or activities, and the current year (two queries)."""
    years = {timezone.localdate().year}
    years |= {d.year for d in Snapshot.objects.filter(umkm__in=businesses).dates("tanggal", "year")}
    years |= {d.year for d in Aktivitas.objects.visible_to(user).dates("tanggal", "year")}
    return sorted(years, reverse=True)


def _listing(request: HttpRequest, businesses: QuerySet[UMKM], year: int) -> Any:
    start, end = year_bounds(year)
    rows = (
        businesses.select_related("kecamatan")
        .annotate(
            jumlah_snapshot=Count("snapshot"),
            snapshot_terakhir=Max("snapshot__tanggal"),
            dibina=Exists(
                Partisipasi.objects.filter(umkm=OuterRef("pk"), aktivitas__tanggal__range=(start, end))
            ),
        )
        .order_by("nama_usaha", "pk")
    )
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _chart(report: Any) -> dict[str, Any]:
    return {
        "labels": [f"{g.label} ({g.dibandingkan} UMKM)" for g in report.groups],
        "rata": [str(g.rata_omzet) if g.rata_omzet is not None else None for g in report.groups],
        "median": [str(g.median_omzet) if g.median_omzet is not None else None for g in report.groups],
    }


def _pad_context(
    request: HttpRequest, businesses: QuerySet[UMKM], year: int, form: PadRatesForm, rates: dict[str, Decimal]
) -> dict[str, Any]:
    estimate = estimate_pad(businesses, year, rates)
    return {
        "tahun": year,
        "estimate": estimate,
        "pad_rows": [(row, form[f"tarif_{row.sektor}"]) for row in estimate.rows],
        "rates_form": form,
        "assumptions": pad_assumptions(),
    }


@login_required
def dampak(request: HttpRequest) -> HttpResponse:
    """The before/after comparison of a year, the PAD estimate and the businesses' snapshots.
    POST changes the assumed rates of the estimate in the session (a 'what if'; nothing is
    stored in the database) and answers the estimate's fragment to HTMX."""
    businesses = UMKM.objects.visible_to(request.user)
    years = _year_choices(businesses, request.user)
    year = _year(request, years)
    rates = session_rates(request)
    form = PadRatesForm(rates=rates)
    status = 200
    if request.method == "POST":
        if "kembalikan" in request.POST:
            request.session.pop(RATES_SESSION_KEY, None)
            rates = default_rates()
            form = PadRatesForm(rates=rates)
            if not getattr(request, "htmx", False):
                messages.info(request, "Tarif asumsi dikembalikan ke nilai awal.")
        else:
            form = PadRatesForm(request.POST, rates=rates)
            if form.is_valid():
                rates = form.rates()
                request.session[RATES_SESSION_KEY] = {code: str(value) for code, value in rates.items()}
                form = PadRatesForm(rates=rates)
            else:
                status = 422
        if getattr(request, "htmx", False):
            context = _pad_context(request, businesses, year, form, rates)
            return render(request, "technopark/_dampak_pad.html", context, status=status)
        if status == 200:
            return redirect(f"{reverse('technopark:dampak')}?tahun={year}#perkiraan-pad")
    report = before_after(businesses, year)
    context = {
        "years": years,
        "report": report,
        "chart": _chart(report),
        "page_obj": _listing(request, businesses, year),
        "may_add_snapshot": may_add_snapshot(request.user),
        **_pad_context(request, businesses, year, form, rates),
    }
    return render_page_or_fragment(
        request, "technopark/dampak.html", "technopark/_dampak_body.html", context, status=status
    )


def _safe_next(request: HttpRequest) -> str:
    """The page to return to, if it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _after_snapshot_url(request: HttpRequest, umkm: UMKM) -> str:
    if wanted := _safe_next(request):
        return wanted
    try:
        return reverse("technopark:umkm_detail", args=[umkm.pk])
    except NoReverseMatch:
        return reverse("technopark:dampak")


@login_required
def snapshot_add(request: HttpRequest, pk: int) -> HttpResponse:
    umkm = get_umkm_for_snapshot(request.user, pk)
    status = 200
    if request.method == "POST":
        form = SnapshotForm(request.POST, umkm=umkm)
        if form.is_valid():
            try:
                with transaction.atomic():
                    snapshot = form.save()
            except IntegrityError:
                # A second submit of the same date raced the check in the form.
                form.add_error(
                    "tanggal", "Snapshot usaha ini pada tanggal tersebut sudah ada; pilih tanggal lain."
                )
            else:
                messages.success(
                    request, f"Snapshot {umkm.nama_usaha} tanggal {format_date(snapshot.tanggal)} disimpan."
                )
                return redirect(_after_snapshot_url(request, umkm))
        status = 422
    else:
        source: Any = Snapshot.objects.filter(umkm=umkm).order_by("-tanggal").first() or umkm
        form = SnapshotForm(
            umkm=umkm,
            initial={
                "tanggal": timezone.localdate(),
                "omzet_tahunan": source.omzet_tahunan,
                "tenaga_kerja": source.tenaga_kerja,
                "punya_nib": source.punya_nib,
                "halal": source.halal,
                "spp_irt": source.spp_irt,
                "merek": source.merek,
            },
        )
    context = {
        "umkm": umkm,
        "form": form,
        "snapshots": Snapshot.objects.filter(umkm=umkm).order_by("-tanggal")[:20],
        "next": _safe_next(request),
    }
    return render(request, "technopark/snapshot_form.html", context, status=status)
