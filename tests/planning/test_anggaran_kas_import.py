"""Reading the anggaran kas back from the Renja XLSX: export, edit in a spreadsheet program,
upload, preview, confirm. Only the four anggaran kas columns are read, every bad row is
named at once and nothing is written, and a hostile workbook is refused."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from selaras.accounts.personas import Cast
from selaras.planning.models import ANGGARAN_KAS_FIELDS, Renja, SubKegiatan
from tests.technopark.test_import_limits import empty_cells, workbook_with_sheet

pytestmark = pytest.mark.django_db

A1 = "5.05.02.2.03.0001"  # pagu 175.500.000
A2 = "5.05.02.2.03.0002"  # pagu 140.000.000
B1 = "5.05.02.2.04.0001"  # pagu 210.000.000
PLAN_A1 = (50_000_000, 50_000_000, 50_000_000, 25_500_000)
PLAN_B1 = ("60.000.000", "50.000.000", "50.000.000", "50.000.000")  # typed as text, Indonesian


def _url(renja: Renja) -> str:
    return reverse("planning:renja_anggaran_kas_import", args=[renja.pk])


def _exported(client: Client, renja: Renja) -> tuple[object, Worksheet]:
    workbook = load_workbook(io.BytesIO(client.get(reverse("planning:renja_xlsx", args=[renja.pk])).content))
    return workbook, workbook.active


def _heading_row(ws: Worksheet) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Kode")


def _row_of(ws: Worksheet, kode: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == kode)


def _kas_column(ws: Worksheet, quarter: int) -> int:
    heading = _heading_row(ws)
    names = ("I", "II", "III", "IV")
    return next(
        c
        for c in range(1, ws.max_column + 1)
        if ws.cell(heading, c).value == f"Anggaran Kas TW {names[quarter]} (Rp)"
    )


def _fill(ws: Worksheet, kode: str, values: tuple[object, ...]) -> None:
    row = _row_of(ws, kode)
    for quarter, value in enumerate(values):
        ws.cell(row, _kas_column(ws, quarter)).value = value


def _upload(client: Client, renja: Renja, workbook: object) -> object:
    out = io.BytesIO()
    workbook.save(out)  # type: ignore[attr-defined]
    return client.post(_url(renja), {"berkas": SimpleUploadedFile("renja.xlsx", out.getvalue())})


def _plan(renja: Renja, kode: str) -> list[Decimal | None]:
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)
    return [getattr(sub, name) for name in ANGGARAN_KAS_FIELDS]


def test_round_trip_export_edit_import_saves_the_plans_with_audit_entries(client, cast: Cast, renja: Renja):
    # given the planner's exported Renja with two sub kegiatan's anggaran kas filled in
    client.force_login(cast.perencana)
    workbook, ws = _exported(client, renja)
    _fill(ws, A1, PLAN_A1)
    _fill(ws, B1, PLAN_B1)
    ws.cell(_row_of(ws, A1), 8).value = 1  # the pagu column is not read
    # when the file is uploaded, the preview lists the two changes and writes nothing
    response = _upload(client, renja, workbook)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 sub kegiatan akan diperbarui" in page and "1 tidak berubah" in page
    assert "Rp 60.000.000" in page and "Rp 43.875.000 (rata)" in page
    assert _plan(renja, A1) == [None] * 4
    # and when the planner confirms
    response = client.post(_url(renja), {"simpan": "1"}, follow=True)
    # then both are saved, the pagu untouched, and the summary says how many
    assert "2 sub kegiatan diperbarui" in response.content.decode()
    assert _plan(renja, A1) == [Decimal(v) for v in PLAN_A1]
    assert _plan(renja, B1) == [Decimal(60_000_000), *[Decimal(50_000_000)] * 3]
    assert _plan(renja, A2) == [None] * 4
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=A1)
    assert sub.pagu == Decimal(175_500_000)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SubKegiatan), action=LogEntry.Action.UPDATE
    )
    assert entries.count() == 2
    entry = entries.get(object_pk=str(sub.pk))
    assert entry.actor == cast.perencana
    assert entry.changes_dict["anggaran_kas_tw4"] == ["None", "25500000.00"]
    # and a second confirmation finds no preview left
    response = client.post(_url(renja), {"simpan": "1"}, follow=True)
    assert "Pratinjau tidak ditemukan" in response.content.decode()


def test_every_bad_row_is_reported_at_once_and_nothing_is_written(client, cast: Cast, renja: Renja):
    client.force_login(cast.perencana)
    workbook, ws = _exported(client, renja)
    _fill(ws, A1, PLAN_A1)
    assert _upload(client, renja, workbook).status_code == 200  # an earlier, good preview
    _fill(ws, A1, ("lima juta", 50_000_000, 50_000_000, 25_500_000))  # not a number
    _fill(ws, A2, (40_000_000, 40_000_000, 40_000_000, 40_000_000))  # 160 juta, pagu 140 juta
    _fill(ws, B1, (100_000_000, None, 110_000_000, None))  # two quarters only
    unknown = ws.max_row + 1
    ws.cell(unknown, 1).value = "5.05.02.2.04.0009"
    ws.cell(unknown, _kas_column(ws, 0)).value = 1
    response = _upload(client, renja, workbook)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Impor dibatalkan, tidak ada yang disimpan" in page
    row_a1, row_a2, row_b1 = (_row_of(ws, k) for k in (A1, A2, B1))
    assert f"Baris {row_a1}: kolom L (Anggaran Kas TW I (Rp)): &#x27;lima juta&#x27; bukan angka." in page
    assert f"Baris {row_a2}: {A2}, kolom O (Anggaran Kas TW IV (Rp)): Jumlah anggaran kas TW I–IV" in page
    assert "(Rp 160.000.000) tidak sama dengan pagu (Rp 140.000.000)" in page
    assert f"Baris {row_b1}: {B1}, kolom M (Anggaran Kas TW II (Rp)): Isi juga anggaran kas" in page
    assert f"Baris {row_b1}: {B1}, kolom O (Anggaran Kas TW IV (Rp))" in page
    assert f"Baris {unknown}: kolom A: sub kegiatan 5.05.02.2.04.0009 tidak ada dalam Renja ini." in page
    assert all(_plan(renja, k) == [None] * 4 for k in (A1, A2, B1))
    # and nothing waits for a confirmation, not even the earlier preview
    client.post(_url(renja), {"simpan": "1"})
    assert all(_plan(renja, k) == [None] * 4 for k in (A1, A2, B1))


def test_blank_quarters_clear_a_plan_and_a_formula_is_named(client, cast: Cast, renja: Renja):
    sub = SubKegiatan.objects.get(renja=renja, nomenklatur__kode=A1)
    for name, value in zip(ANGGARAN_KAS_FIELDS, PLAN_A1, strict=True):
        setattr(sub, name, Decimal(value))
    sub.save()
    client.force_login(cast.perencana)
    workbook, ws = _exported(client, renja)
    _fill(ws, A1, (None, None, None, None))
    _fill(ws, A2, ("=140000000/4", 35_000_000, 35_000_000, 35_000_000))
    page = _upload(client, renja, workbook).content.decode()
    assert "tempel sebagai nilai" in page
    _fill(ws, A2, (None, None, None, None))
    _upload(client, renja, workbook)
    client.post(_url(renja), {"simpan": "1"})
    assert _plan(renja, A1) == [None] * 4


def test_a_file_without_the_headings_is_refused(client, cast: Cast, renja: Renja):
    client.force_login(cast.perencana)
    workbook, ws = _exported(client, renja)
    ws.cell(_heading_row(ws), _kas_column(ws, 2)).value = "TW 3"
    page = _upload(client, renja, workbook).content.decode()
    assert "Judul kolom tidak ditemukan" in page


def test_a_zip_bomb_is_refused(client, cast: Cast, renja: Renja):
    client.force_login(cast.perencana)
    bomb = workbook_with_sheet(empty_cells(40))
    response = client.post(_url(renja), {"berkas": SimpleUploadedFile("renja.xlsx", bomb)})
    assert response.status_code == 422
    assert "bom zip" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("pimpinan", 403), ("operator_a", 403), ("outsider", 404)])
def test_readers_get_403_and_outsiders_404(client, cast: Cast, renja: Renja, persona: str, status: int):
    client.force_login(getattr(cast, persona))
    assert client.get(_url(renja)).status_code == status
    assert client.post(_url(renja), {"simpan": "1"}).status_code == status


def test_the_renja_page_offers_the_import_to_planners_only(client, cast: Cast, renja: Renja):
    client.force_login(cast.perencana)
    assert _url(renja) in client.get(reverse("planning:renja_detail", args=[renja.pk])).content.decode()
    page = client.get(_url(renja)).content.decode()
    assert "hanya empat kolom" in page
    client.force_login(cast.pimpinan)
    assert _url(renja) not in client.get(reverse("planning:renja_detail", args=[renja.pk])).content.decode()


def test_a_renja_made_final_after_the_preview_is_not_written(client, cast: Cast, renja: Renja):
    # given a checked preview
    client.force_login(cast.perencana)
    workbook, ws = _exported(client, renja)
    _fill(ws, A1, PLAN_A1)
    assert _upload(client, renja, workbook).status_code == 200
    # when the Renja becomes final before the planner confirms
    Renja.objects.filter(pk=renja.pk).update(status=Renja.Status.FINAL)
    response = client.post(_url(renja), {"simpan": "1"}, follow=True)
    # then nothing is written and the page says why
    assert "berstatus Final" in response.content.decode()
    assert _plan(renja, A1) == [None] * 4
