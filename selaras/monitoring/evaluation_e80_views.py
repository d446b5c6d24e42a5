"""The E.80 evaluation of a Renstra: the page, the XLSX and the PDF. All three start from
the same access helper as the Renstra page, so an outsider gets 404 and every reader of
the Perangkat Daerah reads it; the cells and the sheet come from evaluation_e80_export.py.
The page also saves the form's narratives (planners and administrators of the Perangkat
Daerah; a reader gets 403), which all three print in the footer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.downloads import download_progress
from selaras.core.pdf import pdf_response
from selaras.core.xlsx import workbook_response
from selaras.lib import capaian as rules
from selaras.monitoring.evaluation_e80 import (
    E80,
    ENTERED_LEGEND,
    FORM,
    TITLE,
    build_e80,
    filename,
)
from selaras.monitoring.evaluation_e80_export import e80_workbook, figure_cells, headings, sheet_columns
from selaras.monitoring.forms import NarasiForm
from selaras.monitoring.models import NarasiEvaluasiRenstra
from selaras.planning.exports import DATA_CONTOH
from selaras.planning.models import Renstra


def _e80(request: HttpRequest, pk: int) -> E80:
    queryset = Renstra.objects.select_related("perangkat_daerah", "pemda")
    renstra = get_for_user(queryset, request.user, pk=pk)
    e80 = build_e80(renstra, request.user)
    if renstra.data_contoh:
        e80.notes.append(DATA_CONTOH)
    return e80


def _context(e80: E80, form: NarasiForm | None = None) -> dict[str, Any]:
    renstra = e80.renstra
    return {
        "narasi_form": form,
        "e80": e80,
        "renstra": renstra,
        "pd": renstra.perangkat_daerah,
        "pemda": renstra.pemda,
        "headings": headings(e80),
        "lines": [{"row": r, "figures": figure_cells(r)} for r in e80.rows],
        "narasi": e80.narasi,
        "title": TITLE,
        "form": FORM,
        "entered_legend": ENTERED_LEGEND,
        "predikat_rule": rules.band_conditions(rules.PREDIKAT_BANDS),
        "ratio_offset": sheet_columns(len(e80.years))[0],
        "column_count": sheet_columns(len(e80.years))[1],
    }


def _narasi_form(renstra: Renstra, instance: NarasiEvaluasiRenstra | None, data: Any = None) -> NarasiForm:
    return NarasiForm(data, instance=instance or NarasiEvaluasiRenstra(renstra=renstra, pemda=renstra.pemda))


@login_required
def e80_page(request: HttpRequest, pk: int) -> HttpResponse:
    e80 = _e80(request, pk)
    form = (
        _narasi_form(e80.renstra, e80.narasi_record)
        if may_edit(Renstra.objects, request.user, e80.renstra)
        else None
    )
    return render(request, "monitoring/e80.html", _context(e80, form))


@login_required
@require_POST
def e80_narasi(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the narratives (through the model's save, so the audit log keeps each change)."""
    renstra = get_for_user(Renstra.objects, request.user, write=True, pk=pk)
    form = _narasi_form(renstra, NarasiEvaluasiRenstra.objects.filter(renstra=renstra).first(), request.POST)
    if not form.is_valid():
        e80 = _e80(request, pk)
        return render(request, "monitoring/e80.html", _context(e80, form), status=422)
    form.save()
    messages.success(request, "Narasi evaluasi E.80 disimpan.")
    return redirect(f"{reverse('monitoring:e80', args=[renstra.pk])}#narasi")


@login_required
@download_progress
def e80_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    e80 = _e80(request, pk)
    return pdf_response("monitoring/e80_pdf.html", _context(e80), filename(e80, "pdf"), request)


@login_required
@download_progress
def e80_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    e80 = _e80(request, pk)
    return workbook_response(e80_workbook(e80), filename(e80, "xlsx"))
