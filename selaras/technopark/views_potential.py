"""The potential page: the criteria and their weights, the score of every kecamatan with
each number explained, the map, and a Technopark indicator's target allocated to the
kecamatan (rounding shown, changes with a reason).

Who: anyone of the Pemda may open the page; the figures are those of the UMKM of the
Perangkat Daerah whose Renja holds the chosen indicator (else the user's own), so an
outsider sees no other agency's businesses. Weights and allocations are changed by
administrators and planners only (403 for readers); an indicator the user may not see
answers 404. The page makes a fixed number of queries whatever the number of UMKM.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.htmx import render_page_or_fragment
from selaras.core.params import BadParameter, parse_int
from selaras.lib.numbers import format_number, format_percent
from selaras.monitoring import sources
from selaras.monitoring.figures import elapsed_quarters
from selaras.planning.models import Indikator
from selaras.technopark.forms_potential import AllocationLine, AlokasiForm, BobotForm
from selaras.technopark.models import UMKM, AlokasiTarget, KriteriaPotensi
from selaras.technopark.potential import (
    SHARE_CRITERIA,
    Criterion,
    Potential,
    Share,
    allocate,
    compute,
    criteria_of,
    ensure_criteria,
)

INVALID = 422
PAGE = "technopark/potensi.html"
FRAGMENT = "technopark/_potensi_hasil.html"
Kode = KriteriaPotensi.Kode
# The map colours a score by one of five equal classes of 0..1.
MAP_CLASSES = 5


def technopark_indicators(user: Any) -> QuerySet[Indikator]:
    """Indicators of the user's visible Renja fed by the Technopark or split by kecamatan."""
    return (
        Indikator.objects.visible_to(user)
        .filter(Q(sumber_otomatis__gt="") | Q(per_kecamatan=True))
        .select_related("renja__perangkat_daerah")
        .order_by("-renja__tahun", "renja__perangkat_daerah__singkatan", "id")
    )


def _indikator_from(request: HttpRequest, value: str | None, write: bool = False) -> Indikator | None:
    if not value:
        return None
    try:
        pk = parse_int(value, "indikator")
    except ValueError as exc:
        raise BadParameter(str(exc)) from None
    return get_for_user(
        Indikator.objects.filter(Q(sumber_otomatis__gt="") | Q(per_kecamatan=True)).select_related(
            "renja__perangkat_daerah"
        ),
        request.user,
        write=write,
        pk=pk,
    )


def _scope(request: HttpRequest, indikator: Indikator | None) -> tuple[int, int | None]:
    """The Pemda whose criteria apply and the Perangkat Daerah whose UMKM are counted."""
    if indikator is not None:
        return indikator.pemda_id, indikator.renja.perangkat_daerah_id
    user = request.user
    if not user.pemda_id:  # type: ignore[union-attr]
        raise Http404("Pengguna belum terhubung dengan Pemerintah Daerah.")
    return user.pemda_id, user.perangkat_daerah_id  # type: ignore[union-attr]


def whole_target(indikator: Indikator) -> int | None:
    """The annual target as a whole number of units, or None when it has a fraction."""
    target = indikator.target
    if target is None or target != target.to_integral_value():
        return None
    return int(target)


# --- Display ----------------------------------------------------------------------------------


def _raw_text(kode: str, value: Decimal | None) -> str:
    if value is None:
        return "-"
    if kode in SHARE_CRITERIA:
        return format_percent(value * 100)
    if kode == Kode.JARAK:
        return f"{format_number(value, 2)} km"
    return format_number(value)


def _map_class(score: Decimal) -> int:
    return min(MAP_CLASSES - 1, int((score * MAP_CLASSES).to_integral_value(rounding=ROUND_FLOOR)))


def _table(potential: Potential, allocated: dict[int, int]) -> list[dict[str, Any]]:
    rows = []
    for row in sorted(potential.rows, key=lambda r: (r.rank, r.figures.kode)):
        rows.append(
            {
                "row": row,
                "cells": [
                    {
                        "raw": _raw_text(c.kode, row.values[c.kode].raw),
                        "normal": row.values[c.kode].normal,
                        "contribution": row.values[c.kode].contribution,
                    }
                    for c in potential.criteria
                ],
                "allocated": allocated.get(row.figures.kecamatan_id),
            }
        )
    return rows


def _map_data(potential: Potential, allocated: dict[int, int]) -> dict[str, dict[str, Any]]:
    """Per kecamatan code, what the map shows; numbers as text (never float)."""
    return {
        row.figures.kode: {
            "nama": row.figures.nama,
            "skor": format_number(row.score, 4),
            "kelas": _map_class(row.score),
            "peringkat": row.rank,
            "umkm": row.figures.jumlah_umkm,
            "alokasi": None
            if allocated.get(row.figures.kecamatan_id) is None
            else str(allocated[row.figures.kecamatan_id]),
        }
        for row in potential.rows
    }


def _ranges(potential: Potential) -> list[dict[str, str]]:
    return [
        {
            "label": c.label,
            "low": _raw_text(c.kode, potential.ranges[c.kode][0]),
            "high": _raw_text(c.kode, potential.ranges[c.kode][1]),
        }
        for c in potential.criteria
    ]


def _weight_share(criteria: list[Criterion], total: Decimal) -> list[dict[str, Any]]:
    return [
        {
            "criterion": c,
            "share": None
            if not total
            else (c.bobot / total * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        }
        for c in criteria
    ]


# --- Context ----------------------------------------------------------------------------------


def realised_by_kecamatan(indikator: Indikator) -> dict[int, Decimal] | None:
    """The indicator's realisation so far per kecamatan, from its automatic source; None for
    an indicator that is filled in by hand (it has no breakdown by place)."""
    if not sources.is_automatic(indikator):
        return None
    source = sources.REGISTRY[indikator.sumber_otomatis]
    counted = elapsed_quarters(indikator.renja.tahun)
    totals: dict[int, Decimal] = {}
    for (_, quarter, kecamatan_id), value in source.compute_by_kecamatan(
        indikator.renja, [indikator]
    ).items():
        if quarter <= counted:
            totals[kecamatan_id] = totals.get(kecamatan_id, Decimal(0)) + value
    return totals


def _allocation(
    indikator: Indikator, potential: Potential, saved_rows: dict[int, AlokasiTarget]
) -> tuple[list[AllocationLine], int | None, bool]:
    target = whole_target(indikator)
    if target is None or not potential.rows:
        return [], target, False
    shares: list[Share] = allocate(target, potential.scores(), tie_key=potential.codes())
    names = {row.figures.kecamatan_id: row.figures.nama for row in potential.rows}
    realised = realised_by_kecamatan(indikator)
    lines = [
        AllocationLine(
            s.kecamatan_id,
            names[s.kecamatan_id],
            s,
            saved_rows.get(s.kecamatan_id),
            realised.get(s.kecamatan_id, Decimal(0)) if realised is not None else None,
        )
        for s in shares
    ]
    evenly = not any(potential.scores().values())
    return lines, target, evenly


def _shows_sample(indikator: Indikator | None, pemda_id: int, pd_id: int | None) -> bool:
    """Scores from sample businesses, or a target of a sample Renja."""
    if indikator is not None and indikator.renja.data_contoh:
        return True
    businesses = UMKM.objects.filter(pemda_id=pemda_id, data_contoh=True)
    if pd_id is not None:
        businesses = businesses.filter(perangkat_daerah_id=pd_id)
    return businesses.exists()


def _context(
    request: HttpRequest,
    indikator: Indikator | None,
    bobot_form: BobotForm,
    preview: list[Criterion] | None = None,
    alokasi_form: AlokasiForm | None = None,
) -> dict[str, Any]:
    user = request.user
    pemda_id, pd_id = _scope(request, indikator)
    criteria = preview if preview is not None else criteria_of(bobot_form.rows)
    potential = compute(pemda_id, pd_id, criteria)
    context: dict[str, Any] = {
        "indicators": list(technopark_indicators(user)),
        "indikator": indikator,
        "bobot_form": bobot_form,
        "preview": preview is not None,
        "may_edit_weights": user.can_edit_plans,  # type: ignore[union-attr]
        "potential": potential,
        "weights": _weight_share(potential.criteria, potential.total_weight),
        "ranges": _ranges(potential),
        "share_criteria": SHARE_CRITERIA,
        "sample": _shows_sample(indikator, pemda_id, pd_id),
    }
    allocated: dict[int, int] = {}
    if indikator is not None:
        saved_rows = {
            r.kecamatan_id: r
            for r in AlokasiTarget.objects.filter(pemda_id=indikator.pemda_id, indikator=indikator)
        }
        lines, target, evenly = _allocation(indikator, potential, saved_rows)
        form = alokasi_form if alokasi_form is not None else AlokasiForm(lines=lines)
        saved_total = sum(r.ditetapkan for r in saved_rows.values()) if saved_rows else None
        floor_total = sum(line.share.floor for line in lines)
        # The exact remainders add up to what the floors leave of the target, a whole
        # number; adding the four-place ones shown would print 14,9999.
        remainder_total = Decimal(target - floor_total) if target is not None and lines else Decimal(0)
        shows_saved = bool(saved_rows) and preview is None
        allocated = (
            {kid: r.ditetapkan for kid, r in saved_rows.items()}
            if shows_saved
            else {line.kecamatan_id: line.share.allocated for line in lines}
        )
        context.update(
            {
                "may_edit_allocation": may_edit(Indikator.objects.all(), user, indikator),  # type: ignore[arg-type]
                "target": target,
                "shows_saved": shows_saved,
                "evenly": evenly,
                "alokasi_form": form,
                "saved_total": saved_total,
                "saved_mismatch": saved_total is not None and target is not None and saved_total != target,
                "alloc_totals": {
                    "score": sum((line.share.score for line in lines), Decimal(0)),
                    "floor": floor_total,
                    "remainder": remainder_total,
                    "extra": sum(line.share.extra for line in lines),
                    "allocated": sum(line.share.allocated for line in lines),
                    "realised": sum((line.realised or Decimal(0) for line in lines), Decimal(0)),
                },
                "shows_realised": bool(lines) and lines[0].realised is not None,
                "changed_since": [
                    line
                    for line in lines
                    if line.saved is not None and line.saved.dihitung != line.share.allocated
                ],
            }
        )
    context["table"] = _table(potential, allocated)
    context["map_data"] = _map_data(potential, allocated)
    return context


def _potensi_url(indikator: Indikator | None) -> str:
    url = reverse("technopark:potensi")
    return f"{url}?indikator={indikator.pk}" if indikator is not None else url


# --- Views ------------------------------------------------------------------------------------


@login_required
def potensi(request: HttpRequest) -> HttpResponse:
    indikator = _indikator_from(request, request.GET.get("indikator"))
    pemda_id, _ = _scope(request, indikator)
    form = BobotForm(rows=ensure_criteria(pemda_id))
    return render_page_or_fragment(request, PAGE, FRAGMENT, _context(request, indikator, form))


@login_required
@require_POST
def potensi_bobot(request: HttpRequest) -> HttpResponse:
    """Recalculate with the weights as typed (aksi=hitung: a preview, nothing saved) or
    save them (aksi=simpan)."""
    if not request.user.can_edit_plans:  # type: ignore[union-attr]
        raise PermissionDenied("Anda tidak berhak mengubah bobot kriteria potensi.")
    indikator = _indikator_from(request, request.POST.get("indikator"))
    pemda_id, _ = _scope(request, indikator)
    form = BobotForm(request.POST, rows=ensure_criteria(pemda_id))
    if not form.is_valid():
        context = _context(request, indikator, form)
        return render_page_or_fragment(request, PAGE, FRAGMENT, context, status=INVALID)
    if request.POST.get("aksi") != "simpan":
        context = _context(request, indikator, form, preview=form.criteria())
        return render_page_or_fragment(request, PAGE, FRAGMENT, context)
    changed = form.save()
    messages.success(
        request,
        f"Bobot kriteria potensi disimpan ({changed} kriteria berubah)."
        if changed
        else "Tidak ada bobot yang berubah.",
    )
    return redirect(_potensi_url(indikator))


@login_required
@require_POST
def potensi_alokasi(request: HttpRequest, pk: int) -> HttpResponse:
    """Save a target's allocation per kecamatan: every row, or none when one is wrong."""
    indikator = _indikator_from(request, str(pk), write=True)
    assert indikator is not None
    pemda_id, pd_id = _scope(request, indikator)
    rows = ensure_criteria(pemda_id)
    target = whole_target(indikator)
    if target is None:
        messages.error(
            request, "Target indikator ini bukan bilangan bulat sehingga tidak dapat dibagi per kecamatan."
        )
        return redirect(_potensi_url(indikator))
    potential = compute(pemda_id, pd_id, criteria_of(rows))
    saved_rows = {
        r.kecamatan_id: r
        for r in AlokasiTarget.objects.filter(pemda_id=indikator.pemda_id, indikator=indikator)
    }
    lines, _, _ = _allocation(indikator, potential, saved_rows)
    form = AlokasiForm(request.POST, lines=lines)
    if not form.is_valid():
        context = _context(request, indikator, BobotForm(rows=rows), alokasi_form=form)
        return render_page_or_fragment(request, PAGE, PAGE, context, status=INVALID)
    form.save(indikator)
    total = form.total()
    messages.success(request, "Alokasi target per kecamatan disimpan.")
    if total != target:
        messages.warning(
            request,
            f"Perhatian: jumlah yang ditetapkan ({format_number(total)}) tidak sama dengan target "
            f"indikator ({format_number(target)}).",
        )
    return redirect(_potensi_url(indikator))
