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
polarities = st.sampled_from(["naik", "turun", "stabil"])
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


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_no_realisasi_gives_no_capaian(polaritas):
    assert capaian(None, D(100), polaritas, D(120)) is None
    assert capaian(D(100), None, polaritas, D(120)) is None


# Range targets (rumus_capaian.csv): below the range the lower bound is the target, above it
# the upper bound, in the indicator's own formula; inside it 100. The worked examples of
# the issue that moved the range from polarity to target form.
@pytest.mark.parametrize(
    ("polaritas", "realisasi", "expected"),
    [
        # naik 80-90: overshooting is better, falling short is a miss
        ("naik", D(70), D("87.50")),  # 70 / 80
        ("naik", D(80), D(100)),
        ("naik", D(85), D(100)),
        ("naik", D(90), D(100)),
        ("naik", D(92), D("102.22")),  # 92 / 90, not the turun 97,78
        ("naik", D(200), D("222.22")),  # 200 / 90, not -22,22
        ("naik", D(0), D(0)),
        # turun 80-90: staying under is better, going over is a miss
        ("turun", D(70), D("112.50")),  # (2 - 70 / 80) x 100
        ("turun", D(80), D(100)),
        ("turun", D(90), D(100)),
        ("turun", D(99), D(90)),  # (2 - 99 / 90) x 100
        ("turun", D(180), D(0)),
        ("turun", D(0), D(200)),
        # stabil 80-90: leaving the range on either side is a miss
        ("stabil", D(70), D("87.50")),  # 70 / 80
        ("stabil", D(85), D(100)),
        ("stabil", D(99), D(90)),  # (2 - 99 / 90) x 100
        ("stabil", D(200), D("-22.22")),
    ],
)
def test_range_target_80_to_90(polaritas, realisasi, expected):
    assert round_percent(capaian(realisasi, D(80), polaritas, D(90))) == expected


def test_naik_range_overshoot_is_sangat_tinggi():
    assert predikat(capaian(D(200), D(80), "naik", D(90))) == "Sangat Tinggi"
    assert predikat(capaian(D(92), D(80), "naik", D(90))) == "Sangat Tinggi"
    assert predikat(capaian(D(200), D(80), "stabil", D(90))) == "Sangat Rendah"


def test_stabil_misses_the_same_distance_on_either_side_score_alike():
    # 10% under the lower bound and 10% over the upper bound
    assert capaian(D(54), D(60), "stabil", D(80)) == capaian(D(88), D(60), "stabil", D(80)) == D(90)


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_range_with_zero_bounds_divides_only_when_needed(polaritas):
    assert capaian(D(0), D(0), polaritas, D(10)) == D(100)
    assert capaian(D(5), D(0), polaritas, D(10)) == D(100)
    assert capaian(D(0), D(0), polaritas, D(0)) == D(100)
    assert capaian(D(5), D(0), polaritas, D(0)) is None  # above an upper bound of 0


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_a_zero_single_target_gives_no_capaian_and_no_predikat(polaritas):
    assert capaian(D(0), D(0), polaritas) is None
    assert capaian(D(3), D(0), polaritas) is None
    assert predikat(capaian(D(3), D(0), polaritas)) is None


def test_stabil_with_a_single_number_is_a_range_of_one_point():
    # the model asks stabil for a range; the arithmetic still answers without one
    assert capaian(D(8), D(10), "stabil") == D(80)
    assert capaian(D(10), D(10), "stabil") == D(100)
    assert capaian(D(12), D(10), "stabil") == D(80)


def test_an_inverted_range_is_a_programming_error():
    for polaritas in Polaritas:
        with pytest.raises(ValueError, match="inverted"):
            capaian(D(5), D(10), polaritas, D(8))


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
        (D("90.001"), "Tinggi"),  # shows as 90,00%
        (D("75.001"), "Sedang"),
        (D("65.006"), "Sedang"),  # shows as 65,01%
        (D("50.001"), "Sangat Rendah"),
        (D("50.005"), "Rendah"),
        (D("89.999"), "Tinggi"),
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


def test_e81_column_14_scores_k_by_polarity_and_range():
    # Rp and naik: the form's 13 / 5 x 100
    assert kolom_14(D(74), D(80), "naik") == D("92.5")
    # turun: a Renstra realisation under its target is more than 100
    assert kolom_14(D(60), D(80), "turun") == D(125)
    # a range target in column 5: inside is 100, outside by the polarity's formula
    assert kolom_14(D(85), D(80), "naik", D(90)) == D(100)
    assert round_percent(kolom_14(D(92), D(80), "naik", D(90))) == D("102.22")
    assert round_percent(kolom_14(D(92), D(80), "stabil", D(90))) == D("97.78")
    assert kolom_14(D(5), D(0), "turun") is None


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
@given(
    bounds=st.lists(amounts, min_size=2, max_size=2),
    realisasi=amounts,
    polaritas=st.sampled_from(list(Polaritas)),
)
def test_range_is_100_inside_and_by_polarity_outside(bounds, realisasi, polaritas):
    lower, upper = sorted(bounds)
    result = capaian(realisasi, lower, polaritas, upper)
    if lower <= realisasi <= upper:
        assert result == 100
    elif realisasi > upper and upper == 0:
        assert result is None  # above an upper bound of 0: nothing to divide by
    else:
        better = realisasi > upper if polaritas == "naik" else realisasi < lower and polaritas == "turun"
        assert result > 100 if better else result < 100


@PROPERTY
@given(
    bounds=st.lists(positive, min_size=2, max_size=2),
    r1=amounts,
    r2=amounts,
    single=st.booleans(),
)
def test_capaian_is_monotone_in_realisasi_for_naik_and_turun(bounds, r1, r2, single):
    # naik never falls and turun never rises as the realisasi grows, below, inside and
    # above a range target alike (and for a single number)
    lower, upper = sorted(bounds)
    upper_or_none = None if single else upper
    low, high = sorted([r1, r2])
    assert capaian(low, lower, "naik", upper_or_none) <= capaian(high, lower, "naik", upper_or_none)
    assert capaian(low, lower, "turun", upper_or_none) >= capaian(high, lower, "turun", upper_or_none)


@PROPERTY
@given(bounds=st.lists(positive, min_size=2, max_size=2), r1=amounts, r2=amounts)
def test_stabil_rises_to_the_range_and_falls_after_it(bounds, r1, r2):
    lower, upper = sorted(bounds)
    low, high = sorted([r1, r2])
    if high <= lower:
        assert capaian(low, lower, "stabil", upper) <= capaian(high, lower, "stabil", upper)
    if low >= upper:
        assert capaian(low, lower, "stabil", upper) >= capaian(high, lower, "stabil", upper)
    assert max(capaian(low, lower, "stabil", upper), capaian(high, lower, "stabil", upper)) <= 100


@PROPERTY
@given(realisasi=amounts, upper=amounts, quarterly=quarters)
def test_a_zero_target_never_raises(realisasi, upper, quarterly):
    assert capaian(realisasi, D(0), "naik") is None
    assert capaian(realisasi, D(0), "turun") is None
    for polaritas in Polaritas:
        capaian(realisasi, D(0), polaritas, upper)
        assert capaian(realisasi, D(0), polaritas) is None
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
