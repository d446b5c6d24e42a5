"""The OpenAPI schema of the whole API generates and validates without warnings."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_openapi_schema_is_valid_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/monitoring/evaluasi/{id}/" in text and "/api/sub-kegiatan/" in text
