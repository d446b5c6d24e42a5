"""The Lampung Tengah demo fills every context and can run twice."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from selaras.accounts.models import User
from selaras.monitoring.figures import load_figures
from selaras.monitoring.models import Laporan, Realisasi
from selaras.planning.models import Renja, Renstra
from selaras.technopark.models import UMKM, Aktivitas

pytestmark = pytest.mark.django_db


def test_demo_loads_plans_users_and_three_quarters_in_mixed_states():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=io.StringIO())  # idempotent
    assert "kata sandi untuk semua: selaras-demo" in out.getvalue()
    renja = Renja.objects.get(perangkat_daerah__singkatan="BALITBANGDA", tahun=2026)
    assert renja.data_contoh and renja.sub_kegiatan.count() == 20
    assert Renstra.objects.get(perangkat_daerah__singkatan="BALITBANGDA").tahun_awal == 2025
    assert {u.role for u in User.objects.all()} >= {
        "admin",
        "perencana",
        "operator",
        "kepala_bidang",
        "pimpinan",
        "pendamping",
        "verifikator",
    }
    states = set(Laporan.objects.filter(renja=renja, triwulan=2).values_list("status", flat=True))
    assert states == {"draft", "diajukan", "diverifikasi", "disetujui"}
    assert set(Laporan.objects.filter(renja=renja, triwulan=1).values_list("status", flat=True)) == {
        "disetujui"
    }
    assert Realisasi.objects.filter(renja=renja, triwulan=3).exists()
    assert not Realisasi.objects.filter(renja=renja, triwulan=4).exists()
    assert UMKM.objects.filter(data_contoh=True).count() == 450
    assert UMKM.objects.values("kecamatan").distinct().count() == 28
    assert Aktivitas.objects.filter(tanggal__year=2026).count() == 60
    perencana = User.objects.get(username="perencana")
    automatic = [i for i in load_figures(renja, perencana, up_to=4).all_indikator() if i.automatic]
    assert len(automatic) == 2 and all(i.realisasi for i in automatic)
    predicates = {i.predikat for i in load_figures(renja, perencana, up_to=3).all_indikator() if i.predikat}
    assert len(predicates) >= 3  # the units keep different paces
