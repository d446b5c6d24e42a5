"""The Renstra's two tables as every reader of them needs them: the page, its exports and
the E.80 evaluation. A fixed number of queries whatever the size of the plan."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from selaras.planning.models import (
    Renstra,
    RenstraIndikator,
    RenstraItem,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
    Tujuan,
)


def renstra_tables(renstra: Renstra, user: Any = None) -> tuple[QuerySet[Tujuan], QuerySet[RenstraItem]]:
    """Tujuan with their sasaran and indicators, and the items (program, kegiatan, sub
    kegiatan) with their pagu and indicators, each indicator with its yearly targets, in
    the order of their codes; the items only as `user` sees them when given."""
    targets = Prefetch("targets", queryset=RenstraTarget.objects.order_by("tahun"))
    indikator = Prefetch(
        "indikator", queryset=RenstraIndikator.objects.prefetch_related(targets).order_by("id")
    )
    tujuan = renstra.tujuan.prefetch_related(
        indikator, Prefetch("sasaran", queryset=Sasaran.objects.prefetch_related(indikator))
    )
    items = RenstraItem.objects.visible_to(user) if user is not None else RenstraItem.objects.all()
    items = (
        items.filter(renstra=renstra)
        .select_related("nomenklatur", "sasaran")
        .prefetch_related(indikator, Prefetch("pagu", queryset=RenstraPagu.objects.order_by("tahun")))
    )
    return tujuan, items
