"""The UMKM potential of each kecamatan and the allocation of a target in proportion to it.

Raw criteria per kecamatan come from one aggregate query over the UMKM of a Perangkat
Daerah (plus one for the kecamatan and one for the criteria), whatever the number of
businesses. Everything after that is pure Decimal arithmetic:

- each criterion is normalised to 0..1 across the kecamatan by min-max,
  (x - min) / (max - min), or 1 - that when a lower value means more potential (distance);
  when every kecamatan has the same value the criterion tells them nothing apart and all
  get 0, so it adds nothing to any score (and cannot flatten the allocation);
- score = sum(weight x normalised) / sum(weights), in 0..1;
- a target is allocated by the largest remainder method (Hamilton).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q

from selaras.organisations.models import Kecamatan
from selaras.technopark.models import UMKM, KriteriaPotensi, Partisipasi, Sektor

Kode = KriteriaPotensi.Kode

TECHNOPARK_KECAMATAN = "Anak Tuha"
PRIORITY_SECTORS = (Sektor.C, Sektor.I)
# Mean Earth radius (IUGG), the usual radius of the haversine formula.
EARTH_RADIUS_KM = Decimal("6371.0088")
PLACES = Decimal("0.000001")
KM_PLACES = Decimal("0.01")
SHOWN_PLACES = Decimal("0.0001")
ZERO, ONE = Decimal(0), Decimal(1)

# The criteria in display order, with the weight and direction they start with.
DEFAULT_CRITERIA: dict[str, tuple[Decimal, bool]] = {
    Kode.JUMLAH_UMKM: (Decimal("0.35"), True),
    Kode.BELUM_DIBINA: (Decimal("0.20"), True),
    Kode.SEKTOR: (Decimal("0.15"), True),
    Kode.TANPA_NIB: (Decimal("0.15"), True),
    Kode.JARAK: (Decimal("0.15"), False),
}
CRITERIA_ORDER: list[str] = list(DEFAULT_CRITERIA)
SHARE_CRITERIA = frozenset({Kode.BELUM_DIBINA, Kode.SEKTOR, Kode.TANPA_NIB})


# --- Criteria ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Criterion:
    """A criterion as used by one computation: the saved one, or weights being previewed."""

    kode: str
    bobot: Decimal
    makin_tinggi_makin_baik: bool

    @property
    def label(self) -> str:
        return Kode(self.kode).label


def ensure_criteria(pemda_id: int) -> list[KriteriaPotensi]:
    """The Pemda's criteria in display order; the five defaults are created the first time
    (one query afterwards)."""
    rows = {row.kode: row for row in KriteriaPotensi.objects.filter(pemda_id=pemda_id)}
    missing = [kode for kode in CRITERIA_ORDER if kode not in rows]
    if missing:
        KriteriaPotensi.objects.bulk_create(
            [
                KriteriaPotensi(
                    pemda_id=pemda_id,
                    kode=kode,
                    bobot=DEFAULT_CRITERIA[kode][0],
                    makin_tinggi_makin_baik=DEFAULT_CRITERIA[kode][1],
                )
                for kode in missing
            ],
            ignore_conflicts=True,  # two first visits at once create them once
        )
        rows = {row.kode: row for row in KriteriaPotensi.objects.filter(pemda_id=pemda_id)}
    return [rows[kode] for kode in CRITERIA_ORDER if kode in rows]


def criteria_of(rows: Iterable[KriteriaPotensi]) -> list[Criterion]:
    return [Criterion(row.kode, row.bobot, row.makin_tinggi_makin_baik) for row in rows]


# --- Distance ---------------------------------------------------------------------------------

PI = Decimal("3.14159265358979323846264338327950288")


def _sin(x: Decimal) -> Decimal:
    """Taylor series (the recipe of the decimal module's documentation)."""
    with localcontext() as ctx:
        ctx.prec += 4
        i, last, s, fact, num, sign = 1, Decimal(0), x, 1, x, 1
        while s != last:
            last = s
            i += 2
            fact *= i * (i - 1)
            num *= x * x
            sign *= -1
            s += num / fact * sign
    return +s


def _cos(x: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec += 4
        i, last, s, fact, num, sign = 0, Decimal(0), Decimal(1), 1, Decimal(1), 1
        while s != last:
            last = s
            i += 2
            fact *= i * (i - 1)
            num *= x * x
            sign *= -1
            s += num / fact * sign
    return +s


def _asin(x: Decimal) -> Decimal:
    """Newton's method on sin(y) = x; x is small here (kecamatan are tens of km apart)."""
    if x >= ONE:
        return PI / 2
    y = x
    for _ in range(100):
        step = (_sin(y) - x) / _cos(y)
        y -= step
        if abs(step) < Decimal("1e-24"):
            break
    return y


def great_circle_km(lat1: Decimal, lng1: Decimal, lat2: Decimal, lng2: Decimal) -> Decimal:
    """Haversine distance in km between two points given in degrees, to 0,01 km."""
    rad = PI / 180
    phi1, phi2 = Decimal(lat1) * rad, Decimal(lat2) * rad
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = (Decimal(lng2) - Decimal(lng1)) * rad / 2
    h = _sin(half_dphi) ** 2 + _cos(phi1) * _cos(phi2) * _sin(half_dlambda) ** 2
    distance = 2 * EARTH_RADIUS_KM * _asin(h.sqrt())
    return distance.quantize(KM_PLACES, rounding=ROUND_HALF_UP)


# --- Raw figures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KecamatanFigures:
    """The raw counts of one kecamatan and its distance from the Technopark."""

    kecamatan_id: int
    kode: str
    nama: str
    jumlah_umkm: int = 0
    belum_dibina: int = 0
    sektor_prioritas: int = 0
    tanpa_nib: int = 0
    jarak_km: Decimal | None = None

    def share(self, count: int) -> Decimal:
        """A share of the kecamatan's UMKM; 0 where it has none (nothing to coach there)."""
        if not self.jumlah_umkm:
            return ZERO
        return (Decimal(count) / Decimal(self.jumlah_umkm)).quantize(PLACES, rounding=ROUND_HALF_UP)

    def raw(self, kode: str) -> Decimal | None:
        if kode == Kode.JUMLAH_UMKM:
            return Decimal(self.jumlah_umkm)
        if kode == Kode.BELUM_DIBINA:
            return self.share(self.belum_dibina)
        if kode == Kode.SEKTOR:
            return self.share(self.sektor_prioritas)
        if kode == Kode.TANPA_NIB:
            return self.share(self.tanpa_nib)
        if kode == Kode.JARAK:
            return self.jarak_km
        raise ValueError(f"Kriteria tidak dikenal: {kode}")


def find_technopark(kecamatan: Iterable[Kecamatan]) -> Kecamatan | None:
    wanted = " ".join(TECHNOPARK_KECAMATAN.lower().split())
    return next((k for k in kecamatan if " ".join(k.nama.lower().split()) == wanted), None)


def load_figures(pemda_id: int, perangkat_daerah_id: int | None) -> tuple[list[KecamatanFigures], str | None]:
    """Every kecamatan of the Pemda with the counts of the Perangkat Daerah's UMKM, in two
    queries; also the name of the Technopark's kecamatan (None when it is not found)."""
    kecamatan = list(Kecamatan.objects.filter(pemda_id=pemda_id).order_by("kode"))
    coached = Partisipasi.objects.filter(pemda_id=pemda_id, umkm_id=OuterRef("pk"))
    counts = {
        row["kecamatan_id"]: row
        for row in UMKM.objects.filter(pemda_id=pemda_id, perangkat_daerah_id=perangkat_daerah_id)
        .values("kecamatan_id")
        .annotate(
            n=Count("id"),
            belum=Count("id", filter=~Exists(coached)),
            sektor=Count("id", filter=Q(sektor__in=PRIORITY_SECTORS)),
            tanpa_nib=Count("id", filter=Q(punya_nib=False)),
        )
        .order_by()
    }
    technopark = find_technopark(kecamatan)
    origin = technopark if technopark and technopark.lat is not None and technopark.lng is not None else None
    figures = []
    for kec in kecamatan:
        row = counts.get(kec.pk, {})
        distance = None
        if origin is not None and kec.lat is not None and kec.lng is not None:
            distance = great_circle_km(origin.lat, origin.lng, kec.lat, kec.lng)
        figures.append(
            KecamatanFigures(
                kecamatan_id=kec.pk,
                kode=kec.kode,
                nama=kec.nama,
                jumlah_umkm=row.get("n", 0),
                belum_dibina=row.get("belum", 0),
                sektor_prioritas=row.get("sektor", 0),
                tanpa_nib=row.get("tanpa_nib", 0),
                jarak_km=distance,
            )
        )
    return figures, technopark.nama if technopark else None


# --- Normalisation and score ------------------------------------------------------------------


def normalise(values: Mapping[int, Decimal | None], higher_is_better: bool = True) -> dict[int, Decimal]:
    """Min-max to 0..1 (six places). A missing value gets 0; when all known values are
    equal, every kecamatan gets 0: the criterion does not tell them apart."""
    known = [v for v in values.values() if v is not None]
    if not known:
        return dict.fromkeys(values, ZERO)
    low, high = min(known), max(known)
    if low == high:
        return dict.fromkeys(values, ZERO)
    result: dict[int, Decimal] = {}
    for key, value in values.items():
        if value is None:
            result[key] = ZERO
            continue
        ratio = (value - low) / (high - low)
        result[key] = (ratio if higher_is_better else ONE - ratio).quantize(PLACES, rounding=ROUND_HALF_UP)
    return result


@dataclass(frozen=True)
class CriterionValue:
    raw: Decimal | None
    normal: Decimal
    contribution: Decimal  # weight x normal / sum of weights


@dataclass
class PotentialRow:
    figures: KecamatanFigures
    values: dict[str, CriterionValue]
    score: Decimal
    rank: int = 0


@dataclass
class Potential:
    criteria: list[Criterion]
    rows: list[PotentialRow]
    total_weight: Decimal
    ranges: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)
    technopark: str | None = None

    def scores(self) -> dict[int, Decimal]:
        return {row.figures.kecamatan_id: row.score for row in self.rows}

    def codes(self) -> dict[int, str]:
        return {row.figures.kecamatan_id: row.figures.kode for row in self.rows}

    @property
    def has_umkm(self) -> bool:
        return any(row.figures.jumlah_umkm for row in self.rows)


def score(
    figures: list[KecamatanFigures], criteria: list[Criterion], technopark: str | None = None
) -> Potential:
    """Normalise every criterion across the kecamatan and weigh them into a score."""
    total_weight = sum((c.bobot for c in criteria), ZERO)
    normals: dict[str, dict[int, Decimal]] = {}
    ranges: dict[str, tuple[Decimal | None, Decimal | None]] = {}
    for criterion in criteria:
        raw = {f.kecamatan_id: f.raw(criterion.kode) for f in figures}
        known = [v for v in raw.values() if v is not None]
        ranges[criterion.kode] = (min(known), max(known)) if known else (None, None)
        normals[criterion.kode] = normalise(raw, criterion.makin_tinggi_makin_baik)
    rows = []
    for fig in figures:
        values: dict[str, CriterionValue] = {}
        weighted = ZERO
        for criterion in criteria:
            normal = normals[criterion.kode][fig.kecamatan_id]
            product = criterion.bobot * normal
            weighted += product
            contribution = product / total_weight if total_weight else ZERO
            values[criterion.kode] = CriterionValue(
                raw=fig.raw(criterion.kode),
                normal=normal,
                contribution=contribution.quantize(PLACES, rounding=ROUND_HALF_UP),
            )
        total = (weighted / total_weight) if total_weight else ZERO
        rows.append(PotentialRow(fig, values, total.quantize(PLACES, rounding=ROUND_HALF_UP)))
    _rank(rows)
    return Potential(criteria, rows, total_weight, ranges, technopark)


def _rank(rows: list[PotentialRow]) -> None:
    """Rank by score, highest first; equal scores share a rank (1, 2, 2, 4)."""
    ordered = sorted(rows, key=lambda r: (-r.score, r.figures.kode))
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        if row.score != previous:
            rank, previous = position, row.score
        row.rank = rank


def compute(
    pemda_id: int, perangkat_daerah_id: int | None, criteria: list[Criterion] | None = None
) -> Potential:
    """The potential of every kecamatan from the saved criteria (or the ones given)."""
    if criteria is None:
        criteria = criteria_of(ensure_criteria(pemda_id))
    figures, technopark = load_figures(pemda_id, perangkat_daerah_id)
    return score(figures, criteria, technopark)


# --- Allocation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """One kecamatan's part of a target, with the rounding shown."""

    kecamatan_id: int
    score: Decimal
    quota: Decimal  # target x score / total score, four places for display
    floor: int
    remainder: Decimal  # quota - floor, four places for display
    extra: int  # 1 when one of the units left after the floors went here
    allocated: int


def _shown(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        SHOWN_PLACES, rounding=ROUND_HALF_UP
    )


def allocate(
    target: int, scores: Mapping[int, Decimal], tie_key: Mapping[int, str] | None = None
) -> list[Share]:
    """Split `target` in proportion to `scores` by the largest remainder method (Hamilton).

    quota = target x score / total score; every kecamatan gets the floor of its quota and
    the units left go one each to the largest remainders; equal remainders go by `tie_key`
    (the kecamatan code) and then the id, so the result does not depend on the order of
    `scores`. When every score is 0 the target is spread evenly by the same method. The
    arithmetic is exact (fractions), so the parts always add up to the target.
    """
    if target < 0:
        raise ValueError("Target tidak boleh negatif.")
    if not scores:
        raise ValueError("Tidak ada kecamatan untuk dibagi.")
    if any(value < 0 for value in scores.values()):
        raise ValueError("Skor tidak boleh negatif.")
    keys = tie_key or {}

    def order(kid: int) -> tuple[str, int]:
        return (keys.get(kid, ""), kid)

    ids = sorted(scores, key=order)
    weights = {kid: Fraction(scores[kid]) for kid in ids}
    total = sum(weights.values(), Fraction(0))
    if total == 0:
        weights = dict.fromkeys(ids, Fraction(1))
        total = Fraction(len(ids))
    quotas = {kid: Fraction(target) * weights[kid] / total for kid in ids}
    floors = {kid: math.floor(quotas[kid]) for kid in ids}
    left = target - sum(floors.values())
    by_remainder = sorted(ids, key=lambda kid: (-(quotas[kid] - floors[kid]), order(kid)))
    extra = {kid: 0 for kid in ids}
    for kid in by_remainder[:left]:
        extra[kid] = 1
    return [
        Share(
            kecamatan_id=kid,
            score=scores[kid],
            quota=_shown(quotas[kid]),
            floor=floors[kid],
            remainder=_shown(quotas[kid] - floors[kid]),
            extra=extra[kid],
            allocated=floors[kid] + extra[kid],
        )
        for kid in ids
    ]
