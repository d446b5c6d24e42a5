"""Backup and restore: an archive restored into an empty database gives back every row and
every uploaded file; a database in use is not overwritten without --force; a damaged
archive changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection

from selaras.accounts.models import User
from selaras.core import backup
from selaras.monitoring import entry
from selaras.monitoring.models import Realisasi
from selaras.planning.models import Indikator

pytestmark = pytest.mark.django_db

FILES = {"bukti/2026/laporan tw1.pdf": b"%PDF-1.4 laporan", "aktivitas/foto.jpg": b"\xff\xd8\xff jpeg"}


@pytest.fixture
def media(tmp_path, settings) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, content in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return settings.MEDIA_ROOT


@pytest.fixture
def filled(cast, renja, media) -> None:
    """The cast, a Renja, realisation with decimals and timestamps, and two uploads."""
    ind = Indikator.objects.filter(renja=renja).order_by("id").first()
    entry.save_realisasi(ind, 1, Decimal("12.34"), "Catatan TW I: kegiatan selesai", 0, cast.operator_a)


def snapshot() -> dict[str, list[bytes]]:
    """Every table's rows, as the backup reads them."""
    return {m._meta.db_table: list(backup.row_lines(m, "default")) for m in backup.copied_models()}


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in backup.media_files(root)
    }


def empty_everything(media: Path, files_too: bool = True) -> None:
    tables = [m._meta.db_table for m in backup.copied_models()]
    connection.check_constraints()  # PostgreSQL truncates only without pending checks
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))
    for path in backup.media_files(media) if files_too else []:
        path.unlink()


def test_restore_into_an_empty_database_gives_back_every_row_and_file(filled, media, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    out = io.StringIO()
    call_command("backup", "--output", str(archive), stdout=out)
    assert "Cadangan tersimpan di" in out.getvalue() and "2 berkas unggahan" in out.getvalue()
    before, files_before = snapshot(), file_hashes(media)
    assert len(before["monitoring_realisasi"]) == 1 and len(files_before) == 2

    empty_everything(media)
    assert not User.objects.exists() and file_hashes(media) == {}
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    after = snapshot()
    assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
    assert after == before  # every row, column for column
    assert file_hashes(media) == files_before
    assert Realisasi.objects.get().nilai == Decimal("12.34")
    assert "Dipulihkan dari" in out.getvalue()
    # The keys carry on after the restored rows (PostgreSQL's sequences are reset).
    newcomer = User.objects.create_user("pendatang_baru", password="x")
    assert newcomer.pk > max(User.objects.exclude(pk=newcomer.pk).values_list("pk", flat=True))


def test_the_manifest_holds_counts_and_checksums(filled, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    backup.backup(archive)
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        lines = tar.extractfile("basis-data/monitoring_realisasi.jsonl").read()
    assert manifest["format"] == backup.FORMAT
    assert manifest["tabel"]["monitoring_realisasi"]["baris"] == 1
    assert manifest["tabel"]["monitoring_realisasi"]["sha256"] == hashlib.sha256(lines).hexdigest()
    assert (
        manifest["berkas"]["bukti/2026/laporan tw1.pdf"]["sha256"]
        == hashlib.sha256(FILES["bukti/2026/laporan tw1.pdf"]).hexdigest()
    )


def test_a_database_in_use_is_not_overwritten_without_force(filled, media, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    backup.backup(archive)
    before = snapshot()
    User.objects.create_user("ditambah_setelah_cadangan", password="x")
    with pytest.raises(CommandError, match="Basis data tujuan tidak kosong: sudah ada .* --force"):
        call_command("restore", str(archive))
    assert User.objects.filter(username="ditambah_setelah_cadangan").exists()

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert not User.objects.filter(username="ditambah_setelah_cadangan").exists()
    assert snapshot() == before


def test_an_uploads_folder_in_use_is_not_overwritten_without_force(filled, media, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    backup.backup(archive)
    empty_everything(media, files_too=False)
    with pytest.raises(CommandError, match="Folder unggahan tujuan tidak kosong: sudah ada 2 berkas"):
        call_command("restore", str(archive))
    assert not User.objects.exists()


def test_a_damaged_archive_changes_nothing(filled, media, tmp_path):
    archive = tmp_path / "cadangan.tar.gz"
    backup.backup(archive)
    damaged = tmp_path / "rusak.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "basis-data/monitoring_realisasi.jsonl":
                data = data.replace(b"12.34", b"99.99")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    before = snapshot()
    with pytest.raises(CommandError, match="Cadangan rusak: checksum basis-data/monitoring_realisasi.jsonl"):
        call_command("restore", str(damaged), "--force")
    assert snapshot() == before
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("restore", str(tmp_path / "tidak-ada.tar.gz"))
