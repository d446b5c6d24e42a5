"""The history tab reads like the forms: Ya/Tidak for yes/no fields and the labels of
choices (also of choices registered at run time), never True/False or internal keys."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from selaras.core.history import changes
from selaras.monitoring.sources import REGISTRY
from selaras.planning.models import Indikator

pytestmark = pytest.mark.django_db


def test_history_shows_ya_tidak_and_choice_labels(client, cast, renja):
    ind = Indikator.objects.filter(renja=renja).first()
    ind.per_kecamatan, ind.sumber_otomatis, ind.polaritas = True, "umkm_didampingi", "turun"
    ind.save()
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Indikator), object_pk=str(ind.pk), action=1
    ).latest("id")
    shown = {field: (before, after) for field, before, after in changes(entry)}
    assert shown["dipilah per kecamatan"] == ("Tidak", "Ya")
    assert shown["sumber realisasi otomatis"] == ("", REGISTRY["umkm_didampingi"].label)
    assert shown["polaritas"][1] != "turun"

    client.force_login(cast.perencana)
    html = client.get(reverse("planning:renja_history", args=[renja.pk])).content.decode()
    assert REGISTRY["umkm_didampingi"].label in html and "umkm_didampingi" not in html
    assert "True" not in html and "False" not in html
