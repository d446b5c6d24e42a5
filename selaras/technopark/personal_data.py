"""An UMKM owner's rights over the personal data held on them (UU 27/2022 tentang
Pelindungan Data Pribadi): a copy of the data on request, and erasure.

The personal data held is the owner's name and phone (never a NIK). An owner's records are
the businesses of the same Perangkat Daerah with the same owner name and the same phone
(a name alone could be two people; without a phone, only the business asked about).

Erasure replaces the name by "[dihapus]" and blanks the phone; the business, its
activities, participations, snapshots and outcome figures stay, so the statistics do
not change. The audit trail keeps who handled the request, when, why and who asked, but
no longer the name or phone: the erasure's own entry records only that they were erased,
and the earlier entries of those businesses have the two fields' values scrubbed.

Only administrators of the business's Perangkat Daerah (and superusers) handle requests.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from selaras.accounts.models import Role
from selaras.technopark.models import UMKM

REDACTED = "[dihapus]"
PERSONAL_FIELDS = ("nama_pemilik", "telepon")
# The audit entry of a request is tagged so that it can be found and shown as such.
TAG = "data_pribadi"
EKSPOR = "ekspor"
HAPUS = "hapus"


def may_handle(user: Any, umkm: UMKM) -> bool:
    """A superuser, or an administrator of the business's own Perangkat Daerah."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return (
        user.role == Role.ADMIN
        and user.pemda_id == umkm.pemda_id
        and user.perangkat_daerah_id == umkm.perangkat_daerah_id
    )


def owner_records(umkm: UMKM) -> QuerySet[UMKM]:
    """The businesses held on this business's owner (see the module's docstring)."""
    rows = UMKM.objects.filter(pemda_id=umkm.pemda_id, perangkat_daerah_id=umkm.perangkat_daerah_id)
    if not umkm.telepon or umkm.nama_pemilik == REDACTED:
        return rows.filter(pk=umkm.pk)
    return rows.filter(nama_pemilik__iexact=umkm.nama_pemilik.strip(), telepon=umkm.telepon).order_by("pk")


def _history(records: list[UMKM]) -> QuerySet[LogEntry]:
    content_type = ContentType.objects.get_for_model(UMKM)
    return LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(r.pk) for r in records])


def owner_data(records: list[UMKM], handled_by: Any, pemohon: str, alasan: str) -> dict[str, Any]:
    """Everything held on the owner, as a JSON-ready dict with Indonesian keys."""
    history: dict[str, list[dict[str, Any]]] = {}
    for entry in _history(records).select_related("actor").order_by("timestamp", "id"):
        history.setdefault(entry.object_pk, []).append(
            {
                "waktu": entry.timestamp.isoformat(),
                "tindakan": {0: "dibuat", 1: "diubah", 2: "dihapus", 3: "dibuka"}.get(entry.action, ""),
                "oleh": str(entry.actor) if entry.actor else "",
                "perubahan": entry.changes or {},
            }
        )
    first = records[0]
    return {
        "judul": "Data pribadi pemilik UMKM yang disimpan Selaras (UU 27/2022)",
        "diekspor_pada": timezone.now().isoformat(),
        "diekspor_oleh": str(handled_by),
        "diminta_oleh": pemohon,
        "alasan": alasan,
        "pemilik": {"nama_pemilik": first.nama_pemilik, "telepon": first.telepon},
        "umkm": [_business(record, history.get(str(record.pk), [])) for record in records],
    }


def _business(record: UMKM, history: list[dict[str, Any]]) -> dict[str, Any]:
    participations = record.partisipasi.select_related("aktivitas").order_by("aktivitas__tanggal", "pk")
    return {
        "id": record.pk,
        "nama_usaha": record.nama_usaha,
        "nama_pemilik": record.nama_pemilik,
        "telepon": record.telepon,
        "nib": record.nib,
        "sektor": record.get_sektor_display(),
        "produk": record.produk,
        "kecamatan": record.kecamatan.nama,
        "kampung": record.kampung.nama,
        "lintang": record.lat,
        "bujur": record.lng,
        "tahun_mulai": record.tahun_mulai,
        "modal_usaha": record.modal_usaha,
        "omzet_tahunan": record.omzet_tahunan,
        "tenaga_kerja": record.tenaga_kerja,
        "kelas_usaha": record.kelas.nama if record.kelas else "",
        "legalitas": {name: getattr(record, name) for name in LEGAL},
        "dicatat_pada": record.created_at.isoformat(),
        "partisipasi": [
            {
                "tanggal": p.aktivitas.tanggal,
                "jenis": p.aktivitas.get_jenis_display(),
                "topik": p.aktivitas.topik,
                "hasil": {name: getattr(p, name) for name in OUTCOMES},
                "catatan": p.catatan,
            }
            for p in participations
        ],
        "kondisi": [
            {
                "tanggal": s.tanggal,
                "omzet_tahunan": s.omzet_tahunan,
                "tenaga_kerja": s.tenaga_kerja,
                "punya_nib": s.punya_nib,
                "halal": s.halal,
                "spp_irt": s.spp_irt,
                "merek": s.merek,
            }
            for s in record.snapshot.order_by("tanggal")
        ],
        "riwayat": history,
    }


LEGAL = ("punya_nib", "spp_irt", "halal", "bpom", "merek", "badan_usaha")
OUTCOMES = (
    "nib_diperoleh",
    "halal_diperoleh",
    "spp_irt_diperoleh",
    "merek_didaftarkan",
    "produk_baru",
    "pasar_baru",
    "akses_kredit",
)


ACTION_LABELS = {EKSPOR: "data pribadi diekspor", HAPUS: "data pribadi dihapus"}


def _request_data(kind: str, pemohon: str, alasan: str, records: list[UMKM]) -> dict[str, Any]:
    """The request on the entry: the history tab shows the label, who asked and why."""
    return {
        TAG: kind,
        "tindakan": ACTION_LABELS[kind],
        "diminta_oleh": pemohon,
        "alasan": alasan,
        "umkm": [r.pk for r in records],
    }


def record_export(records: list[UMKM], handled_by: Any, pemohon: str, alasan: str) -> None:
    """An access entry on each business: who handled the copy, when, why, who asked."""
    content_type = ContentType.objects.get_for_model(UMKM)
    LogEntry.objects.bulk_create(
        LogEntry(
            content_type=content_type,
            object_pk=str(r.pk),
            object_id=r.pk,
            object_repr=str(r)[:200],
            action=LogEntry.Action.ACCESS,
            changes={},
            actor=handled_by,
            additional_data=_request_data(EKSPOR, pemohon, alasan, records),
        )
        for r in records
    )


def erase(records: list[UMKM], handled_by: Any, pemohon: str, alasan: str) -> int:
    """Erase the owner's name and phone from the businesses and from their history; keep
    everything else. Returns the number of businesses changed."""
    now = timezone.now()
    with transaction.atomic():
        _scrub_history(records)
        UMKM.objects.filter(pk__in=[r.pk for r in records]).update(
            nama_pemilik=REDACTED, telepon="", updated_at=now
        )
        content_type = ContentType.objects.get_for_model(UMKM)
        LogEntry.objects.bulk_create(
            LogEntry(
                content_type=content_type,
                object_pk=str(r.pk),
                object_id=r.pk,
                object_repr=str(r)[:200],
                action=LogEntry.Action.UPDATE,
                changes={"nama_pemilik": [REDACTED, REDACTED], "telepon": [REDACTED, ""]},
                actor=handled_by,
                additional_data=_request_data(HAPUS, pemohon, alasan, records),
            )
            for r in records
        )
    return len(records)


def _scrub_history(records: list[UMKM]) -> None:
    """Replace the personal fields' values in the earlier entries of these businesses."""
    changed = []
    for entry in _history(records).only("pk", "changes", "changes_text"):
        changes = entry.changes if isinstance(entry.changes, dict) else None
        if not changes or not any(name in changes for name in PERSONAL_FIELDS):
            continue
        for name in PERSONAL_FIELDS:
            if name in changes:
                changes[name] = [
                    REDACTED if value not in ("", None, "None") else value for value in changes[name]
                ]
        entry.changes = changes
        entry.changes_text = ""
        changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["changes", "changes_text"], batch_size=500)
