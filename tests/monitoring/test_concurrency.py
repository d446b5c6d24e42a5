"""Several people at once on a real database: two people saving the same realisation row at
the same moment get one success and one 409 (never 500), on the entry page, through the API
and for the budget; thirty people logging in at once all get in.

The races run in a separate process (tests/monitoring/concurrency.py) against a database
file on SQLite, or a scratch database on PostgreSQL, with one connection per thread."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 10
LOGINS = 30


@pytest.fixture(scope="module")
def races(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if connection.vendor == "sqlite":
        name = str(tmp_path_factory.mktemp("races") / "selaras.sqlite3")
    else:
        name = f"test_{settings.DATABASES['default']['NAME']}_races"
    done = subprocess.run(
        [sys.executable, "-m", "tests.monitoring.concurrency", name, str(ROUNDS), str(LOGINS)],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "selaras.settings_test"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_one_winner_per_round(scenario: dict[str, Any], created: int = 200) -> None:
    for number, codes in enumerate(scenario["codes"]):
        expected = [created if number == 0 else 200, 409]
        assert sorted(codes) == sorted(expected), (number, codes)
    # Each round moved the row on by exactly one version: the loser wrote nothing.
    assert scenario["versions"] == list(range(1, ROUNDS + 1))


def test_the_database_file_runs_in_wal_mode(races):
    assert races["journal_mode"] == ("wal" if races["vendor"] == "sqlite" else None)


def test_two_people_saving_the_same_row_on_the_page_get_200_and_409(races):
    assert_one_winner_per_round(races["pages"])


def test_two_clients_saving_the_same_row_through_the_api_get_one_success_and_409(races):
    assert_one_winner_per_round(races["api"], created=201)


def test_two_people_saving_the_same_budget_row_get_200_and_409(races):
    assert_one_winner_per_round(races["budget"])


def test_thirty_people_logging_in_at_once_all_get_in(races):
    assert races["logins"]["codes"] == [302] * LOGINS
