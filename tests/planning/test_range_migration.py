"""The migration that turned the range from a polarity into a form of target."""

from __future__ import annotations

import importlib
from decimal import Decimal

from auditlog.models import LogEntry
from django.apps import apps

from selaras.demo.lampung_tengah import build_renstra
from selaras.lib.capaian import capaian
from selaras.planning.models import Indikator, RenstraIndikator

migration = importlib.import_module("selaras.planning.migrations.0005_target_range_form")


def test_rentang_indicators_become_stabil_keeping_their_range_and_history(cast, renja):
    # given a Renja indicator and a Renstra indicator saved with the old polarity "rentang"
    ind = Indikator.objects.filter(renja=renja).first()
    ind.target, ind.target_atas = Decimal(60), Decimal(80)
    ind.save()
    Indikator.objects.filter(pk=ind.pk).update(polaritas="rentang")
    naik = Indikator.objects.filter(renja=renja).exclude(pk=ind.pk).first()
    renstra_ind = RenstraIndikator.objects.filter(renstra=build_renstra(cast.pemda, cast.balitbangda)).first()
    renstra_ind.targets.update(target=Decimal(1), target_atas=Decimal(2))
    RenstraIndikator.objects.filter(pk=renstra_ind.pk).update(polaritas="rentang")
    history = list(LogEntry.objects.order_by("pk").values_list("pk", "changes"))

    # when the data migration runs
    migration.rentang_to_stabil(apps, None)

    # then both are stabil with the same bounds, others are untouched, the audit history is unchanged
    ind.refresh_from_db()
    assert (ind.polaritas, ind.target, ind.target_atas) == ("stabil", Decimal(60), Decimal(80))
    assert Indikator.objects.get(pk=naik.pk).polaritas == naik.polaritas
    renstra_ind.refresh_from_db()
    assert renstra_ind.polaritas == "stabil"
    assert set(renstra_ind.targets.values_list("target", "target_atas")) == {(Decimal(1), Decimal(2))}
    assert list(LogEntry.objects.order_by("pk").values_list("pk", "changes")) == history
    # and it scores as the old rentang did: overshooting a stay-inside range is a miss
    assert capaian(Decimal(90), ind.target, ind.polaritas, ind.target_atas) == Decimal("87.5")


def test_the_migration_can_be_reversed(cast, renja):
    ind = Indikator.objects.filter(renja=renja).first()
    Indikator.objects.filter(pk=ind.pk).update(polaritas="stabil", target_atas=ind.target + 1)
    migration.stabil_to_rentang(apps, None)
    ind.refresh_from_db()
    assert ind.polaritas == "rentang"
