"""What the monitoring API reads and writes: realisation rows, reports and their events.

Rows are read with ModelSerializers. They are written only through the domain
(monitoring/entry.py and monitoring/events.py), so the write serializers are plain
Serializers that check the shape of the payload and hand it over. The domain decides the
rest: who may enter, whether the quarter is locked, the version check, negative values,
percentages over 100 and budgets over the pagu. The row a payload names (an indikator, a
sub kegiatan, a Renja) is looked up only among the rows the user may see, so a hidden id is
answered like an id that does not exist, as in the planning API.

The docstrings of the concrete serializers are the schema's descriptions at /api/docs/, so
they are in Bahasa Indonesia.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from selaras.monitoring import entry, events
from selaras.monitoring.models import (
    NARASI,
    QUARTERS,
    Laporan,
    LaporanEvent,
    Realisasi,
    RealisasiSubKegiatan,
)
from selaras.organisations.models import UnitKerja
from selaras.planning.models import Indikator, Renja, SubKegiatan
from selaras.planning.serializers import DecimalField, PlanSerializer, ReferableIdField

MONEY = {"max_digits": 18, "decimal_places": 2}
VERSI_HELP = (
    "Versi baris yang terakhir Anda lihat (0 untuk baris yang belum ada). Bila orang lain sudah "
    "menyimpan versi yang lebih baru, isian ditolak 409 beserta baris terkini."
)


class TextField(serializers.CharField):
    default_error_messages = {"invalid": "Harus berupa teks."}


class ErrorSerializer(serializers.Serializer):
    """Pesan penolakan dalam Bahasa Indonesia."""

    detail = serializers.CharField(read_only=True)


class LaporanStatusField(serializers.ChoiceField):
    """A report's status; the report's own and those of its events are one enum in the schema."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Laporan.Status.choices, **kwargs)


class LaporanStatusFieldExtension(OpenApiSerializerFieldExtension):
    # drf-spectacular would name this choice set once per field (status, dari_status,
    # ke_status) and collide with the Renja's `status`; one named component avoids both.
    target_class = LaporanStatusField

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        component = ResolvedComponent(
            name="StatusLaporanEnum",
            type=ResolvedComponent.SCHEMA,
            object="StatusLaporanEnum",
            schema={
                "type": "string",
                "enum": list(Laporan.Status.values),
                "description": "\n".join(f"* `{value}` - {label}" for value, label in Laporan.Status.choices),
            },
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


# --- Reading -------------------------------------------------------------------------------


class RealisasiSerializer(serializers.ModelSerializer):
    """Realisasi kinerja (K) satu indikator pada satu triwulan, dalam satuan indikatornya.
    `versi` naik setiap kali baris disimpan; `diubah_oleh` adalah nama pengguna penyimpan
    terakhir."""

    diubah_oleh = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Realisasi
        fields = [
            "id",
            "pemda",
            "renja",
            "indikator",
            "unit_kerja",
            "triwulan",
            "nilai",
            "catatan",
            "versi",
            "diubah_oleh",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RealisasiSubKegiatanSerializer(serializers.ModelSerializer):
    """Realisasi anggaran (Rp) satu sub kegiatan pada satu triwulan, dengan faktor pendorong,
    faktor penghambat, tindak lanjut dalam triwulan berikutnya dan tindak lanjut dalam Renja
    berikutnya yang ditulis pada triwulan itu."""

    diubah_oleh = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = RealisasiSubKegiatan
        fields = [
            "id",
            "pemda",
            "renja",
            "sub_kegiatan",
            "unit_kerja",
            "triwulan",
            "anggaran",
            "faktor_pendorong",
            "faktor_penghambat",
            "tindak_lanjut",
            "tindak_lanjut_renja",
            "versi",
            "diubah_oleh",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LaporanEventSerializer(serializers.ModelSerializer):
    """Satu langkah laporan: apa, dari status apa ke status apa, oleh siapa (nama pengguna),
    kapan dan mengapa."""

    oleh = serializers.SlugRelatedField(slug_field="username", read_only=True)
    dari_status = LaporanStatusField(read_only=True)
    ke_status = LaporanStatusField(read_only=True)

    class Meta:
        model = LaporanEvent
        fields = ["jenis", "dari_status", "ke_status", "oleh", "pada", "alasan"]
        read_only_fields = fields


class LaporanSerializer(serializers.ModelSerializer):
    """Laporan realisasi triwulan satu unit kerja dalam satu Renja, dengan riwayat langkahnya
    (diajukan, dikembalikan, diverifikasi, disetujui, dibuka kembali)."""

    status = LaporanStatusField(read_only=True)
    events = LaporanEventSerializer(many=True, read_only=True)

    class Meta:
        model = Laporan
        fields = [
            "id",
            "pemda",
            "renja",
            "unit_kerja",
            "triwulan",
            "status",
            "diajukan_pada",
            "events",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RealisasiConflictSerializer(serializers.Serializer):
    """Isian ditolak karena triwulan terkunci atau karena orang lain sudah menyimpan versi yang
    lebih baru; `terkini` memuat baris yang tersimpan (null bila belum ada)."""

    detail = serializers.CharField(read_only=True)
    terkini = RealisasiSerializer(read_only=True, allow_null=True)


class RealisasiSubKegiatanConflictSerializer(serializers.Serializer):
    """Isian ditolak karena triwulan terkunci atau karena orang lain sudah menyimpan versi yang
    lebih baru; `terkini` memuat baris yang tersimpan (null bila belum ada)."""

    detail = serializers.CharField(read_only=True)
    terkini = RealisasiSubKegiatanSerializer(read_only=True, allow_null=True)


# --- Writing realisation: the payload, checked for shape, handed to monitoring/entry.py ----


class EntrySerializer(serializers.Serializer):
    """Base of the realisation payloads: one row of one quarter, saved by the domain."""

    default_error_messages = PlanSerializer.default_error_messages

    # The payload key of the plan row the realisation belongs to.
    parent_field: ClassVar[str]
    # Each payload says who may fill its row in and saves it through monitoring/entry.py.
    may_enter: Callable[[Any, Any], bool]
    save_entry: Callable[[Any], models.Model]

    triwulan = serializers.ChoiceField(choices=QUARTERS)
    versi = serializers.IntegerField(min_value=0, help_text=VERSI_HELP)

    def parent_from_input(self) -> models.Model | None:
        """The plan row the payload names, checked before the rest so that a user who may
        not enter it gets 403 whatever else is wrong; 400 if it is unknown or hidden, None
        if it is missing (the full validation then says so)."""
        if not isinstance(self.initial_data, Mapping):
            return None
        raw = self.initial_data.get(self.parent_field)
        if raw in (None, ""):
            return None
        try:
            return self.fields[self.parent_field].run_validation(raw)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({self.parent_field: exc.detail}) from None

    def row_lookup(self) -> dict[str, Any]:
        """How to find the stored row of this payload (to show it after a version conflict)."""
        data = self.validated_data
        return {self.parent_field: data[self.parent_field], "triwulan": data["triwulan"]}


class RealisasiEntrySerializer(EntrySerializer):
    """Isian realisasi kinerja satu indikator pada satu triwulan. Baris dibuat bila belum ada
    (`versi` 0) atau diganti seluruhnya (`versi` = versi terakhir yang Anda lihat)."""

    parent_field = "indikator"

    indikator = ReferableIdField(queryset=Indikator.objects.all(), help_text="Id indikator.")
    nilai = DecimalField(
        **MONEY,
        allow_null=True,
        help_text="Realisasi dalam satuan indikator; null untuk mengosongkan. Tidak boleh negatif, "
        "dan tidak lebih dari 100 untuk satuan persen.",
    )
    catatan = TextField(max_length=500, allow_blank=True, default="")

    def may_enter(self, parent: Indikator, user: Any) -> bool:
        unit_id = parent.sub_kegiatan.unit_kerja_id if parent.sub_kegiatan_id else None
        return entry.may_enter(user, parent.renja, unit_id)

    def save_entry(self, user: Any) -> Realisasi:
        data = self.validated_data
        return entry.save_realisasi(
            data["indikator"], data["triwulan"], data["nilai"], data["catatan"], data["versi"], user
        )


class RealisasiSubKegiatanEntrySerializer(EntrySerializer):
    """Isian realisasi anggaran dan narasi satu sub kegiatan pada satu triwulan. Baris dibuat
    bila belum ada (`versi` 0) atau diganti seluruhnya: narasi yang tidak dikirim dikosongkan."""

    parent_field = "sub_kegiatan"

    sub_kegiatan = ReferableIdField(queryset=SubKegiatan.objects.all(), help_text="Id sub kegiatan.")
    anggaran = DecimalField(
        **MONEY,
        allow_null=True,
        help_text="Realisasi anggaran triwulan ini (Rp); null untuk mengosongkan. Jumlah seluruh "
        "triwulan tidak boleh melebihi pagu.",
    )
    faktor_pendorong = TextField(allow_blank=True, default="")
    faktor_penghambat = TextField(allow_blank=True, default="")
    tindak_lanjut = TextField(
        allow_blank=True, default="", help_text="Tindak lanjut yang diperlukan dalam triwulan berikutnya."
    )
    tindak_lanjut_renja = TextField(
        allow_blank=True,
        default="",
        help_text="Tindak lanjut yang diperlukan dalam Renja Perangkat Daerah berikutnya.",
    )

    def may_enter(self, parent: SubKegiatan, user: Any) -> bool:
        return entry.may_enter(user, parent.renja, parent.unit_kerja_id)

    def save_entry(self, user: Any) -> RealisasiSubKegiatan:
        data = self.validated_data
        narasi = {key: data[key] for key in NARASI}
        return entry.save_realisasi_sub(
            data["sub_kegiatan"], data["triwulan"], data["anggaran"], narasi, data["versi"], user
        )


# --- Writing reports ------------------------------------------------------------------------


class LaporanBaruSerializer(serializers.Serializer):
    """Laporan yang diminta: Renja, unit kerja dan triwulan. Laporan dibuat (berstatus draf) bila
    belum ada; bila sudah ada, laporan itu yang dikembalikan."""

    default_error_messages = PlanSerializer.default_error_messages

    renja = ReferableIdField(queryset=Renja.objects.all(), help_text="Id Renja.")
    unit_kerja = ReferableIdField(queryset=UnitKerja.objects.all(), help_text="Id unit kerja (bidang/UPT).")
    triwulan = serializers.ChoiceField(choices=QUARTERS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        renja: Renja = attrs["renja"]
        unit: UnitKerja = attrs["unit_kerja"]
        if not SubKegiatan.objects.filter(renja=renja, unit_kerja=unit).exists():
            raise serializers.ValidationError(
                {"unit_kerja": [f"{unit} tidak bertanggung jawab atas sub kegiatan mana pun di {renja}."]}
            )
        return attrs

    def candidate(self) -> Laporan:
        """The report as it would be (unsaved), for events.may_report."""
        data = self.validated_data
        renja: Renja = data["renja"]
        return Laporan(
            pemda_id=renja.pemda_id, renja=renja, unit_kerja=data["unit_kerja"], triwulan=data["triwulan"]
        )

    def get_or_create(self) -> tuple[Laporan, bool]:
        data = self.validated_data
        lookup = {"renja": data["renja"], "unit_kerja": data["unit_kerja"], "triwulan": data["triwulan"]}
        existed = Laporan.objects.filter(**lookup).exists()
        laporan = events.laporan_for(data["renja"], data["unit_kerja"].pk, data["triwulan"])
        return laporan, not existed


class AlasanSerializer(serializers.Serializer):
    """Alasan langkah ini (wajib untuk mengembalikan dan membuka kembali laporan)."""

    default_error_messages = PlanSerializer.default_error_messages

    alasan = TextField(allow_blank=True, default="", trim_whitespace=True)
