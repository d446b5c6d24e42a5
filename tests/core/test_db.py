"""SQLite's options and the request's transaction mode (the races themselves are in
tests/monitoring/test_concurrency.py)."""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from selaras.core import db

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")


def test_sqlite_gets_wal_a_busy_timeout_and_immediate_transactions():
    tuned = db.configure({"ENGINE": "django.db.backends.sqlite3", "NAME": "x.sqlite3"})
    assert tuned["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert tuned["OPTIONS"]["timeout"] == db.SQLITE_BUSY_TIMEOUT
    assert "PRAGMA journal_mode=WAL" in tuned["OPTIONS"]["init_command"]


def test_postgresql_is_left_alone():
    database = {"ENGINE": "django.db.backends.postgresql", "NAME": "selaras"}
    assert db.configure(dict(database)) == database


@sqlite_only
def test_a_safe_request_reads_without_the_write_lock_and_is_retried_once_with_it():
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(connection.transaction_mode)
        if len(seen) == 1:  # what Django does with the view's exception
            return middleware.process_exception(request, OperationalError("database is locked"))
        return HttpResponse("ok")

    middleware = db.TransactionModeMiddleware(view)
    response = middleware(RequestFactory().get("/"))
    assert (response.status_code, seen) == (200, [None, "IMMEDIATE"])


@sqlite_only
def test_a_write_that_waited_out_the_lock_is_told_to_try_again_not_500():
    middleware = db.TransactionModeMiddleware(lambda request: HttpResponse())
    page = middleware.process_exception(
        RequestFactory().post("/monitoring/"), OperationalError("database is locked")
    )
    api = middleware.process_exception(
        RequestFactory().post("/api/x/"), OperationalError("database is locked")
    )
    assert (page.status_code, page["Retry-After"]) == (503, "5")
    assert db.BUSY_MESSAGE in page.content.decode()
    assert json.loads(api.content) == {"detail": db.BUSY_MESSAGE}
    assert middleware.process_exception(RequestFactory().post("/"), ValueError("other")) is None
