"""The E.81 evaluation rows through the API, scoped like the page: GET
/api/monitoring/evaluasi/{renja_id}/?tw=2 gives the rows, the footer and whether any
figure is still unapproved, computed by the same code as the page and the exports; &bidang=
narrows it to one Unit Kerja among those the user may choose, as on the page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from selaras.accounts.scoping import get_for_user
from selaras.core.params import id_param
from selaras.monitoring.dashboard import bidang_choices
from selaras.monitoring.evaluation import build_evaluation
from selaras.monitoring.quarters import chosen_quarter
from selaras.planning.api import ScopedViewSetMixin
from selaras.planning.models import Renja

DECIMAL = {"max_digits": 20, "decimal_places": 2, "allow_null": True}


class E81RowSerializer(serializers.Serializer):
    level = serializers.CharField()
    no = serializers.CharField()
    sasaran = serializers.CharField()
    kode = serializers.CharField()
    uraian = serializers.CharField()
    indikator = serializers.CharField()
    satuan = serializers.CharField()
    k5 = serializers.DecimalField(**DECIMAL)
    k5_atas = serializers.DecimalField(**DECIMAL)
    rp5 = serializers.DecimalField(**DECIMAL)
    k6 = serializers.DecimalField(**DECIMAL)
    rp6 = serializers.DecimalField(**DECIMAL)
    k7 = serializers.DecimalField(**DECIMAL)
    k7_atas = serializers.DecimalField(**DECIMAL)
    rp7 = serializers.DecimalField(**DECIMAL)
    k_tw = serializers.ListField(child=serializers.DecimalField(**DECIMAL), help_text="Kolom 8-11 (K)")
    rp_tw = serializers.ListField(child=serializers.DecimalField(**DECIMAL), help_text="Kolom 8-11 (Rp)")
    pending_tw = serializers.ListField(
        child=serializers.BooleanField(), help_text="Belum disetujui per triwulan"
    )
    k12 = serializers.DecimalField(**DECIMAL)
    rp12 = serializers.DecimalField(**DECIMAL)
    pending_12 = serializers.BooleanField()
    k13 = serializers.DecimalField(**DECIMAL)
    rp13 = serializers.DecimalField(**DECIMAL)
    k14 = serializers.DecimalField(**DECIMAL)
    rp14 = serializers.DecimalField(**DECIMAL)
    unit = serializers.CharField()
    capaian_k = serializers.DecimalField(**DECIMAL)
    capaian_rp = serializers.DecimalField(**DECIMAL)
    predikat = serializers.CharField()
    records_url = serializers.CharField(help_text="Untuk indikator otomatis: tautan catatan di baliknya")


class E81FooterSerializer(serializers.Serializer):
    rata_rata_kinerja = serializers.DecimalField(**DECIMAL)
    predikat_kinerja = serializers.CharField()
    rata_rata_anggaran = serializers.DecimalField(**DECIMAL)
    faktor_pendorong = serializers.ListField(child=serializers.CharField())
    faktor_penghambat = serializers.ListField(child=serializers.CharField())
    tindak_lanjut = serializers.ListField(
        child=serializers.CharField(), help_text="Tindak lanjut yang diperlukan dalam triwulan berikutnya"
    )
    tindak_lanjut_renja = serializers.ListField(
        child=serializers.CharField(),
        help_text="Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya",
    )


class EvaluationSerializer(serializers.Serializer):
    renja = serializers.IntegerField(source="renja.pk")
    triwulan = serializers.IntegerField(source="up_to")
    periode = serializers.CharField()
    pending = serializers.BooleanField(help_text="Ada angka yang belum disetujui")
    notes = serializers.ListField(child=serializers.CharField())
    rows = E81RowSerializer(many=True)
    footer = E81FooterSerializer()


class EvaluationViewSet(ScopedViewSetMixin, viewsets.ViewSet):
    """Evaluasi Renja (Formulir E.81) sampai triwulan `tw`: baris program, kegiatan, sub kegiatan
    dan indikator dengan kolom 1-15 (K dan Rp), capaian dan predikat tahun berjalan, serta
    baris penutup. Renja milik Perangkat Daerah lain menjawab 404."""

    queryset = Renja.objects.none()  # only types the path for the schema; reads go through get_for_user

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "triwulan", int, description="Triwulan 1-4; bawaan: triwulan terakhir yang sudah berakhir"
            ),
            OpenApiParameter("tw", int, description="Nama lama parameter triwulan"),
            OpenApiParameter(
                "bidang",
                int,
                description="Id unit kerja (bidang): hanya sub kegiatan bidang itu. Pengguna tingkat bidang "
                "hanya dapat memilih bidangnya sendiri; id lain diabaikan.",
            ),
        ],
        responses=EvaluationSerializer,
    )
    def retrieve(self, request: Request, pk: Any = None, format: str | None = None) -> Response:
        renja = get_for_user(Renja.objects.select_related("perangkat_daerah", "pemda"), request.user, pk=pk)
        up_to = chosen_quarter(request, renja)
        chosen = id_param(request, "bidang")
        choices = bidang_choices(renja, request.user) if chosen else []
        unit = next((u for u in choices if u.pk == chosen), None)
        return Response(EvaluationSerializer(build_evaluation(renja, request.user, up_to, unit)).data)
