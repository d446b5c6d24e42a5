"""Anggaran kas (rencana penarikan dana): four quarterly amounts on a sub kegiatan, blank for
the pagu spread evenly, all four adding up to the pagu when given; on the form, the API, the
audit log and the Renja spreadsheet."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from selaras.planning.models import ANGGARAN_KAS_FIELDS, SubKegiatan

pytestmark = pytest.mark.django_db

A1 = "5.05.02.2.03.0001"  # pagu 175.500.000
HX = {"HTTP_HX_REQUEST": "true"}
PLAN = ("50000000", "50000000", "50000000", "25500000")


def _sub(renja, kode: str = A1) -> SubKegiatan:
    return SubKegiatan.objects.get(renja=renja, nomenklatur__kode=kode)


def _set(sub: SubKegiatan, values: tuple[str | None, ...]) -> None:
    for name, value in zip(ANGGARAN_KAS_FIELDS, values, strict=True):
        setattr(sub, name, None if value is None else Decimal(value))


def test_blank_means_the_pagu_spread_evenly(renja):
    sub = _sub(renja)
    assert sub.anggaran_kas is None
    assert sub.rencana_kas == [Decimal("43875000")] * 4
    sub.full_clean()


def test_four_amounts_adding_up_to_the_pagu_are_the_plan(renja):
    sub = _sub(renja)
    _set(sub, PLAN)
    sub.full_clean()
    assert sub.rencana_kas == [Decimal(v) for v in PLAN]


def test_the_four_must_add_up_to_the_pagu(renja):
    sub = _sub(renja)
    _set(sub, ("50000000", "50000000", "50000000", "20000000"))
    with pytest.raises(ValidationError) as error:
        sub.full_clean()
    assert error.value.message_dict == {
        "anggaran_kas_tw4": [
            "Jumlah anggaran kas TW I–IV (Rp 170.000.000) tidak sama dengan pagu (Rp 175.500.000); "
            "sesuaikan, atau kosongkan keempatnya agar pagu dibagi rata."
        ]
    }


def test_a_partly_filled_plan_names_the_missing_quarters(renja):
    sub = _sub(renja)
    _set(sub, ("50000000", None, "50000000", None))
    with pytest.raises(ValidationError) as error:
        sub.full_clean()
    assert sorted(error.value.message_dict) == ["anggaran_kas_tw2", "anggaran_kas_tw4"]
    assert "Isi juga anggaran kas triwulan ini" in error.value.message_dict["anggaran_kas_tw2"][0]


def _payload(cast, **overrides: str) -> dict[str, str]:
    data = {
        "kode": A1,
        "unit_kerja": str(cast.bidang_a.pk),
        "seluruh_kabupaten": "on",
        "sumber_dana": "PAD",
        "pagu": "175.500.000",
        "prakiraan_maju": "180.000.000",
        "keterangan": "",
    }
    data.update(overrides)
    return data


def test_the_planner_enters_the_plan_on_the_form_and_the_audit_log_keeps_it(client, cast, renja):
    sub = _sub(renja)
    client.force_login(cast.perencana)
    url = reverse("planning:sub_kegiatan_edit", args=[sub.pk])
    form = client.get(url, **HX).content.decode()
    assert "Anggaran kas TW I" in form and "kosongkan keempatnya: pagu dibagi rata" in form

    bad = client.post(url, _payload(cast, anggaran_kas_tw1="50.000.000"), **HX)
    assert bad.status_code == 422
    assert bad.content.decode().count("Isi juga anggaran kas triwulan ini") == 3

    plan = dict(
        zip(ANGGARAN_KAS_FIELDS, ("50.000.000", "50.000.000", "50.000.000", "25.500.000"), strict=True)
    )
    assert client.post(url, _payload(cast, **plan), **HX).status_code == 200
    sub.refresh_from_db()
    assert sub.anggaran_kas == [Decimal(v) for v in PLAN]
    entry = (
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(sub), object_pk=str(sub.pk))
        .order_by("id")
        .last()
    )
    assert entry.action == LogEntry.Action.UPDATE
    assert set(entry.changes) == set(ANGGARAN_KAS_FIELDS)


def test_the_api_reads_and_writes_the_plan_with_the_same_rule(client, cast, renja):
    sub = _sub(renja)
    client.force_login(cast.perencana)
    url = reverse("sub-kegiatan-detail", args=[sub.pk])
    assert client.get(url).json()["anggaran_kas_tw1"] is None
    bad = client.patch(
        url,
        dict(zip(ANGGARAN_KAS_FIELDS, ("1", "1", "1", "1"), strict=True)),
        content_type="application/json",
    )
    assert bad.status_code == 400 and "tidak sama dengan pagu" in bad.json()["anggaran_kas_tw4"][0]
    good = client.patch(
        url, dict(zip(ANGGARAN_KAS_FIELDS, PLAN, strict=True)), content_type="application/json"
    )
    assert good.status_code == 200 and good.json()["anggaran_kas_tw4"] == "25500000.00"
    client.force_login(cast.pimpinan)  # a reader may not change it
    assert client.patch(url, {"anggaran_kas_tw1": None}, content_type="application/json").status_code == 403


def test_the_renja_spreadsheet_carries_the_four_columns(client, cast, renja):
    sub = _sub(renja)
    _set(sub, PLAN)
    sub.save()
    client.force_login(cast.perencana)
    ws = load_workbook(io.BytesIO(client.get(reverse("planning:renja_xlsx", args=[renja.pk])).content)).active
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == "Kode")
    headings = list(rows[start])
    assert headings[-4:] == [f"Anggaran Kas TW {n} (Rp)" for n in ("I", "II", "III", "IV")]
    by_kode = {row[0]: row for row in rows[start + 1 :] if row[0]}
    assert [Decimal(str(v)) for v in by_kode[A1][-4:]] == [Decimal(v) for v in PLAN]
    assert by_kode["5.05.02.2.03.0002"][-4:] == (None, None, None, None)  # blank: spread evenly
