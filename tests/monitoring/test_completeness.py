from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from selaras.accounts.models import Role
from selaras.monitoring import entry, events
from selaras.monitoring.completeness import completeness
from selaras.monitoring.factories import noted
from selaras.monitoring.models import TenggatTriwulan
from selaras.planning.models import Indikator

pytestmark = pytest.mark.django_db


def test_who_has_not_reported_with_completeness_and_timeliness(cast, renja):
    TenggatTriwulan.objects.create(pemda=cast.pemda, tahun=2026, triwulan=1, batas=dt.date(2026, 4, 10))
    first = (
        Indikator.objects.filter(renja=renja, sub_kegiatan__unit_kerja=cast.bidang_a).order_by("id").first()
    )
    entry.save_realisasi(first, 1, Decimal(1), "", 0, cast.operator_a)
    events.ajukan(noted(events.laporan_for(renja, cast.bidang_a.pk, 1)), cast.operator_a)
    rows, deadline = completeness(renja, cast.perencana, 1, today=dt.date(2026, 4, 15))
    by_unit = {r.unit.singkatan: r for r in rows}
    a, b = by_unit["EKBANG"], by_unit["INTEK"]
    assert (a.status, a.indikator, a.terisi, a.kelengkapan) == ("diajukan", 2, 1, Decimal("50.00"))
    # submitted today (the test's clock), after the 10 April deadline
    late = (dt.date.today() - dt.date(2026, 4, 10)).days
    assert a.ketepatan == (f"Terlambat {late} hari" if late > 0 else "Tepat waktu")
    assert (b.status, b.terisi, b.ketepatan) == ("draft", 0, "Belum diajukan, lewat 5 hari")
    assert deadline.batas == dt.date(2026, 4, 10)


def test_completeness_page_per_persona(client, cast, renja):
    url = reverse("monitoring:completeness", args=[renja.pk])
    client.force_login(cast.pimpinan)
    html = client.get(url, {"tw": 2}).content.decode()
    assert "Triwulan II 2026" in html and "Bidang Inovasi dan Teknologi" in html
    assert "Batas waktu pelaporan Triwulan II 2026 belum ditetapkan" in html
    client.force_login(cast.operator_b)
    html = client.get(url).content.decode()
    assert "Bidang Inovasi dan Teknologi" in html and "Bidang Ekonomi dan Pembangunan" not in html
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_only_the_administrator_sets_deadlines_and_they_must_follow_the_quarter(client, cast):
    client.force_login(cast.perencana)
    assert client.get(reverse("monitoring:deadlines")).status_code == 403
    cast.perencana.role = Role.ADMIN
    cast.perencana.save()
    data = {
        "tahun": "2026",
        "tw1": "2026-04-10",
        "tw2": "2026-07-10",
        "tw3": "2026-10-10",
        "tw4": "2027-01-10",
    }
    bad = client.post(reverse("monitoring:deadlines"), {**data, "tw2": "2026-06-30"})
    assert bad.status_code == 422
    assert "Batas waktu Triwulan II harus setelah triwulan berakhir (30 Juni 2026)" in bad.content.decode()
    assert not TenggatTriwulan.objects.exists()
    assert client.post(reverse("monitoring:deadlines"), data).status_code == 302
    assert TenggatTriwulan.objects.get(tahun=2026, triwulan=4).batas == dt.date(2027, 1, 10)


def test_saved_deadlines_come_back_in_the_date_inputs(client, cast):
    cast.perencana.role = Role.ADMIN
    cast.perencana.save()
    client.force_login(cast.perencana)
    days = ("2026-04-10", "2026-07-10", "2026-10-10", "2027-01-10")
    data = {"tahun": "2026", **{f"tw{q}": day for q, day in enumerate(days, start=1)}}
    assert client.post(reverse("monitoring:deadlines"), data).status_code == 302
    page = client.get(reverse("monitoring:deadlines"), {"tahun": 2026}).content.decode()
    for day in days:
        assert f'value="{day}"' in page
