"""Shared set-up of the benchmarks: Django with the test settings, a throw-away database
(SQLite, or DATABASE_URL) loaded with the reference data, and a timer that prints the best
of a few runs in milliseconds with the number of SQL queries it made.

A benchmark imports this module first, then Django code, and calls run(body)."""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings_test")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_test_environment


def run(body: Callable[[], None]) -> None:
    """Run `body` in a fresh test database with the reference data and regions loaded."""
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        call_command("load_reference", stdout=io.StringIO())
        call_command("load_regions", stdout=io.StringIO())
        print(f"database: {connection.vendor}")
        body()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(label: str, func: Callable[[], Any], repeat: int = 3) -> float:
    """Print and return the best time of `repeat` runs of func, with its query count."""
    best = float("inf")
    queries = 0
    result: Any = None
    for _ in range(repeat):
        connection.queries_log.clear()  # the log keeps 9,000 queries; a full one miscounts
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            result = func()
            best = min(best, time.perf_counter() - start)
        queries = len(ctx)
    size = f"{len(result.content) / 1024:,.0f} KiB" if hasattr(result, "content") else ""
    print(f"{label:<62} {best * 1000:9.1f} ms  {queries:5d} queries  {size}")
    return best
