"""The OpenAPI schema tells the truth about errors: every operation declares the refusals it
can answer, unless its view declares them itself.

- 403: not logged in (session and Basic authentication send no challenge, so DRF answers
  403, not 401) or not allowed;
- 404: an id in the path that is unknown, hidden from the user, 0 or beyond 64 bits (the
  `<id:...>` converter), and a list page past the last;
- 400: a payload or a query parameter that does not validate, with messages keyed by the
  field or parameter's name;
- 415: a body in a media type the API does not read (JSON, form or multipart);
- 409: a write the data's state refuses, for the methods a view lists in
  `conflict_methods` (for example a change to a final Renja).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class PesanSerializer(serializers.Serializer):
    """Pesan penolakan dalam Bahasa Indonesia."""

    detail = serializers.CharField(read_only=True)


INVALID = OpenApiResponse(OpenApiTypes.OBJECT, description="Isian atau parameter tidak valid; pesan per nama")
FORBIDDEN = OpenApiResponse(PesanSerializer, description="Belum masuk, atau tidak berhak.")
UNSUPPORTED = OpenApiResponse(PesanSerializer, description="Jenis isi (Content-Type) tidak didukung.")
NOT_FOUND = OpenApiResponse(PesanSerializer, description="Data tidak ditemukan (atau bukan milik Anda).")
CONFLICT = OpenApiResponse(PesanSerializer, description="Ditolak karena keadaan data; pesan menyebut alasan.")


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        defaults = {"403": FORBIDDEN}
        if self.method in ("POST", "PUT", "PATCH") or self._has_query_parameters():
            defaults["400"] = INVALID
        if self.method in ("POST", "PUT", "PATCH"):
            defaults["415"] = UNSUPPORTED
        if self.path_regex.count("<") or self._is_list_view():
            defaults["404"] = NOT_FOUND
        if self.method in getattr(self.view, "conflict_methods", ()):
            defaults["409"] = CONFLICT
        for code, response in defaults.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code)
        return responses

    def _has_query_parameters(self) -> bool:
        return any(p.get("in") == "query" for p in self._get_parameters())
