"""Outcomes of the Technopark's coaching: the before/after change of the businesses coached
in a year against those not yet coached, and an estimate of what the change in sales could
bring to the region's own revenue (PAD) at assumed, editable rates.

Everything is computed by the database in a fixed number of queries, whatever the number of
businesses: one annotated queryset gives each business its group and its first and last
snapshot for the year; aggregates and medians are taken over it.

Which snapshots are compared, for year Y:
- the starting point is the last snapshot before 1 January Y (the state before the year's
  coaching); a business without one starts from its first snapshot in Y;
- the end point is the last snapshot in Y;
- a business is compared when the end point is later than the starting point, that is when
  it has at least two snapshots among those; the others are counted as having too few.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from selaras.core.csvdata import read_rows
from selaras.lib.dates import format_date
from selaras.technopark.models import MONEY, UMKM, Partisipasi, Sektor, Snapshot

COACHED = "dibina"  # took part in an activity in the year
NOT_YET = "belum"  # took part in no activity up to the end of the year
EARLIER = "sebelumnya"  # coached in an earlier year only: in neither group

GROUP_LABELS = {COACHED: "Dibina", NOT_YET: "Belum pernah dibina"}

PAD_ASSUMPTIONS_CSV = "aturan/asumsi_pad.csv"
PAD_LABEL = "Perkiraan, bukan angka realisasi PAD"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# A business is compared when its end point is later than its starting point.
COMPARED = Q(akhir_tanggal__gt=F("awal_tanggal"))


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    return _round(Decimal(part) * HUNDRED / whole) if whole else None


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def annotate_outcomes(businesses: QuerySet[UMKM], year: int) -> QuerySet[UMKM]:
    """Each business with its group for the year, its starting and end snapshots' values
    (awal_*, akhir_*) and the changes between them (selisih_omzet, selisih_tk)."""
    start, end = year_bounds(year)
    snapshots = Snapshot.objects.filter(umkm=OuterRef("pk"))
    before = snapshots.filter(tanggal__lt=start).order_by("-tanggal")
    first_in_year = snapshots.filter(tanggal__range=(start, end)).order_by("tanggal")
    last_in_year = snapshots.filter(tanggal__range=(start, end)).order_by("-tanggal")
    taking_part = Partisipasi.objects.filter(umkm=OuterRef("pk"))

    def starting(field: str) -> Coalesce:
        return Coalesce(Subquery(before.values(field)[:1]), Subquery(first_in_year.values(field)[:1]))

    def ending(field: str) -> Subquery:
        return Subquery(last_in_year.values(field)[:1])

    return businesses.annotate(
        kelompok=Case(
            When(Exists(taking_part.filter(aktivitas__tanggal__range=(start, end))), then=Value(COACHED)),
            When(Exists(taking_part.filter(aktivitas__tanggal__lte=end)), then=Value(EARLIER)),
            default=Value(NOT_YET),
            output_field=CharField(),
        ),
        awal_tanggal=starting("tanggal"),
        akhir_tanggal=ending("tanggal"),
        awal_omzet=starting("omzet_tahunan"),
        akhir_omzet=ending("omzet_tahunan"),
        awal_tk=starting("tenaga_kerja"),
        akhir_tk=ending("tenaga_kerja"),
        awal_nib=starting("punya_nib"),
        akhir_nib=ending("punya_nib"),
        awal_halal=starting("halal"),
        akhir_halal=ending("halal"),
    ).annotate(
        selisih_omzet=ExpressionWrapper(
            F("akhir_omzet") - F("awal_omzet"), output_field=DecimalField(**MONEY)
        ),
        selisih_tk=ExpressionWrapper(F("akhir_tk") - F("awal_tk"), output_field=IntegerField()),
    )


# Before / after ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupOutcome:
    """The before/after figures of one group of businesses for a year."""

    kode: str
    label: str
    jumlah: int
    dibandingkan: int
    median_omzet: Decimal | None
    rata_omzet: Decimal | None
    median_tk: Decimal | None
    rata_tk: Decimal | None
    tanpa_nib_awal: int
    nib_diperoleh: int
    tanpa_halal_awal: int
    halal_diperoleh: int

    @property
    def kurang_snapshot(self) -> int:
        return self.jumlah - self.dibandingkan

    @property
    def porsi_nib(self) -> Decimal | None:
        """Share (%) of the compared businesses without NIB at the start that had one at the end."""
        return _share(self.nib_diperoleh, self.tanpa_nib_awal)

    @property
    def porsi_halal(self) -> Decimal | None:
        return _share(self.halal_diperoleh, self.tanpa_halal_awal)


@dataclass(frozen=True)
class BeforeAfter:
    tahun: int
    dibina: GroupOutcome
    belum: GroupOutcome
    dibina_sebelumnya: int  # coached only before the year: left out of both groups

    @property
    def groups(self) -> list[GroupOutcome]:
        return [self.dibina, self.belum]

    @property
    def kurang_snapshot(self) -> int:
        return self.dibina.kurang_snapshot + self.belum.kurang_snapshot

    @property
    def catatan(self) -> str:
        start, end = year_bounds(self.tahun)
        return (
            f"Ini perbandingan, bukan bukti dampak. UMKM yang dibina pada tahun {self.tahun} "
            "dibandingkan dengan UMKM yang belum pernah dibina; selisih di antara keduanya belum "
            "tentu disebabkan oleh pembinaan, karena kedua kelompok dapat berbeda sejak awal "
            "(usaha yang dipilih untuk dibina, sektor, lokasi) dan omzet juga dipengaruhi harga, "
            f"musim dan pasar. Kondisi awal adalah snapshot terakhir sebelum {format_date(start)} "
            f"atau, bila tidak ada, snapshot pertama tahun {self.tahun}; kondisi akhir adalah "
            f"snapshot terakhir sampai {format_date(end)}. {self.kurang_snapshot} UMKM tidak "
            f"dibandingkan karena snapshotnya kurang dari dua (dibina: {self.dibina.kurang_snapshot}, "
            f"belum pernah dibina: {self.belum.kurang_snapshot})."
        )


def _median(rows: QuerySet[UMKM], field: str, count: int) -> Decimal | None:
    """The median of `field` over `count` rows, read by the database from the middle."""
    if not count:
        return None
    middle = list(rows.order_by(field, "pk").values_list(field, flat=True)[(count - 1) // 2 : count // 2 + 1])
    return _round(sum((Decimal(v) for v in middle), Decimal(0)) / len(middle))


def before_after(businesses: QuerySet[UMKM], year: int) -> BeforeAfter:
    """Five queries: the aggregates grouped by group, then the middle rows for each median."""
    rows = annotate_outcomes(businesses, year)
    totals: dict[str, dict[str, Any]] = {
        row["kelompok"]: row
        for row in rows.values("kelompok")
        .annotate(
            jumlah=Count("pk"),
            dibandingkan=Count("pk", filter=COMPARED),
            omzet=Sum("selisih_omzet", filter=COMPARED),
            tk=Sum("selisih_tk", filter=COMPARED),
            tanpa_nib=Count("pk", filter=COMPARED & Q(awal_nib=False)),
            nib=Count("pk", filter=COMPARED & Q(awal_nib=False, akhir_nib=True)),
            tanpa_halal=Count("pk", filter=COMPARED & Q(awal_halal=False)),
            halal=Count("pk", filter=COMPARED & Q(awal_halal=False, akhir_halal=True)),
        )
        .order_by()
    }

    def outcome(group: str) -> GroupOutcome:
        found = totals.get(group, {})
        compared = found.get("dibandingkan", 0)
        in_group = rows.filter(Q(kelompok=group) & COMPARED)
        return GroupOutcome(
            kode=group,
            label=GROUP_LABELS[group],
            jumlah=found.get("jumlah", 0),
            dibandingkan=compared,
            median_omzet=_median(in_group, "selisih_omzet", compared),
            rata_omzet=_round(Decimal(found["omzet"]) / compared) if compared else None,
            median_tk=_median(in_group, "selisih_tk", compared),
            rata_tk=_round(Decimal(found["tk"]) / compared) if compared else None,
            tanpa_nib_awal=found.get("tanpa_nib", 0),
            nib_diperoleh=found.get("nib", 0),
            tanpa_halal_awal=found.get("tanpa_halal", 0),
            halal_diperoleh=found.get("halal", 0),
        )

    return BeforeAfter(
        tahun=year,
        dibina=outcome(COACHED),
        belum=outcome(NOT_YET),
        dibina_sebelumnya=totals.get(EARLIER, {}).get("jumlah", 0),
    )


# PAD estimate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PadAssumption:
    sektor: str
    uraian: str
    tarif_persen: Decimal
    dasar: str
    sumber: str
    confidence: str


@lru_cache(maxsize=1)
def _assumptions_from_csv() -> tuple[PadAssumption, ...]:
    return tuple(
        PadAssumption(
            sektor=row["sektor"],
            uraian=row["uraian"],
            tarif_persen=Decimal(row["tarif_persen"]),
            dasar=row["dasar"],
            sumber=row["sumber"],
            confidence=row["confidence"],
        )
        for row in read_rows(PAD_ASSUMPTIONS_CSV)
    )


def pad_assumptions() -> dict[str, PadAssumption]:
    """The default assumptions by sector (KBLI section), from data/aturan/asumsi_pad.csv."""
    return {a.sektor: a for a in _assumptions_from_csv()}


def default_rates() -> dict[str, Decimal]:
    """The assumed rate (% of annual sales) for every sector; a sector missing from the
    file is assumed to bring nothing."""
    known = pad_assumptions()
    return {code: known[code].tarif_persen if code in known else Decimal(0) for code in Sektor.values}


@dataclass(frozen=True)
class PadRow:
    sektor: str
    label: str
    jumlah_umkm: int
    selisih_omzet: Decimal
    tarif_persen: Decimal
    dasar: str

    @property
    def perkiraan(self) -> Decimal:
        return _round(self.selisih_omzet * self.tarif_persen / HUNDRED)


@dataclass(frozen=True)
class PadEstimate:
    tahun: int
    rows: list[PadRow]
    tarif_awal: bool  # the rates are the file's defaults
    label: str = PAD_LABEL
    rumus: str = (
        "Perkiraan PAD = Σ per sektor (perubahan omzet tahunan UMKM yang dibina × tarif asumsi sektor ÷ 100)"
    )

    @property
    def jumlah_umkm(self) -> int:
        return sum(r.jumlah_umkm for r in self.rows)

    @property
    def selisih_omzet(self) -> Decimal:
        return sum((r.selisih_omzet for r in self.rows), Decimal(0))

    @property
    def total(self) -> Decimal:
        return sum((r.perkiraan for r in self.rows), Decimal(0))


def estimate_pad(businesses: QuerySet[UMKM], year: int, rates: Mapping[str, Decimal]) -> PadEstimate:
    """The change in annual sales of the compared coached businesses, summed by the database
    per sector (one query), times the assumed rate of each sector."""
    by_sector = {
        row["sektor"]: row
        for row in annotate_outcomes(businesses, year)
        .filter(Q(kelompok=COACHED) & COMPARED)
        .values("sektor")
        .annotate(n=Count("pk"), total=Sum("selisih_omzet"))
        .order_by()
    }
    known = pad_assumptions()
    defaults = default_rates()
    rows = [
        PadRow(
            sektor=code,
            label=label,
            jumlah_umkm=by_sector[code]["n"] if code in by_sector else 0,
            selisih_omzet=Decimal(by_sector[code]["total"]) if code in by_sector else Decimal(0),
            tarif_persen=rates.get(code, defaults[code]),
            dasar=known[code].dasar if code in known else "",
        )
        for code, label in Sektor.choices
    ]
    return PadEstimate(
        tahun=year,
        rows=rows,
        tarif_awal=all(rates.get(code, defaults[code]) == defaults[code] for code in defaults),
    )
