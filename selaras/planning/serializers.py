"""What the planning API reads and writes: one serializer per plan object.

Writes reuse the model's own rules: each serializer builds the instance from the payload,
calls full_clean() and turns Django's ValidationError into a 400 keyed by field, with the
model's Indonesian messages. Related ids are looked up only among the rows the user may
refer to (filters.referable), so an id from another agency's plan is answered exactly
like an id that does not exist. `pemda` and the parent rows the payload does not name
(the kegiatan of a sub kegiatan, the Renja of an indikator) come from the parent, never
from the payload.

The docstrings of the concrete serializers are the schema's descriptions at /api/docs/,
read by the agency's integrators, so they are in Bahasa Indonesia.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MinValueValidator
from django.db import models
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from selaras.core.api import NON_FIELD, validation_errors
from selaras.core.params import MAX_ID, parse_id
from selaras.planning.filters import referable
from selaras.planning.models import (
    POLARITAS_TIDAK_DIKENAL,
    Indikator,
    Kegiatan,
    Program,
    Renja,
    Renstra,
    SubKegiatan,
)
from selaras.reference.codes import parse_code
from selaras.reference.models import Nomenklatur

WRITE_ONCE = "Tidak dapat diubah setelah data dibuat; hapus lalu tambahkan kembali."

# --- Fields with the Indonesian messages DRF's own translation lacks ------------------


class DecimalField(serializers.DecimalField):
    default_error_messages = {"invalid": "Harus berupa angka, misalnya 1250000.50."}


class BooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Harus bernilai true atau false."}


class ManyIdsField(serializers.ManyRelatedField):
    default_error_messages = {"not_a_list": 'Harus berupa daftar id, bukan "{input_type}".'}


class ReferableIdField(serializers.PrimaryKeyRelatedField):
    """An id looked up among the rows the requesting user may refer to."""

    default_error_messages = {
        "does_not_exist": 'Data dengan id "{pk_value}" tidak ditemukan.',
        "incorrect_type": "Harus berupa id (bilangan bulat), bukan {data_type}.",
        "invalid_id": "Harus berupa id: bilangan bulat positif, bukan {value!r}.",
    }

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> ManyIdsField:
        list_kwargs: dict[str, Any] = {"child_relation": cls(*args, **kwargs)}
        for key in kwargs:
            if key in MANY_RELATION_KWARGS:
                list_kwargs[key] = kwargs[key]
        return ManyIdsField(**list_kwargs)

    def to_internal_value(self, data: Any) -> Any:
        # 1e400, true or an integer beyond 64 bits is no id: a 400, not an overflow (0 and
        # negatives fit the database and are answered as ids that do not exist)
        pk = parse_id(data, minimum=-MAX_ID)
        if pk is None:
            self.fail("invalid_id", value=str(data)[:30])
        return super().to_internal_value(pk)

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = super().get_queryset()
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        return referable(queryset, request.user)


class NomenklaturKodeField(serializers.SlugRelatedField):
    """A nomenclature row named by its code; the older two-digit form is accepted."""

    default_error_messages = {
        "does_not_exist": "Kode {value} tidak ada dalam nomenklatur.",
        "invalid": "Kode nomenklatur tidak valid.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(slug_field="kode", queryset=Nomenklatur.objects.all(), **kwargs)

    def to_internal_value(self, data: Any) -> Nomenklatur:
        try:
            kode = parse_code(str(data)).full
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return super().to_internal_value(kode)


# --- The base: full_clean on write, write-once parents ---------------------------------


class PlanSerializer(serializers.ModelSerializer):
    """Base of the plan serializers: related ids scoped to the user, model rules on write."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DecimalField: DecimalField,
        models.BooleanField: BooleanField,
    }
    serializer_related_field = ReferableIdField
    default_error_messages = {"invalid": "Data harus berupa objek JSON, bukan {datatype}."}

    # The rows the payload names as parents; the view checks that the user may edit them
    # before anything else is validated.
    parent_fields: ClassVar[tuple[str, ...]] = ()
    # Model fields that place the row in the plan: set on create, refused on update.
    write_once: ClassVar[tuple[str, ...]] = ()

    def build_standard_field(self, field_name: str, model_field: models.Field) -> tuple[type, dict[str, Any]]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        # DRF turns the model's MinValueValidator into `min_value`; keep the model's message
        # ("Nilai tidak boleh negatif.") instead of DRF's generic one.
        for validator in model_field.validators:
            if isinstance(validator, MinValueValidator) and "min_value" in kwargs:
                kwargs["error_messages"] = {
                    **kwargs.get("error_messages", {}),
                    "min_value": validator.message,
                }
        return field_class, kwargs

    def parents_from_input(self) -> list[models.Model]:
        """The parent rows named in a create payload (400 if unknown or hidden)."""
        if not isinstance(self.initial_data, Mapping):
            return []
        parents: list[models.Model] = []
        errors: dict[str, Any] = {}
        for name in self.parent_fields:
            raw = self.initial_data.get(name)
            if raw in (None, ""):
                continue
            try:
                parents.append(self.fields[name].run_validation(raw))
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return parents

    def api_name(self, model_field: str) -> str:
        """The payload key under which an error about a model field is reported."""
        return model_field

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        self.refuse_changed_parents(attrs)
        attrs = self.validate_plan(attrs)
        self.full_clean(attrs)
        return attrs

    def validate_plan(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Derive what the payload does not give (pemda, parents) and check it; per model."""
        return attrs

    def refuse_changed_parents(self, attrs: dict[str, Any]) -> None:
        if self.instance is None:
            return
        errors = {}
        for name in self.write_once:
            if name in attrs:
                given = getattr(attrs[name], "pk", attrs[name])
                if given != getattr(self.instance, f"{name}_id"):
                    errors[self.api_name(name)] = [WRITE_ONCE]
        if errors:
            raise serializers.ValidationError(errors)

    def full_clean(self, attrs: dict[str, Any]) -> None:
        """Run the model's own validation on the instance as it would be saved."""
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many = {f.name for f in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many:
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(self.drf_errors(exc)) from None

    def drf_errors(self, exc: DjangoValidationError) -> dict[str, list[str]]:
        return validation_errors(exc, self.api_name)


# --- Renja and Renstra -------------------------------------------------------------------


class RenjaSerializer(PlanSerializer):
    """Renja Perangkat Daerah. Renja baru dibuat untuk Perangkat Daerah pengguna yang membuatnya."""

    alasan = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Alasan perubahan status; wajib untuk mengubah Renja Final menjadi Perubahan.",
    )

    class Meta:
        model = Renja
        fields = [
            "id",
            "pemda",
            "perangkat_daerah",
            "tahun",
            "status",
            "renstra",
            "disalin_dari",
            "data_contoh",
            "alasan",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["pemda", "perangkat_daerah", "disalin_dari", "data_contoh"]
        validators: list[Any] = []

    def validate_plan(self, attrs: dict[str, Any]) -> dict[str, Any]:
        alasan = " ".join(attrs.pop("alasan", "").split())
        if self.instance is not None:
            errors = self.instance.status_change_errors(attrs.get("status"), alasan)
            if errors:
                raise serializers.ValidationError({field: [message] for field, message in errors.items()})
            self.instance.alasan_status = alasan  # the history shows it (Renja.get_additional_data)
            pd = self.instance.perangkat_daerah
        else:
            pd = self.context["request"].user.perangkat_daerah
            if pd is None:
                raise serializers.ValidationError(
                    {NON_FIELD: ["Akun Anda tidak terhubung ke Perangkat Daerah; Renja tidak dapat dibuat."]}
                )
            attrs["perangkat_daerah"] = pd
            attrs["pemda_id"] = pd.pemda_id
        tahun = attrs.get("tahun", getattr(self.instance, "tahun", None))
        same_year = Renja.objects.filter(perangkat_daerah=pd, tahun=tahun)
        if self.instance is not None:
            same_year = same_year.exclude(pk=self.instance.pk)
        if same_year.exists():
            raise serializers.ValidationError({"tahun": [f"Renja {pd} tahun {tahun} sudah ada."]})
        renstra = attrs.get("renstra")
        if renstra is not None and renstra.perangkat_daerah_id != pd.pk:
            raise serializers.ValidationError(
                {"renstra": ["Renstra harus milik Perangkat Daerah yang sama dengan Renja."]}
            )
        return attrs


class RenstraSerializer(PlanSerializer):
    """Renstra Perangkat Daerah (hanya dibaca)."""

    years = serializers.ListField(child=serializers.IntegerField(), read_only=True)

    class Meta:
        model = Renstra
        fields = [
            "id",
            "pemda",
            "perangkat_daerah",
            "tahun_awal",
            "tahun_akhir",
            "years",
            "data_contoh",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


# --- Program, Kegiatan, Sub Kegiatan: rows of a Renja named by their nomenclature --------


class PlanRowSerializer(PlanSerializer):
    """A Program, Kegiatan or Sub Kegiatan of a Renja, given by `nomenklatur` (id) or `kode`.

    Its parent in the tree (the program of a kegiatan, the kegiatan of a sub kegiatan) is
    the Renja's row for the parent code, which must already be in the Renja.
    """

    level: ClassVar[str]
    # The model of the parent row in the tree and the field that holds it, if any.
    tree_parent: ClassVar[tuple[type[models.Model], str] | None] = None

    nomenklatur = ReferableIdField(
        queryset=Nomenklatur.objects.all(), required=False, help_text="Id nomenklatur (atau isi `kode`)."
    )
    kode = NomenklaturKodeField(
        source="nomenklatur", required=False, help_text="Kode nomenklatur, misalnya 5.05.02.2.04.0001."
    )
    nama = serializers.CharField(source="nomenklatur.nama", read_only=True)

    parent_fields = ("renja",)
    write_once = ("renja", "nomenklatur")

    def api_name(self, model_field: str) -> str:
        if model_field == "nomenklatur" and isinstance(self.initial_data, Mapping):
            if "kode" in self.initial_data and "nomenklatur" not in self.initial_data:
                return "kode"
        return model_field

    def validate_plan(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            return attrs
        given = self.initial_data
        if "kode" in given and "nomenklatur" in given:
            raise serializers.ValidationError({"kode": ["Isi salah satu saja: nomenklatur atau kode."]})
        nomen: Nomenklatur | None = attrs.get("nomenklatur")
        if nomen is None:
            raise serializers.ValidationError({"nomenklatur": ["Isi nomenklatur (id) atau kode."]})
        field = self.api_name("nomenklatur")
        label = Nomenklatur.Level(self.level).label
        if nomen.level != self.level:
            raise serializers.ValidationError(
                {field: [f"Kode {nomen.kode} adalah {nomen.get_level_display()}, bukan {label}."]}
            )
        renja: Renja = attrs["renja"]
        model = self.Meta.model
        if model.objects.filter(renja=renja, nomenklatur=nomen).exists():
            raise serializers.ValidationError({field: [f"{label} {nomen.kode} sudah ada di Renja ini."]})
        if self.tree_parent is not None:
            parent_model, parent_field = self.tree_parent
            parent = parent_model.objects.filter(renja=renja, nomenklatur_id=nomen.parent_id).first()
            if parent is None:
                parent_label = str(parent_model._meta.verbose_name)
                parent_kode = parse_code(nomen.kode).parent
                raise serializers.ValidationError(
                    {
                        field: [
                            f"{parent_label} {parent_kode} belum ada di Renja ini; "
                            f"tambahkan {parent_label.lower()} itu terlebih dahulu."
                        ]
                    }
                )
            attrs[parent_field] = parent
        attrs["pemda_id"] = renja.pemda_id
        return attrs


class ProgramSerializer(PlanRowSerializer):
    """Program Renja, diisi dengan `nomenklatur` (id) atau `kode` tingkat program."""

    level = Nomenklatur.Level.PROGRAM

    class Meta:
        model = Program
        fields = ["id", "pemda", "renja", "nomenklatur", "kode", "nama", "created_at", "updated_at"]
        read_only_fields = ["pemda"]
        validators: list[Any] = []


class KegiatanSerializer(PlanRowSerializer):
    """Kegiatan Renja, diisi dengan `nomenklatur` (id) atau `kode` tingkat kegiatan; programnya
    harus sudah ada di Renja."""

    level = Nomenklatur.Level.KEGIATAN
    tree_parent = (Program, "program")

    class Meta:
        model = Kegiatan
        fields = [
            "id",
            "pemda",
            "renja",
            "program",
            "nomenklatur",
            "kode",
            "nama",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["pemda", "program"]
        validators: list[Any] = []


class SubKegiatanSerializer(PlanRowSerializer):
    """Sub Kegiatan Renja dengan pagu, prakiraan maju, anggaran kas (rencana penarikan dana)
    TW I-IV, lokasi dan tag keselarasan. Anggaran kas kosong berarti pagu dibagi rata; bila
    diisi, keempatnya wajib dan jumlahnya sama dengan pagu. Diisi dengan
    `nomenklatur` (id) atau `kode` tingkat sub kegiatan; kegiatannya harus sudah ada di Renja
    dan unit kerjanya milik Perangkat Daerah pemilik Renja."""

    level = Nomenklatur.Level.SUB_KEGIATAN
    tree_parent = (Kegiatan, "kegiatan")

    class Meta:
        model = SubKegiatan
        fields = [
            "id",
            "pemda",
            "renja",
            "kegiatan",
            "nomenklatur",
            "kode",
            "nama",
            "unit_kerja",
            "seluruh_kabupaten",
            "kecamatan",
            "sumber_dana",
            "pagu",
            "prakiraan_maju",
            "anggaran_kas_tw1",
            "anggaran_kas_tw2",
            "anggaran_kas_tw3",
            "anggaran_kas_tw4",
            "prioritas_nasional",
            "program_prioritas",
            "quick_win",
            "isu_strategis",
            "keterangan",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["pemda", "kegiatan"]
        validators: list[Any] = []

    def validate_plan(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate_plan(attrs)
        renja: Renja = attrs.get("renja") or self.instance.renja
        unit = attrs.get("unit_kerja")
        if unit is not None and unit.perangkat_daerah_id != renja.perangkat_daerah_id:
            raise serializers.ValidationError(
                {"unit_kerja": ["Unit kerja harus unit dari Perangkat Daerah pemilik Renja."]}
            )
        return attrs


# --- Indikator ---------------------------------------------------------------------------


class IndikatorSerializer(PlanSerializer):
    """Indikator kinerja milik tepat satu program, kegiatan atau sub kegiatan; Renja dan Pemda
    mengikuti pemiliknya."""

    parent_fields = ("program", "kegiatan", "sub_kegiatan")
    write_once = parent_fields

    class Meta:
        model = Indikator
        fields = [
            "id",
            "pemda",
            "renja",
            "program",
            "kegiatan",
            "sub_kegiatan",
            "uraian",
            "satuan",
            "polaritas",
            "agregasi",
            "kondisi_awal",
            "tahun_kondisi_awal",
            "target",
            "target_atas",
            "target_tw1",
            "target_tw2",
            "target_tw3",
            "target_tw4",
            "per_kecamatan",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["pemda", "renja"]
        extra_kwargs = {"polaritas": {"error_messages": {"invalid_choice": POLARITAS_TIDAK_DIKENAL}}}
        validators: list[Any] = []

    def validate_plan(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            return attrs
        owners = [attrs[name] for name in self.parent_fields if attrs.get(name) is not None]
        if len(owners) != 1:
            raise serializers.ValidationError(
                {NON_FIELD: ["Isi tepat satu dari program, kegiatan atau sub_kegiatan."]}
            )
        attrs["renja_id"] = owners[0].renja_id
        attrs["pemda_id"] = owners[0].pemda_id
        return attrs
