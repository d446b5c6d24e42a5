from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selaras.lib.capaian import (
    PERINGATAN_BANDS,
    PREDIKAT_BANDS,
    Agregasi,
    Polaritas,
    StatusPeringatan,
    aggregate,
    band_conditions,
    capaian,
    capaian_anggaran,
    kolom_12,
    kolom_13,
    kolom_14,
    predikat,
    proyeksi_akhir_tahun,
    proyeksi_serapan,
    rata_rata_capaian,
    round_percent,
    status_peringatan,
)
from selaras.planning import models as planning_models

D = Decimal

# Enough examples to find boundary slips, few enough to keep tests/lib under a few seconds;
# no deadline, because a slow CI runner should not turn arithmetic into a flaky failure.
PROPERTY = settings(max_examples=150, deadline=None)


def decimals(low: str, high: str, places: int = 2) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        allow_nan=False, allow_infinity=False, places=places, min_value=D(low), max_value=D(high)
    )


amounts = decimals("0", "1000000000")
positive = decimals("0.01", "1000000000")
percents = decimals("-500", "500", places=4)
quarters = st.lists(st.none() | amounts, min_size=4, max_size=4)
polarities = st.sampled_from(["naik", "turun"])
LABELS = [label for _, label in PREDIKAT_BANDS]  # best first


def test_the_enums_store_the_same_strings_as_the_models():
    assert {p.value for p in Polaritas} == set(planning_models.Polaritas.values)
    assert {a.value for a in Agregasi} == set(planning_models.Agregasi.values)
    assert capaian(D(80), D(100), planning_models.Polaritas.TURUN) == D(120)


# Aggregation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agregasi", "expected"),
    [("jumlah", D(30)), ("akhir", D(20)), ("rata_rata", D(15))],
)
def test_aggregate_counts_only_reported_quarters(agregasi, expected):
    # given TW I and TW III reported, TW II and TW IV not
    values = [D(10), None, D(20), None]
    # then the gaps are neither zero nor carried
    assert aggregate(values, agregasi) == expected


def test_akhir_takes_the_latest_quarter_not_the_largest():
    assert aggregate([D(30), D(10), None, None], Agregasi.AKHIR) == D(10)


@pytest.mark.parametrize("agregasi", list(Agregasi))
def test_nothing_reported_gives_no_realisasi(agregasi):
    assert aggregate([None, None, None, None], agregasi) is None
    assert aggregate([], agregasi) is None


def test_a_year_has_four_quarters():
    with pytest.raises(ValueError, match="4 quarters"):
        aggregate([D(1)] * 5, "jumlah")
    with pytest.raises(ValueError):
        aggregate([D(1)], "median")


# Capaian ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("realisasi", "target", "polaritas", "expected"),
    [
        (D(80), D(100), "naik", D(80)),
        (D(120), D(100), "naik", D(120)),
        (D("7.5"), D(10), Polaritas.NAIK, D(75)),
        (D(80), D(100), "turun", D(120)),
        (D(120), D(100), "turun", D(80)),
        (D(250), D(100), "turun", D(-50)),  # not clamped: DESIGN.md gives the formula only
        (D(0), D(100), "turun", D(200)),
    ],
)
def test_capaian_by_polarity(realisasi, target, polaritas, expected):
    assert capaian(realisasi, target, polaritas) == expected


@pytest.mark.parametrize("polaritas", ["naik", "turun"])
def test_a_zero_target_gives_no_capaian(polaritas):
    assert capaian(D(5), D(0), polaritas) is None
    assert capaian(D(0), D(0), polaritas) is None


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_no_realisasi_gives_no_capaian(polaritas):
    assert capaian(None, D(100), polaritas, D(120)) is None
    assert capaian(D(100), None, polaritas, D(120)) is None


@pytest.mark.parametrize(
    ("realisasi", "expected"),
    [
        (D(30), D(50)),  # below: lower bound as target, 30 / 60
        (D(60), D(100)),
        (D(70), D(100)),
        (D(80), D(100)),
        (D(90), D("87.5")),  # above: (2 - 90 / 80) x 100, overshooting is a miss
        (D(160), D(0)),
        (D(200), D(-50)),
    ],
)
def test_range_target_60_to_80(realisasi, expected):
    assert capaian(realisasi, D(60), "rentang", D(80)) == expected


def test_range_misses_the_same_distance_on_either_side_score_alike():
    # 10% under the lower bound and 10% over the upper bound
    assert capaian(D(54), D(60), "rentang", D(80)) == capaian(D(88), D(60), "rentang", D(80)) == D(90)


def test_range_with_zero_bounds_divides_only_when_needed():
    assert capaian(D(0), D(0), "rentang", D(10)) == D(100)
    assert capaian(D(5), D(0), "rentang", D(10)) == D(100)
    assert capaian(D(0), D(0), "rentang", D(0)) == D(100)
    assert capaian(D(5), D(0), "rentang", D(0)) is None  # above an upper bound of 0


def test_range_needs_a_proper_upper_bound():
    with pytest.raises(ValueError, match="target_atas"):
        capaian(D(5), D(1), "rentang")
    with pytest.raises(ValueError, match="inverted"):
        capaian(D(5), D(10), "rentang", D(8))
    # an upper bound on another polarity is ignored
    assert capaian(D(5), D(10), "naik", D(20)) == D(50)


def test_budget_capaian():
    assert capaian_anggaran(D("750000.00"), D("1000000.00")) == D(75)
    assert capaian_anggaran(D(1), D(0)) is None
    assert capaian_anggaran(None, D(10)) is None
    assert capaian_anggaran(D(10), None) is None


def test_round_percent_is_half_up_to_two_places():
    assert round_percent(D("87.555")) == D("87.56")
    assert round_percent(D("87.554")) == D("87.55")
    assert str(round_percent(capaian(D(1), D(3), "naik"))) == "33.33"
    assert str(round_percent(D(100))) == "100.00"
    assert round_percent(None) is None


# Predikat --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        (D(-20), "Sangat Rendah"),
        (D(0), "Sangat Rendah"),
        (D(50), "Sangat Rendah"),
        (D("50.01"), "Rendah"),
        (D(65), "Rendah"),
        (D("65.01"), "Sedang"),
        (D(75), "Sedang"),
        (D("75.01"), "Tinggi"),
        (D(90), "Tinggi"),
        (D("90.01"), "Sangat Tinggi"),
        (D(100), "Sangat Tinggi"),
        (D(150), "Sangat Tinggi"),
        (D("90.004"), "Tinggi"),  # shows as 90,00%
        (D("90.005"), "Sangat Tinggi"),  # shows as 90,01%
        (None, None),
    ],
)
def test_predikat_bands(nilai, expected):
    assert predikat(nilai) == expected


def test_the_bands_print_as_a_rule():
    assert band_conditions(PREDIKAT_BANDS) == [
        ("> 90%", "Sangat Tinggi"),
        ("> 75% s.d. 90%", "Tinggi"),
        ("> 65% s.d. 75%", "Sedang"),
        ("> 50% s.d. 65%", "Rendah"),
        ("≤ 50%", "Sangat Rendah"),
    ]
    rule = [(text, status.label) for text, status in band_conditions(PERINGATAN_BANDS)]
    assert rule == [
        ("> 90%", "Sesuai jalur"),
        ("> 75% s.d. 90%", "Berisiko"),
        ("≤ 75%", "Tidak sesuai jalur"),
    ]


# E.81 ------------------------------------------------------------------------------------------


def test_e81_row_for_a_counted_indicator():
    # given a Renstra target of 100 units, 40 realised in earlier years, 25 planned this year
    k5, k6 = D(100), D(40)
    k12 = kolom_12([D(5), D(10), None, D(8)], "jumlah")
    k13 = kolom_13(k6, k12, "jumlah")
    # then
    assert (k12, k13, kolom_14(k13, k5)) == (D(23), D(63), D(63))


def test_e81_row_for_a_level_indicator():
    # a percentage read each quarter: the Renstra realisation to date is the latest level
    k12 = kolom_12([D(70), D(72), D(74), None], "akhir")
    assert k12 == D(74)
    assert kolom_13(D(68), k12, "akhir") == D(74)
    assert kolom_13(D(68), None, "akhir") == D(68)
    assert kolom_13(D(68), D(71), "rata_rata") == D(71)
    assert kolom_14(D(74), D(80)) == D("92.5")


def test_e81_gaps_and_zero_targets():
    assert kolom_13(None, D(23)) == D(23)  # first year of the Renstra
    assert kolom_13(D(40), None) == D(40)  # nothing reported this year yet
    assert kolom_13(None, None) is None
    assert kolom_14(D(63), D(0)) is None
    assert kolom_14(None, D(100)) is None


def test_e81_footer_average_leaves_out_rows_without_capaian():
    assert rata_rata_capaian([D(80), None, D(100)]) == D(90)
    assert rata_rata_capaian([None]) is None
    assert predikat(rata_rata_capaian([D(80), D(100)])) == "Tinggi"


# Early warning ---------------------------------------------------------------------------------

TARGETS = [D(10), D(20), D(30), D(40)]


@pytest.mark.parametrize(
    ("realisasi", "expected"),
    [
        ([D(8), D(16), None, None], D(80)),  # pace 24 / 30 = 0.8 continues: 24 + 70 x 0.8
        ([D(8), None, D(24), None], D(80)),  # the gap at TW II is filled at the same pace
        ([D(10), D(20), None, None], D(100)),  # on plan
        ([D(10), D(20), D(30), D(25)], D(85)),  # a full year is its realisasi
        ([None, None, None, None], None),
    ],
)
def test_projection_jumlah(realisasi, expected):
    assert proyeksi_akhir_tahun(TARGETS, realisasi, "jumlah", D(100)) == expected


def test_projection_jumlah_without_quarterly_targets_spreads_the_plan_evenly():
    assert proyeksi_akhir_tahun([None] * 4, [D(10), D(20), None, None], "jumlah", D(100)) == D(60)
    assert proyeksi_akhir_tahun([D(25), None, None, None], [D(10), None, None, None], "jumlah", D(100)) == D(
        40
    )


def test_projection_without_planned_volume_so_far_is_unknown():
    back_loaded = [D(0), D(0), D(50), D(50)]
    assert proyeksi_akhir_tahun(back_loaded, [D(0), None, None, None], "jumlah", D(100)) is None
    assert proyeksi_akhir_tahun(back_loaded, [D(0), D(0), D(40), D(50)], "jumlah", D(100)) == D(90)


def test_projection_akhir_scales_the_latest_value_by_its_milestone():
    milestones = [D(20), D(40), D(60), D(80)]
    # half way to the TW II milestone -> half way to the annual target
    assert proyeksi_akhir_tahun(milestones, [D(15), D(20), None, None], "akhir", D(80)) == D(40)
    assert proyeksi_akhir_tahun(milestones, [None, D(30), None, None], "akhir", D(80)) == D(60)
    assert proyeksi_akhir_tahun(milestones, [D(15), None, None, D(70)], "akhir", D(80)) == D(70)
    # without milestones a level stays where it is
    assert proyeksi_akhir_tahun([None] * 4, [D(15), D(30), None, None], "akhir", D(80)) == D(30)
    assert proyeksi_akhir_tahun([D(0), D(0), D(40), D(80)], [D(5), None, None, None], "akhir", D(80)) is None


def test_projection_rata_rata_fills_the_remaining_quarters_at_the_pace():
    targets = [D(70)] * 4
    # pace 133 / 140 = 0.95: the remaining quarters are 66.5 each
    assert proyeksi_akhir_tahun(targets, [D(63), D(70), None, None], "rata_rata", D(70)) == D("66.5")
    assert proyeksi_akhir_tahun([None] * 4, [D(63), D(70), None, None], "rata_rata", D(70)) == D("66.5")


def test_projection_of_budget_absorption():
    pagu = D("1000000.00")
    plan = [D(100000), D(200000), D(300000), D(400000)]
    assert proyeksi_serapan(plan, [D(50000), D(100000), None, None], pagu) == D(500000)
    # ahead of an even plan, but never beyond the pagu
    assert proyeksi_serapan(None, [D(300000), None, None, None], pagu) == pagu
    # what has been reported is shown, even beyond the pagu
    assert proyeksi_serapan(None, [D(600000), D(600000), None, D(1)], pagu) == D(1200001)
    assert proyeksi_serapan(None, [None] * 4, pagu) is None


@pytest.mark.parametrize(
    ("nilai", "expected"),
    [
        (D(120), StatusPeringatan.ON_TRACK),
        (D("90.01"), StatusPeringatan.ON_TRACK),
        (D(90), StatusPeringatan.AT_RISK),
        (D("75.01"), StatusPeringatan.AT_RISK),
        (D(75), StatusPeringatan.OFF_TRACK),
        (D(-10), StatusPeringatan.OFF_TRACK),
        (None, None),
    ],
)
def test_warning_status(nilai, expected):
    assert status_peringatan(nilai) == expected


def test_early_warning_from_quarters_to_status():
    # given a jumlah indicator at 80% of its plan after two quarters
    projected = proyeksi_akhir_tahun(TARGETS, [D(8), D(16), None, None], "jumlah", D(100))
    status = status_peringatan(capaian(projected, D(100), "naik"))
    # then the year heads for Tinggi, which is a risk
    assert status == "at_risk"
    assert status.label == "Berisiko"
    # and for a lower-is-better indicator the same pace is good news
    assert status_peringatan(capaian(projected, D(100), "turun")) == StatusPeringatan.ON_TRACK
    spent = proyeksi_serapan(None, [D(100), None, None, None], D(1000))
    assert status_peringatan(capaian_anggaran(spent, D(1000))) == StatusPeringatan.OFF_TRACK


# Properties ------------------------------------------------------------------------------------


@PROPERTY
@given(r1=amounts, r2=amounts, target=positive)
def test_naik_is_monotonic_in_realisasi(r1, r2, target):
    low, high = sorted([r1, r2])
    assert capaian(low, target, "naik") <= capaian(high, target, "naik")


@PROPERTY
@given(target=positive, polaritas=polarities)
def test_realisasi_equal_to_target_is_exactly_100(target, polaritas):
    assert capaian(target, target, polaritas) == 100


@PROPERTY
@given(realisasi=amounts, target=positive)
def test_naik_and_turun_mirror_each_other_around_100(realisasi, target):
    total = capaian(realisasi, target, "naik") + capaian(realisasi, target, "turun")
    # exact up to the last of Decimal's 28 digits
    assert abs(total - 200) <= D("1e-20")


@PROPERTY
@given(a=percents, b=percents)
def test_predikat_and_warning_never_worsen_as_capaian_rises(a, b):
    low, high = sorted([a, b])
    assert LABELS.index(predikat(high)) <= LABELS.index(predikat(low))
    statuses = [status for _, status in PERINGATAN_BANDS]
    assert statuses.index(status_peringatan(high)) <= statuses.index(status_peringatan(low))


@PROPERTY
@given(values=quarters, data=st.data())
def test_jumlah_is_the_sum_in_any_order(values, data):
    reported = [value for value in values if value is not None]
    expected = sum(reported, D(0)) if reported else None
    assert aggregate(values, "jumlah") == expected
    assert aggregate(data.draw(st.permutations(values)), "jumlah") == expected


@PROPERTY
@given(values=quarters)
def test_akhir_is_the_last_reported_and_rata_rata_lies_between_the_extremes(values):
    reported = [value for value in values if value is not None]
    if not reported:
        assert aggregate(values, "akhir") is None
        assert aggregate(values, "rata_rata") is None
        return
    assert aggregate(values, "akhir") == reported[-1]
    assert min(reported) <= aggregate(values, "rata_rata") <= max(reported)


@PROPERTY
@given(bounds=st.lists(amounts, min_size=2, max_size=2), realisasi=amounts)
def test_range_is_100_inside_and_less_outside(bounds, realisasi):
    lower, upper = sorted(bounds)
    result = capaian(realisasi, lower, "rentang", upper)
    if lower <= realisasi <= upper:
        assert result == 100
    elif upper == 0:
        assert result is None  # above an upper bound of 0: nothing to divide by
    else:
        assert result < 100


@PROPERTY
@given(realisasi=amounts, upper=amounts, quarterly=quarters)
def test_a_zero_target_never_raises(realisasi, upper, quarterly):
    assert capaian(realisasi, D(0), "naik") is None
    assert capaian(realisasi, D(0), "turun") is None
    capaian(realisasi, D(0), "rentang", upper)
    assert capaian_anggaran(realisasi, D(0)) is None
    assert kolom_14(realisasi, D(0)) is None
    for agregasi in Agregasi:
        proyeksi_akhir_tahun([D(0)] * 4, quarterly, agregasi, D(0))
    proyeksi_serapan([D(0)] * 4, quarterly, D(0))


@PROPERTY
@given(targets=st.lists(positive, min_size=4, max_size=4), done=st.integers(min_value=1, max_value=4))
def test_realisasi_on_plan_projects_to_the_plan(targets, done):
    realisasi = targets[:done] + [None] * (4 - done)
    assert proyeksi_akhir_tahun(targets, realisasi, "jumlah", sum(targets)) == sum(targets)


@PROPERTY
@given(targets=st.lists(amounts, min_size=4, max_size=4), realisasi=quarters)
def test_jumlah_projection_never_falls_below_what_is_realised(targets, realisasi):
    projected = proyeksi_akhir_tahun(targets, realisasi, "jumlah", sum(targets))
    realised = aggregate(realisasi, "jumlah")
    assert projected is None or projected >= realised
