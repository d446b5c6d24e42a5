"""Outcomes of the coaching: snapshots, the before/after comparison of a year, the PAD
estimate at assumed rates, and the dampak page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from selaras.accounts.models import Role, User
from selaras.accounts.personas import PASSWORD, Cast
from selaras.organisations.models import UnitKerja
from selaras.technopark.factories import make_umkm, record_activity
from selaras.technopark.models import UMKM, Sektor, Snapshot
from selaras.technopark.outcomes import PAD_LABEL, before_after, default_rates, estimate_pad, pad_assumptions

pytestmark = pytest.mark.django_db

YEAR = 2026
# The dampak page reads a fixed number of queries, whatever the number of businesses.
FEW_UMKM = 3
MANY_UMKM = 300
# Session, user, two for the year choices, five for the before/after, one for the PAD
# estimate, two for the page of businesses, one for the user's perangkat daerah in the menu,
# and the request's savepoint and its release.
DAMPAK_QUERIES = 15

JT = Decimal(1_000_000)


def snap(umkm: UMKM, day: str, omzet_jt: int, tk: int, nib: bool = False, halal: bool = False) -> Snapshot:
    return Snapshot.objects.create(
        pemda_id=umkm.pemda_id,
        umkm=umkm,
        tanggal=dt.date.fromisoformat(day),
        omzet_tahunan=Decimal(omzet_jt) * JT,
        tenaga_kerja=tk,
        punya_nib=nib,
        halal=halal,
    )


@pytest.fixture
def pendamping(cast: Cast) -> User:
    user = User(
        username="pendamping_b",
        role=Role.PENDAMPING,
        pemda=cast.pemda,
        perangkat_daerah=cast.balitbangda,
        unit_kerja=cast.bidang_b,
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def world(cast: Cast) -> dict[str, UMKM]:
    """Given businesses of bidang B with snapshots, coached in 2026 or not (hand-computed
    figures in the tests below)."""
    unit = cast.bidang_b
    u: dict[str, UMKM] = {}
    for name, sektor in [
        ("c1", "C"), ("c2", "I"), ("c3", "G"), ("c4", "C"), ("c5", "C"), ("c6", "C"),
        ("n1", "C"), ("n2", "C"), ("n3", "C"), ("n4", "C"), ("e1", "C"),
    ]:  # fmt: skip
        u[name] = make_umkm(unit, nama_usaha=f"Usaha {name}", sektor=sektor)
    record_activity(unit, "pendampingan", dt.date(YEAR, 3, 10), [u["c1"], u["c2"], u["c3"]])
    record_activity(unit, "pembinaan", dt.date(YEAR, 8, 1), [u["c4"], u["c5"], u["c6"], u["c1"]])
    record_activity(unit, "edukasi", dt.date(YEAR + 1, 1, 5), [u["n4"]])  # after the year: not yet coached
    record_activity(unit, "pendampingan", dt.date(YEAR - 1, 5, 5), [u["e1"]])  # an earlier year only
    # Coached: start = last before the year, else first of the year; end = last of the year.
    snap(u["c1"], "2025-06-01", 100, 2)
    snap(u["c1"], "2026-03-01", 110, 3)
    snap(u["c1"], "2026-10-01", 150, 4, nib=True)  # +50 jt, +2, NIB gained
    snap(u["c2"], "2026-02-01", 80, 1)
    snap(u["c2"], "2026-09-01", 100, 1, nib=True, halal=True)  # +20 jt, 0, NIB and halal gained
    snap(u["c3"], "2024-01-01", 200, 5, nib=True)
    snap(u["c3"], "2025-01-01", 210, 5, nib=True)
    snap(u["c3"], "2026-05-01", 180, 4, nib=True, halal=True)  # -30 jt, -1, halal gained
    snap(u["c4"], "2026-04-01", 90, 2)  # one snapshot: too few
    snap(u["c6"], "2024-04-01", 90, 2)
    snap(u["c6"], "2025-04-01", 95, 2)  # none in the year: too few (c5 has none at all)
    # Not yet coached.
    snap(u["n1"], "2026-01-15", 100, 2)
    snap(u["n1"], "2026-11-01", 110, 2)  # +10 jt, 0
    snap(u["n2"], "2025-03-01", 50, 1)
    snap(u["n2"], "2026-06-01", 54, 2, nib=True)  # +4 jt, +1, NIB gained
    snap(u["n3"], "2026-07-01", 70, 1)  # too few
    snap(u["n4"], "2026-01-01", 60, 1)
    snap(u["n4"], "2026-08-01", 66, 1)  # +6 jt, 0
    snap(u["e1"], "2025-01-01", 10, 1)
    snap(u["e1"], "2026-01-01", 99, 1)  # left out of both groups
    # Another perangkat daerah's business: out of the perencana's sight.
    other_unit = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.other_pd, jenis="bidang", nama="Bidang UKM", singkatan="UKM"
    )
    x = make_umkm(other_unit, nama_usaha="Usaha lain")
    record_activity(other_unit, "pendampingan", dt.date(YEAR, 3, 10), [x])
    snap(x, "2025-01-01", 1, 1)
    snap(x, "2026-01-01", 1000, 9)
    return u


def visible(user: User) -> Any:
    return UMKM.objects.visible_to(user)


# Before / after --------------------------------------------------------------------------


def test_before_after_matches_a_hand_computation(cast, world):
    report = before_after(visible(cast.perencana), YEAR)
    coached, not_yet = report.dibina, report.belum

    assert (coached.jumlah, coached.dibandingkan, coached.kurang_snapshot) == (6, 3, 3)
    assert coached.median_omzet == 20 * JT  # of +50, +20, -30 jt
    assert coached.rata_omzet == Decimal("13333333.33")  # 40 jt / 3
    assert (coached.median_tk, coached.rata_tk) == (Decimal(0), Decimal("0.33"))  # +2, 0, -1
    assert (coached.nib_diperoleh, coached.tanpa_nib_awal, coached.porsi_nib) == (2, 2, Decimal("100.00"))
    assert (coached.halal_diperoleh, coached.tanpa_halal_awal, coached.porsi_halal) == (
        2,
        3,
        Decimal("66.67"),
    )

    assert (not_yet.jumlah, not_yet.dibandingkan, not_yet.kurang_snapshot) == (4, 3, 1)
    assert not_yet.median_omzet == 6 * JT  # of +10, +4, +6 jt
    assert not_yet.rata_omzet == Decimal("6666666.67")  # 20 jt / 3
    assert (not_yet.median_tk, not_yet.rata_tk) == (Decimal(0), Decimal("0.33"))
    assert (not_yet.nib_diperoleh, not_yet.tanpa_nib_awal, not_yet.porsi_nib) == (1, 3, Decimal("33.33"))
    assert (not_yet.halal_diperoleh, not_yet.porsi_halal) == (0, Decimal("0.00"))

    assert report.dibina_sebelumnya == 1
    assert report.kurang_snapshot == 4
    assert "bukan bukti dampak" in report.catatan
    assert "4 UMKM tidak dibandingkan karena snapshotnya kurang dari dua" in report.catatan


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(cast):
    unit = cast.bidang_b
    businesses = [make_umkm(unit, nama_usaha=f"Usaha {i}") for i in range(4)]
    for umkm, end in zip(businesses, [101, 103, 110, 200], strict=True):
        snap(umkm, "2026-01-10", 100, 1)
        snap(umkm, "2026-06-10", end, 1)
    report = before_after(visible(cast.perencana), YEAR)
    assert report.belum.median_omzet == Decimal("6500000.00")  # (3 jt + 10 jt) / 2
    assert (
        report.dibina.jumlah == 0 and report.dibina.median_omzet is None and report.dibina.rata_omzet is None
    )


def test_another_year_uses_that_years_snapshots(cast, world):
    report = before_after(visible(cast.perencana), YEAR - 1)
    # In 2025 only e1 was coached: its start is its 2025 snapshot and it has no later one.
    assert (report.dibina.jumlah, report.dibina.dibandingkan) == (1, 0)
    # Not yet coached in 2025: c3 (2024 -> 2025: +10 jt) and c6 (2024 -> 2025: +5 jt) compare;
    # c1 and n2 have a single snapshot up to 2025, the others none in 2025.
    assert (report.belum.jumlah, report.belum.dibandingkan) == (10, 2)
    assert report.belum.rata_omzet == report.belum.median_omzet == Decimal("7500000.00")
    assert report.dibina_sebelumnya == 0


# PAD estimate ----------------------------------------------------------------------------


def test_default_assumptions_come_from_the_csv_for_every_sector():
    rates = default_rates()
    assert set(rates) == set(Sektor.values)
    assert rates["I"] == Decimal(10)
    assert rates["C"] == Decimal("0.5")
    assumption = pad_assumptions()["I"]
    assert assumption.sumber == "asumsi; sesuaikan dengan Perda pajak daerah Lampung Tengah"
    assert assumption.confidence == "LOW"


def test_pad_estimate_with_default_rates(cast, world):
    estimate = estimate_pad(visible(cast.perencana), YEAR, default_rates())
    by_sector = {r.sektor: r for r in estimate.rows}
    # C: +50 jt x 0,5% ; I: +20 jt x 10% ; G: -30 jt x 0,5%
    assert (by_sector["C"].selisih_omzet, by_sector["C"].perkiraan) == (50 * JT, Decimal("250000.00"))
    assert (by_sector["I"].selisih_omzet, by_sector["I"].perkiraan) == (20 * JT, Decimal("2000000.00"))
    assert (by_sector["G"].selisih_omzet, by_sector["G"].perkiraan) == (-30 * JT, Decimal("-150000.00"))
    assert estimate.jumlah_umkm == 3
    assert estimate.total == Decimal("2100000.00")
    assert estimate.tarif_awal
    assert estimate.label == PAD_LABEL == "Perkiraan, bukan angka realisasi PAD"


def test_pad_estimate_with_edited_rates(cast, world):
    rates = default_rates() | {"I": Decimal(5), "C": Decimal(1), "G": Decimal(0)}
    estimate = estimate_pad(visible(cast.perencana), YEAR, rates)
    assert estimate.total == Decimal("1500000.00")  # 20 jt x 5% + 50 jt x 1% + 0
    assert not estimate.tarif_awal


def test_page_shows_the_estimate_and_edited_rates_live_in_the_session(client, cast, world):
    client.force_login(cast.perencana)
    url = reverse("technopark:dampak")
    page = client.get(url, {"tahun": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Perkiraan, bukan angka realisasi PAD" in text
    assert "Rp 2.100.000" in text
    assert "Rp 13.333.333,33" in text  # mean change of the coached
    assert "bukan bukti dampak" in text

    rates = {f"tarif_{code}": str(value).replace(".", ",") for code, value in default_rates().items()}
    rates |= {"tarif_I": "5", "tarif_C": "1", "tarif_G": "0", "tahun": str(YEAR)}
    answer = client.post(url, rates, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    fragment = answer.content.decode()
    assert "Rp 1.500.000" in fragment and "Perkiraan, bukan angka realisasi PAD" in fragment
    assert "Rp 1.500.000" in client.get(url, {"tahun": YEAR}).content.decode()  # kept in the session

    bad = client.post(url, rates | {"tarif_I": "sepuluh", "tarif_C": "150"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    assert "Tarif sektor I harus berupa angka" in bad.content.decode()
    assert "Tarif sektor C tidak boleh lebih dari 100%" in bad.content.decode()

    back = client.post(url, {"kembalikan": "1", "tahun": str(YEAR)})
    assert back.status_code == 302
    assert "Rp 2.100.000" in client.get(url, {"tahun": YEAR}).content.decode()


# Snapshot form ---------------------------------------------------------------------------


def snapshot_url(umkm: UMKM) -> str:
    return reverse("technopark:snapshot_add", args=[umkm.pk])


GOOD = {"tanggal": "2026-02-02", "omzet_tahunan": "150.000.000,50", "tenaga_kerja": "4", "punya_nib": "on"}


def test_perencana_records_a_snapshot(client, cast):
    umkm = make_umkm(cast.bidang_b)
    client.force_login(cast.perencana)
    assert client.get(snapshot_url(umkm)).status_code == 200
    answer = client.post(snapshot_url(umkm), GOOD)
    assert answer.status_code == 302
    saved = Snapshot.objects.get(umkm=umkm)
    assert (saved.tanggal, saved.omzet_tahunan, saved.tenaga_kerja) == (
        dt.date(2026, 2, 2),
        Decimal("150000000.50"),
        4,
    )
    assert saved.punya_nib and not saved.halal and saved.pemda_id == umkm.pemda_id


def test_pendamping_of_the_unit_records_a_snapshot(client, cast, pendamping):
    umkm = make_umkm(cast.bidang_b)
    client.force_login(pendamping)
    assert client.post(snapshot_url(umkm), GOOD).status_code == 302
    assert Snapshot.objects.filter(umkm=umkm).count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"omzet_tahunan": "seratus juta"},
            "omzet_tahunan",
            "Omzet tahunan harus berupa angka, bukan 'seratus juta'.",
        ),
        ({"omzet_tahunan": "-5"}, "omzet_tahunan", "Omzet tahunan tidak boleh negatif."),
        ({"tenaga_kerja": "tiga"}, "tenaga_kerja", "Tenaga kerja harus berupa bilangan bulat."),
        ({"tanggal": "kemarin"}, "tanggal", "Tanggal tidak dikenali"),
    ],
)
def test_bad_snapshot_input_is_refused_and_nothing_saved(client, cast, values, field, message):
    umkm = make_umkm(cast.bidang_b)
    client.force_login(cast.perencana)
    answer = client.post(snapshot_url(umkm), GOOD | values)
    assert answer.status_code == 422
    assert any(message in e for e in answer.context["form"].errors[field])
    assert message.replace("'", "&#x27;") in answer.content.decode()
    assert not Snapshot.objects.filter(umkm=umkm).exists()


def test_snapshot_in_the_future_is_refused(client, cast):
    umkm = make_umkm(cast.bidang_b)
    client.force_login(cast.perencana)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    answer = client.post(snapshot_url(umkm), GOOD | {"tanggal": tomorrow.isoformat()})
    assert answer.status_code == 422
    assert "Tanggal tidak boleh setelah hari ini" in answer.content.decode()
    assert not Snapshot.objects.filter(umkm=umkm).exists()


def test_second_snapshot_on_the_same_date_is_refused(client, cast):
    umkm = make_umkm(cast.bidang_b, nama_usaha="Keripik Makmur")
    snap(umkm, "2026-02-02", 100, 3)
    client.force_login(cast.perencana)
    answer = client.post(snapshot_url(umkm), GOOD)
    assert answer.status_code == 422
    assert "Snapshot Keripik Makmur pada tanggal 2 Februari 2026 sudah ada" in answer.content.decode()
    assert Snapshot.objects.filter(umkm=umkm).count() == 1
    assert Snapshot.objects.get(umkm=umkm).omzet_tahunan == 100 * JT


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("pimpinan", 403),  # reads, may not write
        ("operator_b", 403),  # sees the business, not a role that records snapshots
        ("operator_a", 404),  # another bidang's business
        ("outsider", 404),  # another perangkat daerah
    ],
)
def test_who_may_not_record_a_snapshot(client, cast, persona, status):
    umkm = make_umkm(cast.bidang_b)
    client.force_login(getattr(cast, persona))
    assert client.post(snapshot_url(umkm), GOOD).status_code == status
    assert client.get(snapshot_url(umkm)).status_code == status
    assert not Snapshot.objects.filter(umkm=umkm).exists()


def test_anonymous_is_sent_to_login(client, cast):
    umkm = make_umkm(cast.bidang_b)
    for answer in (client.post(snapshot_url(umkm), GOOD), client.get(reverse("technopark:dampak"))):
        assert answer.status_code == 302
        assert reverse("login") in answer["Location"]
    assert not Snapshot.objects.exists()


def test_page_shows_only_the_users_businesses(client, cast, world):
    client.force_login(cast.outsider)
    text = client.get(reverse("technopark:dampak"), {"tahun": YEAR}).content.decode()
    assert "Usaha c1" not in text and "Usaha lain" not in text  # an operator without a unit sees none


# Speed -----------------------------------------------------------------------------------


def _populate(cast: Cast, count: int) -> None:
    unit = cast.bidang_b
    businesses = [make_umkm(unit, nama_usaha=f"Usaha {i:04d}", sektor="CI"[i % 2]) for i in range(count)]
    record_activity(unit, "pembinaan", dt.date(YEAR, 4, 1), businesses[::2])
    Snapshot.objects.bulk_create(
        Snapshot(
            pemda_id=u.pemda_id, umkm=u, tanggal=day, omzet_tahunan=Decimal(100 + i) * JT, tenaga_kerja=2
        )
        for i, u in enumerate(businesses)
        for day in (dt.date(YEAR - 1, 12, 1), dt.date(YEAR, 10, 1))
    )


def _queries(client: Any, cast: Cast) -> int:
    client.force_login(cast.perencana)
    url = reverse("technopark:dampak")
    client.get(url, {"tahun": YEAR})  # warm the session and the default assumptions
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"tahun": YEAR}).status_code == 200
    return len(ctx.captured_queries)


def test_dampak_page_makes_a_fixed_number_of_queries(client, cast):
    _populate(cast, FEW_UMKM)
    few = _queries(client, cast)
    _populate(cast, MANY_UMKM - FEW_UMKM)
    many = _queries(client, cast)
    assert few == many == DAMPAK_QUERIES
