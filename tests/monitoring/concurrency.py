"""Races between real requests on a real database, run as its own process.

The test suite's SQLite database lives in memory and is shared by every thread through one
connection, so it cannot show what two people saving at the same moment do to a database
file. This script creates its own test database (a file on SQLite, a scratch database on
PostgreSQL), fills it like the root fixtures do, and sends requests through Django's full
request handling (middleware, ATOMIC_REQUESTS) from threads, each with its own connection,
released together by a barrier. It prints the status codes of every round as JSON.

    python -m tests.monitoring.concurrency <sqlite file or scratch database name> [rounds] [logins]
"""

from __future__ import annotations

import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selaras.settings_test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from selaras.accounts.personas import PASSWORD, build_cast  # noqa: E402
from selaras.monitoring.models import Realisasi, RealisasiSubKegiatan  # noqa: E402
from selaras.organisations.models import Pemda  # noqa: E402
from selaras.planning.factories import add_sub_kegiatan, make_renja  # noqa: E402
from selaras.planning.models import Indikator, SubKegiatan  # noqa: E402

Request = Callable[[Client, int], int]


def race(clients: list[Client], send: Request, arg: Callable[[int], int]) -> list[int]:
    """Every client sends at once (send(client, arg(i))); the status codes in the clients' order."""
    barrier = threading.Barrier(len(clients))
    codes: list[int] = [0] * len(clients)

    def run(i: int) -> None:
        try:
            barrier.wait()
            codes[i] = send(clients[i], arg(i))
        except Exception as exc:  # a crash in the client counts as a server error
            print(repr(exc), file=sys.stderr)
            codes[i] = 599
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def rounds(clients: list[Client], send: Request, version: Callable[[], int], count: int) -> dict[str, Any]:
    started = time.perf_counter()
    codes, versions = [], []
    for _ in range(count):
        versi = version()  # both opened the page at this version
        codes.append(race(clients, send, lambda i, versi=versi: versi))
        versions.append(version())
    return {"codes": codes, "versions": versions, "seconds": round(time.perf_counter() - started, 3)}


def main(name: str, count: int, logins: int) -> dict[str, Any]:
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return scenarios(count, logins)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def scenarios(count: int, logins: int) -> dict[str, Any]:
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_regions", stdout=io.StringIO())
    cast = build_cast(Pemda.objects.get(kode="18.02"))
    renja = make_renja(cast.balitbangda, 2026)
    add_sub_kegiatan(renja, "5.05.02.2.03.0001", cast.bidang_a, "175500000", "180000000")
    sub = SubKegiatan.objects.get(renja=renja)
    ind = Indikator.objects.filter(sub_kegiatan=sub).order_by("id").first()

    savers = []
    for persona in (cast.operator_a, cast.kepala_a):
        client = Client()
        client.force_login(persona)
        savers.append(client)

    def page(client: Client, versi: int) -> int:
        p = f"i{ind.pk}"
        return client.post(
            reverse("monitoring:realisasi_save", args=[ind.pk, 1]),
            {f"{p}-nilai": str(versi + 1), f"{p}-catatan": "", f"{p}-versi": versi},
            HTTP_HX_REQUEST="true",
        ).status_code

    def api(client: Client, versi: int) -> int:
        payload = {"indikator": ind.pk, "triwulan": 2, "nilai": str(versi + 1), "catatan": "", "versi": versi}
        return client.post(reverse("realisasi-list"), payload, content_type="application/json").status_code

    def budget(client: Client, versi: int) -> int:
        p = f"s{sub.pk}"
        return client.post(
            reverse("monitoring:anggaran_save", args=[sub.pk, 1]),
            {f"{p}-anggaran": str(1000 + versi), f"{p}-versi": versi, f"{p}-faktor_pendorong": "Rapat"},
            HTTP_HX_REQUEST="true",
        ).status_code

    def version_of(model: Any, **lookup: Any) -> Callable[[], int]:
        return lambda: model.objects.filter(**lookup).values_list("versi", flat=True).first() or 0

    usernames = [p.username for p in (cast.operator_a, cast.kepala_a, cast.perencana, cast.pimpinan)]

    def login(client: Client, i: int) -> int:
        response = client.post(
            reverse("login"), {"username": usernames[i % len(usernames)], "password": PASSWORD}
        )
        return response.status_code

    started = time.perf_counter()
    login_codes = race([Client() for _ in range(logins)], login, lambda i: i)
    login_seconds = round(time.perf_counter() - started, 3)
    budget_version = version_of(RealisasiSubKegiatan, sub_kegiatan=sub, triwulan=1)
    return {
        "pages": rounds(savers, page, version_of(Realisasi, indikator=ind, triwulan=1), count),
        "api": rounds(savers, api, version_of(Realisasi, indikator=ind, triwulan=2), count),
        "budget": rounds(savers, budget, budget_version, count),
        "logins": {"codes": login_codes, "seconds": login_seconds},
        "vendor": connection.vendor,
        "journal_mode": journal_mode(),
    }


def journal_mode() -> str | None:
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    args = sys.argv[1:]
    result = main(args[0], int(args[1]) if len(args) > 1 else 10, int(args[2]) if len(args) > 2 else 30)
    print(json.dumps(result))
