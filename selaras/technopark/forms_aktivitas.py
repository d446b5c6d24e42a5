"""Forms of the Technopark activities: the activity itself, each participating business with
its outcomes, the photo/material uploads, and the filters of the activity list."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from selaras.accounts.models import Role, User
from selaras.core.fields import IdMultipleChoiceField
from selaras.core.params import YEAR_MAX, YEAR_MIN, parse_id
from selaras.core.uploads import check_upload
from selaras.lib.dates import format_date
from selaras.organisations.forms import UnitKerjaChoiceField
from selaras.organisations.models import Kampung, Kecamatan, UnitKerja
from selaras.technopark.forms_umkm import NIB_PATTERN
from selaras.technopark.models import UMKM, Aktivitas, Partisipasi

BIG = {"class": "form-control form-control-lg"}
BIG_SELECT = {"class": "form-select form-select-lg"}

# ?hasil= on the list: the outcome a participant obtained (sources.records_url uses nib/halal).
HASIL = {
    "nib": "nib_diperoleh",
    "halal": "halal_diperoleh",
    "spp_irt": "spp_irt_diperoleh",
    "merek": "merek_didaftarkan",
    "produk_baru": "produk_baru",
    "pasar_baru": "pasar_baru",
    "akses_kredit": "akses_kredit",
}
OUTCOME_FIELDS = list(HASIL.values())


def outcome_label(field_name: str) -> str:
    return capfirst(str(Partisipasi._meta.get_field(field_name).verbose_name))


# Photos and materials: JPG, PNG or PDF, accepted by their first bytes (core/uploads.py).
FOTO_TYPES = (".jpg", ".jpeg", ".png", ".pdf")
MAX_FILES = 10
KUNCI = re.compile(r"^[A-Za-z0-9-]{8,40}$")


def new_kunci() -> str:
    return uuid.uuid4().hex


def check_foto(upload: UploadedFile) -> UploadedFile:
    return check_upload(upload, FOTO_TYPES, "JPG, PNG atau PDF", name_first=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BerkasField(forms.FileField):
    """Several photos or materials at once; each is checked on its own."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"class": "form-control form-control-lg", "accept": ",".join(FOTO_TYPES)}
            ),
        )
        super().__init__(required=False, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(f"Paling banyak {MAX_FILES} berkas sekali kirim.")
        errors: list[forms.ValidationError] = []
        accepted: list[UploadedFile] = []
        for upload in uploads:
            try:
                accepted.append(check_foto(upload))
            except forms.ValidationError as exc:
                errors.append(exc)
        if errors:
            raise forms.ValidationError(errors)
        return accepted


class KampungSelect(forms.Select):
    """Each option carries its kecamatan, so the page narrows the list without asking the server."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-kecamatan"] = instance.kecamatan_id
        return option


def mentors_of(perangkat_daerah_id: int | None) -> QuerySet[User]:
    return User.objects.filter(perangkat_daerah_id=perangkat_daerah_id, role=Role.PENDAMPING, is_active=True)


class AktivitasForm(forms.ModelForm):
    berkas = BerkasField(
        label="Foto/materi", help_text="JPG, PNG atau PDF, masing-masing paling besar 10 MB."
    )
    unit_kerja = UnitKerjaChoiceField(
        queryset=UnitKerja.objects.none(),
        label="Unit pembina",
        widget=forms.Select(attrs=BIG_SELECT),
        error_messages={
            "required": "Unit pembina wajib dipilih.",
            "invalid_choice": "Unit pembina tidak dikenal.",
        },
    )

    class Meta:
        model = Aktivitas
        fields = [
            "jenis",
            "tanggal",
            "kecamatan",
            "kampung",
            "topik",
            "materi",
            "pendamping",
            "catatan",
            "kunci_kirim",
        ]
        labels = {
            "jenis": "Jenis",
            "tanggal": "Tanggal",
            "kecamatan": "Kecamatan",
            "kampung": "Kampung",
            "topik": "Topik",
            "materi": "Materi",
            "pendamping": "Pendamping",
            "catatan": "Catatan aktivitas",
        }
        field_classes = {"pendamping": IdMultipleChoiceField}
        widgets = {
            "jenis": forms.Select(attrs=BIG_SELECT),
            "tanggal": forms.DateInput(attrs={**BIG, "type": "date"}, format="%Y-%m-%d"),
            "kecamatan": forms.Select(attrs=BIG_SELECT),
            "kampung": KampungSelect(attrs=BIG_SELECT),
            "topik": forms.TextInput(attrs={**BIG, "autocomplete": "off"}),
            "materi": forms.Textarea(attrs={**BIG, "rows": 3}),
            "pendamping": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            "catatan": forms.Textarea(attrs={**BIG, "rows": 2}),
            "kunci_kirim": forms.HiddenInput,
        }
        error_messages = {
            "jenis": {"required": "Jenis wajib dipilih.", "invalid_choice": "Jenis aktivitas tidak dikenal."},
            "tanggal": {"required": "Tanggal wajib diisi.", "invalid": "Tanggal tidak valid."},
            "kecamatan": {
                "required": "Kecamatan wajib dipilih.",
                "invalid_choice": "Kecamatan tidak dikenal.",
            },
            "kampung": {"invalid_choice": "Kampung tidak dikenal."},
            "topik": {"required": "Topik wajib diisi.", "max_length": "Topik paling panjang 250 huruf."},
            "pendamping": {"invalid_choice": "Pendamping yang dipilih tidak dikenal."},
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        editing = self.instance.pk is not None
        pd_id = self.instance.perangkat_daerah_id if editing else user.perangkat_daerah_id
        self.fields["kecamatan"].queryset = Kecamatan.objects.filter(pemda_id=user.pemda_id).order_by("nama")
        self.fields["kampung"].queryset = Kampung.objects.filter(pemda_id=user.pemda_id).order_by("nama")
        self.fields["kampung"].empty_label = "(tidak di kampung tertentu)"
        mentors = mentors_of(pd_id)
        if editing:
            mentors = mentors | User.objects.filter(pk__in=self.instance.pendamping.values("pk"))
        self.fields["pendamping"].queryset = mentors.distinct().order_by("first_name", "username")
        self.fields["kunci_kirim"].required = False
        if editing:  # the key names the first submission; an edit keeps it
            del self.fields["kunci_kirim"]
        if not editing:
            self.initial.setdefault("tanggal", timezone.localdate())
            self.initial.setdefault("kunci_kirim", new_kunci())
            if user.role == Role.PENDAMPING:
                self.initial.setdefault("pendamping", [user.pk])
        # A mentor records for his own unit; planners and admins name the unit.
        if editing or user.unit_kerja_id:
            del self.fields["unit_kerja"]
        else:
            units = UnitKerja.objects.filter(perangkat_daerah_id=pd_id).order_by("jenis", "nama")
            self.fields["unit_kerja"].queryset = units
            technopark = (
                units.filter(nama__icontains="technopark").first() or units.filter(jenis="upt").first()
            )
            if technopark:
                self.initial.setdefault("unit_kerja", technopark.pk)

    def clean_tanggal(self) -> Any:
        tanggal = self.cleaned_data["tanggal"]
        today = timezone.localdate()
        if tanggal > today:
            raise forms.ValidationError(
                f"Tanggal tidak boleh di masa depan: {format_date(tanggal)} melewati hari ini "
                f"({format_date(today)})."
            )
        return tanggal

    def clean_kunci_kirim(self) -> str:
        kunci = (self.cleaned_data.get("kunci_kirim") or "").strip()
        return kunci if KUNCI.match(kunci) else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        kecamatan, kampung = cleaned.get("kecamatan"), cleaned.get("kampung")
        if kecamatan and kampung and kampung.kecamatan_id != kecamatan.pk:
            self.add_error("kampung", f"Kampung {kampung.nama} tidak berada di Kecamatan {kecamatan.nama}.")
        return cleaned


class PartisipasiForm(forms.ModelForm):
    """One business's outcomes. "NIB diperoleh" asks for the NIB number (13 digits, as on
    the UMKM form) unless the business already has one: the registry takes it on save."""

    nib = forms.CharField(
        label="NIB yang diperoleh",
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={**BIG, "inputmode": "numeric", "maxlength": "13", "autocomplete": "off"}
        ),
    )

    class Meta:
        model = Partisipasi
        fields = [*OUTCOME_FIELDS, "catatan"]
        labels = {name: outcome_label(name) for name in [*OUTCOME_FIELDS, "catatan"]}
        widgets = {
            **{name: forms.CheckboxInput(attrs={"class": "form-check-input"}) for name in OUTCOME_FIELDS},
            "catatan": forms.TextInput(attrs={**BIG, "autocomplete": "off"}),
        }
        error_messages = {"catatan": {"max_length": "Catatan peserta paling panjang 300 huruf."}}

    def __init__(self, *args: Any, umkm: UMKM | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.umkm = umkm
        if umkm is not None and umkm.nib:
            self.fields["nib"].help_text = f"NIB terdaftar: {umkm.nib}."
        else:
            self.fields["nib"].help_text = "13 digit angka; wajib diisi bila usaha memperoleh NIB."

    def outcomes(self) -> list[forms.BoundField]:
        return [self[name] for name in OUTCOME_FIELDS]

    def clean_nib(self) -> str:
        nib = re.sub(r"\s", "", self.cleaned_data.get("nib") or "")
        if nib and not NIB_PATTERN.match(nib):
            raise forms.ValidationError(
                f"NIB harus 13 digit angka; yang diisi {len(nib)} karakter ('{nib}')."
            )
        return nib

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        nib, obtained = cleaned.get("nib", ""), cleaned.get("nib_diperoleh")
        registered = self.umkm.nib if self.umkm is not None else ""
        if obtained and not nib and not registered:
            self.add_error("nib", "NIB diperoleh: isi NIB usaha ini (13 digit angka).")
        elif nib and not obtained:
            self.add_error(
                "nib", "Centang “NIB diperoleh” bila usaha ini memperoleh NIB, atau kosongkan NIB."
            )
        elif nib and registered and nib != registered:
            self.add_error(
                "nib", f"Usaha ini sudah tercatat dengan NIB {registered}; ubah NIB lewat halaman UMKM."
            )
        elif nib and self.umkm is not None:
            same = UMKM.objects.filter(pemda_id=self.umkm.pemda_id, nib=nib).exclude(pk=self.umkm.pk)
            if same.exists():
                self.add_error("nib", f"NIB {nib} sudah terdaftar untuk UMKM lain.")
        return cleaned


@dataclass
class Peserta:
    """One participating business on the form: the business and its outcomes form."""

    umkm_id: int | str
    nama: str
    tempat: str
    form: PartisipasiForm


def place_of(umkm: UMKM) -> str:
    return f"{umkm.kampung.nama}, Kec. {umkm.kecamatan.nama}"


def placeholder_peserta() -> Peserta:
    """The card the page clones for a business picked in the search (JS fills id and name)."""
    return Peserta("__ID__", "", "", PartisipasiForm(prefix="u__ID__"))


class PesertaSet:
    """The businesses chosen on the form (`peserta` ids), each with a PartisipasiForm
    prefixed u<id>; the choice is limited to the businesses the user may see."""

    def __init__(
        self,
        user: User,
        data: Mapping[str, Any] | None = None,
        existing: Iterable[Partisipasi] = (),
        preselect: Iterable[int] = (),
    ) -> None:
        self.errors: list[str] = []
        current = {p.umkm_id: p for p in existing}
        ids: list[int] = []
        unreadable = False
        if data is None:
            # A new activity opened from a business's page starts with that business.
            ids = list(current) or list(preselect)
        else:
            for raw in data.getlist("peserta"):  # type: ignore[attr-defined]
                pk = parse_id(raw)
                unreadable = unreadable or pk is None
                if pk is not None and pk not in ids:
                    ids.append(pk)
        allowed = UMKM.objects.visible_to(user).filter(pk__in=ids)
        if current:
            allowed = allowed | UMKM.objects.filter(pk__in=[i for i in ids if i in current])
        found = {u.pk: u for u in allowed.select_related("kecamatan", "kampung")}
        if len(found) < len(ids) or (data is not None and unreadable):
            self.errors.append("Sebagian UMKM yang dipilih tidak ditemukan; pilih ulang dari pencarian.")
        self.items = [
            Peserta(
                umkm.pk,
                umkm.nama_usaha,
                place_of(umkm),
                PartisipasiForm(data, prefix=f"u{umkm.pk}", instance=current.get(umkm.pk), umkm=umkm),
            )
            for umkm in (found[i] for i in ids if i in found)
        ]
        self.umkm = [found[i] for i in ids if i in found]

    def check(self, jenis: str | None) -> bool:
        """The number of businesses the kind of activity asks for, and each business's form."""
        count = len(self.items)
        if jenis == Aktivitas.Jenis.PENDAMPINGAN and count != 1:
            self.errors.append(
                "Pendampingan adalah kunjungan ke satu UMKM: pilih tepat satu UMKM."
                if count == 0
                else f"Pendampingan adalah kunjungan ke satu UMKM: pilih tepat satu UMKM, bukan {count}."
            )
        elif jenis in (Aktivitas.Jenis.PEMBINAAN, Aktivitas.Jenis.EDUKASI) and count == 0:
            self.errors.append("Pilih sedikitnya satu UMKM peserta.")
        valid = all([item.form.is_valid() for item in self.items])
        return valid and not self.errors


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, min_value=YEAR_MIN, max_value=YEAR_MAX, **kwargs)


MENTORED = "dibina"


class AktivitasFilterSet(django_filters.FilterSet):
    """The activity list's filters; `tahun`, `tw`, `jenis` and `hasil` are also the query
    parameters of the realisation sources' links to their records."""

    jenis = django_filters.ChoiceFilter(
        choices=[*Aktivitas.Jenis.choices, (MENTORED, "Pendampingan dan pembinaan")],
        method="filter_jenis",
        label="Jenis",
        empty_label="Semua jenis",
    )
    tahun = YearFilter(field_name="tanggal", lookup_expr="year", label="Tahun")
    tw = django_filters.ChoiceFilter(
        choices=[(1, "Triwulan I"), (2, "Triwulan II"), (3, "Triwulan III"), (4, "Triwulan IV")],
        field_name="tanggal",
        lookup_expr="quarter",
        label="Triwulan",
        empty_label="Semua triwulan",
    )
    kecamatan = django_filters.ModelChoiceFilter(queryset=Kecamatan.objects.none(), label="Kecamatan")
    hasil = django_filters.ChoiceFilter(
        choices=[(key, outcome_label(field)) for key, field in HASIL.items()],
        method="filter_hasil",
        label="Hasil",
        empty_label="Semua hasil",
    )
    pendamping = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), method="filter_pendamping", label="Pendamping"
    )

    class Meta:
        model = Aktivitas
        fields = ["jenis", "tahun", "tw", "kecamatan", "hasil", "pendamping"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["kecamatan"].queryset = Kecamatan.objects.filter(pemda_id=user.pemda_id).order_by("nama")
        self.filters["pendamping"].queryset = mentors_of(user.perangkat_daerah_id).order_by("first_name")
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        self.form.fields["kecamatan"].empty_label = "Semua kecamatan"
        self.form.fields["pendamping"].empty_label = "Semua pendamping"
        self.form.fields["tahun"].widget.attrs.update({"inputmode": "numeric", "placeholder": "Tahun"})

    def filter_jenis(self, queryset: QuerySet[Aktivitas], name: str, value: str) -> QuerySet[Aktivitas]:
        if value == MENTORED:  # what the "UMKM didampingi/dibina" indicator counts
            return queryset.filter(jenis__in=[Aktivitas.Jenis.PENDAMPINGAN, Aktivitas.Jenis.PEMBINAAN])
        return queryset.filter(jenis=value)

    # Subqueries rather than joins, so the per-activity counts on the list stay right.
    def filter_hasil(self, queryset: QuerySet[Aktivitas], name: str, value: str) -> QuerySet[Aktivitas]:
        rows = Partisipasi.objects.filter(**{HASIL[value]: True}).values("aktivitas_id")
        return queryset.filter(pk__in=rows)

    def filter_pendamping(self, queryset: QuerySet[Aktivitas], name: str, value: User) -> QuerySet[Aktivitas]:
        through = Aktivitas.pendamping.through.objects.filter(user_id=value.pk).values("aktivitas_id")
        return queryset.filter(pk__in=through)


def hasil_condition(key: str) -> Q:
    return Q(**{f"partisipasi__{HASIL[key]}": True})
