"""The early warning and the agency head's dashboard of a Renja: projections against values
computed by hand, ranking, scope, chart data, unapproved marks and query counts."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selaras.accounts.models import Role, User
from selaras.accounts.personas import Cast
from selaras.lib.capaian import StatusPeringatan
from selaras.monitoring import entry, events
from selaras.monitoring.factories import noted
from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan
from selaras.monitoring.warning import BELUM_ADA_DATA, Jenis, Proyeksi, WarningReport, load_report
from selaras.planning.factories import add_sub_kegiatan, bulk_fill_renja, make_renja
from selaras.planning.models import Indikator, Program, Renja, SubKegiatan

pytestmark = pytest.mark.django_db

# A page's number of SQL queries must not grow with the plan. Counted: session, user, the
# request's savepoint and release, the Renja, load_figures (7), programs and kegiatan, the
# menu's Perangkat Daerah. The warning page adds the bidang filter's choices; its HTMX
# fragment for one bidang leaves out the menu and the outcome indicators (no bidang).
DASHBOARD_QUERIES = 15
WARNING_QUERIES = 16
WARNING_FRAGMENT_QUERIES = 14

ON, RISK, OFF = StatusPeringatan.ON_TRACK, StatusPeringatan.AT_RISK, StatusPeringatan.OFF_TRACK
A1, A2, B1, B2 = "5.05.02.2.03.0001", "5.05.02.2.03.0002", "5.05.02.2.04.0001", "5.05.01.2.01.0001"
NARASI = {"faktor_pendorong": "", "faktor_penghambat": "", "tindak_lanjut": ""}


@pytest.fixture(autouse=True)
def mid_tw3(today) -> None:
    """Given a day in TW III 2026: TW I and II have ended, so the plan's figures all count."""
    today(dt.date(2026, 8, 14))


def _indikator(renja: Renja, kode: str) -> Indikator:
    return Indikator.objects.select_related("sub_kegiatan").get(
        renja=renja, sub_kegiatan__nomenklatur__kode=kode
    )


def _sub(renja: Renja, kode: str) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)


@pytest.fixture
def plan(cast: Cast, renja: Renja) -> Renja:
    """Given the small Renja reported up to TW II:

    - A1 (bidang A) jumlah naik, target 100 in 10/20/30/40, reported 8 and 12;
    - A2 (bidang A) akhir naik, target 80% with milestones 20/40/60/80, reported 15 and 36;
    - B1 (bidang B) stabil 70-80, rata-rata, no quarterly targets, reported 90 in TW I;
    - B2 (bidang B, another program) nothing reported; an outcome indicator of program
      5.05.02 with nothing reported;
    - budgets: A1 30 + 40 juta of 175,5 juta, A2 50 juta of 140 juta, B1 10 + 20 juta of
      210 juta, B2 nothing of 100 juta.
    """
    add_sub_kegiatan(renja, B2, cast.bidang_b, "100000000", "110000000")
    Indikator.objects.create(
        pemda=cast.pemda,
        renja=renja,
        program=Program.objects.get(renja=renja, nomenklatur__kode="5.05.02"),
        uraian="Persentase rekomendasi yang ditindaklanjuti",
        satuan="%",
        agregasi="akhir",
        target=Decimal(50),
    )
    Indikator.objects.filter(pk=_indikator(renja, A1).pk).update(
        uraian="Jumlah kajian",
        target=100,
        target_tw1=10,
        target_tw2=20,
        target_tw3=30,
        target_tw4=40,
    )
    Indikator.objects.filter(pk=_indikator(renja, A2).pk).update(
        uraian="Persentase data terintegrasi",
        satuan="%",
        agregasi="akhir",
        target=80,
        target_tw1=20,
        target_tw2=40,
        target_tw3=60,
        target_tw4=80,
    )
    Indikator.objects.filter(pk=_indikator(renja, B1).pk).update(
        uraian="Indeks kepuasan layanan",
        satuan="indeks",
        polaritas="stabil",
        agregasi="rata_rata",
        target=70,
        target_atas=80,
        target_tw1=None,
        target_tw2=None,
        target_tw3=None,
        target_tw4=None,
    )
    for kode, values, user in (
        (A1, ("8", "12"), cast.operator_a),
        (A2, ("15", "36"), cast.operator_a),
        (B1, ("90",), cast.operator_b),
    ):
        ind = _indikator(renja, kode)
        for quarter, value in enumerate(values, start=1):
            entry.save_realisasi(ind, quarter, Decimal(value), "", 0, user)
    for kode, amounts, user in (
        (A1, ("30000000", "40000000"), cast.operator_a),
        (A2, ("50000000",), cast.operator_a),
        (B1, ("10000000", "20000000"), cast.operator_b),
    ):
        sub = _sub(renja, kode)
        for quarter, amount in enumerate(amounts, start=1):
            entry.save_realisasi_sub(sub, quarter, Decimal(amount), NARASI, 0, user)
    return renja


def _row(report: WarningReport, jenis: Jenis, kode: str) -> Proyeksi:
    (row,) = [r for r in report.rows if r.jenis is jenis and r.owner.kode == kode]
    return row


def _rounded(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


def _chart(html: str, element_id: str) -> object:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, element_id
    return json.loads(match.group(1))


def _approve(renja: Renja, cast: Cast, unit_id: int, quarter: int, reporter: User, head: User) -> None:
    laporan = events.laporan_for(renja, unit_id, quarter)
    events.ajukan(noted(laporan), reporter)
    events.verifikasi(laporan, head)
    events.setujui(laporan, cast.pimpinan)


@pytest.fixture
def kepala_b(cast: Cast) -> User:
    return User.objects.create(
        username="kepala_b",
        role=Role.KEPALA_BIDANG,
        pemda=cast.pemda,
        perangkat_daerah=cast.balitbangda,
        unit_kerja=cast.bidang_b,
    )


# --- Projections and classification ----------------------------------------------------------


def test_projections_and_statuses_match_the_hand_computed_values(cast, plan):
    report = load_report(plan, cast.perencana)

    # jumlah: pace 20 / (10 + 20); 20 + (30 + 40) x 2/3 = 66,67 of 100 -> Tidak sesuai jalur.
    jumlah = _row(report, Jenis.KINERJA, A1)
    assert (jumlah.realisasi, _rounded(jumlah.proyeksi)) == (Decimal(20), Decimal("66.67"))
    assert (jumlah.capaian_shown, jumlah.status) == (Decimal("66.67"), OFF)
    # akhir: 36 against the TW II milestone 40, x the annual 80 = 72; 72 / 80 = 90,00% is not
    # more than 90: Berisiko.
    akhir = _row(report, Jenis.KINERJA, A2)
    assert (akhir.realisasi, akhir.proyeksi, akhir.capaian, akhir.status) == (
        Decimal(36),
        Decimal(72),
        Decimal(90),
        RISK,
    )
    # stabil 70-80, no quarterly targets: the mean so far (90) stays; above the upper bound
    # (2 - 90/80) x 100 = 87,50 -> Berisiko.
    rentang = _row(report, Jenis.KINERJA, B1)
    assert (rentang.proyeksi, rentang.capaian, rentang.status) == (Decimal(90), Decimal("87.5"), RISK)

    # Budgets, pagu spread evenly: 70 juta in 2 quarters -> 140 juta of 175,5 juta = 79,77%.
    a1 = _row(report, Jenis.ANGGARAN, A1)
    assert (a1.realisasi, a1.proyeksi, a1.capaian_shown, a1.status) == (
        Decimal(70000000),
        Decimal(140000000),
        Decimal("79.77"),
        RISK,
    )
    # 50 juta in TW I -> 200 juta, stopped at the pagu of 140 juta: 100%.
    a2 = _row(report, Jenis.ANGGARAN, A2)
    assert (a2.proyeksi, a2.capaian, a2.status) == (Decimal(140000000), Decimal(100), ON)
    # 30 juta in 2 quarters -> 60 juta of 210 juta = 28,57%.
    b1 = _row(report, Jenis.ANGGARAN, B1)
    assert (b1.proyeksi, b1.capaian_shown, b1.status) == (Decimal(60000000), Decimal("28.57"), OFF)

    # Nothing reported: Belum ada data, not ranked.
    outcome = _row(report, Jenis.KINERJA, "5.05.02")
    assert (outcome.owner.level, outcome.unit_kerja, outcome.status) == ("Program", None, None)
    for row in (outcome, _row(report, Jenis.KINERJA, B2), _row(report, Jenis.ANGGARAN, B2)):
        assert (row.status_label, row.ranked, row.proyeksi) == (BELUM_ADA_DATA, False, None)


def test_the_worst_list_is_lowest_projected_capaian_first_and_filters_by_bidang(cast, plan):
    worst = load_report(plan, cast.pimpinan).worst()
    assert [(row.jenis, row.owner.kode, row.capaian_shown) for row in worst] == [
        (Jenis.ANGGARAN, B1, Decimal("28.57")),
        (Jenis.KINERJA, A1, Decimal("66.67")),
        (Jenis.ANGGARAN, A1, Decimal("79.77")),
        (Jenis.KINERJA, B1, Decimal("87.50")),
        (Jenis.KINERJA, A2, Decimal("90.00")),
        (Jenis.ANGGARAN, A2, Decimal("100.00")),
    ]
    bidang_a = load_report(plan, cast.pimpinan, unit_id=cast.bidang_a.pk)
    assert [(row.jenis, row.owner.kode) for row in bidang_a.worst()] == [
        (Jenis.KINERJA, A1),
        (Jenis.ANGGARAN, A1),
        (Jenis.KINERJA, A2),
        (Jenis.ANGGARAN, A2),
    ]
    assert {row.owner.kode for row in bidang_a.rows} == {A1, A2}  # no outcome, no bidang B


def test_the_warning_page_ranks_filters_by_htmx_and_states_its_rule(client, cast, plan):
    client.force_login(cast.pimpinan)
    url = reverse("monitoring:warning", args=[plan.pk])
    html = client.get(url).content.decode()
    worst = html[html.index('id="warning-worst"') : html.index("</table>", html.index('id="warning-worst"'))]
    assert worst.count('class="warning-row') == 6
    assert worst.index("28,57%") < worst.index("66,67%") < worst.index("79,77%") < worst.index("100,00%")
    assert "Laju capaian sejauh ini dianggap berlanjut" in html
    assert "terbagi rata" in html
    for condition, label in (
        ("&gt; 90%", "Sesuai jalur"),
        ("&gt; 75% s.d. 90%", "Berisiko"),
        ("≤ 75%", "Tidak sesuai jalur"),
    ):
        assert f'<td class="num">{condition}</td><td>{label}</td>' in html
    assert html.count(BELUM_ADA_DATA) >= 3

    fragment = client.get(url, {"bidang": cast.bidang_b.pk}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="warning-worst"' in fragment
    assert "Indeks kepuasan layanan" in fragment and "Jumlah kajian" not in fragment
    assert "Persentase rekomendasi" not in fragment  # outcome indicators belong to no bidang

    off_track = client.get(url, {"status": "off_track"}).content.decode()
    table = off_track[off_track.index('id="warning-table"') :]
    assert table.count('class="warning-row') == 2  # A1's indicator and B1's budget


# --- Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["perencana", "pimpinan", "verifikator"])
@pytest.mark.parametrize("name", ["monitoring:dashboard", "monitoring:warning"])
def test_readers_of_the_renja_open_both_pages(client, cast, plan, persona, name):
    client.force_login(getattr(cast, persona))
    response = client.get(reverse(name, args=[plan.pk]))
    assert response.status_code == 200
    assert "Indeks kepuasan layanan" in response.content.decode()


def test_operator_b_sees_only_bidang_b(client, cast, plan):
    client.force_login(cast.operator_b)
    html = client.get(reverse("monitoring:warning", args=[plan.pk])).content.decode()
    assert "Indeks kepuasan layanan" in html and "Jumlah kajian" not in html
    assert "Bidang Ekonomi dan Pembangunan" not in html  # not even in the bidang filter
    dashboard = client.get(reverse("monitoring:dashboard", args=[plan.pk])).content.decode()
    assert [row["label"] for row in _chart(dashboard, "data-bidang")] == ["Bidang Inovasi dan Teknologi"]
    assert 'data-card="pagu">Rp 310.000.000<' in dashboard  # B1 210 juta + B2 100 juta


@pytest.mark.parametrize("name", ["monitoring:dashboard", "monitoring:warning"])
def test_outsider_gets_404_and_anonymous_goes_to_login(client, cast, plan, name):
    url = reverse(name, args=[plan.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_the_monitoring_index_lists_visible_renja_with_their_pages(client, cast, plan):
    make_renja(cast.other_pd, 2026)
    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:index")).content.decode()
    assert f'href="{reverse("monitoring:index")}"' in html  # the menu entry
    assert html.count("monitoring-renja") == 1  # Balitbangda's Renja, not the other agency's
    for url in (
        reverse("monitoring:dashboard", args=[plan.pk]),
        reverse("monitoring:warning", args=[plan.pk]),
        *(reverse("monitoring:entry", args=[plan.pk, q]) for q in (1, 2, 3, 4)),
        reverse("monitoring:evaluation", args=[plan.pk]),
    ):
        assert f'href="{url}"' in html
    client.logout()
    assert client.get(reverse("monitoring:index")).status_code == 302


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_chart_data_equals_the_hand_computed_figures(client, cast, plan):
    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:dashboard", args=[plan.pk])).content.decode()

    # Capaian to date: A1 20/100 = 20, A2 36/80 = 45, B1 (2 - 90/80) x 100 = 87,5; B2 and the
    # outcome indicator have none and are left out of the averages.
    assert _chart(html, "data-program") == [
        {
            "label": "5.05.01 PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            "capaian": None,
            "predikat": None,
            "indikator": 1,
            "belum_disetujui": False,
        },
        {
            "label": "5.05.02 PROGRAM PENELITIAN DAN PENGEMBANGAN DAERAH",
            "capaian": "50.83",  # (20 + 45 + 87,5) / 3
            "predikat": "Rendah",
            "indikator": 4,
            "belum_disetujui": True,
        },
    ]
    assert _chart(html, "data-bidang") == [
        {
            "label": "Bidang Ekonomi dan Pembangunan",
            "capaian": "32.50",
            "predikat": "Sangat Rendah",
            "indikator": 2,
            "belum_disetujui": True,
        },
        {
            "label": "Bidang Inovasi dan Teknologi",
            "capaian": "87.50",
            "predikat": "Tinggi",
            "indikator": 2,
            "belum_disetujui": True,
        },
    ]
    # TW I: (8/100 + 15/80 + 87,5) / 3 = (8 + 18,75 + 87,5) / 3 = 38,08; budget 90 / 625,5 juta.
    # TW II: 50,83; budget 150 / 625,5 juta = 23,98.
    assert _chart(html, "data-kurva") == {
        "labels": ["TW I", "TW II", "TW III", "TW IV"],
        "fisik": ["38.08", "50.83", None, None],
        "anggaran": ["14.39", "23.98", None, None],
        "rencana": ["25.00", "50.00", "75.00", "100.00"],  # no anggaran kas: the pagu evenly
        "belum_disetujui": [True, True, False, False],
    }
    assert _chart(html, "data-predikat") == {
        "labels": ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"],
        "jumlah": [0, 1, 0, 0, 2],
        "tanpa_capaian": 2,
        "belum_disetujui": True,
    }
    cards = {name: value for name, value in re.findall(r'data-card="([\w-]+)">([^<]*)<', html)}
    assert cards == {
        "pagu": "Rp 625.500.000",
        "realisasi": "Rp 150.000.000",
        "serapan": "23,98%",  # 150 / 625,5 juta
        # (70/175,5 + 50/140 + 30/210) / 3: B2 has reported nothing and is left out, as in E.81
        "rata-rata-anggaran": "29,96%",
        "capaian": "50,83%",
        "off-track": "1",  # A1's indicator; budgets are not counted here
    }
    ranks = re.findall(r'data-rank="(\d)".*?data-capaian>([^<]*)<', html, re.S)
    assert ranks == [("1", "28,57%"), ("2", "66,67%"), ("3", "79,77%"), ("4", "87,50%"), ("5", "90,00%")]
    assert f'href="{reverse("monitoring:warning", args=[plan.pk])}"' in html
    assert 'src="/static/vendor/chartjs/chart.umd.min.js"' in html


def test_unapproved_marks_stay_until_the_quarters_are_approved(client, cast, plan, kepala_b):
    client.force_login(cast.pimpinan)
    dashboard_url = reverse("monitoring:dashboard", args=[plan.pk])
    warning_url = reverse("monitoring:warning", args=[plan.pk])

    def marks() -> tuple[int, int, list[bool]]:
        dashboard = client.get(dashboard_url).content.decode()
        warning = client.get(warning_url).content.decode()
        return (
            dashboard.count("mark-unapproved"),
            warning.count("mark-unapproved"),
            _chart(dashboard, "data-kurva")["belum_disetujui"],
        )

    before = marks()
    assert before[0] > 0 and before[1] > 0 and before[2] == [True, True, False, False]

    for quarter in (1, 2):
        _approve(plan, cast, cast.bidang_a.pk, quarter, cast.operator_a, cast.kepala_a)
    partly = marks()
    assert 0 < partly[0] < before[0] and 0 < partly[1] < before[1]
    assert partly[2] == [True, True, False, False]  # bidang B's TW I is still a draft

    _approve(plan, cast, cast.bidang_b.pk, 1, cast.operator_b, kepala_b)
    assert marks()[2] == [False, True, False, False]  # bidang B's TW II budget is still a draft
    _approve(plan, cast, cast.bidang_b.pk, 2, cast.operator_b, kepala_b)
    assert marks() == (0, 0, [False, False, False, False])


# --- Query counts -------------------------------------------------------------------------------


def _count(client: Client, url: str, **headers: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_both_pages_make_the_same_number_of_queries_for_a_small_and_a_large_renja(client, cast, plan):
    large = make_renja(cast.balitbangda, 2025)  # a past year: every quarter has ended
    subs = bulk_fill_renja(large, cast.bidang_a, 300)
    add_sub_kegiatan(large, B1, cast.bidang_b, "210000000")
    indikator = list(Indikator.objects.filter(renja=large).select_related("sub_kegiatan"))
    Realisasi.objects.bulk_create(
        Realisasi(
            pemda=cast.pemda,
            indikator=ind,
            renja=large,
            unit_kerja_id=ind.sub_kegiatan.unit_kerja_id,
            triwulan=quarter,
            nilai=Decimal(index % 3) / 4,
        )
        for index, ind in enumerate(indikator)
        for quarter in (1, 2)
    )
    RealisasiSubKegiatan.objects.bulk_create(
        RealisasiSubKegiatan(
            pemda=cast.pemda,
            sub_kegiatan=sub,
            renja=large,
            unit_kerja_id=sub.unit_kerja_id,
            triwulan=1,
            anggaran=Decimal(100 * (index % 5)),
        )
        for index, sub in enumerate(subs)
    )
    _approve(large, cast, cast.bidang_a.pk, 1, cast.operator_a, cast.kepala_a)

    client.force_login(cast.pimpinan)
    counts: dict[str, list[int]] = {"dashboard": [], "warning": [], "fragment": []}
    for renja in (plan, large):
        dashboard, _ = _count(client, reverse("monitoring:dashboard", args=[renja.pk]))
        warning, html = _count(client, reverse("monitoring:warning", args=[renja.pk]))
        fragment, _ = _count(
            client,
            reverse("monitoring:warning", args=[renja.pk]) + f"?bidang={cast.bidang_a.pk}",
            HTTP_HX_REQUEST="true",
        )
        counts["dashboard"].append(dashboard)
        counts["warning"].append(warning)
        counts["fragment"].append(fragment)
    assert counts == {
        "dashboard": [DASHBOARD_QUERIES] * 2,
        "warning": [WARNING_QUERIES] * 2,
        "fragment": [WARNING_FRAGMENT_QUERIES] * 2,
    }
    worst = html[html.index('id="warning-worst"') : html.index('id="warning-table"')]
    assert worst.count('class="warning-row') == 10
    assert "Halaman 1 dari 7" in html  # 301 indicators + 301 budgets, 100 rows a page


# --- Anggaran kas -------------------------------------------------------------------------------


def test_the_budget_projection_and_the_curve_follow_the_anggaran_kas(client, cast, plan):
    # A1 (pagu 175,5 juta) plans 50 / 50 / 50 / 25,5 juta instead of 43,875 juta a quarter.
    SubKegiatan.objects.filter(pk=_sub(plan, A1).pk).update(
        anggaran_kas_tw1=50000000,
        anggaran_kas_tw2=50000000,
        anggaran_kas_tw3=50000000,
        anggaran_kas_tw4=25500000,
    )
    a1 = _row(load_report(plan, cast.perencana), Jenis.ANGGARAN, A1)
    # 70 juta against 100 juta planned: pace 0,7; 70 + (50 + 25,5) x 0,7 = 122,85 juta = 70,00%
    # (with the pagu spread evenly it was 140 juta = 79,77%).
    assert (a1.proyeksi, a1.capaian_shown, a1.status) == (Decimal(122850000), Decimal("70.00"), OFF)

    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:dashboard", args=[plan.pk])).content.decode()
    # Planned, cumulative, of 625,5 juta: A1's plan plus the other three pagu (450 juta) / 4.
    # TW I 50 + 112,5 = 162,5 (25,98%); TW II 325 (51,96%); TW III 487,5 (77,94%); TW IV 625,5.
    assert _chart(html, "data-kurva")["rencana"] == ["25.98", "51.96", "77.94", "100.00"]
    assert "Rencana: anggaran kas (rencana penarikan dana) kumulatif" in html
