"""Pages of the plan: the Renja list and tree, and the Renstra."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.htmx import render_page_or_fragment
from selaras.organisations.models import Kecamatan, UnitKerja
from selaras.planning.models import (
    Renja,
    Renstra,
    RenstraIndikator,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
)
from selaras.planning.tree import TreeFilters, build_tree
from selaras.reference.models import IsuStrategis, PrioritasNasional


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def tree_filters(request: HttpRequest) -> TreeFilters:
    q = request.GET
    return TreeFilters(
        unit_kerja=_int_or_none(q.get("bidang")),
        isu_strategis=_int_or_none(q.get("isu")),
        kecamatan=_int_or_none(q.get("kecamatan")),
        prioritas_nasional=_int_or_none(q.get("pn")),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    renja = Renja.objects.visible_to(request.user).select_related("perangkat_daerah")[:10]
    return render(request, "planning/home.html", {"renja": renja})


@login_required
def renja_list(request: HttpRequest) -> HttpResponse:
    rows = Renja.objects.visible_to(request.user).select_related("perangkat_daerah")
    return render(request, "planning/renja_list.html", {"rows": rows})


def filter_choices(renja: Renja) -> dict[str, Any]:
    return {
        "unit_kerja": UnitKerja.objects.filter(perangkat_daerah_id=renja.perangkat_daerah_id),
        "isu_strategis": IsuStrategis.objects.filter(pemda_id=renja.pemda_id),
        "kecamatan": Kecamatan.objects.filter(pemda_id=renja.pemda_id),
        "prioritas_nasional": PrioritasNasional.objects.all(),
    }


@login_required
def renja_detail(request: HttpRequest, pk: int) -> HttpResponse:
    renja = get_for_user(Renja.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    filters = tree_filters(request)
    tree = build_tree(renja, request.user, filters, request.GET.get("page", 1))
    context = {
        "renja": renja,
        "tree": tree,
        "filters": filters,
        "choices": filter_choices(renja),
        "can_edit": may_edit(Renja.objects, request.user, renja),
        "query": request.GET.urlencode(),
    }
    return render_page_or_fragment(
        request, "planning/renja_detail.html", "planning/_renja_tree.html", context
    )


@login_required
def renstra_list(request: HttpRequest) -> HttpResponse:
    rows = Renstra.objects.visible_to(request.user).select_related("perangkat_daerah")
    return render(request, "planning/renstra_list.html", {"rows": rows})


@login_required
def renstra_detail(request: HttpRequest, pk: int) -> HttpResponse:
    renstra = get_for_user(Renstra.objects.select_related("perangkat_daerah"), request.user, pk=pk)
    targets = Prefetch("targets", queryset=RenstraTarget.objects.order_by("tahun"))
    indikator = Prefetch(
        "indikator", queryset=RenstraIndikator.objects.prefetch_related(targets).order_by("id")
    )
    tujuan = renstra.tujuan.prefetch_related(
        indikator, Prefetch("sasaran", queryset=Sasaran.objects.prefetch_related(indikator))
    )
    items = renstra.items.select_related("nomenklatur", "sasaran").prefetch_related(
        indikator, Prefetch("pagu", queryset=RenstraPagu.objects.order_by("tahun"))
    )
    context = {"renstra": renstra, "tujuan": tujuan, "items": items, "years": renstra.years}
    return render(request, "planning/renstra_detail.html", context)
