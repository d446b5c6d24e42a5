"""Which quarters count: a quarter under way is "berjalan" (shown, never projected as a
reported zero), the dashboard and the E.81 open on the last quarter that has ended, and the
two budget figures (serapan and rata-rata capaian anggaran) carry different names."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from selaras.accounts.personas import Cast
from selaras.lib import dates
from selaras.lib.capaian import StatusPeringatan
from selaras.monitoring import entry, events, sources
from selaras.monitoring.evaluation import build_evaluation
from selaras.monitoring.factories import noted
from selaras.monitoring.figures import load_figures
from selaras.monitoring.warning import Jenis, load_report
from selaras.planning.models import Indikator, Renja, SubKegiatan

pytestmark = pytest.mark.django_db

A1, A2, B1 = "5.05.02.2.03.0001", "5.05.02.2.03.0002", "5.05.02.2.04.0001"
TW4_STARTED = dt.date(2026, 10, 5)  # TW I-III of 2026 have ended, TW IV is under way
NARASI = {"faktor_pendorong": "", "faktor_penghambat": "", "tindak_lanjut": ""}
COUNTS = {1: Decimal(50), 2: Decimal(52), 3: Decimal(56)}  # 158 in the three ended quarters


# --- lib.dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "begun", "ended", "running", "default"),
    [
        (dt.date(2025, 12, 31), 0, 0, None, 1),  # the year has not begun
        (dt.date(2026, 1, 1), 1, 0, 1, 1),  # TW I under way, nothing has ended: open on TW I
        (dt.date(2026, 3, 31), 1, 0, 1, 1),  # the last day of TW I: it has not ended yet
        (dt.date(2026, 4, 1), 2, 1, 2, 1),
        (dt.date(2026, 10, 5), 4, 3, 4, 3),
        (dt.date(2027, 1, 2), 4, 4, None, 4),  # a past year: every quarter has ended
    ],
)
def test_quarters_begun_ended_running_and_the_default(day, begun, ended, running, default):
    assert dates.quarters_begun(2026, day) == begun
    assert dates.quarters_ended(2026, day) == ended
    assert dates.running_quarter(2026, day) == running
    assert dates.default_quarter(2026, day) == default


# --- berjalan --------------------------------------------------------------------------------


@pytest.fixture
def automatic(cast: Cast, renja: Renja, monkeypatch: pytest.MonkeyPatch, today) -> Indikator:
    """Given the first days of TW IV 2026 and A1's indicator counted from records: target 200
    (jumlah, naik, no quarterly targets), 50 + 52 + 56 = 158 in TW I-III, nothing yet in TW IV."""
    today(TW4_STARTED)
    ind = Indikator.objects.get(renja=renja, sub_kegiatan__nomenklatur__kode=A1)

    def compute(_renja: Renja, indicators: list[Indikator]) -> sources.Values:
        return {(i.pk, q): value for i in indicators for q, value in COUNTS.items()}

    monkeypatch.setitem(
        sources.REGISTRY,
        "uji_hitungan",
        sources.Source(
            key="uji_hitungan",
            label="Hitungan uji",
            compute=compute,
            compute_by_kecamatan=lambda _renja, _indicators: {},
            records_url=lambda _ind, quarter: f"/catatan/?tw={quarter}",
        ),
    )
    Indikator.objects.filter(pk=ind.pk).update(
        sumber_otomatis="uji_hitungan",
        uraian="UMKM yang didampingi",
        target=200,
        target_tw1=None,
        target_tw2=None,
        target_tw3=None,
        target_tw4=None,
    )
    return Indikator.objects.get(pk=ind.pk)


def test_an_automatic_count_mid_quarter_is_berjalan_and_the_projection_extrapolates(cast, renja, automatic):
    figures = load_figures(renja, cast.perencana)
    (shown,) = [f for f in figures.all_indikator() if f.indikator == automatic]
    assert shown.quarters == [Decimal(50), Decimal(52), Decimal(56), Decimal(0)]  # the count so far
    assert shown.counted == [Decimal(50), Decimal(52), Decimal(56), None]
    assert shown.berjalan == Decimal(0) and figures.running == 4

    (row,) = [r for r in load_report(renja, cast.perencana).rows if r.uraian == "UMKM yang didampingi"]
    # Not 158 = 79,00% Berisiko (TW IV read as a reported 0): 158 / 3 x 4 = 210,67 = 105,33%.
    assert row.realisasi == Decimal(158) and row.berjalan == Decimal(0)
    assert (row.proyeksi.quantize(Decimal("0.01")), row.capaian_shown, row.status) == (
        Decimal("210.67"),
        Decimal("105.33"),
        StatusPeringatan.ON_TRACK,
    )

    client = Client()
    client.force_login(cast.pimpinan)
    html = client.get(reverse("monitoring:warning", args=[renja.pk])).content.decode()
    assert "105,33%" in html and "berjalan: 0" in html and "Sesuai jalur" in html


def test_the_entry_page_marks_the_running_count(cast, renja, automatic):
    client = Client()
    client.force_login(cast.operator_a)
    running = client.get(reverse("monitoring:entry", args=[renja.pk, 4])).content.decode()
    ended = client.get(reverse("monitoring:entry", args=[renja.pk, 3])).content.decode()
    assert 'class="badge text-bg-info berjalan"' in running
    assert 'class="badge text-bg-info berjalan"' not in ended


def test_an_approved_running_quarter_counts(cast, renja, automatic):
    laporan = events.laporan_for(renja, cast.bidang_a.pk, 4)
    events.ajukan(noted(laporan), cast.operator_a)
    events.verifikasi(laporan, cast.kepala_a)
    events.setujui(laporan, cast.pimpinan)
    (row,) = [r for r in load_report(renja, cast.perencana).rows if r.uraian == "UMKM yang didampingi"]
    # The approved TW IV is the year's last report: the projection is the realisation.
    assert (row.proyeksi, row.capaian_shown, row.berjalan) == (Decimal(158), Decimal("79.00"), None)


def test_a_running_quarters_spending_stays_out_of_the_budget_projection(cast, renja, today):
    today(TW4_STARTED)
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=B1)  # pagu 210 juta
    for quarter, amount in ((1, "42000000"), (2, "42000000"), (3, "42000000"), (4, "1000000")):
        entry.save_realisasi_sub(sub, quarter, Decimal(amount), NARASI, 0, cast.operator_b)
    (row,) = [
        r for r in load_report(renja, cast.perencana).rows if r.jenis is Jenis.ANGGARAN and r.owner.kode == B1
    ]
    # 126 juta in three quarters against 157,5 planned: 126 + 52,5 x 0,8 = 168 juta = 80,00%.
    assert (row.realisasi, row.proyeksi, row.capaian_shown) == (
        Decimal(126000000),
        Decimal(168000000),
        Decimal("80.00"),
    )
    assert row.berjalan == Decimal(1000000)


def test_the_e81_shows_a_running_quarter_with_a_note(cast, renja, automatic):
    evaluation = build_evaluation(renja, cast.perencana, 4)
    assert evaluation.berjalan == 4
    assert any("Triwulan IV 2026 masih berjalan (berakhir 31 Desember 2026)" in n for n in evaluation.notes)
    assert build_evaluation(renja, cast.perencana, 3).berjalan is None


# --- the default quarter and ?triwulan= --------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("day", "expected"),
    [(TW4_STARTED, 3), (dt.date(2026, 2, 10), 1), (dt.date(2027, 1, 4), 4)],
)
def test_dashboard_and_e81_open_on_the_last_ended_quarter(cast, renja, today, day, expected):
    today(day)
    client = _client(cast.pimpinan)
    dashboard = client.get(reverse("monitoring:dashboard", args=[renja.pk]))
    evaluation = client.get(reverse("monitoring:evaluation", args=[renja.pk]))
    assert dashboard.context["up_to"] == evaluation.context["evaluation"].up_to == expected
    assert f'<option value="{expected}" selected>' in dashboard.content.decode()


def test_both_pages_honour_triwulan_and_mark_the_running_quarter(cast, renja, automatic):
    client = _client(cast.pimpinan)
    dashboard_url = reverse("monitoring:dashboard", args=[renja.pk])
    evaluation_url = reverse("monitoring:evaluation", args=[renja.pk])
    dashboard = client.get(dashboard_url, {"triwulan": 2})
    assert dashboard.context["up_to"] == 2 and "Realisasi s.d. Triwulan II 2026" in dashboard.content.decode()
    assert client.get(evaluation_url, {"triwulan": 2}).context["evaluation"].up_to == 2
    assert client.get(evaluation_url, {"tw": 2}).context["evaluation"].up_to == 2  # older links

    html = client.get(dashboard_url, {"triwulan": 4}).content.decode()
    assert '<option value="4" selected>s.d. Triwulan IV (berjalan)</option>' in html
    assert 'id="dashboard-berjalan"' in html
    page = client.get(evaluation_url, {"triwulan": 4}).content.decode()
    assert '<option value="4" selected>s.d. Triwulan IV (berjalan)</option>' in page
    assert "masih berjalan" in page and "?triwulan=4" in page  # the downloads keep the period
    assert 'id="dashboard-berjalan"' not in client.get(dashboard_url).content.decode()


# --- the two budget figures ------------------------------------------------------------------


def test_the_two_budget_figures_are_named_apart_and_explained(cast, renja, today):
    today(TW4_STARTED)
    for kode, amounts, user in (
        (A1, ("40000000", "60000000"), cast.operator_a),
        (A2, ("90000000",), cast.operator_a),
        (B1, ("20000000", "40000000", "60000000"), cast.operator_b),
    ):
        sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)
        for quarter, amount in enumerate(amounts, start=1):
            entry.save_realisasi_sub(sub, quarter, Decimal(amount), NARASI, 0, user)
    client = _client(cast.pimpinan)
    dashboard = client.get(reverse("monitoring:dashboard", args=[renja.pk])).content.decode()
    evaluation = client.get(reverse("monitoring:evaluation", args=[renja.pk])).content.decode()

    cards = dict(re.findall(r'data-card="([\w-]+)">([^<]*)<', dashboard))
    # 310 / 525,5 juta = 58,99%, against (100/175,5 + 90/140 + 120/210) / 3 = 59,47%.
    assert (cards["serapan"], cards["rata-rata-anggaran"]) == ("58,99%", "59,47%")
    assert "Serapan anggaran (total realisasi ÷ total pagu)" in dashboard
    assert "Rata-rata capaian anggaran (E.81)" in dashboard
    assert "tanpa bobot pagu" in dashboard and "Seluruh realisasi anggaran dibagi seluruh pagu" in dashboard

    # The E.81 prints the form's figure in its footer and names the other one in its note.
    assert re.search(r"Rata-rata capaian anggaran \(%\)</th><td>59,47%</td>", evaluation)
    assert "Serapan anggaran (total realisasi ÷ total pagu)" in evaluation
    assert '<span data-figure="serapan">58,99%</span>' in evaluation
    assert build_evaluation(renja, cast.pimpinan, 3).footer["rata_rata_anggaran"] == Decimal("59.47")
