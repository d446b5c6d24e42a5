"""Potential per kecamatan and the allocation of a Technopark target: the criteria against
values computed by hand, the largest remainder method (examples and properties), saving
an allocation with reasons (all or nothing), the cast's permissions and query counts."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from selaras.accounts.personas import Cast
from selaras.organisations.models import Kampung, Kecamatan, UnitKerja
from selaras.planning.models import Indikator, Renja
from selaras.technopark.factories import make_umkm, record_activity
from selaras.technopark.models import UMKM, AlokasiTarget, KriteriaPotensi
from selaras.technopark.potential import (
    PLACES,
    Criterion,
    allocate,
    compute,
    ensure_criteria,
    great_circle_km,
    load_figures,
    normalise,
)

pytestmark = pytest.mark.django_db

# The potential page makes a fixed number of queries whatever the number of UMKM. Counted:
# session, user, the request's savepoint and release, the chosen indicator, the criteria,
# the kecamatan, the UMKM aggregate (coaching as a subquery), the indicators of the
# selector, the saved allocation, the realisation per kecamatan from the indicator's automatic
# source, whether the user may change it, the menu's Perangkat Daerah, and whether the page
# shows sample data (its one "data contoh" mark).
POTENSI_QUERIES = 14
SMALL, LARGE = 3, 300

ANAK_TUHA, KALIREJO, GUNUNG_SUGIH = "18.02.21", "18.02.01", "18.02.04"
URL = "technopark:potensi"


def _kampung(kode: str) -> Kampung:
    return Kampung.objects.filter(kecamatan__kode=kode).order_by("kode").first()


def _kecamatan_id(kode: str) -> int:
    return Kecamatan.objects.get(kode=kode).pk


@pytest.fixture
def indikator(renja: Renja, cast: Cast) -> Indikator:
    """A Technopark indicator of Balitbangda's Renja 2026: 200 UMKM mentored."""
    ind = Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).first()
    Indikator.objects.filter(pk=ind.pk).update(
        uraian="Jumlah UMKM yang didampingi",
        satuan="UMKM",
        sumber_otomatis="umkm_didampingi",
        target=Decimal(200),
        target_tw1=Decimal(50),
        target_tw2=Decimal(50),
        target_tw3=Decimal(50),
        target_tw4=Decimal(50),
    )
    ind.refresh_from_db()
    return ind


@pytest.fixture
def umkm(cast: Cast) -> dict[str, list[UMKM]]:
    """Given seven businesses of Balitbangda in three kecamatan:

    - Anak Tuha: 4 (sectors C, C, G, A; 2 with NIB; 1 coached, twice);
    - Kalirejo: 2 (sectors I, G; none with NIB; none coached);
    - Gunung Sugih: 1 (sector G; with NIB; coached);
    and one business of another perangkat daerah in Kalirejo, which does not count.
    """
    unit = cast.bidang_a
    at, kr, gs = _kampung(ANAK_TUHA), _kampung(KALIREJO), _kampung(GUNUNG_SUGIH)
    result = {
        ANAK_TUHA: [
            make_umkm(unit, at, nama_usaha="AT1", sektor="C", punya_nib=True),
            make_umkm(unit, at, nama_usaha="AT2", sektor="C", punya_nib=True),
            make_umkm(unit, at, nama_usaha="AT3", sektor="G"),
            make_umkm(unit, at, nama_usaha="AT4", sektor="A"),
        ],
        KALIREJO: [
            make_umkm(unit, kr, nama_usaha="KR1", sektor="I"),
            make_umkm(unit, kr, nama_usaha="KR2", sektor="G"),
        ],
        GUNUNG_SUGIH: [make_umkm(unit, gs, nama_usaha="GS1", sektor="G", punya_nib=True)],
    }
    record_activity(
        unit, "pendampingan", dt.date(2026, 2, 3), [result[ANAK_TUHA][0], result[GUNUNG_SUGIH][0]]
    )
    record_activity(unit, "edukasi", dt.date(2026, 3, 3), [result[ANAK_TUHA][0]])
    other_unit = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.other_pd, jenis="bidang", nama="Bidang UMKM"
    )
    make_umkm(other_unit, kr, nama_usaha="Usaha dinas lain", sektor="C")
    return result


# --- Raw criteria, normalisation and score ------------------------------------------------------


def test_great_circle_distance_against_known_values():
    # One degree of a meridian is R x pi / 180 = 111,195 km.
    assert great_circle_km(Decimal(0), Decimal(0), Decimal(1), Decimal(0)) == Decimal("111.20")
    assert great_circle_km(Decimal(0), Decimal(100), Decimal(0), Decimal(101)) == Decimal("111.20")
    a = (Decimal("-5.01859"), Decimal("105.05842"))
    b = (Decimal("-5.20881"), Decimal("104.9744"))
    assert great_circle_km(*a, *b) == great_circle_km(*b, *a) == Decimal("23.11")
    assert great_circle_km(*a, *a) == Decimal("0.00")


def test_normalise_min_max_direction_ties_and_missing_values():
    values = {1: Decimal(2), 2: Decimal(4), 3: Decimal(10), 4: None}
    assert normalise(values) == {1: Decimal(0), 2: Decimal("0.25"), 3: Decimal(1), 4: Decimal(0)}
    assert normalise(values, higher_is_better=False) == {
        1: Decimal(1),
        2: Decimal("0.75"),
        3: Decimal(0),
        4: Decimal(0),
    }
    # All equal: the criterion tells nothing apart and adds nothing, in either direction.
    same = {1: Decimal(3), 2: Decimal(3)}
    assert normalise(same) == normalise(same, higher_is_better=False) == {1: Decimal(0), 2: Decimal(0)}
    assert normalise({1: Decimal(1), 2: Decimal(2), 3: Decimal(4)})[2] == Decimal("0.333333")


def test_raw_figures_count_by_kecamatan_in_the_agencys_scope(cast, umkm):
    figures, technopark = load_figures(cast.pemda.pk, cast.balitbangda.pk)
    by_kode = {f.kode: f for f in figures}
    assert technopark == "Anak Tuha"
    assert len(figures) == 28
    at, kr, gs = by_kode[ANAK_TUHA], by_kode[KALIREJO], by_kode[GUNUNG_SUGIH]
    assert (at.jumlah_umkm, at.belum_dibina, at.sektor_prioritas, at.tanpa_nib) == (4, 3, 2, 2)
    assert (kr.jumlah_umkm, kr.belum_dibina, kr.sektor_prioritas, kr.tanpa_nib) == (2, 2, 1, 2)
    assert (gs.jumlah_umkm, gs.belum_dibina, gs.sektor_prioritas, gs.tanpa_nib) == (1, 0, 0, 0)
    assert at.jarak_km == Decimal("0.00")
    assert kr.jarak_km == Decimal("23.11")
    empty = by_kode["18.02.02"]
    assert (empty.jumlah_umkm, empty.raw("belum_dibina"), empty.raw("tanpa_nib")) == (0, 0, 0)


def test_scores_equal_values_computed_by_hand(cast, umkm):
    potential = compute(cast.pemda.pk, cast.balitbangda.pk)
    rows = {r.figures.kode: r for r in potential.rows}
    assert [c.kode for c in potential.criteria] == [
        "jumlah_umkm",
        "belum_dibina",
        "sektor",
        "tanpa_nib",
        "jarak",
    ]
    assert potential.total_weight == Decimal("1.00")
    farthest = max(r.figures.jarak_km for r in potential.rows)

    def jarak(kode: str) -> Decimal:
        return (1 - rows[kode].figures.jarak_km / farthest).quantize(PLACES, rounding=ROUND_HALF_UP)

    # Normalised: jumlah 4/4, 2/4, 1/4; belum dibina 3/4, 2/2, 0 (max 1); sektor 2/4, 1/2, 0
    # (max 0,5); tanpa NIB 2/4, 2/2, 0 (max 1); jarak 1 - d / farthest.
    expected_normal = {
        ANAK_TUHA: ["1", "0.75", "1", "0.5", "1"],
        KALIREJO: ["0.5", "1", "1", "1", jarak(KALIREJO)],
        GUNUNG_SUGIH: ["0.25", "0", "0", "0", jarak(GUNUNG_SUGIH)],
    }
    for kode, normals in expected_normal.items():
        got = [
            rows[kode].values[c].normal
            for c in ["jumlah_umkm", "belum_dibina", "sektor", "tanpa_nib", "jarak"]
        ]
        assert got == [Decimal(n) for n in normals], kode
    # Score = 0,35 x jumlah + 0,20 x belum + 0,15 x (sektor + tanpa NIB + jarak) over 1,00.
    assert rows[ANAK_TUHA].score == Decimal("0.875")
    assert rows[KALIREJO].score == (Decimal("0.675") + Decimal("0.15") * jarak(KALIREJO)).quantize(PLACES)
    assert rows[GUNUNG_SUGIH].score == (Decimal("0.0875") + Decimal("0.15") * jarak(GUNUNG_SUGIH)).quantize(
        PLACES
    )
    assert rows[ANAK_TUHA].values["jumlah_umkm"].contribution == Decimal("0.35")
    assert rows[ANAK_TUHA].rank == 1 and rows[KALIREJO].rank == 2
    # Contributions add up to the score (within the rounding of six places).
    for row in potential.rows:
        assert abs(sum(v.contribution for v in row.values.values()) - row.score) <= Decimal("0.000005")


def test_weights_and_direction_change_the_score(cast, umkm):
    only_distance = [
        Criterion("jumlah_umkm", Decimal(0), True),
        Criterion("jarak", Decimal(2), True),  # farther = more potential, for this test
    ]
    rows = {r.figures.kode: r for r in compute(cast.pemda.pk, cast.balitbangda.pk, only_distance).rows}
    assert rows[ANAK_TUHA].score == Decimal(0)
    assert max(r.score for r in rows.values()) == Decimal(1)


def test_default_criteria_are_created_once(cast):
    assert not KriteriaPotensi.objects.filter(pemda=cast.pemda).exists()
    first = ensure_criteria(cast.pemda.pk)
    again = ensure_criteria(cast.pemda.pk)
    assert [(c.kode, c.bobot, c.makin_tinggi_makin_baik) for c in first] == [
        ("jumlah_umkm", Decimal("0.35"), True),
        ("belum_dibina", Decimal("0.20"), True),
        ("sektor", Decimal("0.15"), True),
        ("tanpa_nib", Decimal("0.15"), True),
        ("jarak", Decimal("0.15"), False),
    ]
    assert [c.pk for c in again] == [c.pk for c in first]
    assert KriteriaPotensi.objects.filter(pemda=cast.pemda).count() == 5


# --- Largest remainder allocation ------------------------------------------------------------


def test_worked_example_with_remainders():
    # target 7 over 0,45 / 0,35 / 0,20: quotas 3,15 / 2,45 / 1,40, floors 3 + 2 + 1 = 6,
    # the one unit left goes to the largest remainder (0,45: kecamatan 2).
    shares = allocate(7, {1: Decimal("0.45"), 2: Decimal("0.35"), 3: Decimal("0.20")})
    assert [(s.quota, s.floor, s.remainder, s.extra, s.allocated) for s in shares] == [
        (Decimal("3.15"), 3, Decimal("0.15"), 0, 3),
        (Decimal("2.45"), 2, Decimal("0.45"), 1, 3),
        (Decimal("1.40"), 1, Decimal("0.40"), 0, 1),
    ]


def test_equal_remainders_go_by_kecamatan_code():
    shares = allocate(
        10, {7: Decimal(1), 8: Decimal(1), 9: Decimal(1)}, {7: "18.02.03", 8: "18.02.01", 9: "18.02.02"}
    )
    assert [(s.kecamatan_id, s.quota, s.allocated) for s in shares] == [
        (8, Decimal("3.3333"), 4),
        (9, Decimal("3.3333"), 3),
        (7, Decimal("3.3333"), 3),
    ]


def test_zero_scores_spread_the_target_evenly():
    shares = allocate(5, {1: Decimal(0), 2: Decimal(0), 3: Decimal(0)})
    assert [(s.quota, s.floor, s.allocated) for s in shares] == [
        (Decimal("1.6667"), 1, 2),
        (Decimal("1.6667"), 1, 2),
        (Decimal("1.6667"), 1, 1),
    ]
    assert [s.allocated for s in allocate(0, {1: Decimal(1), 2: Decimal(0)})] == [0, 0]


def test_bad_allocation_input_is_refused():
    with pytest.raises(ValueError):
        allocate(-1, {1: Decimal(1)})
    with pytest.raises(ValueError):
        allocate(3, {1: Decimal(-1)})
    with pytest.raises(ValueError):
        allocate(3, {})


scores_strategy = st.dictionaries(
    st.integers(min_value=1, max_value=10_000),
    st.decimals(min_value=0, max_value=1, places=6, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=40,
)


@hsettings(max_examples=300, deadline=None)
@given(target=st.integers(min_value=0, max_value=100_000), scores=scores_strategy)
def test_allocation_always_sums_to_the_target_and_is_stable(target, scores):
    codes = {kid: f"18.02.{kid % 7:02d}" for kid in scores}  # deliberately repeated codes
    shares = allocate(target, scores, codes)
    assert sum(s.allocated for s in shares) == target
    total = sum((Fraction(v) for v in scores.values()), Fraction(0))
    for s in shares:
        exact = (
            Fraction(target) * Fraction(scores[s.kecamatan_id]) / total
            if total
            else Fraction(target, len(scores))
        )
        assert s.floor == int(exact) and s.allocated in (s.floor, s.floor + 1)
        assert abs(s.allocated - exact) < 1
    # Same input, same output, whatever the order of the dictionary.
    assert allocate(target, scores, codes) == shares
    assert allocate(target, dict(reversed(list(scores.items()))), codes) == shares


# --- The page: permissions -------------------------------------------------------------------


def _login(client: Client, user) -> Client:
    client.force_login(user)
    return client


def test_planner_sees_scores_map_data_and_the_allocation(client, cast, umkm, indikator):
    response = _login(client, cast.perencana).get(reverse(URL), {"indikator": indikator.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Potensi UMKM per Kecamatan" in html and "Kalirejo" in html
    assert 'id="potensi-peta-data"' in html and "technopark/kecamatan.geojson" in html
    assert "vendor/leaflet/leaflet.js" in html
    assert response.context["alloc_totals"]["allocated"] == 200
    assert response.context["may_edit_allocation"] is True
    data = response.context["map_data"]
    assert data[ANAK_TUHA]["skor"] == "0,8750" and data[ANAK_TUHA]["kelas"] == 4
    assert "Simpan alokasi" in html and "Simpan bobot" in html


def test_the_geojson_ships_with_the_page_keyed_on_kemendagri_codes():
    text = (Path(settings.BASE_DIR) / "static/technopark/kecamatan.geojson").read_text()
    assert '"kode": "18.02.21"' in text or '"kode":"18.02.21"' in text
    script = (Path(settings.BASE_DIR) / "static/technopark/potensi-peta.js").read_text()
    assert "© cahya dsn, MIT" in script and "tileLayer" not in script


@pytest.mark.parametrize("persona", ["pimpinan", "verifikator"])
def test_readers_see_the_page_but_may_not_change_it(client, cast, umkm, indikator, persona):
    _login(client, getattr(cast, persona))
    response = client.get(reverse(URL), {"indikator": indikator.pk})
    assert response.status_code == 200
    assert response.context["may_edit_allocation"] is False
    assert "Simpan alokasi" not in response.content.decode()
    assert (
        client.post(reverse("technopark:potensi_bobot"), _weights(), HTTP_X_REQUESTED_WITH="x").status_code
        == 403
    )
    assert client.post(reverse("technopark:potensi_alokasi", args=[indikator.pk]), {}).status_code == 403
    assert not AlokasiTarget.objects.exists()


def test_outsider_sees_no_indicator_and_none_of_the_agencys_umkm(client, cast, umkm, indikator):
    _login(client, cast.outsider)
    response = client.get(reverse(URL))
    assert response.status_code == 200
    assert response.context["indicators"] == []
    counts = {r.figures.kode: r.figures.jumlah_umkm for r in response.context["potential"].rows}
    # Only its own agency's business in Kalirejo counts; Balitbangda's are not seen.
    assert (counts[ANAK_TUHA], counts[KALIREJO], sum(counts.values())) == (0, 1, 1)
    assert client.get(reverse(URL), {"indikator": indikator.pk}).status_code == 404
    assert client.post(reverse("technopark:potensi_alokasi", args=[indikator.pk]), {}).status_code == 404
    assert client.post(reverse("technopark:potensi_bobot"), _weights()).status_code == 403


def test_anonymous_is_sent_to_login(client, indikator):
    for response in (
        client.get(reverse(URL)),
        client.post(reverse("technopark:potensi_bobot"), _weights()),
        client.post(reverse("technopark:potensi_alokasi", args=[indikator.pk]), {}),
    ):
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_non_technopark_indicator_is_not_found(client, cast, renja):
    plain = Indikator.objects.filter(renja=renja).first()
    assert client.get(reverse(URL), {"indikator": plain.pk}).status_code == 302
    _login(client, cast.perencana)
    assert client.get(reverse(URL), {"indikator": plain.pk}).status_code == 404
    assert client.get(reverse(URL), {"indikator": "abc"}).status_code == 400  # no id at all


# --- Weights ------------------------------------------------------------------------------------


def _weights(**changes: str) -> dict[str, str]:
    data = {
        "bobot_jumlah_umkm": "0,35",
        "bobot_belum_dibina": "0,20",
        "bobot_sektor": "0,15",
        "bobot_tanpa_nib": "0,15",
        "bobot_jarak": "0,15",
        "naik_jumlah_umkm": "on",
        "naik_belum_dibina": "on",
        "naik_sektor": "on",
        "naik_tanpa_nib": "on",
        "aksi": "simpan",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_planner_saves_weights_and_direction(client, cast, umkm):
    _login(client, cast.perencana)
    response = client.post(
        reverse("technopark:potensi_bobot"), _weights(bobot_jumlah_umkm="0,5", naik_sektor=None)
    )
    assert response.status_code == 302
    saved = {c.kode: c for c in KriteriaPotensi.objects.filter(pemda=cast.pemda)}
    assert saved["jumlah_umkm"].bobot == Decimal("0.50")
    assert saved["sektor"].makin_tinggi_makin_baik is False
    assert saved["jarak"].makin_tinggi_makin_baik is False
    page = client.get(response["Location"])
    assert "Bobot kriteria potensi disimpan (2 kriteria berubah)." in page.content.decode()
    assert page.context["potential"].total_weight == Decimal("1.15")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"bobot_sektor": "-1"}, "tidak boleh negatif"),
        ({"bobot_jarak": "banyak"}, "harus berupa angka"),
        ({"bobot_jarak": ""}, "wajib diisi"),
        (
            {f"bobot_{k}": "0" for k in ["jumlah_umkm", "belum_dibina", "sektor", "tanpa_nib", "jarak"]},
            "tidak boleh semuanya nol",
        ),
    ],
)
def test_bad_weights_are_refused_with_a_message(client, cast, changes, message):
    _login(client, cast.perencana)
    before = [(c.kode, c.bobot) for c in ensure_criteria(cast.pemda.pk)]
    response = client.post(reverse("technopark:potensi_bobot"), _weights(**changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert [(c.kode, c.bobot) for c in ensure_criteria(cast.pemda.pk)] == before


def test_recalculation_is_a_preview_and_saves_nothing(client, cast, umkm):
    _login(client, cast.perencana)
    before = [(c.kode, c.bobot) for c in ensure_criteria(cast.pemda.pk)]
    data = _weights(bobot_jumlah_umkm="0", bobot_belum_dibina="0", bobot_sektor="0", bobot_tanpa_nib="0")
    data["aksi"] = "hitung"
    response = client.post(reverse("technopark:potensi_bobot"), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pratinjau" in html and "<html" not in html  # the HTMX fragment only
    rows = {r.figures.kode: r for r in response.context["potential"].rows}
    assert rows[ANAK_TUHA].score == Decimal(1)  # distance alone: Anak Tuha is the nearest
    assert [(c.kode, c.bobot) for c in ensure_criteria(cast.pemda.pk)] == before
    # Without HTMX the same button answers the whole page.
    full = client.post(reverse("technopark:potensi_bobot"), data)
    assert full.status_code == 200 and "<html" in full.content.decode()


# --- Allocation: overrides with reasons, all or nothing ---------------------------------------


def _allocation_post(client: Client, indikator: Indikator, **overrides: tuple[str, str]) -> object:
    """Post the page's form as shown, with (number, reason) changed for some kecamatan codes."""
    page = client.get(reverse(URL), {"indikator": indikator.pk})
    form = page.context["alokasi_form"]
    data = {
        name: ("" if field.initial is None else str(field.initial)) for name, field in form.fields.items()
    }
    for kode, (number, reason) in overrides.items():
        kid = _kecamatan_id(kode.replace("_", "."))
        data[f"k{kid}_ditetapkan"], data[f"k{kid}_alasan"] = number, reason
    return client.post(reverse("technopark:potensi_alokasi", args=[indikator.pk]), data)


def test_change_without_reason_is_refused_and_nothing_is_saved(client, cast, umkm, indikator):
    _login(client, cast.perencana)
    computed = _computed(client, indikator)
    response = _allocation_post(
        client,
        indikator,
        **{
            "18_02_01": (str(computed[KALIREJO] + 1), "Permintaan camat"),
            "18_02_04": (str(computed[GUNUNG_SUGIH] + 5), ""),
        },
    )
    assert response.status_code == 422
    assert "Kecamatan Gunung Sugih: alasan wajib diisi" in response.content.decode()
    assert not AlokasiTarget.objects.exists()


def test_bad_number_is_refused_naming_the_kecamatan(client, cast, umkm, indikator):
    _login(client, cast.perencana)
    response = _allocation_post(client, indikator, **{"18_02_01": ("dua", "x"), "18_02_04": ("-3", "y")})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Kecamatan Kalirejo: jumlah harus bilangan bulat." in html
    assert "Kecamatan Gunung Sugih: jumlah tidak boleh negatif." in html
    assert not AlokasiTarget.objects.exists()


def _computed(client: Client, indikator: Indikator) -> dict[str, int]:
    page = client.get(reverse(URL), {"indikator": indikator.pk})
    codes = {k.pk: k.kode for k in Kecamatan.objects.all()}
    return {codes[line.kecamatan_id]: line.share.allocated for line in page.context["alokasi_form"].lines}


def test_change_with_reason_is_saved_for_every_kecamatan_and_a_wrong_sum_warns(client, cast, umkm, indikator):
    _login(client, cast.perencana)
    computed = _computed(client, indikator)
    assert sum(computed.values()) == 200
    response = _allocation_post(
        client, indikator, **{"18_02_01": (str(computed[KALIREJO] + 3), "Sentra keripik baru")}
    )
    assert response.status_code == 302
    rows = {r.kecamatan.kode: r for r in AlokasiTarget.objects.select_related("kecamatan")}
    assert len(rows) == 28
    assert all(r.dihitung == computed[kode] for kode, r in rows.items())
    assert rows[KALIREJO].ditetapkan == computed[KALIREJO] + 3
    assert rows[KALIREJO].alasan == "Sentra keripik baru"
    assert rows[ANAK_TUHA].ditetapkan == computed[ANAK_TUHA] and rows[ANAK_TUHA].alasan == ""
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "tidak sama dengan target" in html  # a warning, not an error: the rows are saved
    assert page.context["saved_total"] == 203 and page.context["saved_mismatch"] is True
    # The form offers the saved change again, with its reason, so a second save keeps it.
    again = _allocation_post(client, indikator)
    assert again.status_code == 302
    assert AlokasiTarget.objects.get(kecamatan__kode=KALIREJO).ditetapkan == computed[KALIREJO] + 3


def test_allocation_is_all_or_nothing_when_a_write_fails(client, cast, umkm, indikator, monkeypatch):
    _login(client, cast.perencana)
    original = AlokasiTarget.save
    calls = {"n": 0}

    def failing_save(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk penuh")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AlokasiTarget, "save", failing_save)
    with pytest.raises(RuntimeError):
        _allocation_post(client, indikator)
    assert calls["n"] == 10
    assert not AlokasiTarget.objects.exists()


# --- Query counts --------------------------------------------------------------------------------


def _bulk_umkm(cast: Cast, count: int) -> None:
    kampung = list(Kampung.objects.filter(pemda=cast.pemda).order_by("kode"))
    UMKM.objects.bulk_create(
        UMKM(
            pemda=cast.pemda,
            perangkat_daerah=cast.balitbangda,
            unit_kerja=cast.bidang_a,
            nama_usaha=f"Usaha {i}",
            nama_pemilik="Pemilik",
            sektor="CIG"[i % 3],
            kecamatan_id=kampung[i * 7 % len(kampung)].kecamatan_id,
            kampung=kampung[i * 7 % len(kampung)],
            punya_nib=i % 2 == 0,
            modal_usaha=Decimal(1_000_000),
            omzet_tahunan=Decimal(10_000_000),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [SMALL, LARGE])
def test_the_page_makes_the_same_number_of_queries_for_few_or_many_umkm(client, cast, indikator, count):
    _bulk_umkm(cast, count)
    ensure_criteria(cast.pemda.pk)
    _login(client, cast.perencana)
    client.post(reverse("technopark:potensi_alokasi", args=[indikator.pk]), _form_defaults(client, indikator))
    assert AlokasiTarget.objects.count() == 28
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(URL), {"indikator": indikator.pk})
    assert response.status_code == 200
    assert sum(r.figures.jumlah_umkm for r in response.context["potential"].rows) == count
    assert len(ctx.captured_queries) == POTENSI_QUERIES, "\n".join(
        q["sql"][:150] for q in ctx.captured_queries
    )


def _form_defaults(client: Client, indikator: Indikator) -> dict[str, str]:
    page = client.get(reverse(URL), {"indikator": indikator.pk})
    return {
        name: ("" if field.initial is None else str(field.initial))
        for name, field in page.context["alokasi_form"].fields.items()
    }


def test_the_allocation_shows_what_the_records_say_per_kecamatan(client, cast, indikator):
    import datetime as dt

    from selaras.technopark.factories import make_umkm, record_activity

    kalirejo = Kampung.objects.filter(kecamatan__kode=KALIREJO).first()
    business = make_umkm(cast.bidang_b, kalirejo, nama_usaha="Tapis Kalirejo")
    record_activity(cast.bidang_b, "pendampingan", dt.date(indikator.renja.tahun, 2, 3), [business])
    _login(client, cast.perencana)
    html = client.get(reverse("technopark:potensi"), {"indikator": indikator.pk}).content.decode()
    assert "Realisasi s.d. hari ini" in html
    row = html[html.index(f'data-kecamatan="{business.kecamatan_id}"') :]
    row = row[: row.index("</tr>")]
    assert row.rstrip().endswith('<td class="num">1</td>')


def test_the_allocation_footer_adds_up_exactly_with_thousands_separators(client, cast, umkm, indikator):
    # given a target of 1.000 split over three kecamatan whose quotas are not whole
    Indikator.objects.filter(pk=indikator.pk).update(
        target=Decimal(1000), target_tw1=250, target_tw2=250, target_tw3=250, target_tw4=250
    )
    # when the planner opens the allocation
    response = _login(client, cast.perencana).get(reverse(URL), {"indikator": indikator.pk})
    totals = response.context["alloc_totals"]
    # then the remainders add up to exactly what the floors leave, not to their rounded sum
    assert totals["allocated"] == 1000 and totals["floor"] + totals["extra"] == 1000
    assert totals["remainder"] == Decimal(totals["extra"]) == 1000 - totals["floor"]
    shown = sum((line.share.remainder for line in response.context["alokasi_form"].lines), Decimal(0))
    assert shown == Decimal("15.0001") and totals["remainder"] == 15  # the 28 four-place remainders
    # and every whole number of the footer is written the Indonesian way
    html = response.content.decode()
    footer = html[html.index("<tfoot>", html.index('id="tabel-alokasi"')) :]
    footer = footer[: footer.index("</tfoot>")]
    cells = [cell.strip() for cell in re.findall(r'<td class="num">([^<]*)</td>', footer)]
    floor, extra = totals["floor"], totals["extra"]
    assert cells[1:6] == ["1.000", f"{floor:,}".replace(",", "."), f"{extra},0000", f"+{extra}", "1.000"]
