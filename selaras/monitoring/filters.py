"""FilterSets of the monitoring lists (realisation and reports), shared by the API and the
exports to come. As in planning, an id filter looks its value up among the rows the user
may name, so a filter on another agency's Renja is refused like an unknown id."""

from __future__ import annotations

import django_filters

from selaras.monitoring.models import Laporan, Realisasi, RealisasiSubKegiatan
from selaras.organisations.models import UnitKerja
from selaras.planning.filters import id_filter
from selaras.planning.models import Indikator, Renja, SubKegiatan


class RealisasiFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")
    indikator = id_filter(Indikator, "Indikator")
    unit_kerja = id_filter(UnitKerja, "Unit kerja (bidang)")

    class Meta:
        model = Realisasi
        fields = ["renja", "indikator", "triwulan", "unit_kerja"]


class RealisasiSubKegiatanFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")
    sub_kegiatan = id_filter(SubKegiatan, "Sub kegiatan")
    unit_kerja = id_filter(UnitKerja, "Unit kerja (bidang)")

    class Meta:
        model = RealisasiSubKegiatan
        fields = ["renja", "sub_kegiatan", "triwulan", "unit_kerja"]


class LaporanFilterSet(django_filters.FilterSet):
    renja = id_filter(Renja, "Renja")
    unit_kerja = id_filter(UnitKerja, "Unit kerja (bidang)")

    class Meta:
        model = Laporan
        fields = ["renja", "triwulan", "unit_kerja", "status"]
