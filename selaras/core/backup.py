"""Backup and restore of the whole installation: every table and every uploaded file, in one
.tar.gz archive with a manifest and a SHA-256 checksum for each part.

One portable format for SQLite and PostgreSQL rather than each engine's own tool: pg_dump
must match the server's major version and is often missing on the application host, and a
SQLite page copy cannot be restored into PostgreSQL. Rows are read through the models'
fields (so Decimal, dates and JSON come back as they went in) from one consistent snapshot
(core/db.read_snapshot) and written back with plain INSERTs, without model signals: a
restore adds no audit entries of its own. Django's dumpdata/loaddata was not used because
loaddata sends the save signals and builds every object in memory.

Archive layout:
    basis-data/<table>.jsonl   one JSON array of column values per row, ordered by key
    berkas/<path>              the files under MEDIA_ROOT
    manifest.json              format, applied migrations, per table its columns, rows and
                               checksum, per file its size and checksum

A restore checks everything before it changes anything: the format, every checksum, and
that the target's schema (applied migrations and columns) is the backup's. It then replaces
the content of every table in one transaction and, once that has committed, the files.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

from selaras.core.db import read_snapshot

FORMAT = "selaras-cadangan/1"
MANIFEST = "manifest.json"
TABLES_DIR = "basis-data"
FILES_DIR = "berkas"
CHUNK = 1 << 20
INSERT_BATCH = 500


@dataclass
class Summary:
    tables: int = 0
    rows: int = 0
    files: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def copied_models() -> list[type[models.Model]]:
    """Every table Django manages, the many-to-many ones included, in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(found, key=lambda model: model._meta.db_table)


def columns(model: type[models.Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def applied_migrations(using: str) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations())


def _encode(value: Any) -> Any:
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def row_lines(model: type[models.Model], using: str) -> Iterator[bytes]:
    attnames = [f.attname for f in model._meta.concrete_fields]
    rows = model._base_manager.using(using).order_by("pk").values_list(*attnames)
    for values in rows.iterator(chunk_size=2000):
        line = json.dumps([_encode(v) for v in values], ensure_ascii=False, separators=(",", ":"))
        yield line.encode() + b"\n"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


# --- backup ---------------------------------------------------------------------------------


def backup(target: Path, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to `target` (atomically: a half-written archive never has its name)."""
    summary = Summary()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "dibuat": timezone.now().isoformat(),
        "mesin_basis_data": connections[using].vendor,
        "tabel": {},
        "berkas": {},
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".sebagian")
    with tarfile.open(partial, "w:gz") as archive:
        with read_snapshot(using):
            manifest["migrasi"] = applied_migrations(using)
            for model in copied_models():
                table = model._meta.db_table
                with tempfile.TemporaryFile() as buffer:
                    digest, count = hashlib.sha256(), 0
                    for line in row_lines(model, using):
                        buffer.write(line)
                        digest.update(line)
                        count += 1
                    _add(archive, f"{TABLES_DIR}/{table}.jsonl", buffer)
                manifest["tabel"][table] = {
                    "model": model._meta.label,
                    "kolom": columns(model),
                    "baris": count,
                    "sha256": digest.hexdigest(),
                }
                summary.tables += 1
                summary.rows += count
                summary.counts[table] = count
        # Files after the snapshot: uploads are only ever added or removed, so every file a
        # row of the snapshot names is still there.
        root = Path(settings.MEDIA_ROOT)
        for path in media_files(root):
            name = path.relative_to(root).as_posix()
            archive.add(path, arcname=f"{FILES_DIR}/{name}", recursive=False)
            manifest["berkas"][name] = {"ukuran": path.stat().st_size, "sha256": _sha256(path)}
            summary.files += 1
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        _add(archive, MANIFEST, io.BytesIO(data))
    partial.replace(target)
    return summary


def _add(archive: tarfile.TarFile, name: str, buffer: IO[bytes]) -> None:
    info = tarfile.TarInfo(name)
    info.size = buffer.seek(0, io.SEEK_END)
    info.mtime = int(timezone.now().timestamp())
    buffer.seek(0)
    archive.addfile(info, buffer)


# --- restore --------------------------------------------------------------------------------


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise CommandError(f"Cadangan ditolak: nama berkas tidak aman di dalamnya ({name}).")
    return path


def unpack(archive_path: Path, into: Path) -> dict[str, Any]:
    """Extract the archive into `into` and check it against its manifest."""
    if not archive_path.is_file():
        raise CommandError(f"Berkas cadangan {archive_path} tidak ditemukan.")
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for member in archive:
                path = _safe_name(member.name)
                if not member.isfile():
                    raise CommandError(f"Cadangan ditolak: {member.name} bukan berkas biasa.")
                destination = into.joinpath(*path.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                with destination.open("wb") as out:
                    shutil.copyfileobj(source, out, CHUNK)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise CommandError(f"Berkas cadangan tidak dapat dibaca: {exc}.") from None
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError):
        raise CommandError("Berkas ini bukan cadangan Selaras (manifest.json tidak ada).") from None
    if manifest.get("format") != FORMAT:
        raise CommandError(f"Format cadangan {manifest.get('format')!r} tidak dikenal (diharapkan {FORMAT}).")
    expected = {f"{TABLES_DIR}/{t}.jsonl": v["sha256"] for t, v in manifest["tabel"].items()}
    expected |= {f"{FILES_DIR}/{n}": v["sha256"] for n, v in manifest["berkas"].items()}
    for name, digest in expected.items():
        path = into / name
        if not path.is_file():
            raise CommandError(f"Cadangan tidak lengkap: {name} tidak ada di dalamnya.")
        if _sha256(path) != digest:
            raise CommandError(f"Cadangan rusak: checksum {name} tidak cocok.")
    return manifest


def check_schema(manifest: dict[str, Any], using: str) -> dict[str, type[models.Model]]:
    """The target's tables by name, once its schema is shown to be the backup's."""
    if applied_migrations(using) != manifest["migrasi"]:
        ours = {tuple(m) for m in applied_migrations(using)}
        theirs = {tuple(m) for m in manifest["migrasi"]}
        differ = sorted(".".join(m) for m in ours ^ theirs)
        raise CommandError(
            "Skema basis data tujuan tidak sama dengan skema cadangan (migrasi berbeda: "
            f"{', '.join(differ[:5])}{' ...' if len(differ) > 5 else ''}). Pulihkan dengan versi "
            "Selaras yang membuat cadangan ini, pada basis data yang sudah di-migrate."
        )
    tables = {model._meta.db_table: model for model in copied_models()}
    if set(tables) != set(manifest["tabel"]) or any(
        columns(tables[t]) != v["kolom"] for t, v in manifest["tabel"].items()
    ):
        raise CommandError("Tabel atau kolom basis data tujuan tidak sama dengan yang ada di cadangan.")
    return tables


def check_empty(using: str) -> None:
    """Nothing is entered without an account, so a database with accounts is in use; one
    without holds at most what migrate and the reference loaders put there, which the
    backup holds too. An uploads folder with any file is in use."""
    users = get_user_model()._base_manager.using(using).count()
    if users:
        raise CommandError(
            f"Basis data tujuan tidak kosong: sudah ada {users} pengguna. Pemulihan menghapus seluruh "
            "isinya dan menggantinya dengan isi cadangan; ulangi dengan --force bila memang itu yang "
            "dimaksud."
        )
    files = len(media_files(Path(settings.MEDIA_ROOT)))
    if files:
        raise CommandError(
            f"Folder unggahan tujuan tidak kosong: sudah ada {files} berkas. Pemulihan menggantinya "
            "dengan berkas dari cadangan; ulangi dengan --force bila memang itu yang dimaksud."
        )


def _decoded(model: type[models.Model], line: bytes, connection: Any) -> list[Any]:
    values = json.loads(line)
    return [
        f.get_db_prep_save(None if v is None else f.to_python(v), connection)
        for f, v in zip(model._meta.concrete_fields, values, strict=True)
    ]


def load_tables(
    staged: Path, manifest: dict[str, Any], tables: dict[str, type[models.Model]], using: str
) -> Summary:
    """Replace the content of every table with the backup's, all or nothing."""
    connection = connections[using]
    summary = Summary()
    with transaction.atomic(using=using):
        # PostgreSQL refuses to TRUNCATE a table with deferred checks still pending in the
        # transaction; checking them now clears that (and costs nothing in a new transaction).
        connection.check_constraints()
        flush = connection.ops.sql_flush(no_style(), list(tables), reset_sequences=False, allow_cascade=False)
        connection.ops.execute_sql_flush(flush)
        with connection.cursor() as cursor:
            for table, model in tables.items():
                quote = connection.ops.quote_name
                insert = (
                    f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns(model))}) "
                    f"VALUES ({', '.join(['%s'] * len(columns(model)))})"
                )
                batch: list[list[Any]] = []
                count = 0
                with (staged / TABLES_DIR / f"{table}.jsonl").open("rb") as lines:
                    for line in lines:
                        batch.append(_decoded(model, line, connection))
                        if len(batch) == INSERT_BATCH:
                            cursor.executemany(insert, batch)
                            count += len(batch)
                            batch = []
                if batch:
                    cursor.executemany(insert, batch)
                    count += len(batch)
                if count != manifest["tabel"][table]["baris"]:
                    raise CommandError(f"Jumlah baris tabel {table} tidak cocok dengan manifest.")
                summary.counts[table] = count
                summary.rows += count
                summary.tables += 1
            for sql in connection.ops.sequence_reset_sql(no_style(), list(tables.values())):
                cursor.execute(sql)
        connection.check_constraints()
    ContentType.objects.clear_cache()
    return summary


def place_files(staged: Path, manifest: dict[str, Any]) -> int:
    """Make MEDIA_ROOT hold exactly the backup's files."""
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for name in manifest["berkas"]:
        destination = root.joinpath(*PurePosixPath(name).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(staged / FILES_DIR / name, destination)
    return len(manifest["berkas"])


def restore(archive_path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS) -> Summary:
    with tempfile.TemporaryDirectory(prefix="selaras-pulihkan-") as workdir:
        staged = Path(workdir)
        manifest = unpack(archive_path, staged)
        tables = check_schema(manifest, using)
        if not force:
            check_empty(using)
        summary = load_tables(staged, manifest, tables, using)
        summary.files = place_files(staged, manifest)
    return summary
