"""Read-only pages of the national reference data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from selaras.reference.models import Nomenklatur, PrioritasNasional, ProgramPrioritas, QuickWin


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
        "prioritas": PrioritasNasional.objects.all(),
        "program_prioritas": ProgramPrioritas.objects.all(),
        "quick_win": QuickWin.objects.all(),
    }
    return render(request, "reference/nomenklatur_list.html", context)
