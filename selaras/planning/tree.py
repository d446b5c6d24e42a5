"""The Renja tree: program -> kegiatan -> sub kegiatan with indicators and rolled-up pagu.

Built with a fixed number of queries whatever the size of the plan: the rows of one page
of sub kegiatan (or, for an export, all of them) with their relations prefetched, and the
pagu totals summed by the database over every row that passes the filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet, Sum

from selaras.planning.models import Indikator, Kegiatan, Program, Renja, SubKegiatan

PAGE_SIZE = 200
ZERO = Decimal(0)


@dataclass
class TreeFilters:
    unit_kerja: int | None = None
    isu_strategis: int | None = None
    kecamatan: int | None = None
    prioritas_nasional: int | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in vars(self).values())

    def apply(self, rows: QuerySet[SubKegiatan]) -> QuerySet[SubKegiatan]:
        if self.unit_kerja:
            rows = rows.filter(unit_kerja_id=self.unit_kerja)
        if self.isu_strategis:
            rows = rows.filter(isu_strategis__id=self.isu_strategis)
        if self.kecamatan:
            # A sub kegiatan for the whole kabupaten also works in every kecamatan.
            rows = rows.filter(kecamatan__id=self.kecamatan) | rows.filter(seluruh_kabupaten=True)
        if self.prioritas_nasional:
            rows = rows.filter(prioritas_nasional__id=self.prioritas_nasional)
        return rows.distinct()


@dataclass
class KegiatanNode:
    kegiatan: Kegiatan
    sub_kegiatan: list[SubKegiatan] = field(default_factory=list)
    pagu: Decimal = ZERO
    prakiraan_maju: Decimal = ZERO
    empty: bool = False  # no sub kegiatan at all (shown only when nothing is filtered)


@dataclass
class ProgramNode:
    program: Program
    kegiatan: list[KegiatanNode] = field(default_factory=list)
    pagu: Decimal = ZERO
    prakiraan_maju: Decimal = ZERO
    empty: bool = False  # no kegiatan at all (shown only when nothing is filtered)


@dataclass
class RenjaTree:
    renja: Renja
    programs: list[ProgramNode]
    page: Page | None  # None when the tree holds every row (build_full_tree)
    pagu: Decimal
    prakiraan_maju: Decimal
    count: int


def visible_sub_kegiatan(renja: Renja, user: Any, filters: TreeFilters) -> QuerySet[SubKegiatan]:
    rows = SubKegiatan.objects.visible_to(user).filter(renja=renja)
    return filters.apply(rows)


def sub_kegiatan_with_relations(rows: QuerySet[SubKegiatan]) -> QuerySet[SubKegiatan]:
    return (
        rows.select_related("nomenklatur", "unit_kerja")
        .prefetch_related(
            "kecamatan",
            "isu_strategis",
            "prioritas_nasional",
            "program_prioritas",
            "quick_win",
            Prefetch("indikator", queryset=Indikator.objects.order_by("id")),
        )
        .order_by("nomenklatur__kode")
    )


def build_tree(renja: Renja, user: Any, filters: TreeFilters, page_number: Any = 1) -> RenjaTree:
    """The tree of one page of sub kegiatan, with totals over every matching row."""
    rows = visible_sub_kegiatan(renja, user, filters)
    page = Paginator(sub_kegiatan_with_relations(rows), PAGE_SIZE).get_page(page_number)
    return _assemble_tree(renja, user, filters, rows, page.object_list, page, page.paginator.count)


def build_full_tree(renja: Renja, user: Any, filters: TreeFilters) -> RenjaTree:
    """The tree of every sub kegiatan the user may see that passes the filters, not
    paginated: the rows of an export, the same as the pages of build_tree put together."""
    rows = visible_sub_kegiatan(renja, user, filters)
    sub_kegiatan = list(sub_kegiatan_with_relations(rows))
    return _assemble_tree(renja, user, filters, rows, sub_kegiatan, None, len(sub_kegiatan))


def _assemble_tree(
    renja: Renja,
    user: Any,
    filters: TreeFilters,
    rows: QuerySet[SubKegiatan],
    shown_rows: Iterable[SubKegiatan],
    page: Page | None,
    count: int,
) -> RenjaTree:
    ids = rows.values("id")
    base = SubKegiatan.objects.filter(id__in=ids)
    by_kegiatan = {
        r["kegiatan_id"]: r
        for r in base.values("kegiatan_id").annotate(p=Sum("pagu"), pm=Sum("prakiraan_maju"))
    }
    by_program = {
        r["kegiatan__program_id"]: r
        for r in base.values("kegiatan__program_id").annotate(p=Sum("pagu"), pm=Sum("prakiraan_maju"))
    }
    total = base.aggregate(p=Sum("pagu"), pm=Sum("prakiraan_maju"))

    first_page = page is None or page.number == 1
    show_empty = not filters.active and not user.is_unit_scoped and first_page
    indikator = Prefetch("indikator", queryset=Indikator.objects.order_by("id"))
    programs = Program.objects.filter(renja=renja).select_related("nomenklatur")
    kegiatan = Kegiatan.objects.filter(renja=renja).select_related("nomenklatur")
    if not show_empty:
        programs = programs.filter(id__in=base.values("kegiatan__program_id"))
        kegiatan = kegiatan.filter(id__in=base.values("kegiatan_id"))
    programs = programs.prefetch_related(indikator).order_by("nomenklatur__kode")
    kegiatan_nodes: dict[int, KegiatanNode] = {}
    for k in kegiatan.prefetch_related(indikator).order_by("nomenklatur__kode"):
        sums = by_kegiatan.get(k.id, {})
        kegiatan_nodes[k.id] = KegiatanNode(
            k, pagu=sums.get("p") or ZERO, prakiraan_maju=sums.get("pm") or ZERO, empty=not sums
        )
    for sub in shown_rows:
        kegiatan_nodes[sub.kegiatan_id].sub_kegiatan.append(sub)
    program_nodes: dict[int, ProgramNode] = {}
    for p in programs:
        sums = by_program.get(p.id, {})
        program_nodes[p.id] = ProgramNode(
            p, pagu=sums.get("p") or ZERO, prakiraan_maju=sums.get("pm") or ZERO
        )
    for node in kegiatan_nodes.values():
        if node.sub_kegiatan or show_empty:
            program_nodes[node.kegiatan.program_id].kegiatan.append(node)
    for program_node in program_nodes.values():
        program_node.empty = not program_node.kegiatan
    shown = [n for n in program_nodes.values() if n.kegiatan or show_empty]
    return RenjaTree(
        renja=renja,
        programs=shown,
        page=page,
        pagu=total["p"] or ZERO,
        prakiraan_maju=total["pm"] or ZERO,
        count=count,
    )
