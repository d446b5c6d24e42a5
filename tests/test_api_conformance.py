"""The API keeps the promises of its OpenAPI schema: a bounded Schemathesis run.

Given the Lampung Tengah demo and the planner logged in by HTTP Basic, when Schemathesis
generates valid and invalid requests for every operation of /api/schema/ (fixed seed, a
few examples each), then no answer is a 5xx and every answer's status code, content type
and body are those the schema declares.
"""

from __future__ import annotations

import base64
import io
import time
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
PLANNER = "Basic " + base64.b64encode(b"perencana:selaras-demo").decode()


def fuzz_operation(operation: Any, mode: GenerationMode, failures: list[str]) -> int:
    """Run the operation's generated cases; note each failing one; return how many ran."""
    label, ran = f"{operation.label} [{mode.value}]", 0

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,  # a fixed seed: the same cases on every run
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        nonlocal ran
        ran += 1
        try:
            case.call_and_validate(headers={"Authorization": PLANNER}, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # a group of schemathesis' failures
            failures.append(f"{label}: {exc}")

    run()
    return ran


@pytest.fixture
def connection_kept() -> Any:
    """Keep the test's database connection across the WSGI requests, as Django's test client
    does: after each request Django closes a connection left outside autocommit, which the
    test's transaction is (harmless on in-memory SQLite, fatal on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_answers_as_its_schema_says(connection_kept: None) -> None:
    call_command("load_demo", stdout=io.StringIO())
    schema = schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler())
    started, cases, failures = time.perf_counter(), 0, []
    for result in schema.get_all_operations():
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            cases += fuzz_operation(result.ok(), mode, failures)
    print(f"schemathesis: {cases} cases in {time.perf_counter() - started:.1f} s")
    assert not failures, "\n\n".join(failures[:20]) + f"\n({len(failures)} in all)"
