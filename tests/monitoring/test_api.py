"""The monitoring API, scoped like the pages: who sees which realisation and reports, who may
enter figures and take workflow steps, what a stale version, a locked quarter and bad input
get back, who the audit names, and how many queries a list makes."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from selaras.accounts.personas import PASSWORD, Cast
from selaras.monitoring import entry, events
from selaras.monitoring.factories import noted
from selaras.monitoring.models import Laporan, LaporanEvent, Realisasi, RealisasiSubKegiatan
from selaras.organisations.models import UnitKerja
from selaras.planning.factories import bulk_fill_renja
from selaras.planning.models import Indikator, Renja, SubKegiatan

pytestmark = pytest.mark.django_db

# How many rows of the `filled` fixture each persona reads: one realisation (TW I) on the
# indikator of each of the three sub kegiatan (two of bidang A, one of bidang B), one budget
# realisation per sub kegiatan, one report per bidang.
SEEN = {
    "perencana": (3, 3, 2),
    "pimpinan": (3, 3, 2),
    "verifikator": (3, 3, 2),
    "operator_a": (2, 2, 1),
    "kepala_a": (2, 2, 1),
    "operator_b": (1, 1, 1),
    "outsider": (0, 0, 0),
}

# Queries of one page of a list, whatever the number of rows: session, user, the request's
# savepoint and its release (ATOMIC_REQUESTS), count, the rows (joined to the user who
# last saved them, or to the Renja for reports); for reports one more for their events
# (joined to the user who took each step).
REALISASI_LIST_QUERIES = 6
REALISASI_SUB_LIST_QUERIES = 6
LAPORAN_LIST_QUERIES = 7

KOPERASI = "5.05.02.2.03.0001"  # bidang A, pagu 175.500.000
INOVASI = "5.05.02.2.04.0001"  # bidang B


def url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def post(client: Client, target: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
    return client.post(target, data or {}, content_type="application/json", **extra)


def sub(renja: Renja, kode: str) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)


def indikator_of(renja: Renja, kode: str) -> Indikator:
    return sub(renja, kode).indikator.get()


def realisasi_payload(target: Indikator, **extra: Any) -> dict[str, Any]:
    return {"indikator": target.pk, "triwulan": 1, "nilai": "1", "catatan": "", "versi": 0, **extra}


def anggaran_payload(row: SubKegiatan, **extra: Any) -> dict[str, Any]:
    return {
        "sub_kegiatan": row.pk,
        "triwulan": 1,
        "anggaran": "25000000",
        "faktor_pendorong": "Dukungan camat",
        "faktor_penghambat": "",
        "tindak_lanjut": "",
        "versi": 0,
        **extra,
    }


def snapshot() -> tuple[Any, ...]:
    """What a refused write must leave untouched."""
    return (
        list(Realisasi.objects.order_by("id").values_list("id", "nilai", "catatan", "versi")),
        list(RealisasiSubKegiatan.objects.order_by("id").values_list("id", "anggaran", "versi")),
        list(Laporan.objects.order_by("id").values_list("id", "status")),
        LaporanEvent.objects.count(),
    )


def basic_auth(username: str) -> dict[str, str]:
    credentials = base64.b64encode(f"{username}:{PASSWORD}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {credentials}"}


@pytest.fixture
def filled(cast: Cast, renja: Renja) -> Renja:
    """The Renja with TW I figures on every sub kegiatan and a draft report per bidang."""
    for kode in (KOPERASI, "5.05.02.2.03.0002", INOVASI):
        row = sub(renja, kode)
        entry.save_realisasi(row.indikator.get(), 1, Decimal(1), "", 0, cast.perencana)
        entry.save_realisasi_sub(row, 1, Decimal(1000), {}, 0, cast.perencana)
    events.laporan_for(renja, cast.bidang_a.pk, 1)
    events.laporan_for(renja, cast.bidang_b.pk, 1)
    return renja


@pytest.fixture
def laporan_a(cast: Cast, renja: Renja) -> Laporan:
    """Bidang A's report of TW II, a draft with a note in it (an empty one cannot be submitted)."""
    return noted(events.laporan_for(renja, cast.bidang_a.pk, 2))


# --- Reading: who sees what ----------------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SEEN))
def test_each_persona_lists_exactly_what_visible_to_allows(
    client: Client, cast: Cast, filled: Renja, persona: str
) -> None:
    user = getattr(cast, persona)
    client.force_login(user)

    realisasi = rows(client.get(url("realisasi-list")))
    anggaran = rows(client.get(url("realisasi-sub-kegiatan-list")))
    laporan = rows(client.get(url("laporan-list")))

    assert (len(realisasi), len(anggaran), len(laporan)) == SEEN[persona]
    assert {r["id"] for r in realisasi} == set(
        Realisasi.objects.visible_to(user).values_list("id", flat=True)
    )
    assert {r["id"] for r in anggaran} == set(
        RealisasiSubKegiatan.objects.visible_to(user).values_list("id", flat=True)
    )
    assert {r["id"] for r in laporan} == set(Laporan.objects.visible_to(user).values_list("id", flat=True))


def test_operator_b_does_not_see_bidang_a_and_gets_404_on_its_rows(
    client: Client, cast: Cast, filled: Renja
) -> None:
    client.force_login(cast.operator_b)
    hidden = Realisasi.objects.get(indikator=indikator_of(filled, KOPERASI))
    hidden_sub = RealisasiSubKegiatan.objects.get(sub_kegiatan=sub(filled, KOPERASI))
    hidden_report = Laporan.objects.get(unit_kerja=cast.bidang_a)

    assert {r["unit_kerja"] for r in rows(client.get(url("realisasi-list")))} == {cast.bidang_b.pk}
    assert {r["unit_kerja"] for r in rows(client.get(url("laporan-list")))} == {cast.bidang_b.pk}
    assert client.get(url("realisasi-detail", hidden.pk)).status_code == 404
    assert client.get(url("realisasi-sub-kegiatan-detail", hidden_sub.pk)).status_code == 404
    assert client.get(url("laporan-detail", hidden_report.pk)).status_code == 404


@pytest.mark.parametrize("name", ["realisasi", "realisasi-sub-kegiatan", "laporan"])
def test_outsider_sees_nothing_and_gets_404_on_every_detail(
    client: Client, cast: Cast, filled: Renja, name: str
) -> None:
    model = {"realisasi": Realisasi, "realisasi-sub-kegiatan": RealisasiSubKegiatan, "laporan": Laporan}[name]
    client.force_login(cast.outsider)
    assert rows(client.get(url(f"{name}-list"))) == []
    response = client.get(url(f"{name}-detail", model.objects.first().pk))
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}


@pytest.mark.parametrize("name", ["realisasi", "realisasi-sub-kegiatan", "laporan"])
def test_anonymous_is_refused(client: Client, filled: Renja, name: str) -> None:
    before = snapshot()
    responses = [
        client.get(url(f"{name}-list")),
        client.get(url(f"{name}-detail", 1)),
        post(client, url(f"{name}-list"), {"triwulan": 1}),
    ]
    assert {r.status_code for r in responses} <= {401, 403}
    assert {r.json()["detail"] for r in responses} == {"Data autentikasi tidak diberikan."}
    assert snapshot() == before


def test_realisasi_detail_shows_decimal_strings_and_who_saved(
    client: Client, cast: Cast, renja: Renja
) -> None:
    indikator = indikator_of(renja, KOPERASI)
    row = entry.save_realisasi(indikator, 2, Decimal("2.50"), "Dua kajian", 0, cast.operator_a)
    client.force_login(cast.kepala_a)

    body = client.get(url("realisasi-detail", row.pk)).json()

    assert body["nilai"] == "2.50"
    assert (body["indikator"], body["renja"], body["unit_kerja"], body["triwulan"]) == (
        indikator.pk,
        renja.pk,
        cast.bidang_a.pk,
        2,
    )
    assert (body["catatan"], body["versi"], body["diubah_oleh"]) == ("Dua kajian", 1, "operator_a")


def test_realisasi_filters_by_renja_indikator_triwulan_and_unit(
    client: Client, cast: Cast, filled: Renja
) -> None:
    koperasi = indikator_of(filled, KOPERASI)
    entry.save_realisasi(koperasi, 2, Decimal(1), "", 0, cast.operator_a)
    client.force_login(cast.perencana)

    def found(**params: Any) -> list[tuple[int, int]]:
        return [(r["indikator"], r["triwulan"]) for r in rows(client.get(url("realisasi-list"), params))]

    assert len(found()) == 4
    assert len(found(renja=filled.pk)) == 4
    assert found(indikator=koperasi.pk) == [(koperasi.pk, 1), (koperasi.pk, 2)]
    assert found(triwulan=2) == [(koperasi.pk, 2)]
    assert found(unit_kerja=cast.bidang_b.pk) == [(indikator_of(filled, INOVASI).pk, 1)]
    anggaran = rows(client.get(url("realisasi-sub-kegiatan-list"), {"sub_kegiatan": sub(filled, INOVASI).pk}))
    assert [r["anggaran"] for r in anggaran] == ["1000.00"]


def test_filter_on_a_hidden_renja_is_refused_like_an_unknown_id(
    client: Client, cast: Cast, filled: Renja
) -> None:
    client.force_login(cast.outsider)
    for name in ("realisasi", "realisasi-sub-kegiatan", "laporan"):
        hidden = client.get(url(f"{name}-list"), {"renja": filled.pk})
        unknown = client.get(url(f"{name}-list"), {"renja": filled.pk + 1000})
        assert hidden.status_code == unknown.status_code == 400
        assert hidden.json().keys() == unknown.json().keys() == {"renja"}


# --- Entering realisation -----------------------------------------------------------------


def test_operator_upserts_and_a_stale_version_gets_409_with_the_stored_row(
    client: Client, cast: Cast, renja: Renja
) -> None:
    indikator = indikator_of(renja, KOPERASI)
    client.force_login(cast.operator_a)

    created = post(client, url("realisasi-list"), realisasi_payload(indikator, nilai="1.50", catatan="TW I"))
    assert created.status_code == 201, created.content
    assert (created.json()["nilai"], created.json()["versi"]) == ("1.50", 1)

    updated = post(client, url("realisasi-list"), realisasi_payload(indikator, nilai="2", versi=1))
    assert updated.status_code == 200, updated.content
    assert (updated.json()["id"], updated.json()["versi"]) == (created.json()["id"], 2)

    # A second client still holding version 1 tries to save.
    before = snapshot()
    stale = post(client, url("realisasi-list"), realisasi_payload(indikator, nilai="9", versi=1))
    assert stale.status_code == 409
    body = stale.json()
    assert "sudah diubah oleh Operator A" in body["detail"]
    assert (body["terkini"]["nilai"], body["terkini"]["versi"]) == ("2.00", 2)
    assert snapshot() == before
    assert Realisasi.objects.get(indikator=indikator, triwulan=1).nilai == Decimal(2)


def test_a_new_row_with_a_version_other_than_0_gets_409(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.operator_a)
    response = post(client, url("realisasi-list"), realisasi_payload(indikator_of(renja, KOPERASI), versi=3))
    assert response.status_code == 409
    assert response.json() == {"detail": "Data ini berubah; muat ulang halaman.", "terkini": None}
    assert not Realisasi.objects.exists()


def test_budget_realisation_upserts_with_its_narrative(client: Client, cast: Cast, renja: Renja) -> None:
    row = sub(renja, KOPERASI)
    client.force_login(cast.kepala_a)
    created = post(client, url("realisasi-sub-kegiatan-list"), anggaran_payload(row))
    assert created.status_code == 201, created.content
    assert created.json()["faktor_pendorong"] == "Dukungan camat"

    # A write replaces the quarter's row: narrative fields not sent are emptied.
    replaced = post(
        client,
        url("realisasi-sub-kegiatan-list"),
        {"sub_kegiatan": row.pk, "triwulan": 1, "anggaran": "30000000.25", "versi": 1},
    )
    assert replaced.status_code == 200, replaced.content
    stored = RealisasiSubKegiatan.objects.get(sub_kegiatan=row, triwulan=1)
    assert (stored.anggaran, stored.faktor_pendorong, stored.versi) == (Decimal("30000000.25"), "", 2)

    stale = post(client, url("realisasi-sub-kegiatan-list"), anggaran_payload(row, versi=1))
    assert stale.status_code == 409
    assert stale.json()["terkini"]["anggaran"] == "30000000.25"


def test_a_submitted_quarter_is_locked_for_both_kinds_of_realisation(
    client: Client, cast: Cast, renja: Renja
) -> None:
    indikator = indikator_of(renja, KOPERASI)
    client.force_login(cast.operator_a)
    first = post(client, url("realisasi-list"), realisasi_payload(indikator, triwulan=2))
    assert first.status_code == 201
    laporan = post(
        client, url("laporan-list"), {"renja": renja.pk, "unit_kerja": cast.bidang_a.pk, "triwulan": 2}
    )
    assert post(client, url("laporan-ajukan", laporan.json()["id"])).status_code == 200
    before = snapshot()

    changed = post(
        client, url("realisasi-list"), realisasi_payload(indikator, triwulan=2, nilai="3", versi=1)
    )
    budget = post(
        client, url("realisasi-sub-kegiatan-list"), anggaran_payload(sub(renja, KOPERASI), triwulan=2)
    )

    assert changed.status_code == budget.status_code == 409
    assert "sedang diajukan; data tidak dapat diubah" in changed.json()["detail"]
    assert changed.json()["terkini"]["nilai"] == "1.00"
    assert "sedang diajukan" in budget.json()["detail"]
    assert snapshot() == before
    # Another quarter stays open.
    assert post(client, url("realisasi-list"), realisasi_payload(indikator, triwulan=3)).status_code == 201


def assert_refused(response: Any, field: str, message: str, before: tuple[Any, ...]) -> None:
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert any(message in m for m in errors[field]), errors
    assert snapshot() == before


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"nilai": "-1"}, "nilai", "Realisasi tidak boleh negatif."),
        ({"nilai": "100.01"}, "nilai", "Realisasi dalam satuan persen tidak boleh lebih dari 100."),
        ({"nilai": "satu"}, "nilai", "Harus berupa angka"),
        ({"nilai": "1.234"}, "nilai", "di belakang koma tidak boleh lebih dari 2"),
        ({"triwulan": 5}, "triwulan", "tidak ada dalam daftar pilihan"),
        ({"versi": -1}, "versi", "0"),
        ({"versi": None}, "versi", "tidak boleh"),
        ({"catatan": "x" * 501}, "catatan", "500"),
        ({"indikator": 0}, "indikator", 'Data dengan id "0" tidak ditemukan.'),
    ],
)
def test_bad_realisasi_is_refused_naming_the_field(
    client: Client, cast: Cast, renja: Renja, extra: dict[str, Any], field: str, message: str
) -> None:
    indikator = indikator_of(renja, KOPERASI)
    indikator.satuan = "%"
    indikator.save()
    before = snapshot()
    client.force_login(cast.operator_a)
    response = post(client, url("realisasi-list"), realisasi_payload(indikator, **extra))
    assert_refused(response, field, message, before)


def test_missing_fields_are_named(client: Client, cast: Cast, renja: Renja) -> None:
    before = snapshot()
    client.force_login(cast.operator_a)
    response = post(client, url("realisasi-list"), {"indikator": indikator_of(renja, KOPERASI).pk})
    assert response.status_code == 400
    assert set(response.json()) == {"triwulan", "nilai", "versi"}
    response = client.post(url("realisasi-list"), "[1]", content_type="application/json")
    assert response.json() == {"non_field_errors": ["Data harus berupa objek JSON, bukan list."]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"anggaran": "175500000.01"}, "melebihi pagu Rp 175.500.000"),
        ({"anggaran": "-5"}, "Nilai tidak boleh negatif."),
        ({"anggaran": "lima juta"}, "Harus berupa angka"),
    ],
)
def test_bad_budget_realisation_is_refused_naming_the_field(
    client: Client, cast: Cast, renja: Renja, extra: dict[str, Any], message: str
) -> None:
    before = snapshot()
    client.force_login(cast.operator_a)
    response = post(
        client, url("realisasi-sub-kegiatan-list"), anggaran_payload(sub(renja, KOPERASI), **extra)
    )
    assert_refused(response, "anggaran", message, before)


def test_the_pagu_counts_the_other_quarters(client: Client, cast: Cast, renja: Renja) -> None:
    row = sub(renja, KOPERASI)
    entry.save_realisasi_sub(row, 1, Decimal("100000000"), {}, 0, cast.operator_a)
    before = snapshot()
    client.force_login(cast.operator_a)
    over = post(
        client, url("realisasi-sub-kegiatan-list"), anggaran_payload(row, triwulan=2, anggaran="75500001")
    )
    assert_refused(over, "anggaran", "melebihi pagu", before)
    fits = post(
        client, url("realisasi-sub-kegiatan-list"), anggaran_payload(row, triwulan=2, anggaran="75500000")
    )
    assert fits.status_code == 201


@pytest.mark.parametrize("persona", ["pimpinan", "verifikator"])
def test_readers_get_403_before_the_payload_is_validated(
    client: Client, cast: Cast, renja: Renja, persona: str
) -> None:
    before = snapshot()
    client.force_login(getattr(cast, persona))
    indikator = indikator_of(renja, KOPERASI)
    responses = [
        post(client, url("realisasi-list"), realisasi_payload(indikator)),
        post(client, url("realisasi-list"), realisasi_payload(indikator, nilai="bukan angka", triwulan=9)),
        post(client, url("realisasi-sub-kegiatan-list"), anggaran_payload(sub(renja, KOPERASI))),
    ]
    assert [r.status_code for r in responses] == [403, 403, 403]
    assert responses[0].json() == {"detail": "Anda tidak berhak mengisi realisasi ini."}
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["operator_b", "outsider"])
def test_a_hidden_indikator_is_answered_like_an_unknown_id(
    client: Client, cast: Cast, renja: Renja, persona: str
) -> None:
    before = snapshot()
    client.force_login(getattr(cast, persona))
    indikator = indikator_of(renja, KOPERASI)
    row = sub(renja, KOPERASI)

    hidden = post(client, url("realisasi-list"), realisasi_payload(indikator))
    unknown = post(client, url("realisasi-list"), realisasi_payload(indikator, indikator=indikator.pk + 1000))
    hidden_sub = post(client, url("realisasi-sub-kegiatan-list"), anggaran_payload(row))

    assert hidden.status_code == unknown.status_code == hidden_sub.status_code == 400
    assert hidden.json() == {"indikator": [f'Data dengan id "{indikator.pk}" tidak ditemukan.']}
    assert hidden_sub.json() == {"sub_kegiatan": [f'Data dengan id "{row.pk}" tidak ditemukan.']}
    assert snapshot() == before


@pytest.mark.parametrize("name", ["realisasi", "realisasi-sub-kegiatan", "laporan"])
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_no_put_patch_or_delete(client: Client, cast: Cast, filled: Renja, name: str, method: str) -> None:
    model = {"realisasi": Realisasi, "realisasi-sub-kegiatan": RealisasiSubKegiatan, "laporan": Laporan}[name]
    before = snapshot()
    client.force_login(cast.perencana)
    pk = model.objects.visible_to(cast.perencana).first().pk
    response = getattr(client, method)(url(f"{name}-detail", pk), {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": f'Metode "{method.upper()}" tidak diizinkan.'}
    assert client.delete(url(f"{name}-list")).status_code == 405
    assert snapshot() == before


def test_realisasi_written_by_http_basic_is_audited_with_its_actor(
    client: Client, cast: Cast, renja: Renja
) -> None:
    indikator = indikator_of(renja, KOPERASI)
    response = post(
        client, url("realisasi-list"), realisasi_payload(indikator, nilai="3"), **basic_auth("operator_a")
    )
    assert response.status_code == 201, response.content
    row = Realisasi.objects.get(pk=response.json()["id"])
    log = LogEntry.objects.get_for_object(row).latest("timestamp")
    assert log.actor == cast.operator_a
    assert log.changes_dict["nilai"] == ["None", "3.00"]
    assert row.diubah_oleh == cast.operator_a


# --- Reports -------------------------------------------------------------------------------


def open_report(client: Client, renja: Renja, unit: UnitKerja, triwulan: int = 2) -> Any:
    return post(client, url("laporan-list"), {"renja": renja.pk, "unit_kerja": unit.pk, "triwulan": triwulan})


def test_a_reporter_opens_the_report_once(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.operator_a)
    created = open_report(client, renja, cast.bidang_a)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["renja"], body["unit_kerja"], body["triwulan"], body["status"], body["events"]) == (
        renja.pk,
        cast.bidang_a.pk,
        2,
        "draft",
        [],
    )
    again = open_report(client, renja, cast.bidang_a)
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Laporan.objects.count() == 1
    client.force_login(cast.perencana)
    assert open_report(client, renja, cast.bidang_b).status_code == 201


@pytest.mark.parametrize(("persona", "code"), [("operator_b", 403), ("pimpinan", 403), ("verifikator", 403)])
def test_only_the_units_reporters_open_its_report(
    client: Client, cast: Cast, renja: Renja, persona: str, code: int
) -> None:
    client.force_login(getattr(cast, persona))
    response = open_report(client, renja, cast.bidang_a)
    assert response.status_code == code
    assert response.json() == {"detail": "Anda tidak berhak membuat laporan unit kerja ini."}
    assert not Laporan.objects.exists()


def test_opening_a_report_checks_renja_and_unit(client: Client, cast: Cast, renja: Renja) -> None:
    idle = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama="UPT Tanpa Kegiatan"
    )
    client.force_login(cast.perencana)
    response = open_report(client, renja, idle)
    assert response.status_code == 400
    assert list(response.json()) == ["unit_kerja"]
    assert "tidak bertanggung jawab atas sub kegiatan" in response.json()["unit_kerja"][0]
    assert open_report(client, renja, cast.bidang_a, triwulan=5).json().keys() == {"triwulan"}

    client.force_login(cast.outsider)
    hidden = open_report(client, renja, cast.bidang_a)
    assert hidden.status_code == 400
    assert hidden.json() == {"renja": [f'Data dengan id "{renja.pk}" tidak ditemukan.']}
    assert not Laporan.objects.exists()


def step(client: Client, laporan: Laporan, name: str, alasan: str | None = None) -> Any:
    return post(client, url(f"laporan-{name}", laporan.pk), {} if alasan is None else {"alasan": alasan})


def test_the_happy_path_through_the_api_shows_every_event(
    client: Client, cast: Cast, laporan_a: Laporan
) -> None:
    client.force_login(cast.operator_a)
    submitted = step(client, laporan_a, "ajukan")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "diajukan"
    assert submitted.json()["diajukan_pada"] is not None
    client.force_login(cast.kepala_a)
    assert step(client, laporan_a, "verifikasi").json()["status"] == "diverifikasi"
    client.force_login(cast.pimpinan)
    assert step(client, laporan_a, "setujui").json()["status"] == "disetujui"
    reopened = step(client, laporan_a, "buka-kembali", "Koreksi realisasi anggaran dari BPKAD")
    assert reopened.status_code == 200

    body = client.get(url("laporan-detail", laporan_a.pk)).json()
    assert body["status"] == "draft"
    assert [
        (e["jenis"], e["dari_status"], e["ke_status"], e["oleh"], e["alasan"]) for e in body["events"]
    ] == [
        ("diajukan", "draft", "diajukan", "operator_a", ""),
        ("diverifikasi", "diajukan", "diverifikasi", "kepala_a", ""),
        ("disetujui", "diverifikasi", "disetujui", "pimpinan", ""),
        ("dibuka_kembali", "disetujui", "draft", "pimpinan", "Koreksi realisasi anggaran dari BPKAD"),
    ]
    assert all(e["pada"] for e in body["events"])


# Who may take each step of bidang A's report, from the status the step needs: 200 for
# those who may, 403 for those who see the report but may not, 404 for those who do not see it.
STEP_ANSWERS = {
    "ajukan": {"operator_a": 200, "kepala_a": 200, "perencana": 200, "pimpinan": 403, "verifikator": 403,
               "operator_b": 404, "outsider": 404},
    "verifikasi": {"kepala_a": 200, "operator_a": 403, "perencana": 403, "pimpinan": 403, "verifikator": 403,
                   "operator_b": 404, "outsider": 404},
    "setujui": {"pimpinan": 200, "perencana": 200, "kepala_a": 403, "operator_a": 403, "verifikator": 403,
                "operator_b": 404, "outsider": 404},
}  # fmt: skip
BEFORE_STEP = {"ajukan": [], "verifikasi": ["ajukan"], "setujui": ["ajukan", "verifikasi"]}


def bring_to(laporan: Laporan, cast: Cast, steps: list[str]) -> None:
    takers = {"ajukan": cast.operator_a, "verifikasi": cast.kepala_a, "setujui": cast.pimpinan}
    for name in steps:
        getattr(events, name)(laporan, takers[name])


@pytest.mark.parametrize(
    ("name", "persona"), [(name, persona) for name, answers in STEP_ANSWERS.items() for persona in answers]
)
def test_each_step_per_persona(
    client: Client, cast: Cast, laporan_a: Laporan, name: str, persona: str
) -> None:
    bring_to(laporan_a, cast, BEFORE_STEP[name])
    before = snapshot()
    client.force_login(getattr(cast, persona))

    response = step(client, laporan_a, name)

    expected = STEP_ANSWERS[name][persona]
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["events"][-1]["oleh"] == persona
    else:
        assert snapshot() == before
    if expected == 403:
        assert response.json()["detail"].startswith(("Anda tidak berhak", "Hanya "))


def test_operator_cannot_verify(client: Client, cast: Cast, laporan_a: Laporan) -> None:
    bring_to(laporan_a, cast, ["ajukan"])
    client.force_login(cast.operator_a)
    response = step(client, laporan_a, "verifikasi")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Hanya kepala bidang unit kerja ini yang dapat memverifikasi laporannya."
    }


def test_a_skipped_or_repeated_step_gets_409_with_the_message(
    client: Client, cast: Cast, laporan_a: Laporan
) -> None:
    client.force_login(cast.kepala_a)
    skipped = step(client, laporan_a, "verifikasi")
    assert skipped.status_code == 409
    assert "berstatus draf" in skipped.json()["detail"]
    bring_to(laporan_a, cast, ["ajukan"])
    client.force_login(cast.pimpinan)
    early = step(client, laporan_a, "setujui")
    assert early.status_code == 409
    assert "hanya untuk laporan yang diverifikasi" in early.json()["detail"]
    client.force_login(cast.operator_a)
    assert step(client, laporan_a, "ajukan").status_code == 409  # twice
    assert LaporanEvent.objects.count() == 1


def test_sending_back_needs_a_reason_and_a_missing_one_gets_409(
    client: Client, cast: Cast, laporan_a: Laporan
) -> None:
    bring_to(laporan_a, cast, ["ajukan"])
    client.force_login(cast.kepala_a)
    for missing in (None, "", "   "):
        response = step(client, laporan_a, "kembalikan", missing)
        assert response.status_code == 409
        assert response.json() == {"detail": "Alasan wajib diisi untuk pengembalian."}
    not_text = post(client, url("laporan-kembalikan", laporan_a.pk), {"alasan": ["bukan teks"]})
    assert not_text.status_code == 400
    assert not_text.json() == {"alasan": ["Harus berupa teks."]}
    assert LaporanEvent.objects.count() == 1

    sent_back = step(client, laporan_a, "kembalikan", "Bukti dukung TW II belum lengkap")
    assert sent_back.status_code == 200
    assert sent_back.json()["status"] == "draft"
    assert sent_back.json()["events"][-1]["alasan"] == "Bukti dukung TW II belum lengkap"
    # The quarter is open again for the operator.
    client.force_login(cast.operator_a)
    payload = realisasi_payload(indikator_of(laporan_a.renja, KOPERASI), triwulan=2)
    assert post(client, url("realisasi-list"), payload).status_code == 201


def test_reopening_needs_an_approver_and_a_reason(client: Client, cast: Cast, laporan_a: Laporan) -> None:
    bring_to(laporan_a, cast, ["ajukan", "verifikasi", "setujui"])
    client.force_login(cast.operator_a)
    refused = step(client, laporan_a, "buka-kembali", "salah ketik")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("Hanya pimpinan, perencana atau administrator")
    locked = post(
        client, url("realisasi-list"), realisasi_payload(indikator_of(laporan_a.renja, KOPERASI), triwulan=2)
    )
    assert locked.status_code == 409
    assert "sudah disetujui; data terkunci" in locked.json()["detail"]

    client.force_login(cast.pimpinan)
    missing = step(client, laporan_a, "buka-kembali", "")
    assert missing.status_code == 409
    assert missing.json() == {"detail": "Alasan wajib diisi untuk membuka kembali."}
    assert Laporan.objects.get(pk=laporan_a.pk).status == Laporan.Status.DISETUJUI
    assert step(client, laporan_a, "buka-kembali", "Koreksi").json()["status"] == "draft"


def test_laporan_filters_by_status_triwulan_and_unit(client: Client, cast: Cast, filled: Renja) -> None:
    submitted = events.laporan_for(filled, cast.bidang_a.pk, 2)
    events.ajukan(noted(submitted), cast.operator_a)
    client.force_login(cast.pimpinan)

    def found(**params: Any) -> list[tuple[int, int, str]]:
        return [
            (r["unit_kerja"], r["triwulan"], r["status"])
            for r in rows(client.get(url("laporan-list"), params))
        ]

    assert len(found()) == 3
    assert found(status="diajukan") == [(cast.bidang_a.pk, 2, "diajukan")]
    assert found(triwulan=1, unit_kerja=cast.bidang_b.pk) == [(cast.bidang_b.pk, 1, "draft")]
    assert len(found(renja=filled.pk, triwulan=1)) == 2
    assert client.get(url("laporan-list"), {"status": "selesai"}).status_code == 400


def test_a_step_by_http_basic_is_audited_with_its_actor(
    client: Client, cast: Cast, laporan_a: Laporan
) -> None:
    response = post(client, url("laporan-ajukan", laporan_a.pk), **basic_auth("operator_a"))
    assert response.status_code == 200, response.content
    log = LogEntry.objects.get_for_object(laporan_a).latest("timestamp")
    assert log.actor == cast.operator_a
    assert log.changes_dict["status"] == ["draft", "diajukan"]
    assert LaporanEvent.objects.get(laporan=laporan_a).oleh == cast.operator_a


# --- Schema and query counts ---------------------------------------------------------------


def test_schema_lists_the_monitoring_endpoints(client: Client, cast: Cast) -> None:
    client.force_login(cast.pimpinan)
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    for path in (
        b"/api/monitoring/realisasi/",
        b"/api/monitoring/realisasi-sub-kegiatan/",
        b"/api/monitoring/laporan/{id}/buka-kembali/",
    ):
        assert path in schema.content


def count_queries(client: Client, target: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    return len(ctx), len(rows(response))


def add_many_reports(cast: Cast, renja: Renja, units: int) -> None:
    """`units` more Unit Kerja of Balitbangda with four reports each, two events per report."""
    extra = UnitKerja.objects.bulk_create(
        UnitKerja(pemda=cast.pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama=f"UPT Uji {i}")
        for i in range(units)
    )
    reports = Laporan.objects.bulk_create(
        Laporan(pemda=cast.pemda, renja=renja, unit_kerja=unit, triwulan=q, status=Laporan.Status.DRAFT)
        for unit in extra
        for q in (1, 2, 3, 4)
    )
    takers = [cast.operator_a, cast.kepala_a]
    LaporanEvent.objects.bulk_create(
        LaporanEvent(
            pemda=cast.pemda,
            laporan=report,
            jenis=LaporanEvent.Jenis.DIAJUKAN if i == 0 else LaporanEvent.Jenis.DIKEMBALIKAN,
            dari_status=Laporan.Status.DRAFT if i == 0 else Laporan.Status.DIAJUKAN,
            ke_status=Laporan.Status.DIAJUKAN if i == 0 else Laporan.Status.DRAFT,
            oleh=takers[i],
            pada=timezone.now(),
            alasan="" if i == 0 else "Lengkapi bukti",
        )
        for report in reports
        for i in (0, 1)
    )


def test_lists_make_the_same_number_of_queries_for_few_or_many_rows(
    client: Client, cast: Cast, filled: Renja
) -> None:
    client.force_login(cast.perencana)
    small = (
        count_queries(client, url("realisasi-list")),
        count_queries(client, url("realisasi-sub-kegiatan-list")),
        count_queries(client, url("laporan-list")),
    )

    subs = bulk_fill_renja(filled, cast.bidang_a, 150)
    savers = [cast.operator_a, cast.kepala_a, cast.perencana]
    Realisasi.objects.bulk_create(
        Realisasi(
            pemda=cast.pemda,
            indikator=indikator,
            renja=filled,
            unit_kerja=cast.bidang_a,
            triwulan=q,
            nilai=Decimal(q),
            diubah_oleh=savers[i % 3],
        )
        for i, indikator in enumerate(Indikator.objects.filter(sub_kegiatan__in=subs))
        for q in (1, 2)
    )
    RealisasiSubKegiatan.objects.bulk_create(
        RealisasiSubKegiatan(
            pemda=cast.pemda,
            sub_kegiatan=row,
            renja=filled,
            unit_kerja=cast.bidang_a,
            triwulan=1,
            anggaran=Decimal(100),
            diubah_oleh=savers[i % 3],
        )
        for i, row in enumerate(subs)
    )
    add_many_reports(cast, filled, 30)
    large = (
        count_queries(client, url("realisasi-list")),
        count_queries(client, url("realisasi-sub-kegiatan-list")),
        count_queries(client, url("laporan-list")),
    )

    assert [n for _, n in small] == [3, 3, 2]
    assert [n for _, n in large] == [100, 100, 100]  # one page of 100 rows
    assert small[0][0] == large[0][0] == REALISASI_LIST_QUERIES
    assert small[1][0] == large[1][0] == REALISASI_SUB_LIST_QUERIES
    assert small[2][0] == large[2][0] == LAPORAN_LIST_QUERIES


def test_whoever_submitted_cannot_verify_or_approve_through_the_api(
    client: Client, cast: Cast, laporan_a: Laporan
) -> None:
    client.force_login(cast.kepala_a)
    assert step(client, laporan_a, "ajukan").status_code == 200
    own = step(client, laporan_a, "verifikasi")
    assert own.status_code == 403
    assert "empat mata" in own.json()["detail"]
    assert Laporan.objects.get(pk=laporan_a.pk).status == Laporan.Status.DIAJUKAN

    events.kembalikan(laporan_a, cast.kepala_a, "Diajukan ulang oleh perencana")
    events.ajukan(noted(laporan_a), cast.perencana)
    events.verifikasi(laporan_a, cast.kepala_a)
    client.force_login(cast.perencana)
    refused = step(client, laporan_a, "setujui")
    assert refused.status_code == 403 and "empat mata" in refused.json()["detail"]
    assert Laporan.objects.get(pk=laporan_a.pk).status == Laporan.Status.DIVERIFIKASI
