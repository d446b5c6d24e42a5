"""The evaluation of a Renstra, Permendagri 86/2017 form E.80 (kab/kota): for every
indicator and every program, kegiatan and sub kegiatan, the baseline (column 5), the
target at the end of the period (6), the target of each of the five years (7-11), the
realisation of each year (12-16), the ratio of each year (17-21) and the responsible
unit (22); K and Rp for 6-21 (data/aturan/kolom_evaluasi_renstra_e80.csv).

The rows: the tujuan and sasaran with their indicators first (their statements in column
2), then the program, kegiatan and sub kegiatan of the Renstra in code order, each with
its sasaran, its pagu (Rp) and its indicators (K).

- Column 6: K is the target of the last year (the level the period ends at); Rp the pagu
  of the five years added up, as E.81 column 5 does.
- Columns 12-16 come from evaluation_renstra.load_yearly_realisation: the quarterly
  Realisasi recorded in Selaras for a year, or what the planner entered for a year before
  Selaras. The running year shows what is reported so far.
- Columns 17-21: no source prints the formula (the data README rates it LOW); "12 / 7 x
  100" is read as the capaian of selaras.lib.capaian, which is exactly that for a naik
  indicator and for Rp, and keeps the indicator's polarity for turun and range targets,
  so that the footer's average and predikat mean what they mean in the E.81.

The footer averages each year's ratios (indicators for K; the lowest items of the tree for
Rp, so that a program does not count its kegiatan twice) with the predikat of the K
average. The narratives (faktor pendorong, penghambat, the two usulan tindak lanjut) are
one NarasiEvaluasiRenstra per Renstra, entered on the E.80 page by its planners; a blank
one prints as a dotted line to fill by hand.

The query count is fixed whatever the size of the Renstra.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypedDict

from django.utils.text import slugify

from selaras.lib import capaian as rules
from selaras.lib import dates
from selaras.lib.dates import format_date
from selaras.monitoring.evaluation_renstra import YearlyRealisation, load_yearly_realisation
from selaras.monitoring.models import NARASI_E80, NarasiEvaluasiRenstra
from selaras.planning.models import (
    Renstra,
    RenstraIndikator,
    RenstraItem,
    RenstraTarget,
    Sasaran,
    SubKegiatan,
    Tujuan,
)
from selaras.planning.renstra_queries import renstra_tables

Level = Literal["tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "indikator"]
TITLE = "EVALUASI TERHADAP HASIL RENSTRA PERANGKAT DAERAH"
FORM = "Formulir E.80 (Permendagri Nomor 86 Tahun 2017)"
DOTS = ".................................................."
NARASI = (
    "Faktor pendorong keberhasilan pencapaian",
    "Faktor penghambat pencapaian kinerja",
    "Usulan tindak lanjut pada Renja Perangkat Daerah berikutnya",
    "Usulan tindak lanjut pada Renstra Perangkat Daerah berikutnya",
)
ENTERED_LEGEND = "† realisasi diisi manual untuk tahun sebelum Selaras digunakan"


class E80Row(TypedDict):
    """One line of the form; lists hold one value per year of the period, None is blank.
    Indicator rows fill K, program/kegiatan/sub kegiatan rows fill Rp."""

    level: Level
    no: str  # column 1
    sasaran: str  # column 2 (the tujuan or sasaran statement on their own rows)
    kode: str  # column 3, with uraian
    uraian: str
    indikator: str  # column 4
    satuan: str
    kondisi_awal: Decimal | None  # column 5
    akhir_k: Decimal | None  # column 6
    akhir_k_atas: Decimal | None  # upper bound of a range target
    akhir_rp: Decimal | None
    target_k: list[Decimal | None]  # columns 7-11
    target_k_atas: list[Decimal | None]
    target_rp: list[Decimal | None]
    realisasi_k: list[Decimal | None]  # columns 12-16
    realisasi_rp: list[Decimal | None]
    entered: list[bool]  # the year's realisation was entered for a year before Selaras
    rasio_k: list[Decimal | None]  # columns 17-21, rounded to two places
    rasio_rp: list[Decimal | None]
    unit: str  # column 22


class YearFooter(TypedDict):
    tahun: int
    rata_rata_k: Decimal | None
    predikat: str
    rata_rata_rp: Decimal | None


@dataclass
class E80:
    renstra: Renstra
    years: list[int]
    rows: list[E80Row]
    footer: list[YearFooter]
    tanggal_cetak: str
    tempat_tanggal: str
    notes: list[str]
    entered: bool  # some realisation was entered by hand
    narasi_record: NarasiEvaluasiRenstra | None  # the narratives entered, if any

    @property
    def jabatan(self) -> str:
        pd = self.renstra.perangkat_daerah
        return pd.kepala_jabatan or f"Kepala {pd.nama}"

    @property
    def narasi(self) -> list[tuple[str, str]]:
        """(label, text) of the form's narrative rows; text "" while blank."""
        return narasi_rows(self.narasi_record)

    @property
    def periode(self) -> str:
        return f"{self.renstra.tahun_awal}–{self.renstra.tahun_akhir}"


def _blank(level: Level, years: int) -> E80Row:
    return {
        "level": level,
        "no": "",
        "sasaran": "",
        "kode": "",
        "uraian": "",
        "indikator": "",
        "satuan": "",
        "kondisi_awal": None,
        "akhir_k": None,
        "akhir_k_atas": None,
        "akhir_rp": None,
        "target_k": [None] * years,
        "target_k_atas": [None] * years,
        "target_rp": [None] * years,
        "realisasi_k": [None] * years,
        "realisasi_rp": [None] * years,
        "entered": [False] * years,
        "rasio_k": [None] * years,
        "rasio_rp": [None] * years,
        "unit": "",
    }


def _capaian_k(
    realisasi: Decimal | None, target: Decimal | None, polaritas: str, atas: Decimal | None
) -> Decimal | None:
    try:
        return rules.capaian(realisasi, target, polaritas, atas)
    except ValueError:  # a range without its upper bound: no capaian rather than an error
        return None


class _Builder:
    def __init__(self, renstra: Renstra, yearly: YearlyRealisation, units: dict[int, list[str]]) -> None:
        self.years = renstra.years
        self.last = renstra.tahun_akhir
        self.yearly = yearly
        self.units = units
        self.pd_name = renstra.perangkat_daerah.nama
        self.rows: list[E80Row] = []
        self.rasio_k: dict[int, list[Decimal | None]] = defaultdict(list)
        self.rasio_rp: dict[int, list[Decimal | None]] = defaultdict(list)
        self.number = 0

    def statement(self, level: Level, obj: Tujuan | Sasaran) -> None:
        self.number += 1
        row = _blank(level, len(self.years))
        row.update(no=str(self.number), sasaran=f"{obj.kode} {obj.uraian}", unit=self.pd_name)
        self.rows.append(row)
        self.indicators(obj.indikator.all())

    def item(self, item: RenstraItem, leaf: bool) -> None:
        self.number += 1
        nomen = item.nomenklatur
        pagu = {p.tahun: p.pagu for p in item.pagu.all()}
        row = _blank(nomen.level, len(self.years))  # type: ignore[arg-type]
        targets = [pagu.get(y) for y in self.years]
        realised = [self.yearly.rp.get((nomen.pk, y)) for y in self.years]
        rasio = [
            rules.round_percent(rules.capaian_anggaran(r, t)) for r, t in zip(realised, targets, strict=True)
        ]
        if leaf:
            for year, value in zip(self.years, rasio, strict=True):
                self.rasio_rp[year].append(value)
        known = [t for t in targets if t is not None]
        row.update(
            no=str(self.number),
            sasaran=item.sasaran.uraian if item.sasaran else "",
            kode=nomen.kode,
            uraian=nomen.nama,
            akhir_rp=sum(known, Decimal(0)) if known else None,
            target_rp=targets,
            realisasi_rp=realised,
            entered=[(nomen.pk, y) in self.yearly.entered_rp for y in self.years],
            rasio_rp=rasio,
            unit=", ".join(self.units.get(nomen.pk, [])) or self.pd_name,
        )
        self.rows.append(row)
        self.indicators(item.indikator.all())

    def indicators(self, indicators: Any) -> None:
        for ind in indicators:
            self.rows.append(self._indicator(ind))

    def _indicator(self, ind: RenstraIndikator) -> E80Row:
        targets: dict[int, RenstraTarget] = {t.tahun: t for t in ind.targets.all()}
        row = _blank("indikator", len(self.years))
        target_k = [targets[y].target if y in targets else None for y in self.years]
        atas = [targets[y].target_atas if y in targets else None for y in self.years]
        realised = [self.yearly.k.get((ind.pk, y)) for y in self.years]
        rasio = [
            rules.round_percent(_capaian_k(r, t, ind.polaritas, a))
            for r, t, a in zip(realised, target_k, atas, strict=True)
        ]
        for year, value in zip(self.years, rasio, strict=True):
            self.rasio_k[year].append(value)
        last = targets.get(self.last)
        row.update(
            indikator=ind.uraian,
            satuan=ind.satuan,
            kondisi_awal=ind.kondisi_awal,
            akhir_k=last.target if last else None,
            akhir_k_atas=last.target_atas if last else None,
            target_k=target_k,
            target_k_atas=atas,
            realisasi_k=realised,
            entered=[(ind.pk, y) in self.yearly.entered_k for y in self.years],
            rasio_k=rasio,
        )
        return row

    def footer(self) -> list[YearFooter]:
        result: list[YearFooter] = []
        for year in self.years:
            average = rules.rata_rata_capaian(self.rasio_k[year])
            result.append(
                {
                    "tahun": year,
                    "rata_rata_k": rules.round_percent(average),
                    "predikat": rules.predikat(average) or "",
                    "rata_rata_rp": rules.round_percent(rules.rata_rata_capaian(self.rasio_rp[year])),
                }
            )
        return result


def _units(renstra: Renstra, user: Any) -> dict[int, list[str]]:
    """The units that ran each code in the period's Renja (a kegiatan or program: the units
    of its sub kegiatan), as the user may see them."""
    rows = (
        SubKegiatan.objects.visible_to(user)
        .filter(
            pemda_id=renstra.pemda_id,
            renja__perangkat_daerah_id=renstra.perangkat_daerah_id,
            renja__tahun__gte=renstra.tahun_awal,
            renja__tahun__lte=renstra.tahun_akhir,
        )
        .values_list(
            "nomenklatur_id",
            "kegiatan__nomenklatur_id",
            "kegiatan__program__nomenklatur_id",
            "unit_kerja__nama",
        )
        .distinct()
        .order_by("unit_kerja__nama")
    )
    units: dict[int, dict[str, None]] = defaultdict(dict)
    for sub, kegiatan, program, nama in rows:
        for key in (sub, kegiatan, program):
            units[key][nama] = None
    return {key: list(names) for key, names in units.items()}


def build_e80(renstra: Renstra, user: Any) -> E80:
    """The E.80 of the Renstra as the user may see it (renstra with perangkat_daerah and
    pemda selected)."""
    tujuan_rows, item_rows = renstra_tables(renstra, user)
    tujuan, items = list(tujuan_rows), list(item_rows)
    yearly = load_yearly_realisation(
        renstra.pemda_id, renstra.perangkat_daerah_id, renstra, renstra.tahun_akhir + 1, user
    )
    builder = _Builder(renstra, yearly, _units(renstra, user))
    for t in tujuan:
        builder.statement("tujuan", t)
        for s in t.sasaran.all():
            builder.statement("sasaran", s)
    parents = {i.nomenklatur.parent_id for i in items}
    for item in items:
        builder.item(item, leaf=item.nomenklatur_id not in parents)

    today = dates.today()
    tanggal = format_date(today)
    notes: list[str] = []
    if user.is_unit_scoped and user.unit_kerja is not None:
        notes.append(f"Realisasi hanya dari sub kegiatan {user.unit_kerja.nama}.")
    if renstra.tahun_awal <= today.year <= renstra.tahun_akhir:
        notes.append(f"Realisasi tahun {today.year} masih berjalan: s.d. triwulan terakhir yang dilaporkan.")
    entered = bool(yearly.entered_k or yearly.entered_rp)
    tempat = renstra.pemda.ibukota
    return E80(
        renstra=renstra,
        years=renstra.years,
        rows=builder.rows,
        footer=builder.footer(),
        tanggal_cetak=tanggal,
        tempat_tanggal=f"{tempat}, {tanggal}" if tempat else tanggal,
        notes=notes,
        entered=entered,
        narasi_record=NarasiEvaluasiRenstra.objects.filter(renstra=renstra).first(),
    )


def narasi_rows(narasi: NarasiEvaluasiRenstra | None) -> list[tuple[str, str]]:
    """The form's four narrative rows with their labels, in the form's order."""
    return [
        (label, getattr(narasi, name).strip() if narasi else "")
        for label, name in zip(NARASI, NARASI_E80, strict=True)
    ]


def filename(e80: E80, extension: str) -> str:
    pd = e80.renstra.perangkat_daerah
    slug = slugify(pd.singkatan or pd.nama)
    return f"evaluasi-e80-{slug}-{e80.renstra.tahun_awal}-{e80.renstra.tahun_akhir}.{extension}"
