"""Root fixtures: the reference data once per test database, and the cast of personas."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command

from selaras.accounts.personas import Cast, build_cast
from selaras.lib import dates
from selaras.organisations.models import Pemda
from selaras.planning.factories import add_sub_kegiatan, make_renja
from selaras.planning.models import Renja


def load_reference_data() -> None:
    call_command("load_reference", stdout=io.StringIO())
    call_command("load_regions", stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser journeys run last: their live server flushes the tables afterwards,
    reference data included, which the other tests load only once."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def pemda(db) -> Pemda:
    return Pemda.objects.get(kode="18.02")


@pytest.fixture
def cast(pemda: Pemda) -> Cast:
    return build_cast(pemda)


@pytest.fixture
def renja(cast: Cast) -> Renja:
    """Renja 2026 of Balitbangda: two sub kegiatan of bidang A, one of bidang B."""
    plan = make_renja(cast.balitbangda, 2026)
    add_sub_kegiatan(plan, "5.05.02.2.03.0001", cast.bidang_a, "175500000", "180000000")
    add_sub_kegiatan(plan, "5.05.02.2.03.0002", cast.bidang_a, "140000000", "150000000")
    add_sub_kegiatan(plan, "5.05.02.2.04.0001", cast.bidang_b, "210000000", "220000000")
    return plan


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.date], None]:
    """Fix the date every "which quarter is it" question reads (lib.dates.today):
    `today(dt.date(2026, 10, 5))` puts the tests on the first days of TW IV 2026."""

    def set_day(day: dt.date) -> None:
        monkeypatch.setattr(dates, "today", lambda: day)

    return set_day
