"""The health endpoint for monitoring tools: /kesehatan/ answers JSON, 200 when every check
passes and 503 when one fails. No login, no personal data (not even the server's paths: a
failure is described in words and logged in full), one query, no session, no transaction.

Each check is a function returning a Check; adding one (the background worker, once the
task framework is in) means writing its function and listing it in CHECKS.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypedDict

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

Status = Literal["ok", "gagal", "tidak berlaku"]


class Check(TypedDict):
    status: Status
    keterangan: str
    durasi_ms: float


class Report(TypedDict):
    status: Literal["ok", "gagal"]
    pemeriksaan: dict[str, Check]


def _timed(run: Callable[[], tuple[Status, str]]) -> Check:
    started = time.perf_counter()
    status, keterangan = run()
    return {
        "status": status,
        "keterangan": keterangan,
        "durasi_ms": round((time.perf_counter() - started) * 1000, 1),
    }


def database() -> tuple[Status, str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        return "gagal", "Basis data tidak menjawab."
    return "ok", "Basis data menjawab."


def storage() -> tuple[Status, str]:
    """Uploads can be written: a small file is written into MEDIA_ROOT and removed."""
    try:
        root = Path(settings.MEDIA_ROOT)
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".kesehatan-") as probe:
            probe.write(b"ok")
            probe.flush()
    except OSError:
        logger.exception("Health check: MEDIA_ROOT is not writable")
        return "gagal", "Folder unggahan tidak dapat ditulisi."
    return "ok", "Folder unggahan dapat ditulisi."


def worker() -> tuple[Status, str]:
    # There is no background worker yet. When the task framework arrives, check here that
    # the worker has taken a task (or written a heartbeat) within the last few minutes.
    return "tidak berlaku", "Belum ada pekerja latar belakang."


CHECKS: dict[str, Callable[[], tuple[Status, str]]] = {
    "basis_data": database,
    "penyimpanan": storage,
    "pekerja_latar": worker,
}


def report() -> Report:
    checks = {name: _timed(run) for name, run in CHECKS.items()}
    failed = any(check["status"] == "gagal" for check in checks.values())
    return {"status": "gagal" if failed else "ok", "pemeriksaan": checks}


@transaction.non_atomic_requests
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    body = report()
    return JsonResponse(
        body, status=503 if body["status"] == "gagal" else 200, json_dumps_params={"indent": 2}
    )
