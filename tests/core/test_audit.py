"""The change log records every change to the data people rely on, and only real changes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from selaras.core.history import history_rows
from selaras.planning.models import Indikator, SubKegiatan
from selaras.reference.models import IsuStrategis
from selaras.technopark.models import FotoAktivitas

pytestmark = pytest.mark.django_db


def entries_of(obj) -> list[LogEntry]:  # noqa: ANN001
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        ).order_by("id")
    )


def test_saving_the_same_numbers_in_another_form_records_no_change(cast, renja):
    sub = SubKegiatan.objects.filter(renja=renja).first()
    ind = Indikator.objects.filter(sub_kegiatan=sub).first()
    before = len(entries_of(sub)), len(entries_of(ind))

    sub.pagu = Decimal(str(int(sub.pagu)))  # Decimal("175500000") for the stored "175500000.00"
    sub.save()
    ind.target = str(ind.target)  # a string, as an API payload gives it
    ind.save()

    assert (len(entries_of(sub)), len(entries_of(ind))) == before


def test_a_real_change_is_recorded_once_with_its_numbers(cast, renja):
    sub = SubKegiatan.objects.filter(renja=renja).first()
    sub.pagu = Decimal("180000000")
    sub.save()
    last = entries_of(sub)[-1]
    assert last.action == LogEntry.Action.UPDATE
    assert list(last.changes) == ["pagu"]
    rows = history_rows([last])
    assert rows[0]["changes"] == [("pagu", "175.500.000", "180.000.000")]


def test_strategic_issue_edits_are_recorded_with_their_actor(client, cast):
    client.force_login(cast.perencana)
    client.post(reverse("reference:isu_list"), {"nama": "Stunting", "keterangan": "Gizi anak"})
    isu = IsuStrategis.objects.get(pemda=cast.pemda, nama="Stunting")
    edit = {"nama": "Stunting", "keterangan": "Gizi balita"}
    client.post(reverse("reference:isu_edit", args=[isu.pk]), edit)
    client.post(reverse("reference:isu_delete", args=[isu.pk]))

    log = entries_of(isu)
    assert [e.action for e in log] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]
    assert log[1].changes["keterangan"] == ["Gizi anak", "Gizi balita"]
    assert {e.actor_id for e in log} == {cast.perencana.pk}


def test_activity_photos_are_registered_for_the_change_log():
    assert auditlog.contains(FotoAktivitas) and auditlog.contains(IsuStrategis)
