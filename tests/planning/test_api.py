"""The planning API, scoped like the pages: who sees which rows, who may write, what bad
input gets back, and how many queries a list makes."""

from __future__ import annotations

import base64
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.exceptions import ValidationError

from selaras.accounts.personas import PASSWORD, Cast
from selaras.organisations.models import Kecamatan, Pemda, UnitKerja
from selaras.planning.api import SubKegiatanViewSet
from selaras.planning.factories import add_sub_kegiatan, bulk_fill_renja, make_renja
from selaras.planning.models import Indikator, Kegiatan, Program, Renja, Renstra, SubKegiatan
from selaras.planning.serializers import SubKegiatanSerializer
from selaras.reference.models import IsuStrategis, Nomenklatur

pytestmark = pytest.mark.django_db

# How many of the Renja fixture's rows each persona reads: two sub kegiatan of bidang A,
# one of bidang B, one indikator on each.
SUB_KEGIATAN_SEEN = {
    "perencana": 3,
    "pimpinan": 3,
    "verifikator": 3,
    "operator_a": 2,
    "kepala_a": 2,
    "operator_b": 1,
    "outsider": 0,
}
READERS_WHO_MAY_NOT_WRITE = ["pimpinan", "verifikator", "operator_a", "kepala_a", "operator_b"]

# Queries of one page of a list, whatever the number of rows: session, user, the request's
# savepoint and its release (ATOMIC_REQUESTS), count, the rows (sub kegiatan joined to
# their nomenklatur);
# for sub kegiatan one more per many-to-many tag (kecamatan, prioritas nasional, program
# prioritas, quick win, isu strategis).
SUB_KEGIATAN_LIST_QUERIES = 11
INDIKATOR_LIST_QUERIES = 6


def list_url(name: str) -> str:
    return reverse(f"{name}-list")


def detail_url(name: str, pk: int) -> str:
    return reverse(f"{name}-detail", args=[pk])


def rows(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def sub(renja: Renja, kode: str) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)


def snapshot() -> tuple[Any, ...]:
    """What a refused write must leave untouched."""
    return (
        list(SubKegiatan.objects.order_by("id").values_list("id", "pagu", "prakiraan_maju", "unit_kerja_id")),
        list(Indikator.objects.order_by("id").values_list("id", "target", "target_tw4", "target_atas")),
        Program.objects.count(),
        Kegiatan.objects.count(),
        Renja.objects.count(),
    )


def post(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.patch(url, data, content_type="application/json")


def indikator_payload(owner: SubKegiatan, **extra: Any) -> dict[str, Any]:
    return {
        "sub_kegiatan": owner.pk,
        "uraian": "Jumlah rekomendasi kebijakan",
        "satuan": "Rekomendasi",
        "target": "4",
        "target_tw1": "1",
        "target_tw2": "1",
        "target_tw3": "1",
        "target_tw4": "1",
        **extra,
    }


# --- Reading: who sees what ----------------------------------------------------------


@pytest.mark.parametrize("persona", sorted(SUB_KEGIATAN_SEEN))
def test_each_persona_lists_exactly_the_rows_it_may_see(
    client: Client, cast: Cast, renja: Renja, persona: str
) -> None:
    client.force_login(getattr(cast, persona))
    seen = SUB_KEGIATAN_SEEN[persona]

    renja_rows = rows(client.get(list_url("renja")))
    sub_rows = rows(client.get(list_url("sub-kegiatan")))
    indikator_rows = rows(client.get(list_url("indikator")))

    assert [r["id"] for r in renja_rows] == ([renja.pk] if seen else [])
    assert len(sub_rows) == seen
    assert len(indikator_rows) == seen
    visible = set(SubKegiatan.objects.visible_to(getattr(cast, persona)).values_list("id", flat=True))
    assert {r["id"] for r in sub_rows} == visible
    assert {r["sub_kegiatan"] for r in indikator_rows} == visible


def test_operator_b_sees_only_the_sub_kegiatan_of_its_bidang(
    client: Client, cast: Cast, renja: Renja
) -> None:
    client.force_login(cast.operator_b)
    assert [r["kode"] for r in rows(client.get(list_url("sub-kegiatan")))] == ["5.05.02.2.04.0001"]
    hidden = sub(renja, "5.05.02.2.03.0001")
    assert client.get(detail_url("sub-kegiatan", hidden.pk)).status_code == 404
    assert client.get(detail_url("indikator", hidden.indikator.get().pk)).status_code == 404


def test_sub_kegiatan_detail_shows_nomenklatur_tags_and_decimal_strings(
    client: Client, cast: Cast, renja: Renja
) -> None:
    row = sub(renja, "5.05.02.2.03.0001")
    isu = IsuStrategis.objects.create(pemda=cast.pemda, nama="UMKM")
    kecamatan = Kecamatan.objects.filter(pemda=cast.pemda).order_by("kode")[:2]
    row.isu_strategis.add(isu)
    row.kecamatan.set(kecamatan)
    client.force_login(cast.operator_a)

    body = client.get(detail_url("sub-kegiatan", row.pk)).json()

    assert body["kode"] == "5.05.02.2.03.0001"
    assert body["nama"] == "Penelitian dan Pengembangan Koperasi, Usaha Kecil dan Menengah"
    assert body["nomenklatur"] == row.nomenklatur_id
    assert body["unit_kerja"] == cast.bidang_a.pk
    assert body["pagu"] == "175500000.00"
    assert body["prakiraan_maju"] == "180000000.00"
    assert body["isu_strategis"] == [isu.pk]
    assert sorted(body["kecamatan"]) == sorted(k.pk for k in kecamatan)
    assert body["pemda"] == cast.pemda.pk
    for tag in ("prioritas_nasional", "program_prioritas", "quick_win"):
        assert body[tag] == []


@pytest.mark.parametrize("name", ["renja", "sub-kegiatan", "indikator"])
def test_outsider_gets_404_on_every_detail(client: Client, cast: Cast, renja: Renja, name: str) -> None:
    row = sub(renja, "5.05.02.2.03.0001")
    pk = {"renja": renja.pk, "sub-kegiatan": row.pk, "indikator": row.indikator.get().pk}[name]
    client.force_login(cast.outsider)
    response = client.get(detail_url(name, pk))
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}


@pytest.mark.parametrize("name", ["renja", "program", "kegiatan", "sub-kegiatan", "indikator", "renstra"])
def test_anonymous_is_refused(client: Client, renja: Renja, name: str) -> None:
    response = client.get(list_url(name))
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Data autentikasi tidak diberikan."
    assert client.get(detail_url("renja", renja.pk)).status_code in (401, 403)


def test_program_and_kegiatan_lists_follow_the_renja(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.pimpinan)
    assert [r["kode"] for r in rows(client.get(list_url("program")))] == ["5.05.02"]
    kegiatan = rows(client.get(list_url("kegiatan"), {"renja": renja.pk}))
    assert [r["kode"] for r in kegiatan] == ["5.05.02.2.03", "5.05.02.2.04"]
    assert {r["program"] for r in kegiatan} == {Program.objects.get(renja=renja).pk}
    client.force_login(cast.outsider)
    assert rows(client.get(list_url("program"))) == []


def test_renstra_is_read_only_and_scoped(client: Client, cast: Cast) -> None:
    renstra = Renstra.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, tahun_awal=2025, tahun_akhir=2029
    )
    client.force_login(cast.perencana)
    body = client.get(detail_url("renstra", renstra.pk)).json()
    assert body["years"] == [2025, 2026, 2027, 2028, 2029]
    response = patch(client, detail_url("renstra", renstra.pk), {"tahun_akhir": 2030})
    assert response.status_code == 405
    assert response.json()["detail"] == 'Metode "PATCH" tidak diizinkan.'
    client.force_login(cast.outsider)
    assert rows(client.get(list_url("renstra"))) == []
    assert client.get(detail_url("renstra", renstra.pk)).status_code == 404


# --- Filters ---------------------------------------------------------------------------


def test_sub_kegiatan_filters_give_the_rows_of_the_page(client: Client, cast: Cast, renja: Renja) -> None:
    isu = IsuStrategis.objects.create(pemda=cast.pemda, nama="Kemiskinan")
    koperasi = sub(renja, "5.05.02.2.03.0001")
    koperasi.isu_strategis.add(isu)
    kecamatan = Kecamatan.objects.filter(pemda=cast.pemda).order_by("kode")
    koperasi.seluruh_kabupaten = False
    koperasi.save()
    koperasi.kecamatan.add(kecamatan[0])
    other_year = make_renja(cast.balitbangda, 2027)
    bulk_fill_renja(other_year, cast.bidang_b, 2)
    client.force_login(cast.perencana)

    def codes(**params: Any) -> list[str]:
        return [r["kode"] for r in rows(client.get(list_url("sub-kegiatan"), params))]

    assert len(codes()) == 5
    assert len(codes(renja=renja.pk)) == 3
    assert codes(renja=renja.pk, unit_kerja=cast.bidang_b.pk) == ["5.05.02.2.04.0001"]
    assert codes(isu_strategis=isu.pk) == ["5.05.02.2.03.0001"]
    # As on the page, a sub kegiatan for the whole kabupaten works in every kecamatan.
    assert codes(renja=renja.pk, kecamatan=kecamatan[0].pk) == [
        "5.05.02.2.03.0001",
        "5.05.02.2.03.0002",
        "5.05.02.2.04.0001",
    ]
    assert "5.05.02.2.03.0001" not in codes(renja=renja.pk, kecamatan=kecamatan[1].pk)


def test_indikator_filters_by_renja_and_sub_kegiatan(client: Client, cast: Cast, renja: Renja) -> None:
    target = sub(renja, "5.05.02.2.03.0002")
    client.force_login(cast.perencana)
    found = rows(client.get(list_url("indikator"), {"sub_kegiatan": target.pk}))
    assert [r["id"] for r in found] == [target.indikator.get().pk]
    assert len(rows(client.get(list_url("indikator"), {"renja": renja.pk}))) == 3


def test_filter_on_a_hidden_renja_is_refused_like_an_unknown_id(
    client: Client, cast: Cast, renja: Renja
) -> None:
    client.force_login(cast.outsider)
    hidden = client.get(list_url("sub-kegiatan"), {"renja": renja.pk})
    unknown = client.get(list_url("sub-kegiatan"), {"renja": renja.pk + 1000})
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json().keys() == unknown.json().keys() == {"renja"}


# --- Writing: who may --------------------------------------------------------------------


def test_perencana_patches_pagu(client: Client, cast: Cast, renja: Renja) -> None:
    row = sub(renja, "5.05.02.2.03.0001")
    client.force_login(cast.perencana)
    response = patch(client, detail_url("sub-kegiatan", row.pk), {"pagu": "200000000.50"})
    assert response.status_code == 200, response.content
    assert response.json()["pagu"] == "200000000.50"
    row.refresh_from_db()
    assert row.pagu == Decimal("200000000.50")


def test_a_write_by_http_basic_is_audited_with_its_actor(client: Client, cast: Cast, renja: Renja) -> None:
    row = sub(renja, "5.05.02.2.03.0001")
    credentials = base64.b64encode(f"perencana:{PASSWORD}".encode()).decode()
    response = client.patch(
        detail_url("sub-kegiatan", row.pk),
        {"pagu": "190000000"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get_for_object(row).latest("timestamp")
    assert entry.actor == cast.perencana
    assert entry.changes_dict["pagu"] == ["175500000.00", "190000000.00"]


def test_perencana_creates_an_indikator_whose_renja_and_pemda_come_from_the_owner(
    client: Client, cast: Cast, renja: Renja
) -> None:
    owner = sub(renja, "5.05.02.2.04.0001")
    elsewhere = Pemda.objects.create(kode="99.99", nama="Kabupaten Lain", tingkat="kabupaten")
    client.force_login(cast.perencana)
    response = post(client, list_url("indikator"), indikator_payload(owner, pemda=elsewhere.pk, renja=0))
    assert response.status_code == 201, response.content
    created = Indikator.objects.get(pk=response.json()["id"])
    assert (created.renja_id, created.pemda_id, created.sub_kegiatan_id) == (
        renja.pk,
        cast.pemda.pk,
        owner.pk,
    )
    assert response.json()["target"] == "4.00"


def test_perencana_creates_a_sub_kegiatan_by_its_old_two_digit_code(
    client: Client, cast: Cast, renja: Renja
) -> None:
    client.force_login(cast.perencana)
    response = post(
        client,
        list_url("sub-kegiatan"),
        {"renja": renja.pk, "kode": "5.05.02.2.04.02", "unit_kerja": cast.bidang_b.pk, "pagu": "5000000"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kode"] == "5.05.02.2.04.0002"
    created = SubKegiatan.objects.get(pk=body["id"])
    assert created.kegiatan == Kegiatan.objects.get(renja=renja, nomenklatur__kode="5.05.02.2.04")
    assert created.pemda_id == renja.pemda_id
    assert created.pagu == Decimal("5000000")


def test_perencana_creates_a_renja_for_its_own_perangkat_daerah(
    client: Client, cast: Cast, renja: Renja
) -> None:
    client.force_login(cast.perencana)
    response = post(client, list_url("renja"), {"tahun": 2027, "perangkat_daerah": cast.other_pd.pk})
    assert response.status_code == 201, response.content
    created = Renja.objects.get(pk=response.json()["id"])
    assert (created.perangkat_daerah, created.pemda, created.tahun) == (cast.balitbangda, cast.pemda, 2027)


def test_perencana_deletes_a_sub_kegiatan_with_its_indikator(
    client: Client, cast: Cast, renja: Renja
) -> None:
    row = sub(renja, "5.05.02.2.03.0002")
    client.force_login(cast.perencana)
    assert client.delete(detail_url("sub-kegiatan", row.pk)).status_code == 204
    assert not SubKegiatan.objects.filter(pk=row.pk).exists()
    assert not Indikator.objects.filter(sub_kegiatan_id=row.pk).exists()


@pytest.mark.parametrize("persona", READERS_WHO_MAY_NOT_WRITE)
def test_readers_get_403_on_every_write(client: Client, cast: Cast, renja: Renja, persona: str) -> None:
    user = getattr(cast, persona)
    row = SubKegiatan.objects.visible_to(user).first()
    indikator = row.indikator.get()
    before = snapshot()
    client.force_login(user)

    writes = [
        patch(client, detail_url("sub-kegiatan", row.pk), {"pagu": "1"}),
        client.put(detail_url("renja", renja.pk), {"tahun": 2026}, content_type="application/json"),
        patch(client, detail_url("indikator", indikator.pk), {"target": "9"}),
        client.delete(detail_url("sub-kegiatan", row.pk)),
        client.delete(detail_url("renja", renja.pk)),
        post(client, list_url("indikator"), indikator_payload(row)),
        # 403 comes before the payload is validated.
        post(client, list_url("indikator"), indikator_payload(row, target="bukan angka")),
        post(client, list_url("sub-kegiatan"), {"renja": renja.pk, "kode": "5.05.02.2.04.0002"}),
        post(client, list_url("renja"), {"tahun": 2030}),
    ]

    assert [w.status_code for w in writes] == [403] * len(writes)
    assert writes[0].json() == {"detail": "Anda tidak berhak mengubah data ini."}
    assert snapshot() == before


def test_outsider_gets_404_on_writes_to_a_row_and_400_on_a_hidden_parent(
    client: Client, cast: Cast, renja: Renja
) -> None:
    row = sub(renja, "5.05.02.2.03.0001")
    before = snapshot()
    client.force_login(cast.outsider)

    assert patch(client, detail_url("sub-kegiatan", row.pk), {"pagu": "1"}).status_code == 404
    assert client.delete(detail_url("sub-kegiatan", row.pk)).status_code == 404
    assert patch(client, detail_url("renja", renja.pk), {"status": "final"}).status_code == 404

    # A parent the user cannot see is answered like an id that does not exist.
    hidden = post(client, list_url("indikator"), indikator_payload(row))
    unknown = post(client, list_url("indikator"), indikator_payload(row, sub_kegiatan=row.pk + 1000))
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json() == {"sub_kegiatan": [f'Data dengan id "{row.pk}" tidak ditemukan.']}
    assert snapshot() == before


def test_operator_cannot_name_a_sub_kegiatan_of_another_bidang(
    client: Client, cast: Cast, renja: Renja
) -> None:
    other_bidang = sub(renja, "5.05.02.2.03.0001")
    client.force_login(cast.operator_b)
    response = post(client, list_url("indikator"), indikator_payload(other_bidang))
    assert response.status_code == 400
    assert list(response.json()) == ["sub_kegiatan"]


# --- Writing: bad input ------------------------------------------------------------------


def assert_refused(response: Any, field: str, message: str, before: tuple[Any, ...]) -> None:
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors, errors
    assert any(message in m for m in errors[field]), errors
    assert snapshot() == before


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"pagu": "satu juta"}, "pagu", "Harus berupa angka"),
        ({"pagu": "-1"}, "pagu", "Nilai tidak boleh negatif."),
        ({"prakiraan_maju": "1.250.000"}, "prakiraan_maju", "Harus berupa angka"),
        ({"pagu": "1.234"}, "pagu", "di belakang koma tidak boleh lebih dari 2"),
        ({"sumber_dana": "APBN"}, "sumber_dana", "tidak ada dalam daftar pilihan"),
        ({"unit_kerja": None}, "unit_kerja", "tidak boleh"),
        ({"renja": 0}, "renja", "tidak ditemukan"),
        ({"kode": "5.05.02.2.03.0002"}, "kode", "Tidak dapat diubah setelah data dibuat"),
        ({"kecamatan": "18.02.01"}, "kecamatan", "Harus berupa daftar id"),
    ],
)
def test_bad_sub_kegiatan_patch_is_refused_by_field(
    client: Client, cast: Cast, renja: Renja, payload: dict[str, Any], field: str, message: str
) -> None:
    row = sub(renja, "5.05.02.2.03.0001")
    before = snapshot()
    client.force_login(cast.perencana)
    assert_refused(patch(client, detail_url("sub-kegiatan", row.pk), payload), field, message, before)


def test_unit_kerja_of_another_perangkat_daerah_is_refused(client: Client, cast: Cast, renja: Renja) -> None:
    foreign = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.other_pd, jenis="bidang", nama="Bidang Koperasi"
    )
    row = sub(renja, "5.05.02.2.03.0001")
    before = snapshot()
    client.force_login(cast.perencana)
    response = patch(client, detail_url("sub-kegiatan", row.pk), {"unit_kerja": foreign.pk})
    assert_refused(
        response, "unit_kerja", "Unit kerja harus unit dari Perangkat Daerah pemilik Renja.", before
    )


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"target": "-5", "target_tw4": "-8"}, "target", "Nilai tidak boleh negatif."),
        (
            {"target": "10", "target_tw1": "1", "target_tw2": "2", "target_tw3": "3", "target_tw4": "5"},
            "target_tw4",
            "Jumlah target triwulan (11) tidak sama dengan target tahunan (10) untuk agregasi jumlah.",
        ),
        (
            {"polaritas": "naik", "target": "10", "target_atas": "5"},
            "target_atas",
            "Batas atas target tidak boleh lebih kecil dari batas bawah (target).",
        ),
        ({"polaritas": "stabil", "target": "10"}, "target_atas", "Batas atas target wajib diisi"),
        ({"polaritas": "rentang", "target": "10"}, "polaritas", "Polaritas harus naik, turun atau stabil"),
        ({"target": "empat"}, "target", "Harus berupa angka"),
        ({"uraian": ""}, "uraian", "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_indikator_is_refused_with_the_model_message(
    client: Client, cast: Cast, renja: Renja, extra: dict[str, Any], field: str, message: str
) -> None:
    owner = sub(renja, "5.05.02.2.04.0001")
    before = snapshot()
    client.force_login(cast.perencana)
    response = post(client, list_url("indikator"), indikator_payload(owner, **extra))
    assert_refused(response, field, message, before)


def test_patch_that_breaks_the_quarterly_sum_is_refused(client: Client, cast: Cast, renja: Renja) -> None:
    indikator = sub(renja, "5.05.02.2.04.0001").indikator.get()
    before = snapshot()
    client.force_login(cast.perencana)
    response = patch(client, detail_url("indikator", indikator.pk), {"target_tw4": "2"})
    assert_refused(response, "target_tw4", "Jumlah target triwulan (5) tidak sama", before)


def test_indikator_needs_exactly_one_owner(client: Client, cast: Cast, renja: Renja) -> None:
    owner = sub(renja, "5.05.02.2.04.0001")
    before = snapshot()
    client.force_login(cast.perencana)
    both = indikator_payload(owner, kegiatan=owner.kegiatan_id)
    assert_refused(post(client, list_url("indikator"), both), "non_field_errors", "tepat satu", before)
    none = indikator_payload(owner, sub_kegiatan=None)
    assert_refused(post(client, list_url("indikator"), none), "non_field_errors", "tepat satu", before)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"kode": "5.05.02.2.03.0001"}, "kode", "Sub Kegiatan 5.05.02.2.03.0001 sudah ada di Renja ini."),
        ({"kode": "5.05.02"}, "kode", "Kode 5.05.02 adalah Program, bukan Sub Kegiatan."),
        ({"kode": "5.05.02.2.04"}, "kode", "Kode 5.05.02.2.04 adalah Kegiatan, bukan Sub Kegiatan."),
        ({"kode": "5.05.02.2.01.0001"}, "kode", "Kegiatan 5.05.02.2.01 belum ada di Renja ini"),
        ({"kode": "5.05.02.2.04.0999"}, "kode", "Kode 5.05.02.2.04.0999 tidak ada dalam nomenklatur."),
        ({"kode": "lima"}, "kode", "tidak sesuai format nomenklatur"),
        ({}, "nomenklatur", "Isi nomenklatur (id) atau kode."),
        ({"kode": "5.05.02.2.04.0002", "unit_kerja": None}, "unit_kerja", "tidak boleh"),
        ({"kode": "5.05.02.2.04.0002", "pagu": "-10"}, "pagu", "Nilai tidak boleh negatif."),
    ],
)
def test_bad_sub_kegiatan_create_is_refused_by_field(
    client: Client, cast: Cast, renja: Renja, payload: dict[str, Any], field: str, message: str
) -> None:
    before = snapshot()
    client.force_login(cast.perencana)
    data = {"renja": renja.pk, "unit_kerja": cast.bidang_a.pk, **payload}
    assert_refused(post(client, list_url("sub-kegiatan"), data), field, message, before)


def test_wrong_level_nomenklatur_id_is_refused_on_that_field(
    client: Client, cast: Cast, renja: Renja
) -> None:
    program = Nomenklatur.objects.get(kode="5.05.02")
    before = snapshot()
    client.force_login(cast.perencana)
    data = {"renja": renja.pk, "nomenklatur": program.pk, "unit_kerja": cast.bidang_a.pk}
    response = post(client, list_url("sub-kegiatan"), data)
    assert_refused(response, "nomenklatur", "Kode 5.05.02 adalah Program, bukan Sub Kegiatan.", before)


def test_duplicate_renja_year_and_duplicate_kegiatan_are_refused(
    client: Client, cast: Cast, renja: Renja
) -> None:
    before = snapshot()
    client.force_login(cast.perencana)
    response = post(client, list_url("renja"), {"tahun": 2026})
    assert_refused(response, "tahun", "Renja BALITBANGDA tahun 2026 sudah ada.", before)
    response = post(client, list_url("kegiatan"), {"renja": renja.pk, "kode": "5.05.02.2.04"})
    assert_refused(response, "kode", "Kegiatan 5.05.02.2.04 sudah ada di Renja ini.", before)


def test_a_concurrent_duplicate_gives_400_not_500(cast: Cast, renja: Renja) -> None:
    data = {"renja": renja.pk, "kode": "5.05.02.2.04.0002", "unit_kerja": cast.bidang_b.pk}
    serializer = SubKegiatanSerializer(data=data, context={"request": SimpleNamespace(user=cast.perencana)})
    assert serializer.is_valid(), serializer.errors
    # Another request adds the same sub kegiatan between the check and the insert.
    add_sub_kegiatan(renja, "5.05.02.2.04.0002", cast.bidang_b, with_indikator=False)

    with pytest.raises(ValidationError) as refused:
        SubKegiatanViewSet().perform_create(serializer)

    assert "bertabrakan" in str(refused.value.detail["non_field_errors"][0])
    # The transaction is still usable (it would not be on PostgreSQL without the savepoint).
    assert SubKegiatan.objects.filter(renja=renja).count() == 4


def test_non_object_payload_is_refused(client: Client, cast: Cast, renja: Renja) -> None:
    client.force_login(cast.perencana)
    response = client.post(list_url("indikator"), "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == ["Data harus berupa objek JSON, bukan list."]


# --- Schema and query counts ---------------------------------------------------------------


def test_schema_and_docs_are_served_to_a_logged_in_user(client: Client, cast: Cast) -> None:
    client.force_login(cast.pimpinan)
    schema = client.get(reverse("api-schema"))
    assert schema.status_code == 200
    assert b"/api/sub-kegiatan/{id}/" in schema.content
    assert client.get(reverse("api-docs")).status_code == 200


def count_queries(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return len(ctx), len(response.json()["results"])


def test_lists_make_the_same_number_of_queries_for_3_or_300_rows(
    client: Client, cast: Cast, renja: Renja
) -> None:
    client.force_login(cast.perencana)
    small_sub = count_queries(client, list_url("sub-kegiatan"))
    small_ind = count_queries(client, list_url("indikator"))

    subs = bulk_fill_renja(renja, cast.bidang_a, 300)
    isu = IsuStrategis.objects.create(pemda=cast.pemda, nama="Inovasi")
    kecamatan = Kecamatan.objects.filter(pemda=cast.pemda).first()
    for row in subs[:150]:
        row.isu_strategis.add(isu)
        row.kecamatan.add(kecamatan)
    large_sub = count_queries(client, list_url("sub-kegiatan"))
    large_ind = count_queries(client, list_url("indikator"))

    assert (small_sub[1], large_sub[1]) == (3, 100)  # one page of 100 rows
    assert (small_ind[1], large_ind[1]) == (3, 100)
    assert small_sub[0] == large_sub[0] == SUB_KEGIATAN_LIST_QUERIES
    assert small_ind[0] == large_ind[0] == INDIKATOR_LIST_QUERIES
