"""One way to read a number from a request: query parameters, form fields and path arguments.

Whatever a visitor types into a URL is checked here, so that bad input gets a 400 (or, for
an id in the path, a 404) with a message in Bahasa Indonesia and never a server error:

- "²".isdigit() is True in Python but int("²") fails, so digits are matched as ASCII;
- an id beyond a signed 64-bit integer overflows SQLite and PostgreSQL, and 0 is no id;
- NUL bytes are refused by PostgreSQL in any text.

Pages call `int_param` / `year_param` / `id_param`; the URLconfs use the `<id:...>`
converter; the API's id fields call `parse_id`. In a DRF view the same helpers raise DRF's
ValidationError, so the API answers its usual 400 body keyed by the parameter's name.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest primary key SQLite and PostgreSQL (bigint) hold
YEAR_MIN, YEAR_MAX = 2000, 2100  # the years a plan, a baseline or a deadline may name
_INTEGER = re.compile(r"-?[0-9]{1,40}")  # longer is no number anyone means


class BadParameter(BadRequest):
    """A query parameter or form field that is not what the page needs (answered 400)."""


def parse_int(text: Any, name: str, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """An integer from text within [minimum, maximum]; ValueError with a message otherwise."""
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise ValueError(f"Parameter {name} harus berupa bilangan bulat.")
    value = text.strip() if isinstance(text, str) else str(text)
    if not _INTEGER.fullmatch(value):
        raise ValueError(f"Parameter {name} harus berupa bilangan bulat.")
    number = int(value)
    if not minimum <= number <= maximum:
        raise ValueError(f"Parameter {name} harus antara {minimum} dan {maximum}.")
    return number


def _fail(request: Any, name: str, message: str) -> BadRequest:
    if hasattr(request, "query_params"):  # a DRF request: its 400 body, keyed by the name
        from rest_framework.exceptions import ValidationError

        return ValidationError({name: [message]})
    return BadParameter(message)


def int_param(
    request: HttpRequest | Any,
    name: str,
    minimum: int = 1,
    maximum: int = MAX_ID,
    default: int | None = None,
    source: str = "GET",
) -> int | None:
    """The integer query parameter (or form field with source="POST") `name`; `default` when
    it is absent or empty; 400 with a message when it is anything but an integer in range."""
    data = getattr(request, "query_params", None) if source == "GET" else None
    if data is None:
        data = getattr(request, source)
    raw = data.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse_int(raw, name, minimum, maximum)
    except ValueError as exc:
        raise _fail(request, name, str(exc)) from None


def id_param(request: HttpRequest | Any, name: str, source: str = "GET") -> int | None:
    """An id named in the query string or a form: a positive integer that a database holds."""
    return int_param(request, name, 1, MAX_ID, source=source)


def year_param(
    request: HttpRequest | Any, name: str = "tahun", default: int | None = None, source: str = "GET"
) -> int | None:
    """A year between YEAR_MIN and YEAR_MAX."""
    return int_param(request, name, YEAR_MIN, YEAR_MAX, default, source)


def quarter_param(request: HttpRequest | Any, name: str = "tw", default: int | None = None) -> int | None:
    """A quarter, 1 to 4."""
    return int_param(request, name, 1, 4, default)


def text_param(request: HttpRequest | Any, name: str, default: str = "", max_length: int = 200) -> str:
    """A text query parameter without NUL bytes (PostgreSQL refuses them), cut to max_length."""
    data = getattr(request, "query_params", None) or request.GET
    return (data.get(name) or default).replace("\x00", "")[:max_length]


def parse_id(value: Any, minimum: int = 1) -> int | None:
    """An id sent in a payload (JSON number or text), or None when it cannot be one: floats
    such as 1e400, booleans, integers beyond 64 bits and, by default, 0 and negatives.
    (A serializer passes minimum=-MAX_ID to answer 0 as an id that does not exist.)"""
    if isinstance(value, float) and value.is_integer() and minimum <= value <= MAX_ID:
        return int(value)
    try:
        return parse_int(value, "id", minimum)
    except ValueError:
        return None


class IdConverter:
    """`<id:pk>` in a URL: a positive integer that fits a database id; anything else is no
    match, so 0, "²" and 99999999999999999999999 get a 404 rather than a server error."""

    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)
        return number

    def to_url(self, value: int | str) -> str:
        return str(value)


register_converter(IdConverter, "id")
