"""The E.81 evaluation of a Renja: the page, the XLSX and the PDF, for the quarter chosen
with ?triwulan= (or the older ?tw=; by default the last quarter that has ended, the
dashboard's default too) and, with ?bidang=, one Unit Kerja's sub kegiatan. All three
start from the same access helper, so an outsider gets 404 and an operator sees only its
own bidang (another bidang's id is not among its choices and is ignored)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from selaras.accounts.scoping import get_for_user
from selaras.core.downloads import download_progress
from selaras.core.params import id_param
from selaras.core.pdf import pdf_response
from selaras.core.xlsx import workbook_response
from selaras.lib import dates
from selaras.monitoring.dashboard import bidang_choices
from selaras.monitoring.evaluation import PENDING_LEGEND, Evaluation, build_evaluation
from selaras.monitoring.evaluation_export import (
    evaluation_workbook,
    filename,
    footer_entries,
    form_heading,
    headings,
    lines,
    predikat_rule,
    title_lines,
)
from selaras.monitoring.quarters import chosen_quarter, quarter_choices
from selaras.organisations.models import UnitKerja
from selaras.planning.exports import DATA_CONTOH
from selaras.planning.models import Renja


def _chosen_unit(request: HttpRequest, renja: Renja, choices: list[UnitKerja] | None) -> UnitKerja | None:
    """The bidang of ?bidang= among those the user may choose; None for all it sees."""
    chosen = id_param(request, "bidang")
    if chosen is None:
        return None
    if choices is None:
        choices = bidang_choices(renja, request.user)
    return next((unit for unit in choices if unit.pk == chosen), None)


def _renja(request: HttpRequest, renja_pk: int) -> Renja:
    queryset = Renja.objects.select_related("perangkat_daerah", "pemda", "renstra")
    return get_for_user(queryset, request.user, pk=renja_pk)


def _evaluation(request: HttpRequest, renja: Renja, choices: list[UnitKerja] | None = None) -> Evaluation:
    unit = _chosen_unit(request, renja, choices)
    evaluation = build_evaluation(renja, request.user, chosen_quarter(request, renja), unit)
    if renja.data_contoh:
        evaluation.notes.append(DATA_CONTOH)
    return evaluation


def _context(evaluation: Evaluation) -> dict[str, Any]:
    renja = evaluation.renja
    return {
        "evaluation": evaluation,
        "renja": renja,
        "pd": renja.perangkat_daerah,
        "pemda": renja.pemda,
        "heading": form_heading(evaluation),
        "headings": headings(renja),
        "lines": lines(evaluation),
        "footer": evaluation.footer,
        "footer_entries": footer_entries(evaluation),
        "signatures": [evaluation.dievaluasi, evaluation.disusun],
        "predikat_rule": predikat_rule(),
        "pending_legend": PENDING_LEGEND,
        "title_lines": title_lines(evaluation),
    }


@login_required
def evaluation_page(request: HttpRequest, renja_pk: int) -> HttpResponse:
    renja = _renja(request, renja_pk)
    choices = bidang_choices(renja, request.user)
    evaluation = _evaluation(request, renja, choices)
    context = _context(evaluation)
    running = dates.running_quarter(evaluation.renja.tahun, dates.today())
    context["quarters"] = quarter_choices(running)
    context["choices"] = choices
    context["bidang"] = evaluation.unit.pk if evaluation.unit else None
    params = {"triwulan": evaluation.up_to, **({"bidang": evaluation.unit.pk} if evaluation.unit else {})}
    context["export_query"] = urlencode(params)
    return render(request, "monitoring/evaluation.html", context)


@login_required
@download_progress
def evaluation_xlsx(request: HttpRequest, renja_pk: int) -> HttpResponse:
    evaluation = _evaluation(request, _renja(request, renja_pk))
    return workbook_response(evaluation_workbook(evaluation), filename(evaluation, "xlsx"))


@login_required
@download_progress
def evaluation_pdf(request: HttpRequest, renja_pk: int) -> HttpResponse:
    evaluation = _evaluation(request, _renja(request, renja_pk))
    return pdf_response(
        "monitoring/evaluation_pdf.html", _context(evaluation), filename(evaluation, "pdf"), request
    )
