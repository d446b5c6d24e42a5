"""Pages of the plan: the Renja list and tree, and the Renstra."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from selaras.accounts.scoping import get_for_user, may_edit
from selaras.core.htmx import render_page_or_fragment
from selaras.core.params import id_param
from selaras.organisations.models import Kecamatan, UnitKerja
from selaras.planning.editing import editing_context
from selaras.planning.models import (
    Renja,
    Renstra,
    SubKegiatan,
)
from selaras.planning.renstra_queries import renstra_tables
from selaras.planning.tree import TreeFilters, build_tree
from selaras.reference.models import IsuStrategis, PrioritasNasional


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def tree_filters(request: HttpRequest) -> TreeFilters:
    return TreeFilters(
        unit_kerja=id_param(request, "bidang"),
        isu_strategis=id_param(request, "isu"),
        kecamatan=id_param(request, "kecamatan"),
        prioritas_nasional=id_param(request, "pn"),
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    visible = Renja.objects.visible_to(request.user).select_related("perangkat_daerah")
    renja = list(visible.order_by("-tahun", "perangkat_daerah__nama")[:10])
    own = [r for r in renja if r.perangkat_daerah_id == request.user.perangkat_daerah_id]
    latest = (own or renja or [None])[0]
    context: dict[str, Any] = {"renja": renja, "latest": latest}
    if latest:
        rows = SubKegiatan.objects.visible_to(request.user).filter(renja=latest)
        context["pagu_per_unit"] = [
            {"label": r["unit_kerja__nama"], "pagu": f"{r['total']:.2f}"}
            for r in rows.values("unit_kerja__nama").annotate(total=Sum("pagu")).order_by("-total")
        ]
        context["pagu_per_isu"] = [
            {"label": r["isu_strategis__nama"], "pagu": f"{r['total']:.2f}"}
            for r in rows.filter(isu_strategis__isnull=False)
            .values("isu_strategis__nama")
            .annotate(total=Sum("pagu"))
            .order_by("-total")
        ]
    return render(request, "planning/home.html", context)


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
        # A final Renja keeps its status and copy actions but offers no row edits.
        "can_manage": may_edit(Renja.objects, request.user, renja),
        "can_edit": may_edit(Renja.objects, request.user, renja) and not renja.is_locked_for_edit,
        "query": request.GET.urlencode(),
        "query_base": _without_page(request),
        **editing_context(renja),
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
    tujuan, items = renstra_tables(renstra)
    context = {
        "renstra": renstra,
        "tujuan": tujuan,
        "items": items,
        "years": renstra.years,
        "cols": len(renstra.years) + 5,  # the width of an inline form row
        "can_edit": may_edit(Renstra.objects, request.user, renstra),
    }
    return render(request, "planning/renstra_detail.html", context)
