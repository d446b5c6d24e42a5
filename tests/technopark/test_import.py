"""The UMKM import: upload, map, preview, all-or-nothing import, duplicates, formula
injection, CSV, permissions and the template."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from selaras.accounts.models import Role, User
from selaras.accounts.personas import Cast
from selaras.core.xlsx import write_cell
from selaras.organisations.models import Kampung, UnitKerja
from selaras.technopark.factories import make_umkm
from selaras.technopark.importing import FIELDS, Owner, guess_mapping, import_rows, read_table, validate
from selaras.technopark.models import UMKM

HEADINGS = [
    "Nama Usaha",
    "Nama Pemilik",
    "Telepon",
    "NIB",
    "Sektor (KBLI)",
    "Produk",
    "Kode Kampung",
    "Modal Usaha (Rp)",
    "Omzet Tahunan (Rp)",
    "Tenaga Kerja",
    "Terdaftar Sebelum PP 7/2021",
    "Halal",
]
UPLOAD = "technopark:umkm_import"
PREVIEW = "technopark:umkm_import_preview"
RUN = "technopark:umkm_import_run"
TEMPLATE = "technopark:umkm_import_template"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def upt(cast: Cast) -> UnitKerja:
    return UnitKerja.objects.create(
        pemda=cast.pemda, perangkat_daerah=cast.balitbangda, jenis="upt", nama="UPT Technopark"
    )


@pytest.fixture
def kampung(cast: Cast) -> list[Kampung]:
    return list(Kampung.objects.filter(pemda=cast.pemda).select_related("kecamatan").order_by("kode")[:3])


@pytest.fixture
def planner(client: Client, cast: Cast, upt: UnitKerja) -> Client:
    client.force_login(cast.perencana)
    return client


def xlsx(rows: list[list[Any]], headings: list[str] = HEADINGS) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.append(headings)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(kode: str, nama: str = "Keripik Makmur", **values: Any) -> list[Any]:
    base = {
        "Nama Usaha": nama,
        "Nama Pemilik": "Siti Aminah",
        "Telepon": "081234567890",
        "NIB": "",
        "Sektor (KBLI)": "C",
        "Produk": "Keripik",
        "Kode Kampung": kode,
        "Modal Usaha (Rp)": 25_000_000,
        "Omzet Tahunan (Rp)": 120_000_000,
        "Tenaga Kerja": 3,
        "Terdaftar Sebelum PP 7/2021": "tidak",
        "Halal": "ya",
        **values,
    }
    return [base[h] for h in HEADINGS]


def upload(client: Client, content: bytes, name: str = "umkm.xlsx") -> Any:
    return client.post(reverse(UPLOAD), {"berkas": SimpleUploadedFile(name, content)})


def mapping_post(headings: list[str] = HEADINGS, **extra: str) -> dict[str, str]:
    guessed = guess_mapping(headings)
    data = {f"kolom_{name}": "" if index is None else str(index) for name, index in guessed.items()}
    return {**data, **extra}


def run(client: Client, content: bytes, name: str = "umkm.xlsx", **extra: str) -> Any:
    assert upload(client, content, name).status_code == 302
    return client.post(
        reverse(RUN), mapping_post(read_table(content, name.rsplit(".", 1)[1]).header, **extra)
    )


# Given a good file, when it is imported, then every row is there, placed and classified.


def test_good_file_imports_every_row_with_place_and_class(
    planner: Client, cast: Cast, upt: UnitKerja, kampung: list[Kampung], media: Path
) -> None:
    content = xlsx(
        [
            row(kampung[0].kode, "Keripik Makmur", NIB=1234567890123),
            row(kampung[1].kode, "Tenun Jaya", **{"Modal Usaha (Rp)": "2.000.000.000"}),
            row(
                kampung[2].kode.replace(".", ""),
                "Kopi Sejahtera",
                **{"Omzet Tahunan (Rp)": "20.000.000.000", "Terdaftar Sebelum PP 7/2021": "✓"},
            ),
        ]
    )
    assert upload(planner, content).status_code == 302
    page = planner.get(reverse(PREVIEW))
    assert page.status_code == 200
    assert page.context["preview"].ok and page.context["preview"].new_count == 3
    assert 'value="6" selected' in page.content.decode()  # Kode Kampung guessed from its heading

    response = planner.post(reverse(RUN), mapping_post())

    assert response.status_code == 302
    rows = {u.nama_usaha: u for u in UMKM.objects.select_related("kelas")}
    assert set(rows) == {"Keripik Makmur", "Tenun Jaya", "Kopi Sejahtera"}
    for business, place in zip(("Keripik Makmur", "Tenun Jaya", "Kopi Sejahtera"), kampung, strict=True):
        assert rows[business].kampung_id == place.pk
        assert rows[business].kecamatan_id == place.kecamatan_id
        assert rows[business].perangkat_daerah_id == cast.balitbangda.pk
        assert rows[business].unit_kerja_id == upt.pk
    assert rows["Keripik Makmur"].kelas.kode == "mikro"
    assert rows["Keripik Makmur"].nib == "1234567890123" and rows["Keripik Makmur"].punya_nib
    assert rows["Keripik Makmur"].halal and rows["Keripik Makmur"].modal_usaha == Decimal(25_000_000)
    assert rows["Tenun Jaya"].kelas.kode == "kecil"  # 2 M capital
    assert rows["Kopi Sejahtera"].kelas.kode == "menengah"  # sales 20 M, registered before PP 7
    assert LogEntry.objects.filter(
        action=LogEntry.Action.CREATE, object_pk=str(rows["Tenun Jaya"].pk)
    ).exists()
    assert list((media / "import").iterdir()) == []  # the upload is deleted after the import
    assert "umkm_import" not in planner.session


def test_missing_required_columns_is_one_clear_error(planner: Client) -> None:
    headings = ["Nama Usaha", "Nama Pemilik", "Kode Kampung"]
    content = xlsx([["Keripik", "Siti", "18.02.01.2001"]], headings)

    response = run(planner, content)

    assert response.status_code == 422
    errors = response.context["preview"].errors
    assert errors == [
        "Kolom wajib tidak ada atau belum dipetakan: Sektor (KBLI), Modal Usaha (Rp), Omzet Tahunan (Rp)."
    ]
    assert UMKM.objects.count() == 0


def test_a_file_without_data_rows_is_refused(planner: Client) -> None:
    response = run(planner, xlsx([]))
    assert response.status_code == 422
    assert response.context["preview"].errors == ["Berkas tidak berisi baris data di bawah judul kolom."]


def test_every_bad_row_is_reported_and_nothing_is_imported(
    planner: Client, cast: Cast, kampung: list[Kampung]
) -> None:
    code = kampung[0].kode
    content = xlsx(
        [
            row(code, "Baik Sekali"),  # 2: good
            row(code, "Modal Salah", **{"Modal Usaha (Rp)": "dua juta"}),  # 3
            row(code, "Pekerja Salah", **{"Tenaga Kerja": "tiga"}),  # 4
            row("18.02.99.9999", "Kampung Salah"),  # 5
            row(code, "Sektor Salah", **{"Sektor (KBLI)": "Z"}),  # 6
            row(code, "NIB Salah", NIB="12345"),  # 7
            row(code, "Halal Salah", Halal="mungkin"),  # 8
            row(code, "Baik Sekali"),  # 9: the same name in the same kampung as row 2
            row(code, "", **{"Omzet Tahunan (Rp)": "=B2*12"}),  # 10
        ]
    )
    UMKM.objects.all().delete()

    response = run(planner, content)

    assert response.status_code == 422
    text = response.content.decode()
    assert "Impor dibatalkan, tidak ada yang disimpan." in text
    messages = response.context["preview"].messages()
    assert "Baris 3, kolom 'Modal Usaha (Rp)': 'dua juta' bukan angka." in messages
    assert "Baris 4, kolom 'Tenaga Kerja': 'tiga' bukan angka." in messages
    assert (
        "Baris 5, kolom 'Kode Kampung': kode kampung '18.02.99.9999' tidak dikenal di daerah ini." in messages
    )
    assert any(m.startswith("Baris 6, kolom 'Sektor (KBLI)': sektor 'Z' bukan huruf KBLI") for m in messages)
    assert "Baris 7, kolom 'NIB': NIB '12345' harus terdiri dari 13 angka." in messages
    assert "Baris 8, kolom 'Halal': 'mungkin' harus ya/tidak (atau 1/0, true/false, ✓)." in messages
    assert "Baris 10, kolom 'Nama Usaha': wajib diisi." in messages
    assert any(m.startswith("Baris 10, kolom 'Omzet Tahunan (Rp)': '=B2*12' adalah rumus") for m in messages)
    duplicates = response.context["preview"].duplicates
    assert [(d.row, d.earlier_row) for d in duplicates] == [(9, 2)]
    assert "sama dengan baris 2 berkas ini" in duplicates[0].reason
    assert "sama dengan baris 2 berkas ini" in text
    assert UMKM.objects.count() == 0
    assert planner.session.get("umkm_import")  # the file stays for a corrected mapping


def test_formula_like_text_is_stored_as_written_and_exported_as_text(
    planner: Client, kampung: list[Kampung]
) -> None:
    link = '=HYPERLINK("http://contoh.invalid/x","klik")'
    content = xlsx([row(kampung[0].kode, link, Telepon="+6281234567890", Produk="@SUM(1)")])
    assert upload(planner, content).status_code == 302
    page = planner.get(reverse(PREVIEW))
    preview = page.context["preview"]
    # the phone is checked as a phone number, so "+62..." is no formula to report
    assert [(n.row, n.column, n.value) for n in preview.neutralised] == [
        (2, "Nama Usaha", link),
        (2, "Produk", "@SUM(1)"),
    ]
    assert page.content.decode().count("dinetralkan</span>") == 2

    assert planner.post(reverse(RUN), mapping_post()).status_code == 302

    stored = UMKM.objects.get()
    assert (stored.nama_usaha, stored.telepon, stored.produk) == (link, "+6281234567890", "@SUM(1)")
    workbook = Workbook()
    for column, value in enumerate((stored.nama_usaha, stored.telepon, stored.produk), start=1):
        write_cell(workbook.active, 1, column, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    exported = load_workbook(io.BytesIO(buffer.getvalue())).active
    for column, value in enumerate((link, "+6281234567890", "@SUM(1)"), start=1):
        cell = exported.cell(row=1, column=column)
        assert cell.value == value and cell.data_type == "s" and cell.quotePrefix


def test_duplicates_against_the_database_gabung_updates_and_lewati_skips(
    planner: Client, cast: Cast, upt: UnitKerja, kampung: list[Kampung]
) -> None:
    by_nib = make_umkm(upt, kampung[0], nama_usaha="Kopi Lama", nib="1111111111111", produk="Kopi bubuk")
    by_name = make_umkm(upt, kampung[1], nama_usaha="Tenun Jaya", telepon="081111111111")
    content = xlsx(
        [
            row(kampung[0].kode, "Kopi Baru", NIB="1111111111111", Produk="", **{"Modal Usaha (Rp)": 2e9}),
            row(kampung[1].kode, "tenun  JAYA", Telepon="0899-9999-9999"),
            row(kampung[2].kode, "Usaha Baru"),
        ]
    )
    assert upload(planner, content).status_code == 302
    preview = planner.get(reverse(PREVIEW)).context["preview"]
    assert [(d.row, d.existing_pk) for d in preview.duplicates] == [(2, by_nib.pk), (3, by_name.pk)]

    response = planner.post(reverse(RUN), mapping_post(dup_2="gabung", dup_3="lewati"))

    assert response.status_code == 302
    assert UMKM.objects.count() == 3
    by_nib.refresh_from_db()
    by_name.refresh_from_db()
    assert by_nib.nama_usaha == "Kopi Baru" and by_nib.produk == "Kopi bubuk"  # empty cell keeps the value
    assert by_nib.modal_usaha == Decimal(2_000_000_000) and by_nib.kelas.kode == "kecil"
    assert by_name.telepon == "081111111111"  # skipped
    update = LogEntry.objects.get(action=LogEntry.Action.UPDATE, object_pk=str(by_nib.pk))
    assert update.changes["nama_usaha"] == ["Kopi Lama", "Kopi Baru"]


def test_duplicate_within_the_file_is_skipped_or_merged_by_choice(
    cast: Cast, upt: UnitKerja, kampung: list[Kampung]
) -> None:
    owner = Owner(cast.pemda.pk, cast.balitbangda.pk, upt.pk, cast.perencana.pk)
    content = xlsx(
        [
            row(kampung[0].kode, "Kopi", NIB="2222222222222"),
            row(kampung[1].kode, "Kopi Dua", NIB="2222222222222"),
        ]
    )
    table = read_table(content, "xlsx")
    preview = validate(table, guess_mapping(table.header), owner)
    assert preview.ok and [(d.row, d.earlier_row) for d in preview.duplicates] == [(3, 2)]

    skipped = import_rows(preview, owner)
    assert (skipped.created, skipped.skipped) == (1, 1)
    UMKM.objects.all().delete()
    merged = import_rows(validate(table, guess_mapping(table.header), owner), owner, {3: "gabung"})
    assert (merged.created, merged.skipped) == (1, 0)
    assert UMKM.objects.get().nama_usaha == "Kopi Dua"


def test_csv_with_semicolons_names_and_indonesian_numbers(planner: Client, kampung: list[Kampung]) -> None:
    place = kampung[0]
    lines = [
        "nama_usaha;nama_pemilik;sektor;kecamatan;desa;modal;omset;tenaga_kerja;spp_irt",
        f"Dodol Lampung;Rina;c;{place.kecamatan.nama.upper()};{place.nama};25.000.000,50;120.000.000;2;1",
    ]
    content = ("\n".join(lines) + "\n").encode()

    response = run(planner, content, "umkm.csv")

    assert response.status_code == 302
    stored = UMKM.objects.get()
    assert (stored.kampung_id, stored.kecamatan_id) == (place.pk, place.kecamatan_id)
    assert stored.modal_usaha == Decimal("25000000.50") and stored.omzet_tahunan == Decimal(120_000_000)
    assert stored.sektor == "C" and stored.spp_irt and stored.tenaga_kerja == 2


def test_template_downloads_and_imports_cleanly(planner: Client) -> None:
    response = planner.get(reverse(TEMPLATE), {"unduh": "abc123"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.cookies["selaras_unduh"].value == "abc123"
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in sheet[1]] == [f.label for f in FIELDS]

    result = run(planner, response.content)

    assert result.status_code == 302
    assert UMKM.objects.get().nama_usaha == "Keripik Pisang Makmur"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("umkm.txt", b"a,b\n", "hanya XLSX (.xlsx) atau CSV (.csv)"),
        ("umkm.xlsx", b"bukan zip", "bukan workbook Excel"),
        ("umkm.csv", b"a,b\x00\n", "bukan teks CSV"),
        ("umkm.csv", b"a" * (10 * 1024 * 1024 + 1), "maksimal 10 MB"),
    ],
)
def test_upload_checks_type_and_size(planner: Client, name: str, content: bytes, message: str) -> None:
    response = upload(planner, content, name)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_preview_queries_do_not_grow_with_rows(planner: Client, kampung: list[Kampung]) -> None:
    counts = []
    for size in (2, 40):
        content = xlsx([row(kampung[n % 3].kode, f"Usaha {n}", NIB=f"{n:013d}") for n in range(size)])
        upload(planner, content)
        with CaptureQueriesContext(connection) as queries:
            assert planner.get(reverse(PREVIEW)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("who", ["outsider", "pimpinan", "operator_a"])
def test_readers_and_outsiders_get_403(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    for name in (UPLOAD, PREVIEW, TEMPLATE):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse(RUN)).status_code == 403


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    for name in (UPLOAD, PREVIEW, TEMPLATE):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/akun/" in response["Location"]


def test_pendamping_imports_into_the_upt(
    client: Client, cast: Cast, upt: UnitKerja, kampung: list[Kampung]
) -> None:
    mentor = User.objects.create_user(
        "pendamping",
        role=Role.PENDAMPING,
        pemda=cast.pemda,
        perangkat_daerah=cast.balitbangda,
        unit_kerja=upt,
    )
    client.force_login(mentor)
    assert run(client, xlsx([row(kampung[0].kode)])).status_code == 302
    entry = LogEntry.objects.get(action=LogEntry.Action.CREATE)
    assert UMKM.objects.get().unit_kerja_id == upt.pk and entry.actor_id == mentor.pk


def test_without_upt_or_unit_the_upload_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.perencana)  # no UPT in Balitbangda, no unit on the planner
    response = upload(client, xlsx([]))
    assert response.status_code == 422
    assert "belum memiliki UPT" in response.content.decode()


# Places by name when the code is blank; one phone rule for the form, the import and the model.

PLACE_HEADINGS = [*HEADINGS, "Kecamatan", "Kampung"]


def placed_row(kode: str, kecamatan: str, kampung_name: str, nama: str, **values: Any) -> list[Any]:
    return [*row(kode, nama, **values), kecamatan, kampung_name]


def test_a_blank_code_is_resolved_from_the_kecamatan_and_kampung_names(
    planner: Client, cast: Cast, kampung: list[Kampung]
) -> None:
    place = kampung[1]
    # given rows without a code, names written loosely, and one with a code
    content = xlsx(
        [
            placed_row("", f"  {place.kecamatan.nama.upper()} ", f" {place.nama.lower()}  ", "Dodol Lampung"),
            placed_row(kampung[0].kode, "", "", "Keripik Makmur"),
        ],
        PLACE_HEADINGS,
    )

    response = run(planner, content)

    assert response.status_code == 302
    stored = UMKM.objects.get(nama_usaha="Dodol Lampung")
    assert (stored.kampung_id, stored.kecamatan_id) == (place.pk, place.kecamatan_id)
    assert UMKM.objects.get(nama_usaha="Keripik Makmur").kampung_id == kampung[0].pk


def test_unknown_missing_or_ambiguous_names_are_row_errors(cast: Cast, kampung: list[Kampung]) -> None:
    place = kampung[0]
    twin = Kampung.objects.create(
        pemda=cast.pemda, kecamatan=place.kecamatan, kode="18.02.99.9998", nama=f"{place.nama} ", jenis="desa"
    )
    kecamatan = place.kecamatan.nama
    table = read_table(
        xlsx(
            [
                placed_row("", "Kecamatan Entah", place.nama, "Satu"),  # 2
                placed_row("", kecamatan, "Kampung Entah", "Dua"),  # 3
                placed_row("", kecamatan, place.nama, "Tiga"),  # 4: two kampung of this name
                placed_row("", "", place.nama, "Empat"),  # 5
                placed_row("", "", "", "Lima"),  # 6
            ],
            PLACE_HEADINGS,
        ),
        "xlsx",
    )
    owner = Owner(cast.pemda.pk, cast.balitbangda.pk, cast.bidang_a.pk)

    messages = validate(table, guess_mapping(table.header), owner).messages()

    assert "Baris 2, kolom 'Kecamatan': kecamatan 'Kecamatan Entah' tidak dikenal di daerah ini." in messages
    assert (
        f"Baris 3, kolom 'Kampung': kampung 'Kampung Entah' tidak ada di Kecamatan {kecamatan}." in messages
    )
    ambiguous = next(m for m in messages if m.startswith("Baris 4"))
    assert "ada 2 kampung bernama" in ambiguous and twin.kode in ambiguous and "isi Kode Kampung" in ambiguous
    assert "Baris 5, kolom 'Kecamatan': wajib diisi bila Kode Kampung kosong." in messages
    assert (
        "Baris 6, kolom 'Kode Kampung': wajib diisi (Kode Kampung, atau Kecamatan dan Kampung)." in messages
    )
    assert len(messages) == 5


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("62 812 3456 7890", "6281234567890"),
        (81234567890, "81234567890"),  # typed as a number: Excel drops the leading 0
        ("", ""),
    ],
)
def test_phones_are_stored_without_separators(
    planner: Client, kampung: list[Kampung], written: Any, stored: str
) -> None:
    assert run(planner, xlsx([row(kampung[0].kode, Telepon=written)])).status_code == 302
    assert UMKM.objects.get().telepon == stored


@pytest.mark.parametrize("written", ["=1+2", "+1 555 123 4567", "0812", "0812-abc-7890", "1234567890123456"])
def test_a_phone_that_is_not_an_indonesian_number_is_a_row_error(
    planner: Client, kampung: list[Kampung], written: str
) -> None:
    response = run(planner, xlsx([row(kampung[0].kode, Telepon=written)]))

    assert response.status_code == 422
    messages = response.context["preview"].messages()
    assert any(m.startswith("Baris 2, kolom 'Telepon':") and "9 sampai 15 angka" in m for m in messages)
    assert not UMKM.objects.exists()


def test_the_model_refuses_a_bad_phone_on_full_clean(cast: Cast, kampung: list[Kampung]) -> None:
    from django.core.exceptions import ValidationError

    umkm = make_umkm(cast.bidang_a, kampung[0])
    umkm.telepon = "=1+2"
    with pytest.raises(ValidationError) as error:
        umkm.full_clean()
    assert "telepon" in error.value.message_dict


def test_without_upt_or_unit_the_upload_page_says_why_before_any_upload(client: Client, cast: Cast) -> None:
    client.force_login(cast.perencana)
    response = client.get(reverse(UPLOAD))
    assert response.status_code == 200
    assert "belum memiliki UPT" in response.content.decode()
