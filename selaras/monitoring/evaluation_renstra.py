"""The Renstra side of the E.81 evaluation: columns 2 (sasaran), 5 (target Renstra at the
end of the period) and 6 (realisation of the Renstra up to last year).

Everything comes in seven queries whatever the size of the plan: the Renstra items with
their sasaran, the pagu summed per item, the end-of-period targets, and the previous
years' realisation (load_yearly_realisation, also the source of the E.80): one query each
for the recorded Realisasi (K) and budget realisation (Rp) of the same Perangkat Daerah,
all years at once, and one each for the K and Rp a planner entered for the years before
Selaras.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from selaras.lib import capaian as rules
from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan
from selaras.planning.models import Renja, Renstra, RenstraItem, RenstraPagu, RenstraTarget

QUARTERS = 4


@dataclass(frozen=True)
class RenstraTargetValue:
    """A Renstra target; `atas` is the upper bound of a range target."""

    target: Decimal
    atas: Decimal | None


@dataclass
class RenstraFigures:
    """What the E.81 needs from the Renstra, keyed for the rows to look up."""

    linked: bool = False  # the Renja has a Renstra at all
    sasaran: dict[int, str] = field(default_factory=dict)  # nomenklatur id -> sasaran
    pagu: dict[int, Decimal] = field(default_factory=dict)  # nomenklatur id -> pagu of the period
    target: dict[int, RenstraTargetValue] = field(default_factory=dict)  # Renstra indikator id
    previous_k: dict[int, list[Decimal]] = field(default_factory=dict)  # yearly values, oldest first
    previous_rp: dict[int, Decimal] = field(default_factory=dict)  # nomenklatur id -> Rp so far

    def realisasi_k(self, renstra_indikator_id: int | None, agregasi: str) -> Decimal | None:
        """Column 6 K: the earlier years of the period folded like column 13 does (jumlah adds
        the years, akhir and rata_rata keep the latest year's level)."""
        if renstra_indikator_id is None:
            return None
        total: Decimal | None = None
        for value in self.previous_k.get(renstra_indikator_id, []):
            total = rules.kolom_13(total, value, agregasi)
        return total


def load_renstra_figures(renja: Renja, user: Any, unit_id: int | None = None) -> RenstraFigures:
    """Columns 2, 5 and 6 for the Renja's rows (nothing, and no query, without a Renstra).

    The previous years are the Renja of the same Perangkat Daerah from the Renstra's first
    year to last year; their rows are read as the user may see them (an operator sees its
    own bidang's budget realisation, like this year's), or as an operator of bidang
    `unit_id` would see them when one bidang's evaluation is asked for.
    """
    renstra = renja.renstra
    if renstra is None:
        return RenstraFigures()
    figures = RenstraFigures(linked=True)
    items = RenstraItem.objects.visible_to(user).filter(renstra=renstra, sasaran__isnull=False)
    for row in items.values("nomenklatur_id", "sasaran__uraian"):
        figures.sasaran[row["nomenklatur_id"]] = row["sasaran__uraian"]
    pagu = (
        RenstraPagu.objects.filter(
            pemda_id=renja.pemda_id,
            item__renstra=renstra,
            tahun__gte=renstra.tahun_awal,
            tahun__lte=renstra.tahun_akhir,
        )
        .values("item__nomenklatur_id")
        .annotate(total=Sum("pagu"))
        .order_by()
    )
    figures.pagu = {row["item__nomenklatur_id"]: row["total"] for row in pagu}
    targets = RenstraTarget.objects.filter(
        pemda_id=renja.pemda_id, indikator__renstra=renstra, tahun=renstra.tahun_akhir
    ).values("indikator_id", "target", "target_atas")
    figures.target = {
        row["indikator_id"]: RenstraTargetValue(row["target"], row["target_atas"]) for row in targets
    }
    yearly = load_yearly_realisation(
        renja.pemda_id, renja.perangkat_daerah_id, renstra, renja.tahun, user, unit_id
    )
    figures.previous_k = yearly.k_by_indicator()
    figures.previous_rp = yearly.rp_by_nomenklatur()
    return figures


@dataclass
class YearlyRealisation:
    """The realisation of each year of a Renstra: K per Renstra indicator, Rp per code.

    A year comes from the quarterly Realisasi recorded in Selaras when there is any for
    that indicator (or code) in that year, otherwise from what the planner entered for
    the years before Selaras (RenstraTarget.realisasi, RenstraPagu.realisasi).
    """

    k: dict[tuple[int, int], Decimal] = field(default_factory=dict)  # (Renstra indikator, tahun)
    rp: dict[tuple[int, int], Decimal] = field(default_factory=dict)  # (nomenklatur, tahun)
    entered_k: set[tuple[int, int]] = field(default_factory=set)  # which K came from the entry
    entered_rp: set[tuple[int, int]] = field(default_factory=set)

    def k_by_indicator(self) -> dict[int, list[Decimal]]:
        """Yearly values per Renstra indicator, oldest first."""
        result: dict[int, list[Decimal]] = defaultdict(list)
        for (indikator_id, _tahun), value in sorted(self.k.items()):
            result[indikator_id].append(value)
        return dict(result)

    def rp_by_nomenklatur(self) -> dict[int, Decimal]:
        """The years' budget realisation added up per code."""
        result: dict[int, Decimal] = defaultdict(Decimal)
        for (nomenklatur_id, _tahun), value in self.rp.items():
            result[nomenklatur_id] += value
        return dict(result)


def load_yearly_realisation(
    pemda_id: int,
    perangkat_daerah_id: int,
    renstra: Renstra,
    before: int,
    user: Any,
    unit_id: int | None = None,
) -> YearlyRealisation:
    """The realisation of the Renstra's years from its first year up to `before` (excluded),
    in four queries whatever the size of the plan.

    The recorded years are the Renja of the same Perangkat Daerah; their rows are read as
    the user may see them (an operator sees its own bidang's budget realisation), or only
    bidang `unit_id`'s when one bidang's evaluation is asked for.
    """
    years = {"tahun__gte": renstra.tahun_awal, "tahun__lt": before}
    # Through the Renja ids, so the database reads the realisation by its renja index
    # instead of scanning the whole Pemda's rows.
    earlier = {
        "renja__in": Renja.objects.filter(
            pemda_id=pemda_id, perangkat_daerah_id=perangkat_daerah_id, **years
        ).values("id")
    }
    result = YearlyRealisation()
    realised = Realisasi.objects.visible_to(user)
    spent_rows = RealisasiSubKegiatan.objects.visible_to(user)
    if unit_id is not None:
        # Outcome indicators belong to no bidang and stay, as for an operator.
        realised = realised.filter(Q(unit_kerja_id=unit_id) | Q(unit_kerja__isnull=True))
        spent_rows = spent_rows.filter(unit_kerja_id=unit_id)
    result.k = _yearly_k(
        realised.filter(**earlier, indikator__renstra_indikator__isnull=False, nilai__isnull=False)
        .values(
            "indikator_id",
            "indikator__renstra_indikator_id",
            "indikator__agregasi",
            "renja__tahun",
            "triwulan",
            "nilai",
        )
        .order_by("renja__tahun", "indikator_id", "triwulan")
    )
    spent = (
        spent_rows.filter(**earlier, anggaran__isnull=False)
        .values(
            "renja__tahun",
            "sub_kegiatan__nomenklatur_id",
            "sub_kegiatan__kegiatan__nomenklatur_id",
            "sub_kegiatan__kegiatan__program__nomenklatur_id",
        )
        .annotate(total=Sum("anggaran"))
        .order_by()
    )
    # Grouped by the database per year and sub kegiatan code; the kegiatan and program
    # totals add those groups up (a few hundred at most), so a program's figure also counts
    # the sub kegiatan it ran in earlier years but no longer runs this year.
    rp: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for row in spent:
        for key in (
            "sub_kegiatan__nomenklatur_id",
            "sub_kegiatan__kegiatan__nomenklatur_id",
            "sub_kegiatan__kegiatan__program__nomenklatur_id",
        ):
            rp[(row[key], row["renja__tahun"])] += row["total"]
    result.rp = dict(rp)
    entered_k = RenstraTarget.objects.filter(
        pemda_id=pemda_id, indikator__renstra=renstra, realisasi__isnull=False, **years
    ).values_list("indikator_id", "tahun", "realisasi")
    for indikator_id, tahun, value in entered_k:
        if (indikator_id, tahun) not in result.k:
            result.k[(indikator_id, tahun)] = value
            result.entered_k.add((indikator_id, tahun))
    entered_rp = RenstraPagu.objects.filter(
        pemda_id=pemda_id, item__renstra=renstra, realisasi__isnull=False, **years
    ).values_list("item__nomenklatur_id", "tahun", "realisasi")
    for nomenklatur_id, tahun, value in entered_rp:
        if (nomenklatur_id, tahun) not in result.rp:
            result.rp[(nomenklatur_id, tahun)] = value
            result.entered_rp.add((nomenklatur_id, tahun))
    return result


def _yearly_k(rows: Any) -> dict[tuple[int, int], Decimal]:
    """Yearly values per Renstra indicator from the quarterly Realisasi.

    Each indicator's year is aggregated by its own rule; when several indicators of one
    year carry the same Renstra indicator they are folded by that rule too (jumlah adds
    them, akhir and rata_rata keep the last one).
    """
    quarters: dict[tuple[int, int, int], list[Decimal | None]] = {}
    agregasi: dict[int, str] = {}
    for row in rows:
        key = (row["indikator__renstra_indikator_id"], row["renja__tahun"], row["indikator_id"])
        quarters.setdefault(key, [None] * QUARTERS)[row["triwulan"] - 1] = row["nilai"]
        agregasi[row["indikator_id"]] = row["indikator__agregasi"]
    yearly: dict[tuple[int, int], Decimal | None] = {}
    for (renstra_id, tahun, indikator_id), values in quarters.items():
        rule = agregasi[indikator_id]
        year_value = rules.aggregate(values, rule)
        yearly[(renstra_id, tahun)] = rules.kolom_13(yearly.get((renstra_id, tahun)), year_value, rule)
    return {key: value for key, value in yearly.items() if value is not None}
