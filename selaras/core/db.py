"""The database under concurrent use: SQLite tuned to hold several people at once, and the
request's transaction chosen by what the request does.

SQLite is the embedded default, and a kabupaten's office uses it with several people saving
at the same moment. Three settings make that work (applied only when the engine is SQLite):

- WAL journal: readers never wait for the writer and the writer never waits for readers;
- a busy timeout: a writer waits for the lock instead of failing at once;
- IMMEDIATE transactions: a transaction that will write takes the write lock when it begins.
  A DEFERRED transaction that reads and then writes cannot wait for the lock (another
  writer may have changed what it read), so SQLite refuses it at once with "database is
  locked": that is what turned the losers of every race into 500s.

With ATOMIC_REQUESTS every request is a transaction, and an IMMEDIATE one would make every
page view queue behind every save. `TransactionModeMiddleware` therefore opens the request's
transaction DEFERRED for the safe methods (GET, HEAD, OPTIONS: a read snapshot, no lock)
and IMMEDIATE for the others. A safe request that still hits the lock (a read that turns
into a write under contention) is run once more with the lock taken up front, which is safe
because a safe method does not change anything the user asked for; a write that waited the
whole busy timeout is answered 503 with a message, not 500.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Seconds a writer waits for another writer's transaction before giving up.
SQLITE_BUSY_TIMEOUT = 20
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    # With WAL, NORMAL loses no committed transaction on an application crash, only (at
    # worst) the last ones on a power cut, and saves an fsync per commit.
    "PRAGMA synchronous=NORMAL",
    "PRAGMA temp_store=MEMORY",
)
BUSY_MESSAGE = "Sistem sedang sibuk melayani pengguna lain. Tunggu sebentar lalu coba lagi."


def configure(database: dict[str, Any]) -> dict[str, Any]:
    """The DATABASES entry with the SQLite options added when the engine is SQLite."""
    if database.get("ENGINE") == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            {
                "transaction_mode": "IMMEDIATE",
                "timeout": SQLITE_BUSY_TIMEOUT,
                "init_command": "; ".join(SQLITE_PRAGMAS),
            }
        )
    return database


def is_lock_error(exc: BaseException) -> bool:
    """SQLite's refusal to get a lock ("database is locked", "database table is locked")."""
    return isinstance(exc, OperationalError) and "locked" in str(exc)


def _sqlite_connections() -> list[Any]:
    return [connections[alias] for alias in connections if connections[alias].vendor == "sqlite"]


@contextmanager
def transaction_mode(mode: str | None) -> Iterator[None]:
    """Open this thread's SQLite transactions in `mode` (None: DEFERRED) inside the block."""
    changed = []
    for conn in _sqlite_connections():
        conn.ensure_connection()  # opening it reads the mode from OPTIONS, over ours
        changed.append((conn, conn.transaction_mode))
    for conn, _ in changed:
        conn.transaction_mode = mode
    try:
        yield
    finally:
        for conn, previous in changed:
            conn.transaction_mode = previous


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A read-only transaction that sees one consistent state of every table, without
    holding up writers: DEFERRED on SQLite (WAL keeps the snapshot), REPEATABLE READ on
    PostgreSQL (READ COMMITTED would let each query see a later state)."""
    connection = connections[using]
    outermost = not connection.in_atomic_block
    with transaction_mode(None), transaction.atomic(using=using):
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class TransactionModeMiddleware:
    """Safe requests read without the write lock; writes take it up front (see above)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _sqlite_connections():
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        with transaction_mode(None):
            response = self.get_response(request)
        if getattr(request, "_selaras_lock_error", False):
            request._selaras_lock_error = False
            response = self.get_response(request)  # IMMEDIATE this time: it waits for the lock
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_lock_error(exception):
            return None
        if request.method in SAFE_METHODS and not getattr(request, "_selaras_retried", False):
            request._selaras_retried = True
            request._selaras_lock_error = True
            return HttpResponse(status=503)  # replaced by the retry in __call__
        return busy_response(request)


def busy_response(request: HttpRequest) -> HttpResponse:
    """503 with the reason, built without touching the database (it is the busy part)."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": BUSY_MESSAGE}, status=503)
    else:
        response = HttpResponse(
            f'<!doctype html><html lang="id"><title>Sistem sibuk</title><p>{BUSY_MESSAGE}</p></html>',
            status=503,
        )
    response["Retry-After"] = "5"
    return response
