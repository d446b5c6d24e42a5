"""Bad input never gets a server error: every route, with bad path arguments and bad
query parameters, answers below 500 (a 400 or 404 with a message, or the page itself).

Given the Lampung Tengah demo, when each named route is requested with valid ids and with
"abc", "0", "²", a 23-digit number and "-1" in its path, and with bad values in every
query parameter its view reads (found by recording the reads of a first request) and in a
list of common names, as the administrator, the planner and an anonymous visitor, then no
answer is a 5xx. The POST side sends the same bad values in every form field a view reads.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import django.http
import pytest
from django.core.exceptions import ValidationError
from django.core.handlers import wsgi
from django.core.management import call_command
from django.db import models
from django.http import QueryDict
from django.http import request as http_request
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from selaras.accounts.models import User
from selaras.core.params import MAX_ID, YEAR_MAX, YEAR_MIN, parse_id, parse_int
from selaras.monitoring.models import BuktiDukung, Laporan, Realisasi, RealisasiSubKegiatan
from selaras.organisations.models import UnitKerja
from selaras.planning.models import (
    Indikator,
    Kegiatan,
    Program,
    Renja,
    Renstra,
    RenstraIndikator,
    RenstraItem,
    Sasaran,
    SubKegiatan,
    Tujuan,
)
from selaras.reference.models import IsuStrategis
from selaras.technopark.models import UMKM, Aktivitas, FotoAktivitas

pytestmark = pytest.mark.django_db

BAD_PATH_VALUES = ["abc", "0", "²", "99999999999999999999999", "-1"]
BAD_QUERY_VALUES = ["²", "9" * 23, "0", "abc", "-1", "1e400", "", "x" * 3000, "\x00", "1.2.3"]
POST_VALUES = ["²", "9" * 23, "1e400", "x" * 3000]  # in every form field at once
PARAM_VALUES = ["²", "9" * 23, "\x00"]  # each parameter on its own
COMMON_NAMES = [
    "tahun", "tw", "triwulan", "bidang", "kecamatan", "kampung", "owner", "owner_id", "page", "renja",
    "indikator", "q", "isu", "pn", "status", "jenis", "sektor", "kelas", "sort", "ordering", "unit_kerja",
    "sub_kegiatan", "umkm", "next", "unduh", "format", "limit", "offset",
]  # fmt: skip
SKIPPED_PREFIXES = ("admin/", "api/schema/", "api/docs/")

# The model whose id fills a path argument, by route name (longest prefix wins) and argument.
ARG_MODELS: dict[str, type[models.Model]] = {"renja_pk": Renja, "renstra_pk": Renstra, "unit_pk": UnitKerja}
PK_MODELS: dict[str, type[models.Model]] = {
    "planning:renja_": Renja,
    "planning:program_": Program,
    "planning:kegiatan_": Kegiatan,
    "planning:sub_kegiatan_": SubKegiatan,
    "planning:indikator_": Indikator,
    "planning:renstra_tujuan_": Tujuan,
    "planning:renstra_sasaran_": Sasaran,
    "planning:renstra_indikator_": RenstraIndikator,
    "planning:renstra_item_": RenstraItem,
    "planning:renstra_": Renstra,
    "monitoring:realisasi_": Indikator,
    "monitoring:anggaran_": SubKegiatan,
    "monitoring:bukti_upload": SubKegiatan,
    "monitoring:bukti_": BuktiDukung,
    "monitoring:e80": Renstra,
    "technopark:snapshot_add": UMKM,
    "technopark:umkm_": UMKM,
    "technopark:aktivitas_foto": FotoAktivitas,
    "technopark:aktivitas_": Aktivitas,
    "technopark:potensi_alokasi": Indikator,
    "reference:isu_": IsuStrategis,
    "renja-": Renja,
    "program-": Program,
    "kegiatan-": Kegiatan,
    "sub-kegiatan-": SubKegiatan,
    "indikator-": Indikator,
    "renstra-": Renstra,
    "realisasi-sub-kegiatan-": RealisasiSubKegiatan,
    "realisasi-": Realisasi,
    "laporan-": Laporan,
    "evaluasi-": Renja,
}
OTHER_ARGS = {"triwulan": "2", "action": "ajukan"}
# Query parameters a view needs before it reads the others (the owner of a new indicator).
BASE_QUERY: dict[str, dict[str, type[models.Model] | str]] = {
    "planning:indikator_add": {"owner": "program", "owner_id": Program},
    "planning:renstra_indikator_add": {"owner": "sasaran", "owner_id": Sasaran},
}
# Exports read the parameters of their pages (fuzzed there) and take a second or more each.
EXPORTS = re.compile(r"pdf|xlsx")
WRITES = re.compile(r"delete|import_run|logout")  # would remove the fixture or end the session


@dataclass
class Route:
    name: str
    template: str  # "/perencanaan/renja/{pk}/"
    args: list[str]
    base: dict[str, str] = field(default_factory=dict)

    def url(self, **values: str) -> str:
        return self.template.format(**values)


def _template(pattern: Any) -> tuple[str, list[str]]:
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern):  # a path() route: <int:pk>
        args = re.findall(r"<(?:\w+:)?(\w+)>", text)
        return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text), args
    text = text.removeprefix("^").removesuffix("$")
    args = re.findall(r"\(\?P<(\w+)>[^)]*\)", text)
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text), args


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, list[str]]]:
    for pattern in patterns:
        text, args = _template(pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            for name, template, inner_args in _walk(pattern.url_patterns, prefix + text, inner):
                yield name, template, args + inner_args
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", prefix + text, args


def _first_id(model: type[models.Model]) -> str:
    return str(model._default_manager.order_by("pk").values_list("pk", flat=True).first() or 1)


def _model_for(name: str, arg: str) -> type[models.Model]:
    if arg in ARG_MODELS:
        return ARG_MODELS[arg]
    prefixes = sorted((p for p in PK_MODELS if name.startswith(p)), key=len, reverse=True)
    assert prefixes, f"route {name} has a path argument {arg} with no model in PK_MODELS"
    return PK_MODELS[prefixes[0]]


def routes() -> list[Route]:
    found = []
    for name, template, args in _walk(get_resolver().url_patterns):
        if template.startswith(SKIPPED_PREFIXES) or "format" in args:  # DRF's suffix variants
            continue
        base = {k: (_first_id(v) if isinstance(v, type) else v) for k, v in BASE_QUERY.get(name, {}).items()}
        found.append(Route(name, "/" + template, args, base))
    return found


def valid_args(route: Route) -> dict[str, str]:
    return {a: OTHER_ARGS.get(a) or _first_id(_model_for(route.name, a)) for a in route.args}


class RecordingQueryDict(QueryDict):
    """A QueryDict that notes which keys a view reads, to fuzz exactly those."""

    reads: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        RecordingQueryDict.reads.add(key)
        return super().__getitem__(key)

    def getlist(self, key: str, default: Any = None) -> Any:
        RecordingQueryDict.reads.add(key)
        return super().getlist(key, default)

    def __contains__(self, key: object) -> bool:
        RecordingQueryDict.reads.add(str(key))
        return super().__contains__(key)


@dataclass
class Outcome:
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    params: int = 0

    def check(self, client: Client, method: str, url: str, data: dict[str, str] | None = None) -> None:
        self.requests += 1
        response = getattr(client, method)(url, data or {})
        if response.status_code >= 500:
            self.errors.append(f"{method.upper()} {url[:120]} {str(data)[:120]} -> {response.status_code}")


def _reads(client: Client, method: str, url: str, data: dict[str, str]) -> set[str]:
    RecordingQueryDict.reads = set()
    getattr(client, method)(url, data)
    return (RecordingQueryDict.reads | set(data)) - {"_"}


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> None:
    call_command("load_demo", stdout=io.StringIO())
    monkeypatch.setattr(wsgi, "QueryDict", RecordingQueryDict)
    monkeypatch.setattr(http_request, "QueryDict", RecordingQueryDict)
    monkeypatch.setattr(django.http, "QueryDict", RecordingQueryDict)  # the multipart parser's
    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 4xx are expected by the thousand


def fuzz(client: Client, depth: int) -> Outcome:
    """depth 0: bad path arguments; 1: and every common name at once, each bad value;
    2: and each parameter its view reads on its own, and bad values in every form field."""
    outcome = Outcome()
    for route in routes():
        good = valid_args(route)
        writes, export = WRITES.search(route.name), EXPORTS.search(route.name)
        for arg in route.args:
            for bad in BAD_PATH_VALUES:
                url = route.url(**{**good, arg: bad})
                outcome.check(client, "get", url)
                if depth > 1 and not writes:
                    outcome.check(client, "post", url)
        if depth < 1:
            continue
        url = route.url(**good)
        for bad in BAD_QUERY_VALUES[: 2 if export else 4 if depth < 2 else None]:
            outcome.check(client, "get", url, {**route.base, **dict.fromkeys(COMMON_NAMES, bad)})
        if depth < 2 or export:
            continue
        read = _reads(client, "get", url, {**route.base, "_": "1"})
        outcome.params += len(read)
        for name in sorted(read):
            for bad in PARAM_VALUES:
                outcome.check(client, "get", url, {**route.base, name: bad})
        if writes:
            continue
        posted = _reads(client, "post", url, {"_": "1"})
        outcome.params += len(posted)
        for bad in POST_VALUES:
            outcome.check(client, "post", url, dict.fromkeys(posted | {"tahun"}, bad))
    return outcome


@pytest.mark.parametrize(("username", "depth"), [("admin", 2), ("perencana", 1), (None, 0)])
def test_no_route_answers_a_server_error_to_bad_input(demo: None, username: str | None, depth: int) -> None:
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    outcome = fuzz(client, depth)
    print(f"{username}: {len(routes())} routes, {outcome.params} parameters, {outcome.requests} requests")
    assert not outcome.errors, "\n".join(outcome.errors[:60]) + f"\n({len(outcome.errors)} in all)"


# --- the helper and the rules it serves, one by one ------------------------------------------


@pytest.mark.parametrize("text", ["²", "abc", "1e400", "1.5", "", " ", "\x00", "9" * 23, "0", "-1"])
def test_parse_int_refuses_what_is_not_an_id(text: str) -> None:
    with pytest.raises(ValueError, match="Parameter tahun"):
        parse_int(text, "tahun")


def test_parse_int_and_parse_id_read_integers_in_range() -> None:
    assert parse_int(" 2026 ", "tahun", YEAR_MIN, YEAR_MAX) == 2026
    assert parse_int(str(MAX_ID), "id") == MAX_ID
    assert parse_id(7) == 7 and parse_id("7") == 7 and parse_id(7.0) == 7
    assert parse_id(float("inf")) is None and parse_id(True) is None and parse_id(MAX_ID + 1) is None


def test_a_bad_query_parameter_gets_400_with_its_message(client: Client, cast: Any, renja: Renja) -> None:
    client.force_login(cast.perencana)
    response = client.get(f"/perencanaan/renja/{renja.pk}/?bidang=99999999999999999999999")
    assert response.status_code == 400
    assert "Parameter bidang harus antara 1 dan" in response.content.decode()


def test_a_path_id_that_is_no_id_is_404(client: Client, cast: Any, renja: Renja) -> None:
    client.force_login(cast.perencana)
    urls = ["/perencanaan/renja/0/", f"/perencanaan/renja/{MAX_ID + 1}/", "/api/monitoring/evaluasi/abc/"]
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.get("/api/renja/0/").json() == {"detail": "Data tidak ditemukan."}


@pytest.mark.parametrize("bad", ["1e400", "99999999999999999999999", "true", "0", "-1", '"²"'])
def test_the_api_answers_400_to_an_id_that_is_no_id(client: Client, cast: Any, renja: Renja, bad: str):
    client.force_login(cast.perencana)
    body = f'{{"indikator": {bad}, "triwulan": 1, "nilai": "1", "versi": 0}}'
    response = client.post("/api/monitoring/realisasi/", body, content_type="application/json")
    assert response.status_code == 400 and "indikator" in response.json()


@pytest.mark.parametrize("year", [0, 1999, 2101, 99999, 289_434_782])
def test_years_outside_2000_2100_are_refused_by_the_models(cast: Any, renja: Renja, year: int) -> None:
    with pytest.raises(ValidationError, match="Tahun harus antara 2000 dan 2100"):
        Renja(pemda=cast.pemda, perangkat_daerah=cast.other_pd, tahun=year).full_clean()
    indikator = Indikator.objects.filter(renja=renja).first()
    indikator.tahun_kondisi_awal = year
    with pytest.raises(ValidationError, match="Tahun harus antara 2000 dan 2100"):
        indikator.full_clean()
