"""The achievement arithmetic of the monitoring: Realisasi, Capaian, Predikat and projections.

One module for the rules in DESIGN.md ("Domain rules that must hold") and their sources in
data/aturan (rumus_capaian.csv, predikat_capaian.csv, kolom_evaluasi_renja_e81.csv), so the
monitoring pages, the E.81 evaluation and the early warning cannot disagree. Everything is
Decimal; a zero target gives None ("no capaian"), never a division error.

Quarter lists hold up to four positions (TW I..IV); None means the quarter is not reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeVar, overload

from selaras.lib.numbers import format_number

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")
QUARTERS = 4

T = TypeVar("T")
Quarters = Sequence[Decimal | None]


class Polaritas(StrEnum):
    """Which direction is good; the values are the ones planning.models.Polaritas stores."""

    NAIK = "naik"
    TURUN = "turun"
    STABIL = "stabil"


class Agregasi(StrEnum):
    """How quarters make a year; the values are the ones planning.models.Agregasi stores."""

    JUMLAH = "jumlah"
    AKHIR = "akhir"
    RATA_RATA = "rata_rata"


class StatusPeringatan(StrEnum):
    """Early-warning status of a projected year-end capaian."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    StatusPeringatan.ON_TRACK: "Sesuai jalur",
    StatusPeringatan.AT_RISK: "Berisiko",
    StatusPeringatan.OFF_TRACK: "Tidak sesuai jalur",
}

# (exclusive lower bound, result), best first; None closes the list and takes everything
# else. The published bands are 91-100 (or more), 76-90, 66-75, 51-65 and <= 50 in whole
# percents; "more than the band below" is how DESIGN.md resolves the decimals between them.
PREDIKAT_BANDS: tuple[tuple[Decimal | None, str], ...] = (
    (Decimal(90), "Sangat Tinggi"),
    (Decimal(75), "Tinggi"),
    (Decimal(65), "Sedang"),
    (Decimal(50), "Rendah"),
    (None, "Sangat Rendah"),
)

# The warning reuses the two upper predikat boundaries, so "Sesuai jalur" means the year is
# heading for Sangat Tinggi and "Berisiko" for Tinggi; anything lower needs action now.
PERINGATAN_BANDS: tuple[tuple[Decimal | None, StatusPeringatan], ...] = (
    (Decimal(90), StatusPeringatan.ON_TRACK),
    (Decimal(75), StatusPeringatan.AT_RISK),
    (None, StatusPeringatan.OFF_TRACK),
)


@overload
def round_percent(value: Decimal) -> Decimal: ...
@overload
def round_percent(value: None) -> None: ...
def round_percent(value: Decimal | None) -> Decimal | None:
    """Two places, half up: the form in which a percentage is shown and stored."""
    if value is None:
        return None
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def aggregate(values_by_quarter: Quarters, agregasi: Agregasi | str) -> Decimal | None:
    """The year's (or year-to-date) Realisasi from the quarters, by the indicator's aggregation.

    jumlah sums the reported quarters, akhir takes the latest reported one (a level such as a
    percentage is read at its most recent point) and rata_rata averages the reported ones;
    unreported quarters never count as zero. None when no quarter is reported.
    """
    _check_quarters(values_by_quarter)
    reported = [value for value in values_by_quarter if value is not None]
    if not reported:
        return None
    agregasi = Agregasi(agregasi)
    if agregasi is Agregasi.AKHIR:
        return reported[-1]
    total = sum(reported, Decimal(0))
    return total if agregasi is Agregasi.JUMLAH else total / len(reported)


def capaian(
    realisasi: Decimal | None,
    target: Decimal | None,
    polaritas: Polaritas | str,
    target_atas: Decimal | None = None,
) -> Decimal | None:
    """Capaian in percent (unrounded; see round_percent), or None when there is none.

    A target is a number or a range: `target` alone, or `target` as the lower bound and
    `target_atas` as the upper one. A range is a form of target, open to every polarity.

    - naik: realisasi / target x 100.
    - turun: (2 - realisasi / target) x 100, the PermenPANRB "kondisi khusus". It is not
      clamped: a realisasi above twice the target gives a negative capaian, and DESIGN.md
      asks for the formula, not a floor; the predikat of it is Sangat Rendah either way.
    - stabil (Polarisasi Stabilize, "stay inside"): leaving the target on either side is a
      miss, below by the naik formula and above by the turun formula.

    With a range (rumus_capaian.csv): a realisasi below it takes the lower bound as the
    target and above it the upper bound, in the indicator's own formula (naik 80-90 and
    realisasi 92 gives 92 / 90 = 102,22); inside it, bounds included, the capaian is 100.
    So naik never falls and turun never rises as the realisasi grows, and stabil scores
    both sides as 100 minus the relative distance to the nearest bound. stabil needs a
    range (the model enforces it); given a single number it treats it as a range of one
    point.

    A zero target, or a zero bound that would be the divisor, gives None: no capaian, as
    DESIGN.md asks. realisasi or target None gives None. An inverted range (lower above
    upper) is a programming error, the model refuses it, and raises ValueError.
    """
    if realisasi is None or target is None:
        return None
    polaritas = Polaritas(polaritas)
    if target_atas is not None and target > target_atas:
        raise ValueError(f"The range is inverted: lower bound {target} > upper bound {target_atas}.")
    upper = target if target_atas is None else target_atas
    if realisasi < target:
        bound, below = target, True
    elif realisasi > upper or target_atas is None:
        bound, below = upper, False
    else:
        return HUNDRED  # inside the range
    if polaritas is Polaritas.STABIL:
        polaritas = Polaritas.NAIK if below else Polaritas.TURUN
    percent = _percent_of(realisasi, bound)
    return percent if polaritas is Polaritas.NAIK else _mirrored(percent)


def planned_to_date(quarterly_targets: Quarters, up_to: int, agregasi: Agregasi | str) -> Decimal | None:
    """What the quarterly targets plan up to quarter `up_to`, by the indicator's aggregation.
    None when the indicator has no quarterly target at all; among set ones a blank quarter
    plans nothing (0)."""
    if all(value is None for value in quarterly_targets):
        return None
    return aggregate([value or Decimal(0) for value in quarterly_targets[:up_to]], agregasi)


def capaian_to_date(
    realisasi: Decimal | None,
    target: Decimal | None,
    polaritas: Polaritas | str,
    target_atas: Decimal | None,
    quarterly_targets: Quarters,
    up_to: int,
    agregasi: Agregasi | str,
) -> Decimal | None:
    """Capaian up to a quarter (against the year's target, by `capaian`), or None when nothing
    was planned up to that quarter: a quarter whose target is 0 has no capaian and no
    predikat (DESIGN.md), where the year's target would have read "0,00% Sangat Rendah"."""
    if planned_to_date(quarterly_targets, up_to, agregasi) == 0:
        return None
    return capaian(realisasi, target, polaritas, target_atas)


def capaian_anggaran(realisasi_rp: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Budget capaian (penyerapan): realisasi Rp / pagu x 100; None when the pagu is 0."""
    if realisasi_rp is None or pagu is None:
        return None
    return _percent_of(realisasi_rp, pagu)


def predikat(nilai_capaian: Decimal | None) -> str | None:
    """The predikat of a capaian by PREDIKAT_BANDS: 90.00 is Tinggi, 90.01 Sangat Tinggi.

    The capaian is rounded to two places first, so the label always agrees with the
    percentage printed beside it (90.004 shows as 90,00% and is Tinggi).
    """
    if nilai_capaian is None:
        return None
    return _classify(round_percent(nilai_capaian), PREDIKAT_BANDS)


def band_conditions(bands: Sequence[tuple[Decimal | None, T]]) -> list[tuple[str, T]]:
    """The bands as a rule a page can print: ("> 90%", ...), ("> 75% s.d. 90%", ...), ("≤ 50%", ...)."""
    rows: list[tuple[str, T]] = []
    upper: Decimal | None = None
    for above, result in bands:
        if above is None:
            text = f"≤ {format_number(upper)}%" if upper is not None else "semua nilai"
        elif upper is None:
            text = f"> {format_number(above)}%"
        else:
            text = f"> {format_number(above)}% s.d. {format_number(upper)}%"
        rows.append((text, result))
        upper = above
    return rows


# E.81 (evaluasi hasil Renja, Permendagri 86/2017) ------------------------------------------


def kolom_12(k8_to_k11: Quarters, agregasi: Agregasi | str = Agregasi.JUMLAH) -> Decimal | None:
    """Column 12, the year's realisation from TW I..IV (columns 8-11).

    The csv prints 8+9+10+11, which is right for counts and for Rp (leave the default);
    DESIGN.md asks for the indicator's aggregation for K, since summing four readings of a
    percentage is meaningless.
    """
    return aggregate(k8_to_k11, agregasi)


def kolom_13(
    k6: Decimal | None, k12: Decimal | None, agregasi: Agregasi | str = Agregasi.JUMLAH
) -> Decimal | None:
    """Column 13, the Renstra realisation up to the evaluated year: column 6 + column 12.

    Column 6 is the Renstra realisation up to last year (n-2 in the form's words), column 12
    this year's. For Rp and for jumlah indicators the two add up (a missing side counts as
    nothing yet). akhir and rata_rata indicators are levels whose Renstra target (column 5)
    is the level at the end of the period, so the realisation to date is the latest year's
    level: column 12, or column 6 while this year has none. None when both are missing.
    """
    if Agregasi(agregasi) is not Agregasi.JUMLAH:
        return k12 if k12 is not None else k6
    if k6 is None and k12 is None:
        return None
    return (k6 or Decimal(0)) + (k12 or Decimal(0))


def kolom_14(
    k13: Decimal | None,
    k5: Decimal | None,
    polaritas: Polaritas | str = Polaritas.NAIK,
    k5_atas: Decimal | None = None,
) -> Decimal | None:
    """Column 14, the Renstra capaian to date: column 13 against column 5; None when 5 is 0.

    The form prints 13 / 5 x 100, which is the naik formula and the right one for Rp (leave
    the defaults). For K it is the capaian of the indicator's polarity and range target, as
    for this year's capaian: a turun indicator that stays below its Renstra target must not
    score under 100, and a range target has no single column 5 to divide by.
    """
    return capaian(k13, k5, polaritas, k5_atas)


def rata_rata_capaian(values: Iterable[Decimal | None]) -> Decimal | None:
    """The E.81 footer's average capaian: rows without a capaian (target 0) are left out."""
    known = [value for value in values if value is not None]
    if not known:
        return None
    return sum(known, Decimal(0)) / len(known)


# Early warning -------------------------------------------------------------------------------


def proyeksi_akhir_tahun(
    quarterly_targets: Quarters,
    quarterly_realisasi: Quarters,
    agregasi: Agregasi | str,
    target: Decimal,
) -> Decimal | None:
    """Project the year-end Realisasi on the assumption that the pace so far continues.

    The pace is realisasi / plan over the reported quarters, the plan being the quarterly
    targets. Without a complete set of quarterly targets (they are optional) the plan is
    spread evenly over the four quarters.

    - jumlah: every unreported quarter (later ones and gaps alike) is filled with its
      quarterly target x the pace, then summed: realised so far + remaining targets x pace.
      With an even plan this is realised so far / reported quarters x 4.
    - rata_rata: the same filling, then averaged; with an even plan, the mean so far.
    - akhir: quarterly targets of a level are milestones on the way to the annual target,
      so the latest value / its milestone x the annual target; in other words the year ends
      as far from its target, relatively, as the latest quarter is from its milestone.
      Without milestones the latest value is the projection (a level stays where it is).

    Once the year is fully reported (for akhir: once TW IV is) the projection is the
    realisation itself. None when nothing is reported yet, or when the reported quarters
    had nothing planned (a zero milestone), since a pace cannot then be measured.
    """
    _check_quarters(quarterly_targets)
    _check_quarters(quarterly_realisasi)
    agregasi = Agregasi(agregasi)
    realisasi = list(quarterly_realisasi) + [None] * (QUARTERS - len(quarterly_realisasi))
    reported = [(index, value) for index, value in enumerate(realisasi) if value is not None]
    if not reported:
        return None
    plan = _complete(quarterly_targets)

    if agregasi is Agregasi.AKHIR:
        last, latest = reported[-1]
        if last == QUARTERS - 1 or plan is None:
            return latest
        if plan[last] == 0:
            return None
        return latest * target / plan[last]

    if len(reported) == QUARTERS:
        return aggregate(realisasi, agregasi)
    weights = plan or [Decimal(1)] * QUARTERS
    planned_so_far = sum((weights[index] for index, _ in reported), Decimal(0))
    if planned_so_far == 0:
        return None
    realised_so_far = sum((value for _, value in reported), Decimal(0))
    pace = realised_so_far / planned_so_far
    filled = [
        value if value is not None else weight * pace
        for value, weight in zip(realisasi, weights, strict=True)
    ]
    return aggregate(filled, agregasi)


def proyeksi_serapan(
    quarterly_rencana: Quarters | None, quarterly_realisasi_rp: Quarters, pagu: Decimal
) -> Decimal | None:
    """Project the year-end budget absorption (Rp), as proyeksi_akhir_tahun does for jumlah.

    quarterly_rencana is the disbursement plan per quarter (rencana penarikan dana); without
    it the pagu is spread evenly. The projection stops at the pagu, because a DPA cannot be
    spent beyond its ceiling (unless more has already been reported, which is then shown).
    """
    projected = proyeksi_akhir_tahun(quarterly_rencana or (), quarterly_realisasi_rp, Agregasi.JUMLAH, pagu)
    if projected is None:
        return None
    spent = aggregate(quarterly_realisasi_rp, Agregasi.JUMLAH) or Decimal(0)
    return min(projected, max(pagu, spent))


def status_peringatan(projected_capaian: Decimal | None) -> StatusPeringatan | None:
    """The warning for a projected capaian (of Realisasi or of the budget), by PERINGATAN_BANDS.

    > 90 Sesuai jalur, > 75 Berisiko, else Tidak sesuai jalur, on the two-place value as
    printed. None when there is no projection.
    """
    if projected_capaian is None:
        return None
    return _classify(round_percent(projected_capaian), PERINGATAN_BANDS)


# Helpers --------------------------------------------------------------------------------------


def _percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole x 100, multiplied first so that part == whole gives exactly 100."""
    if whole == 0:
        return None
    return part * HUNDRED / whole


def _mirrored(percent: Decimal | None) -> Decimal | None:
    """(2 - r/t) x 100 written as 200 - (r/t x 100): the turun formula is naik mirrored at 100."""
    return None if percent is None else 2 * HUNDRED - percent


def _classify(value: Decimal, bands: Sequence[tuple[Decimal | None, T]]) -> T:
    for above, result in bands:
        if above is None or value > above:
            return result
    raise ValueError("The bands must end with a catch-all (None) band.")


def _complete(quarters: Quarters) -> list[Decimal] | None:
    """All four quarterly values, or None when any is missing."""
    values = [value for value in quarters if value is not None]
    return values if len(values) == QUARTERS else None


def _check_quarters(quarters: Quarters) -> None:
    if len(quarters) > QUARTERS:
        raise ValueError(f"A year has {QUARTERS} quarters, got {len(quarters)} values.")
