"""The UMKM registry pages: list, detail, form and XLSX export, for every persona."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from selaras.accounts.models import Role, User
from selaras.accounts.personas import Cast
from selaras.organisations.models import Kampung, UnitKerja
from selaras.technopark.factories import make_umkm, record_activity
from selaras.technopark.models import UMKM, KelasUsaha, Snapshot
from selaras.technopark.privacy import HIDDEN

pytestmark = pytest.mark.django_db

# Queries of one request, whatever the number of businesses. Both: session, user, the
# request's savepoint and its release, the user's Perangkat Daerah. The list: the count, one
# page of rows, the kecamatan, kampung and kelas choices. The export: whether any row is
# sample data, and the rows.
LIST_QUERIES = 10
EXPORT_QUERIES = 7
FEW, MANY = 3, 300

PHONE = "081234567890"
NIB = "1234567890123"


# given: the cast, a mentor of bidang B and a business kept by bidang B -------------------


def _user(cast: Cast, username: str, role: str, unit: UnitKerja | None = None) -> User:
    return User.objects.create(
        username=username, role=role, pemda=cast.pemda, perangkat_daerah=cast.balitbangda, unit_kerja=unit
    )


@pytest.fixture
def pendamping(cast: Cast) -> User:
    return _user(cast, "pendamping_b", Role.PENDAMPING, cast.bidang_b)


@pytest.fixture
def admin(cast: Cast) -> User:
    return _user(cast, "admin_balitbangda", Role.ADMIN)


@pytest.fixture
def kampung(cast: Cast) -> list[Kampung]:
    """Two kampung of one kecamatan and one of another."""
    rows = list(Kampung.objects.filter(pemda=cast.pemda).order_by("kode"))
    first = rows[0]
    same = next(k for k in rows[1:] if k.kecamatan_id == first.kecamatan_id)
    other = next(k for k in rows if k.kecamatan_id != first.kecamatan_id)
    return [first, same, other]


@pytest.fixture
def umkm(cast: Cast, kampung: list[Kampung]) -> UMKM:
    return make_umkm(cast.bidang_b, kampung[0], telepon=PHONE, nib=NIB, punya_nib=True)


def _persona(cast: Cast, name: str, request: Any) -> User:
    if name in ("pendamping", "admin"):
        return request.getfixturevalue(name)
    return getattr(cast, name)


def _sheet(response: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """The export's headings and rows (as dicts by heading), below its title block."""
    assert response.status_code == 200, response.status_code
    ws = load_workbook(io.BytesIO(response.content)).active
    lines = list(ws.iter_rows(values_only=True))
    top = next(i for i, line in enumerate(lines) if line[0] == "No")
    headings = [str(h) for h in lines[top]]
    return headings, [dict(zip(headings, line, strict=True)) for line in lines[top + 1 :]]


def _listed(client: Client, **params: Any) -> list[str]:
    html = client.get(reverse("technopark:umkm_list"), params).content.decode()
    return [u.nama_usaha for u in UMKM.objects.order_by("nama_usaha") if f">{u.nama_usaha}</a>" in html]


def _exported(client: Client, **params: Any) -> list[str]:
    _, rows = _sheet(client.get(reverse("technopark:umkm_xlsx"), params))
    return [r["Nama Usaha"] for r in rows]


# who sees what ---------------------------------------------------------------------------

# persona: (sees the business, sees the phone, may change it)
PERSONAS = {
    "perencana": (True, False, True),
    "pimpinan": (True, False, False),
    "pendamping": (True, True, True),
    "admin": (True, True, True),
    "operator_b": (True, False, False),  # the business's own bidang: reads it
    "verifikator": (True, False, False),  # Bappeda reads every agency of its Pemda
    "operator_a": (False, False, False),  # another bidang: operators are scoped by unit
    "outsider": (False, False, False),
}


@pytest.mark.parametrize("name", PERSONAS)
def test_each_persona_sees_lists_exports_and_changes_what_its_role_allows(client, cast, umkm, request, name):
    sees, phone, edits = PERSONAS[name]
    client.force_login(_persona(cast, name, request))

    listing = client.get(reverse("technopark:umkm_list"))
    detail = client.get(reverse("technopark:umkm_detail", args=[umkm.pk]))
    headings, rows = _sheet(client.get(reverse("technopark:umkm_xlsx")))
    edit = client.get(reverse("technopark:umkm_edit", args=[umkm.pk]))

    assert listing.status_code == 200
    assert (umkm.nama_usaha in listing.content.decode()) is sees
    assert [r["Nama Usaha"] for r in rows] == ([umkm.nama_usaha] if sees else [])
    assert ("Telepon" in headings) is phone
    if not sees:
        assert detail.status_code == 404
        assert edit.status_code == 404
        return
    html = detail.content.decode()
    assert detail.status_code == 200
    assert (PHONE in html) is phone
    assert (HIDDEN in html) is not phone
    assert (reverse("technopark:umkm_edit", args=[umkm.pk]) in html) is edits
    assert edit.status_code == (200 if edits else 403)
    if phone:
        assert rows[0]["Telepon"] == PHONE


def test_anonymous_is_sent_to_login(client, umkm):
    for url in (
        reverse("technopark:umkm_list"),
        reverse("technopark:umkm_detail", args=[umkm.pk]),
        reverse("technopark:umkm_xlsx"),
        reverse("technopark:umkm_add"),
        reverse("technopark:umkm_edit", args=[umkm.pk]),
        reverse("technopark:umkm_history", args=[umkm.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_readers_may_not_add_or_post_changes(client, cast, umkm):
    client.force_login(cast.pimpinan)
    assert client.get(reverse("technopark:umkm_add")).status_code == 403
    response = client.post(reverse("technopark:umkm_edit", args=[umkm.pk]), {"nama_usaha": "Diganti"})
    assert response.status_code == 403
    umkm.refresh_from_db()
    assert umkm.nama_usaha == "Keripik Pisang Makmur"
    client.force_login(cast.outsider)
    assert client.post(reverse("technopark:umkm_edit", args=[umkm.pk]), {}).status_code == 404


def test_the_phone_stays_hidden_for_pimpinan_in_page_export_and_history(client, cast, umkm, pendamping):
    # given a mentor who changed the owner's phone
    client.force_login(pendamping)
    data = _form_data(umkm, telepon="+6281299990000")
    assert client.post(reverse("technopark:umkm_edit", args=[umkm.pk]), data).status_code == 302
    # when the head of the agency reads the business
    client.force_login(cast.pimpinan)
    pages = [
        client.get(reverse("technopark:umkm_list")).content.decode(),
        client.get(reverse("technopark:umkm_detail", args=[umkm.pk])).content.decode(),
        client.get(reverse("technopark:umkm_history", args=[umkm.pk])).content.decode(),
    ]
    export = client.get(reverse("technopark:umkm_xlsx")).content
    # then neither number shows anywhere, and the history says the phone was hidden
    for text in pages:
        assert PHONE not in text and "6281299990000" not in text
    assert HIDDEN in pages[2]
    ws_text = " ".join(
        str(c) for row in load_workbook(io.BytesIO(export)).active.iter_rows(values_only=True) for c in row
    )
    assert PHONE not in ws_text and "6281299990000" not in ws_text
    # while the mentor sees the change in the history
    client.force_login(pendamping)
    history = client.get(reverse("technopark:umkm_history", args=[umkm.pk])).content.decode()
    assert "+6281299990000" in history


# filters: the page and the spreadsheet hold the same rows --------------------------------


@pytest.fixture
def several(cast: Cast, kampung: list[Kampung]) -> list[UMKM]:
    rows = [
        make_umkm(cast.bidang_b, kampung[0], nama_usaha="Kopi Robusta Sinar", nib=NIB, punya_nib=True),
        make_umkm(cast.bidang_b, kampung[1], nama_usaha="Tenun Tapis Indah", produk="Kain tapis", sektor="C"),
        make_umkm(cast.bidang_b, kampung[2], nama_usaha="Bengkel Las Jaya", sektor="S", halal=False),
        make_umkm(
            cast.bidang_b, kampung[2], nama_usaha="Gula Aren Manis", halal=True, nama_pemilik="Tapis Ani"
        ),
    ]
    record_activity(cast.bidang_b, "pembinaan", dt.date(2026, 3, 2), rows[:2])
    return rows


FILTERS = [
    ({"kecamatan": "first"}, ["Kopi Robusta Sinar", "Tenun Tapis Indah"]),
    ({"kecamatan": "other"}, ["Bengkel Las Jaya", "Gula Aren Manis"]),
    ({"punya_nib": "tidak"}, ["Bengkel Las Jaya", "Gula Aren Manis", "Tenun Tapis Indah"]),
    ({"q": "tapis"}, ["Gula Aren Manis", "Tenun Tapis Indah"]),  # by product and by owner
    ({"q": NIB}, ["Kopi Robusta Sinar"]),
    ({"halal": "ya"}, ["Gula Aren Manis"]),
    ({"sektor": "S"}, ["Bengkel Las Jaya"]),
    ({"dibina": "sudah"}, ["Kopi Robusta Sinar", "Tenun Tapis Indah"]),
    ({"dibina": "belum", "kecamatan": "other"}, ["Bengkel Las Jaya", "Gula Aren Manis"]),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_filters_give_the_same_rows_on_the_page_and_in_the_spreadsheet(
    client, cast, kampung, several, params, expected
):
    places = {"first": kampung[0].kecamatan_id, "other": kampung[2].kecamatan_id}
    query = {k: places.get(v, v) for k, v in params.items()}
    client.force_login(cast.perencana)
    assert _listed(client, **query) == expected
    assert _exported(client, **query) == expected


def test_filters_answer_an_htmx_request_with_the_table_only(client, cast, kampung, several):
    client.force_login(cast.perencana)
    response = client.get(
        reverse("technopark:umkm_list"), {"kecamatan": kampung[2].kecamatan_id}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Bengkel Las Jaya" in html and "Kopi Robusta Sinar" not in html
    # the kampung choice follows the kecamatan (swapped out of band)
    assert 'hx-swap-oob="true"' in html
    assert kampung[2].nama in html and f">{kampung[0].nama}<" not in html


def test_list_shows_counts_badges_and_the_sample_mark(client, cast, several):
    several[3].data_contoh = True
    several[3].save()
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:umkm_list")).content.decode()
    assert html.count("data contoh</span>") == 1
    assert "tanpa NIB" in html
    assert "4 UMKM" in html
    assert 'data-download="/technopark/umkm/ekspor.xlsx"' in html
    # each of the first two businesses took part in one pembinaan
    _, rows = _sheet(client.get(reverse("technopark:umkm_xlsx")))
    assert {r["Nama Usaha"]: r["Jumlah Pembinaan"] for r in rows}["Kopi Robusta Sinar"] == 1
    assert {r["Nama Usaha"]: r["Data Contoh"] for r in rows}["Gula Aren Manis"] == "Ya"


# the export --------------------------------------------------------------------------------


def test_export_writes_amounts_as_numbers_and_formulas_as_text(client, cast, kampung, pendamping):
    formula = '=HYPERLINK("http://contoh.invalid","klik")'
    make_umkm(
        cast.bidang_b, kampung[0], nama_usaha=formula, produk="+62 jual", modal_usaha=Decimal("1250000.50")
    )
    client.force_login(pendamping)
    response = client.get(reverse("technopark:umkm_xlsx"), {"unduh": "abc123"})
    assert response.cookies["selaras_unduh"].value == "abc123"
    ws = load_workbook(io.BytesIO(response.content)).active
    name = next(c for row in ws.iter_rows() for c in row if c.value == formula)
    product = next(c for row in ws.iter_rows() for c in row if c.value == "+62 jual")
    for cell in (name, product):
        assert cell.data_type == "s"
        assert cell.quotePrefix
    headings, rows = _sheet(response)
    assert headings[:5] == ["No", "Nama Usaha", "Nama Pemilik", "Telepon", "NIB"]
    assert rows[0]["Modal Usaha (Rp)"] == Decimal("1250000.5")
    assert rows[0]["Omzet Tahunan (Rp)"] == 120_000_000
    assert rows[0]["Telepon"] == PHONE
    assert rows[0]["Kelas Usaha"] == "Usaha Mikro"


def test_the_export_names_its_filters_above_the_table(client, cast, kampung, several):
    client.force_login(cast.perencana)
    response = client.get(
        reverse("technopark:umkm_xlsx"), {"kecamatan": kampung[2].kecamatan_id, "punya_nib": "tidak"}
    )
    title = [
        row[0]
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=4, values_only=True)
    ]
    assert title[:2] == ["Daftar UMKM Binaan Technopark", "BALITBANGDA"]
    assert title[3] == f"Filter: Kecamatan: {kampung[2].kecamatan.nama}; NIB: Tanpa NIB"


# the detail page -------------------------------------------------------------------------


def test_detail_shows_the_whole_history_of_the_business(client, cast, umkm, pendamping):
    record_activity(cast.bidang_b, "pendampingan", dt.date(2026, 2, 10), [umkm], nib_diperoleh=True)
    Snapshot.objects.create(
        pemda=cast.pemda,
        umkm=umkm,
        tanggal=dt.date(2026, 1, 5),
        omzet_tahunan=Decimal(90_000_000),
        tenaga_kerja=2,
    )
    client.force_login(pendamping)
    html = client.get(reverse("technopark:umkm_detail", args=[umkm.pk])).content.decode()
    assert "10 Februari 2026" in html and "NIB diperoleh" in html and "Pendampingan" in html
    assert "5 Januari 2026" in html and "90.000.000" in html
    # the size class with its rule: capital of Rp 25.000.000 is within the micro band
    assert "Kelas usaha: Usaha Mikro" in html
    assert "PP 7/2021 Pasal 35" in html and "modal usaha <strong>Rp 25.000.000</strong>" in html
    assert "Rp 1.000.000.000" in html  # the upper bound of the micro band, from data
    # the audit history: the record was created
    assert "dibuat" in html and reverse("technopark:umkm_history", args=[umkm.pk]) in html


def test_a_business_registered_before_pp7_is_classed_by_its_sales(client, cast, kampung):
    old = make_umkm(
        cast.bidang_b,
        kampung[0],
        terdaftar_sebelum_pp7=True,
        modal_usaha=Decimal(25_000_000),
        omzet_tahunan=Decimal(3_000_000_000),
    )
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:umkm_detail", args=[old.pk])).content.decode()
    assert "Kelas usaha: Usaha Kecil" in html
    assert "penjualan tahunan (omzet) <strong>Rp 3.000.000.000</strong>" in html


@pytest.mark.parametrize(
    ("sebelum_pp7", "basis"),
    [(False, "modal usaha <strong>Rp 0</strong>"), (True, "(omzet) <strong>Rp 0</strong>")],
)
def test_a_business_with_nothing_yet_is_mikro(client, cast, kampung, sebelum_pp7, basis):
    # PP 7/2021 Pasal 35(3)a: mikro is "sampai dengan paling banyak" Rp1 M, no lower bound
    umkm = make_umkm(
        cast.bidang_b,
        kampung[0],
        terdaftar_sebelum_pp7=sebelum_pp7,
        modal_usaha=Decimal(0) if not sebelum_pp7 else Decimal(25_000_000),
        omzet_tahunan=Decimal(0),
    )
    client.force_login(cast.perencana)
    html = client.get(reverse("technopark:umkm_detail", args=[umkm.pk])).content.decode()
    assert "Kelas usaha: Usaha Mikro" in html and basis in html
    assert "belum dapat digolongkan" not in html
    assert re.search(r"Usaha Mikro ✓</td><td class=\"num\">–</td>", html)


# the form ----------------------------------------------------------------------------------


def _form_data(umkm: UMKM | None = None, kampung: Kampung | None = None, **values: Any) -> dict[str, Any]:
    place = kampung or (umkm.kampung if umkm else None)
    data = {
        "nama_usaha": umkm.nama_usaha if umkm else "Dodol Nanas Segar",
        "nama_pemilik": umkm.nama_pemilik if umkm else "Budi Santoso",
        "telepon": umkm.telepon if umkm else "0812 3333 4444",
        "nib": umkm.nib if umkm else "",
        "sektor": "C",
        "produk": "Dodol",
        "kecamatan": place.kecamatan_id,
        "kampung": place.pk,
        "modal_usaha": "25.000.000",
        "omzet_tahunan": "120.000.000",
        "tenaga_kerja": "3",
        "tahun_mulai": "2019",
    }
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


BAD_INPUT = [
    ({"modal_usaha": "dua juta"}, "Modal usaha (Rp) harus berupa angka, bukan &#x27;dua juta&#x27;."),
    ({"omzet_tahunan": "-5.000.000"}, "Omzet tahunan (Rp) tidak boleh negatif."),
    ({"kampung": "other"}, "tidak berada di Kecamatan"),
    ({"nib": "123456789012"}, "NIB harus 13 digit angka; yang diisi 12 karakter"),
    ({"nib": NIB}, f"NIB {NIB} sudah terdaftar untuk UMKM &#x27;Keripik Pisang Makmur&#x27;"),
    (
        {"nama_usaha": "keripik  pisang makmur"},
        "sudah terdaftar sebagai UMKM &#x27;Keripik Pisang Makmur&#x27;",
    ),
    ({"telepon": "0812-abc"}, "Telepon harus nomor Indonesia: 9 sampai 15 angka"),
    ({"telepon": "=1+2"}, "Telepon harus nomor Indonesia: 9 sampai 15 angka"),
    ({"telepon": "0812 345"}, "Telepon harus nomor Indonesia: 9 sampai 15 angka"),
    ({"telepon": "+1 555 123 4567"}, "Telepon harus nomor Indonesia: 9 sampai 15 angka"),
    ({"tenaga_kerja": "-1"}, "Tenaga kerja tidak boleh negatif."),
]


@pytest.mark.parametrize(("values", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    client, cast, umkm, kampung, pendamping, values, message
):
    values = {k: (kampung[2].pk if v == "other" else v) for k, v in values.items()}
    client.force_login(pendamping)
    before = UMKM.objects.count()
    data = _form_data(kampung=kampung[0])
    data.update(values)
    response = client.post(reverse("technopark:umkm_add"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html, html[html.find("alert") : html.find("alert") + 2000]
    assert "Data belum disimpan" in html
    assert UMKM.objects.count() == before


def test_the_kampung_message_names_the_field_and_both_places(client, cast, kampung, pendamping):
    client.force_login(pendamping)
    data = _form_data(kampung=kampung[0])
    data["kampung"] = kampung[2].pk
    response = client.post(reverse("technopark:umkm_add"), data)
    html = response.content.decode()
    assert (
        f"Kampung/Kelurahan: {kampung[2].nama} tidak berada di Kecamatan {kampung[0].kecamatan.nama}" in html
    )


def test_a_mentor_adds_a_business_to_its_own_unit(client, cast, kampung, pendamping):
    client.force_login(pendamping)
    response = client.post(reverse("technopark:umkm_add"), _form_data(kampung=kampung[1]))
    added = UMKM.objects.get(nama_usaha="Dodol Nanas Segar")
    assert response.status_code == 302
    assert response["Location"] == reverse("technopark:umkm_detail", args=[added.pk])
    assert (added.unit_kerja, added.perangkat_daerah, added.pemda) == (
        cast.bidang_b,
        cast.balitbangda,
        cast.pemda,
    )
    assert added.telepon == "081233334444"  # separators removed
    assert added.modal_usaha == Decimal(25_000_000)
    assert added.kelas.kode == "mikro"


def test_a_planner_adds_a_business_to_the_technopark_upt(client, cast, kampung):
    client.force_login(cast.perencana)
    # without a UPT and without a unit of its own, the planner is told why nothing is saved
    response = client.post(reverse("technopark:umkm_add"), _form_data(kampung=kampung[1]))
    assert response.status_code == 422
    assert "belum terhubung ke unit pembina" in response.content.decode()
    assert not UMKM.objects.exists()
    upt = UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama="UPT Technopark"
    )
    # the planner may not see phones, so the form does not ask for one
    assert 'name="telepon"' not in client.get(reverse("technopark:umkm_add")).content.decode()
    response = client.post(reverse("technopark:umkm_add"), _form_data(kampung=kampung[1]))
    assert response.status_code == 302
    added = UMKM.objects.get()
    assert added.unit_kerja == upt and added.telepon == ""


def test_editing_recomputes_the_size_class_and_keeps_the_hidden_phone(client, cast, umkm):
    assert umkm.kelas.kode == "mikro"
    client.force_login(cast.perencana)
    url = reverse("technopark:umkm_edit", args=[umkm.pk])
    assert PHONE not in client.get(url).content.decode()
    response = client.post(url, _form_data(umkm, telepon=None, modal_usaha="2.500.000.000"))
    assert response.status_code == 302
    umkm.refresh_from_db()
    assert umkm.kelas.kode == "kecil"
    assert umkm.modal_usaha == Decimal(2_500_000_000)
    assert umkm.telepon == PHONE  # a user who may not see it does not wipe it
    html = client.get(reverse("technopark:umkm_detail", args=[umkm.pk])).content.decode()
    assert "Kelas usaha: Usaha Kecil" in html
    # the change is in the business's history, with the amounts written the Indonesian way
    assert "25.000.000" in html and "2.500.000.000" in html and "diubah" in html


def test_navigation_has_the_technopark_after_monitoring(client, cast):
    client.force_login(cast.pimpinan)
    html = client.get(reverse("technopark:umkm_list")).content.decode()
    assert html.index(">Monitoring<") < html.index(">Technopark<") < html.index(">Referensi<")
    assert 'aria-current="page">UMKM<' in html
    assert "Impor UMKM" not in html  # readers get no import link


# speed: the same number of queries for a few businesses or many ---------------------------


def _bulk_umkm(cast: Cast, count: int, start: int = 0) -> None:
    kelas = KelasUsaha.objects.get(kode="mikro")
    places = list(Kampung.objects.filter(pemda=cast.pemda).order_by("kode")[:20])
    UMKM.objects.bulk_create(
        UMKM(
            pemda=cast.pemda,
            perangkat_daerah=cast.balitbangda,
            unit_kerja=cast.bidang_b,
            nama_usaha=f"Usaha {i:04d}",
            nama_pemilik=f"Pemilik {i}",
            telepon=PHONE,
            sektor="C",
            kecamatan_id=places[i % 20].kecamatan_id,
            kampung=places[i % 20],
            modal_usaha=Decimal(10_000_000 + i),
            omzet_tahunan=Decimal(50_000_000),
            halal=i % 2 == 0,
            kelas=kelas,
        )
        for i in range(start, start + count)
    )


def _queries(client: Client, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


@pytest.mark.parametrize("params", [{}, {"q": "usaha", "halal": "ya", "dibina": "belum"}])
def test_list_and_export_make_the_same_number_of_queries_for_few_or_many(client, cast, pendamping, params):
    client.force_login(pendamping)
    list_url, export_url = reverse("technopark:umkm_list"), reverse("technopark:umkm_xlsx")
    _bulk_umkm(cast, FEW)
    record_activity(cast.bidang_b, "pembinaan", dt.date(2026, 3, 2), UMKM.objects.all()[:2])
    few = (_queries(client, list_url, **params), _queries(client, export_url, **params))
    _bulk_umkm(cast, MANY - FEW, start=FEW)
    many = (_queries(client, list_url, **params), _queries(client, export_url, **params))
    assert few == many == (LIST_QUERIES, EXPORT_QUERIES), (few, many)
