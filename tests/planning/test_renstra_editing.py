"""Editing the Renstra from its page: tujuan, sasaran, indicators with yearly targets and
items with a yearly pagu, for planners only; bad input is refused and nothing is saved."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from selaras.demo.lampung_tengah import build_renstra
from selaras.planning.models import (
    Renstra,
    RenstraIndikator,
    RenstraItem,
    RenstraPagu,
    RenstraTarget,
    Sasaran,
    Tujuan,
)
from selaras.reference.models import Nomenklatur

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
YEARS = [2025, 2026, 2027, 2028, 2029]
# The Renstra page makes this many queries whatever the number of rows: session, user,
# the request's savepoint and its release (ATOMIC_REQUESTS), renstra, may_edit, the user's
# perangkat daerah (navbar), tujuan + indikator + targets, sasaran + indikator + targets,
# items + indikator + targets + pagu.
RENSTRA_PAGE_QUERIES = 17


@pytest.fixture
def renstra(cast: Any) -> Renstra:
    """The demo Renstra 2025-2029: tujuan T1, sasaran S1.1 and S1.2, programs 5.05.01 and
    5.05.02, kegiatan 5.05.02.2.04, four indicators with five targets each."""
    return build_renstra(cast.pemda, cast.balitbangda)


def _page(client: Any, renstra: Renstra) -> str:
    return client.get(reverse("planning:renstra_detail", args=[renstra.pk])).content.decode()


def _row(html: str, row_id: str) -> str:
    match = re.search(rf'<tr[^>]*id="{row_id}".*?</tr>', html, re.DOTALL)
    assert match, f"row {row_id} not on the page"
    return match.group(0)


def _indikator_payload(**overrides: str) -> dict[str, str]:
    data = {
        "uraian": "Jumlah rekomendasi kebijakan yang ditindaklanjuti",
        "satuan": "Rekomendasi",
        "polaritas": "naik",
        "kondisi_awal": "3",
        "tahun_kondisi_awal": "2024",
        **{f"target_{y}": str(4 + i) for i, y in enumerate(YEARS)},
        **{f"target_atas_{y}": "" for y in YEARS},
    }
    data.update(overrides)
    return data


def _pagu_payload(item: RenstraItem, **overrides: str) -> dict[str, str]:
    data = {"sasaran": str(item.sasaran_id or "")}
    data.update({f"pagu_{p.tahun}": str(p.pagu) for p in item.pagu.all()})
    data.update(overrides)
    return data


def _item(renstra: Renstra, kode: str) -> RenstraItem:
    return RenstraItem.objects.get(renstra=renstra, nomenklatur__kode=kode)


def _snapshot(renstra: Renstra) -> tuple[Any, ...]:
    """Everything the editing can change, to prove that a refused form changed nothing."""
    return (
        list(Tujuan.objects.filter(renstra=renstra).values_list("kode", "uraian")),
        list(Sasaran.objects.filter(renstra=renstra).values_list("kode", "uraian")),
        list(
            RenstraIndikator.objects.filter(renstra=renstra).values_list(
                "uraian", "satuan", "polaritas", "kondisi_awal", "tahun_kondisi_awal"
            )
        ),
        list(
            RenstraTarget.objects.filter(indikator__renstra=renstra)
            .order_by("indikator", "tahun")
            .values_list("tahun", "target", "target_atas")
        ),
        list(RenstraItem.objects.filter(renstra=renstra).values_list("nomenklatur__kode", "sasaran")),
        list(
            RenstraPagu.objects.filter(item__renstra=renstra)
            .order_by("item", "tahun")
            .values_list("tahun", "pagu")
        ),
    )


# --- the journey -----------------------------------------------------------------------


def test_planner_adds_a_sasaran_and_an_indicator_with_five_targets_read_back_in_indonesian(
    client, cast, renstra
):
    tujuan = Tujuan.objects.get(renstra=renstra, kode="T1")
    client.force_login(cast.perencana)
    assert "+ Tujuan" in _page(client, renstra)

    # Given the inline form for a new sasaran under T1
    add_sasaran = reverse("planning:renstra_sasaran_add", args=[renstra.pk])
    form = client.get(add_sasaran, {"tujuan": tujuan.pk}, **HX).content.decode()
    assert "<form" in form and "<html" not in form and "Kode sasaran" in form
    # When the planner saves it
    response = client.post(
        f"{add_sasaran}?tujuan={tujuan.pk}",
        {"kode": "S1.3", "uraian": "Meningkatnya kualitas kajian kebijakan"},
        **HX,
    )
    # Then the display row comes back and the sasaran is stored under T1
    assert response.status_code == 200
    assert "Meningkatnya kualitas kajian kebijakan" in response.content.decode()
    sasaran = Sasaran.objects.get(renstra=renstra, kode="S1.3")
    assert sasaran.tujuan == tujuan and sasaran.pemda == renstra.pemda

    # When an indicator with a target for each of the five years is added to it
    add_ind = reverse("planning:renstra_indikator_add", args=[renstra.pk])
    form = client.get(add_ind, {"owner": "sasaran", "owner_id": sasaran.pk}, **HX).content.decode()
    assert all(f"Target {y}" in form for y in YEARS)
    targets = ["1.250", "1.500,5", "1750", "2.000", "2250.75"]
    response = client.post(
        f"{add_ind}?owner=sasaran&owner_id={sasaran.pk}",
        _indikator_payload(
            uraian="Jumlah kajian kebijakan",
            satuan="Dokumen",
            kondisi_awal="1.100",
            **{f"target_{y}": t for y, t in zip(YEARS, targets, strict=True)},
        ),
        **HX,
    )
    assert response.status_code == 200
    ind = RenstraIndikator.objects.get(renstra=renstra, uraian="Jumlah kajian kebijakan")
    assert ind.sasaran == sasaran and ind.kondisi_awal == Decimal("1100")
    assert list(ind.targets.values_list("tahun", "target")) == [
        (2025, Decimal("1250")),
        (2026, Decimal("1500.5")),
        (2027, Decimal("1750")),
        (2028, Decimal("2000")),
        (2029, Decimal("2250.75")),
    ]

    # Then the page shows them in Indonesian number format, in year order
    row = _row(_page(client, renstra), f"rind-{ind.pk}")
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert cells == ["1.100 (2024)", "1.250", "1.500,5", "1.750", "2.000", "2.250,75"]


def test_planner_adds_and_edits_a_tujuan_and_edits_a_sasaran(client, cast, renstra):
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:renstra_tujuan_add", args=[renstra.pk]),
        {"kode": "T2", "uraian": "Meningkatnya daya saing daerah"},
        **HX,
    )
    assert response.status_code == 200 and "+ Sasaran" in response.content.decode()
    t2 = Tujuan.objects.get(renstra=renstra, kode="T2")
    response = client.post(
        reverse("planning:renstra_tujuan_edit", args=[t2.pk]),
        {"kode": "T2", "uraian": "Meningkatnya daya saing ekonomi daerah"},
        **HX,
    )
    assert response.status_code == 200
    t2.refresh_from_db()
    assert t2.uraian == "Meningkatnya daya saing ekonomi daerah"
    s11 = Sasaran.objects.get(renstra=renstra, kode="S1.1")
    client.post(
        reverse("planning:renstra_sasaran_edit", args=[s11.pk]), {"kode": "S1.1", "uraian": "Baru"}, **HX
    )
    s11.refresh_from_db()
    assert s11.uraian == "Baru"
    assert "Meningkatnya daya saing ekonomi daerah" in _page(client, renstra)


@pytest.mark.parametrize(
    ("polaritas", "ticked"), [("naik", {"rentang": "on"}), ("turun", {"rentang": "on"}), ("stabil", {})]
)
def test_planner_edits_a_range_target_of_any_polarity(client, cast, renstra, polaritas, ticked):
    ind = RenstraIndikator.objects.get(renstra=renstra, uraian="Indeks Inovasi Daerah")
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:renstra_indikator_edit", args=[ind.pk]),
        _indikator_payload(
            uraian=ind.uraian,
            satuan=ind.satuan,
            polaritas=polaritas,
            **ticked,
            **{f"target_{y}": "1,5" for y in YEARS},
            **{f"target_atas_{y}": "3,5" for y in YEARS},
        ),
        **HX,
    )
    assert response.status_code == 200
    assert response.content.decode().count("1,5–3,5") == 5
    assert set(ind.targets.values_list("target", "target_atas")) == {(Decimal("1.5"), Decimal("3.5"))}
    # and the edit form opens with the range shown
    form = client.get(reverse("planning:renstra_indikator_edit", args=[ind.pk]), **HX).content.decode()
    assert re.search(r'name="rentang"[^>]*checked', form)
    assert 'renstra-batas-atas" hidden' not in form


def test_upper_bounds_are_dropped_when_the_target_is_not_a_range(client, cast, renstra):
    ind = RenstraIndikator.objects.get(renstra=renstra, uraian="Indeks Inovasi Daerah")
    client.force_login(cast.perencana)
    payload = _indikator_payload(polaritas="turun", **{f"target_atas_{y}": "bukan angka" for y in YEARS})
    response = client.post(reverse("planning:renstra_indikator_edit", args=[ind.pk]), payload, **HX)
    assert response.status_code == 200
    assert not ind.targets.filter(target_atas__isnull=False).exists()
    form = client.get(reverse("planning:renstra_indikator_edit", args=[ind.pk]), **HX).content.decode()
    assert 'renstra-batas-atas" hidden' in form


def test_planner_edits_the_pagu_of_an_item_for_2027(client, cast, renstra):
    item = _item(renstra, "5.05.02")
    before = dict(item.pagu.values_list("tahun", "pagu"))
    client.force_login(cast.perencana)
    url = reverse("planning:renstra_item_edit", args=[item.pk])
    form = client.get(url, **HX).content.decode()
    assert "Pagu 2027" in form and 'value="1.840.000.000"' in form
    response = client.post(
        url, _pagu_payload(item, pagu_2027="1.900.000.000", pagu_2028="1930000000.50"), **HX
    )
    assert response.status_code == 200
    assert "1.900.000.000" in response.content.decode()
    after = dict(item.pagu.values_list("tahun", "pagu"))
    assert after == {**before, 2027: Decimal("1900000000"), 2028: Decimal("1930000000.50")}
    html = _page(client, renstra)
    assert "1.900.000.000" in html and "1.840.000.000" not in html


def test_planner_adds_a_kegiatan_then_a_sub_kegiatan_with_their_pagu(client, cast, renstra):
    client.force_login(cast.perencana)
    url = reverse("planning:renstra_item_add", args=[renstra.pk])
    form = client.get(url, **HX).content.decode()
    assert '<datalist id="renstra-nomenklatur">' in form and "5.05.02.2.03" in form
    s11 = Sasaran.objects.get(renstra=renstra, kode="S1.1")
    pagu = {f"pagu_{y}": "250.000.000" for y in YEARS}
    response = client.post(url, {"kode": "5.05.02.2.03", "sasaran": str(s11.pk), **pagu}, **HX)
    kegiatan = _item(renstra, "5.05.02.2.03")
    assert response.status_code == 200
    assert response["HX-Redirect"].endswith(f"/renstra/{renstra.pk}/#item-{kegiatan.pk}")
    assert kegiatan.sasaran == s11 and kegiatan.pemda == renstra.pemda
    assert list(kegiatan.pagu.values_list("tahun", "pagu")) == [(y, Decimal("250000000")) for y in YEARS]
    html = client.get(response["HX-Redirect"]).content.decode()
    assert "Kegiatan 5.05.02.2.03 ditambahkan ke Renstra" in html and f'id="item-{kegiatan.pk}"' in html
    # The old two-digit form of a sub kegiatan code is accepted, once its kegiatan is in.
    response = client.post(url, {"kode": "5.05.02.2.03.01", "sasaran": "", **pagu})
    assert response.status_code == 302
    sub = _item(renstra, "5.05.02.2.03.0001")
    html = client.get(response["Location"]).content.decode()
    assert f'id="item-{sub.pk}"' in html and "Sub Kegiatan 5.05.02.2.03.0001 ditambahkan" in html


def test_a_kegiatan_whose_program_is_not_in_the_renstra_is_refused_until_the_program_is_added(
    client, cast, renstra
):
    _item(renstra, "5.05.01").delete()
    client.force_login(cast.perencana)
    url = reverse("planning:renstra_item_add", args=[renstra.pk])
    pagu = {f"pagu_{y}": "0" for y in YEARS}
    before = _snapshot(renstra)
    response = client.post(url, {"kode": "5.05.01.2.01", **pagu}, **HX)
    assert response.status_code == 422
    assert (
        "Program 5.05.01 belum ada dalam Renstra ini; tambahkan program tersebut terlebih dahulu"
        in response.content.decode()
    )
    assert _snapshot(renstra) == before
    assert client.post(url, {"kode": "5.05.01", **pagu}, **HX).status_code == 200
    assert client.post(url, {"kode": "5.05.01.2.01", **pagu}, **HX).status_code == 200
    assert RenstraItem.objects.filter(renstra=renstra, nomenklatur__kode__startswith="5.05.01").count() == 2


def test_planner_deletes_an_indicator_and_an_item_but_not_a_program_with_kegiatan(client, cast, renstra):
    client.force_login(cast.perencana)
    ind = RenstraIndikator.objects.get(renstra=renstra, uraian="Indeks Inovasi Daerah")
    response = client.post(reverse("planning:renstra_indikator_delete", args=[ind.pk]), **HX)
    assert response.status_code == 200 and response.content == b""
    assert not RenstraIndikator.objects.filter(pk=ind.pk).exists()
    assert not RenstraTarget.objects.filter(indikator_id=ind.pk).exists()

    program = _item(renstra, "5.05.02")
    before = _snapshot(renstra)
    response = client.post(reverse("planning:renstra_item_delete", args=[program.pk]), **HX)
    assert response.status_code == 422 and response["HX-Retarget"] == "#renstra-pesan"
    assert "Program 5.05.02 masih memiliki kegiatan dalam Renstra ini" in response.content.decode()
    assert _snapshot(renstra) == before

    kegiatan = _item(renstra, "5.05.02.2.04")
    response = client.post(reverse("planning:renstra_item_delete", args=[kegiatan.pk]), **HX)
    assert response.status_code == 200
    assert not RenstraItem.objects.filter(pk=kegiatan.pk).exists()
    assert not RenstraPagu.objects.filter(item_id=kegiatan.pk).exists()
    assert not RenstraIndikator.objects.filter(item_id=kegiatan.pk).exists()
    response = client.post(reverse("planning:renstra_item_delete", args=[program.pk]), **HX)
    assert response.status_code == 200 and not RenstraItem.objects.filter(pk=program.pk).exists()


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"target_2027": "lima"}, "Target 2027 harus berupa angka"),
        ({"target_2026": "-3"}, "Target 2026 tidak boleh negatif"),
        ({"target_2029": ""}, "Target 2029 wajib diisi"),
        ({"kondisi_awal": "-1"}, "Kondisi awal tidak boleh negatif"),
        ({"kondisi_awal": "tiga"}, "Kondisi awal harus berupa angka"),
        ({"tahun_kondisi_awal": "2030"}, "Tahun kondisi awal harus antara 1945 dan 2025"),
        ({"tahun_kondisi_awal": "dua ribu"}, "Tahun kondisi awal harus berupa tahun"),
        ({"tahun_kondisi_awal": ""}, "Tahun kondisi awal wajib diisi bila kondisi awal diisi"),
        (
            {"rentang": "on", **{f"target_atas_{y}": "20" for y in YEARS}, "target_atas_2028": "5"},
            "Batas atas 2028 tidak boleh lebih kecil dari target (batas bawah) 2028",
        ),
        ({"rentang": "on"}, "Batas atas 2025 wajib diisi untuk target berupa rentang"),
        ({"polaritas": "stabil"}, "Batas atas 2025 wajib diisi untuk polaritas stabil"),
        ({"polaritas": "rentang"}, "Polaritas harus naik, turun atau stabil"),
        ({"uraian": ""}, "Uraian indikator wajib diisi"),
        ({"satuan": ""}, "Satuan wajib diisi"),
    ],
)
def test_bad_indicator_input_is_refused_with_a_message_and_nothing_changes(
    client, cast, renstra, overrides, message
):
    ind = RenstraIndikator.objects.get(renstra=renstra, uraian="Indeks Inovasi Daerah")
    before = _snapshot(renstra)
    client.force_login(cast.perencana)
    for url in (
        reverse("planning:renstra_indikator_edit", args=[ind.pk]),
        reverse("planning:renstra_indikator_add", args=[renstra.pk])
        + f"?owner=tujuan&owner_id={ind.tujuan_id}",
    ):
        response = client.post(url, _indikator_payload(**overrides), **HX)
        assert response.status_code == 422
        assert message in response.content.decode()
        assert "<html" not in response.content.decode()
    assert _snapshot(renstra) == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kode": "5.05.09"}, "Kode 5.05.09 tidak ada dalam nomenklatur"),
        ({"kode": "5.05.02"}, "Program 5.05.02 sudah ada dalam Renstra ini"),
        ({"kode": "5.05.02.2.04"}, "Kegiatan 5.05.02.2.04 sudah ada dalam Renstra ini"),
        (
            {"kode": "5.05.02.2.03.0001"},
            "Kegiatan 5.05.02.2.03 belum ada dalam Renstra ini; tambahkan kegiatan tersebut terlebih dahulu",
        ),
        ({"kode": "5.05"}, "Kode 5.05 adalah bidang urusan, bukan program, kegiatan atau sub kegiatan"),
        ({"kode": "lima"}, "tidak sesuai format nomenklatur"),
        ({"kode": ""}, "Kode program/kegiatan wajib diisi"),
        ({"pagu_2027": "satu miliar"}, "Pagu 2027 harus berupa angka"),
        ({"pagu_2026": "-100"}, "Pagu 2026 tidak boleh negatif"),
        ({"pagu_2029": ""}, "Pagu 2029 wajib diisi"),
        ({"sasaran": "999999"}, "Sasaran yang dipilih tidak ada dalam Renstra ini"),
    ],
)
def test_bad_item_input_is_refused_with_a_message_and_nothing_is_saved(
    client, cast, renstra, overrides, message
):
    before = _snapshot(renstra)
    client.force_login(cast.perencana)
    data = {"kode": "5.05.02.2.03", "sasaran": "", **{f"pagu_{y}": "100.000.000" for y in YEARS}}
    data.update(overrides)
    response = client.post(reverse("planning:renstra_item_add", args=[renstra.pk]), data, **HX)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _snapshot(renstra) == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pagu_2027": "satu miliar"}, "Pagu 2027 harus berupa angka"),
        ({"pagu_2027": "-1.000"}, "Pagu 2027 tidak boleh negatif"),
    ],
)
def test_bad_pagu_is_refused_and_no_year_is_changed(client, cast, renstra, overrides, message):
    item = _item(renstra, "5.05.02")
    before = _snapshot(renstra)
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:renstra_item_edit", args=[item.pk]),
        _pagu_payload(item, pagu_2025="1", **overrides),  # 2025 is valid, and still not saved
        **HX,
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _snapshot(renstra) == before


def test_a_kode_used_twice_in_the_renstra_is_refused(client, cast, renstra):
    before = _snapshot(renstra)
    client.force_login(cast.perencana)
    response = client.post(
        reverse("planning:renstra_tujuan_add", args=[renstra.pk]), {"kode": "t1", "uraian": "Lain"}, **HX
    )
    assert response.status_code == 422
    assert "Kode t1 sudah dipakai tujuan lain dalam Renstra ini" in response.content.decode()
    s12 = Sasaran.objects.get(renstra=renstra, kode="S1.2")
    response = client.post(
        reverse("planning:renstra_sasaran_edit", args=[s12.pk]), {"kode": "S1.1", "uraian": "x"}, **HX
    )
    assert response.status_code == 422
    assert "Kode S1.1 sudah dipakai sasaran lain dalam Renstra ini" in response.content.decode()
    assert _snapshot(renstra) == before


# --- who may change the Renstra --------------------------------------------------------

Endpoint = Callable[[Renstra], tuple[str, dict[str, str]]]


def _first(model: Any, renstra: Renstra) -> Any:
    return model.objects.filter(renstra=renstra).order_by("pk").first()


ENDPOINTS: dict[str, Endpoint] = {
    "tujuan_add": lambda r: (
        reverse("planning:renstra_tujuan_add", args=[r.pk]),
        {"kode": "T9", "uraian": "x"},
    ),
    "tujuan_edit": lambda r: (
        reverse("planning:renstra_tujuan_edit", args=[_first(Tujuan, r).pk]),
        {"kode": "T9", "uraian": "x"},
    ),
    "sasaran_add": lambda r: (
        reverse("planning:renstra_sasaran_add", args=[r.pk]) + f"?tujuan={_first(Tujuan, r).pk}",
        {"kode": "S9", "uraian": "x"},
    ),
    "sasaran_edit": lambda r: (
        reverse("planning:renstra_sasaran_edit", args=[_first(Sasaran, r).pk]),
        {"kode": "S9", "uraian": "x"},
    ),
    "indikator_add": lambda r: (
        reverse("planning:renstra_indikator_add", args=[r.pk])
        + f"?owner=sasaran&owner_id={_first(Sasaran, r).pk}",
        _indikator_payload(),
    ),
    "indikator_edit": lambda r: (
        reverse("planning:renstra_indikator_edit", args=[_first(RenstraIndikator, r).pk]),
        _indikator_payload(),
    ),
    "indikator_delete": lambda r: (
        reverse("planning:renstra_indikator_delete", args=[_first(RenstraIndikator, r).pk]),
        {},
    ),
    "item_add": lambda r: (
        reverse("planning:renstra_item_add", args=[r.pk]),
        {"kode": "5.05.02.2.03", **{f"pagu_{y}": "1" for y in YEARS}},
    ),
    "item_edit": lambda r: (
        reverse("planning:renstra_item_edit", args=[_item(r, "5.05.01").pk]),
        {f"pagu_{y}": "1" for y in YEARS},
    ),
    "item_delete": lambda r: (reverse("planning:renstra_item_delete", args=[_item(r, "5.05.01").pk]), {}),
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    ("persona", "status"),
    [("pimpinan", 403), ("operator_a", 403), ("verifikator", 403), ("outsider", 404), ("anonymous", 302)],
)
def test_only_planners_of_the_perangkat_daerah_change_the_renstra(
    client, cast, renstra, endpoint, persona, status
):
    url, data = ENDPOINTS[endpoint](renstra)
    before = _snapshot(renstra)
    if persona != "anonymous":
        client.force_login(getattr(cast, persona))
    responses = [client.post(url, data, **HX)]
    if not endpoint.endswith("delete"):  # the forms are refused too
        responses.append(client.get(url, **HX))
    for response in responses:
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith(reverse("login"))
    assert _snapshot(renstra) == before


def test_an_unknown_or_foreign_owner_is_not_found(client, cast, renstra):
    other = Renstra.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, tahun_awal=2030, tahun_akhir=2034
    )
    foreign = Tujuan.objects.create(pemda=cast.pemda, renstra=other, kode="T1", uraian="Tujuan lain")
    client.force_login(cast.perencana)
    url = reverse("planning:renstra_indikator_add", args=[renstra.pk])
    for query in ("?owner=program&owner_id=1", f"?owner=tujuan&owner_id={foreign.pk}"):
        assert client.get(url + query, **HX).status_code == 404
    assert client.get(url + "?owner=tujuan&owner_id=abc", **HX).status_code == 400  # no id at all
    sasaran_add = reverse("planning:renstra_sasaran_add", args=[renstra.pk])
    assert client.get(f"{sasaran_add}?tujuan={foreign.pk}", **HX).status_code == 404


def test_readers_see_the_renstra_and_its_history_link_without_edit_buttons(client, cast, renstra):
    client.force_login(cast.pimpinan)
    html = _page(client, renstra)
    assert reverse("planning:renstra_history", args=[renstra.pk]) in html
    assert "+ Tujuan" not in html and "+ Indikator" not in html and "Ubah pagu" not in html
    ind = _first(RenstraIndikator, renstra)
    row = client.get(reverse("planning:renstra_indikator_row", args=[ind.pk]), **HX).content.decode()
    assert ind.uraian in row and "Ubah" not in row
    client.force_login(cast.perencana)
    html = _page(client, renstra)
    assert reverse("planning:renstra_history", args=[renstra.pk]) in html
    assert "+ Tujuan" in html and "+ Indikator" in html and "Ubah pagu" in html


# --- speed -----------------------------------------------------------------------------


def _grow(renstra: Renstra, indicators: int, items: int) -> None:
    """Add rows until the Renstra holds `indicators` indicators and `items` items."""
    pemda = renstra.pemda
    tujuan = _first(Tujuan, renstra)
    sasaran = _first(Sasaran, renstra)
    kegiatan = Nomenklatur.objects.filter(level="kegiatan").exclude(
        pk__in=RenstraItem.objects.filter(renstra=renstra).values("nomenklatur")
    )
    for nomen in kegiatan[: max(0, items - RenstraItem.objects.filter(renstra=renstra).count())]:
        item = RenstraItem.objects.create(pemda=pemda, renstra=renstra, nomenklatur=nomen, sasaran=sasaran)
        RenstraPagu.objects.bulk_create(
            RenstraPagu(pemda=pemda, item=item, tahun=y, pagu=Decimal(1000)) for y in YEARS
        )
    owners: list[dict[str, Any]] = [{"tujuan": tujuan}, {"sasaran": sasaran}] + [
        {"item": i} for i in RenstraItem.objects.filter(renstra=renstra)
    ]
    for n in range(RenstraIndikator.objects.filter(renstra=renstra).count(), indicators):
        ind = RenstraIndikator.objects.create(
            pemda=pemda, renstra=renstra, uraian=f"Indikator {n}", satuan="Unit", **owners[n % len(owners)]
        )
        RenstraTarget.objects.bulk_create(
            RenstraTarget(pemda=pemda, indikator=ind, tahun=y, target=Decimal(n)) for y in YEARS
        )


def _count_page_queries(client: Any, renstra: Renstra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("planning:renstra_detail", args=[renstra.pk]))
    assert response.status_code == 200
    return len(queries)


def test_the_renstra_page_makes_the_same_number_of_queries_for_3_or_30_indicators(client, cast, renstra):
    # 3 indicators: one on the tujuan, one on a sasaran, one on an item
    RenstraIndikator.objects.get(renstra=renstra, sasaran__kode="S1.2").delete()
    client.force_login(cast.perencana)
    small = _count_page_queries(client, renstra)
    _grow(renstra, indicators=30, items=12)
    assert RenstraIndikator.objects.filter(renstra=renstra).count() == 30
    large = _count_page_queries(client, renstra)
    assert small == large == RENSTRA_PAGE_QUERIES


# --- history ---------------------------------------------------------------------------


def test_the_history_page_lists_who_changed_the_renstra(client, cast, renstra):
    tujuan = Tujuan.objects.get(renstra=renstra, kode="T1")
    client.force_login(cast.perencana)
    client.post(
        reverse("planning:renstra_tujuan_edit", args=[tujuan.pk]),
        {"kode": "T1", "uraian": "Tujuan yang dirumuskan ulang"},
        **HX,
    )
    client.post(
        reverse("planning:renstra_indikator_add", args=[renstra.pk]) + f"?owner=tujuan&owner_id={tujuan.pk}",
        _indikator_payload(uraian="Indikator baru dari perencana"),
        **HX,
    )
    html = client.get(reverse("planning:renstra_history", args=[renstra.pk])).content.decode()
    assert "Perencana" in html
    assert "Tujuan yang dirumuskan ulang" in html and "Indikator baru dari perencana" in html
    assert "Indikator Renstra" in html and "dibuat" in html and "diubah" in html


def test_the_history_page_lists_a_pagu_change(client, cast, renstra):
    item = _item(renstra, "5.05.02")
    client.force_login(cast.perencana)
    client.post(
        reverse("planning:renstra_item_edit", args=[item.pk]),
        _pagu_payload(item, pagu_2027="1.900.000.000"),
        **HX,
    )
    html = client.get(reverse("planning:renstra_history", args=[renstra.pk])).content.decode()
    assert (
        '<del class="text-danger">1.840.000.000</del> → <span class="text-success">1.900.000.000</span>'
        in html
    )
