"""Usernames are stored in one spelling, however they are written."""

from __future__ import annotations

import importlib
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from selaras.accounts.models import User
from selaras.accounts.personas import PASSWORD, Cast
from selaras.accounts.usernames import normalize_username

pytestmark = pytest.mark.django_db

SPELLINGS = [
    " sekretaris",
    "sekretaris ",
    "ｓｅｋｒｅｔａｒｉｓ",
    "sekretaris\t",
    "SEKRETARIS",
    "\u3000Sekretaris",
]


@pytest.mark.parametrize("spelling", SPELLINGS, ids=repr)
def test_normalize_username(spelling: str) -> None:
    assert normalize_username(spelling) == "sekretaris"
    assert normalize_username(normalize_username(spelling)) == "sekretaris"


@pytest.mark.parametrize("spelling", SPELLINGS, ids=repr)
def test_a_user_is_stored_under_the_normalised_name(spelling: str) -> None:
    created = User.objects.create_user(spelling, password=PASSWORD)
    assert User.objects.get(pk=created.pk).username == "sekretaris"
    created.delete()
    saved = User(username=spelling)
    saved.save()
    assert User.objects.get(pk=saved.pk).username == "sekretaris"


def test_a_second_spelling_of_an_existing_name_is_refused(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(" PERENCANA ", password=PASSWORD)


def test_the_model_form_check_sees_the_normalised_name(cast: Cast) -> None:
    user = User(username="ＰＥＲＥＮＣＡＮＡ")
    user.clean()
    assert user.username == "perencana"


@pytest.mark.parametrize("spelling", SPELLINGS, ids=repr)
def test_authenticate_finds_the_user_by_any_spelling(spelling: str) -> None:
    user = User.objects.create_user("sekretaris", password=PASSWORD)
    assert authenticate(username=spelling, password=PASSWORD) == user
    assert User.objects.get_by_natural_key(spelling) == user


def test_createsuperuser_stores_the_normalised_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    output = io.StringIO()
    call_command("createsuperuser", "--noinput", "--username", "ＡＤＭＩＮ", "--email", "", stdout=output)
    assert User.objects.get(is_superuser=True).username == "admin"


def test_createsuperuser_refuses_rather_than_stores_a_padded_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError):
        call_command("createsuperuser", "--noinput", "--username", " admin\t", "--email", "")
    assert not User.objects.filter(is_superuser=True).exists()


def test_createsuperuser_refuses_another_spelling_of_a_taken_name(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    with pytest.raises(CommandError, match="already taken"):
        call_command("createsuperuser", "--noinput", "--username", "PERENCANA", "--email", "")


class _SchemaEditor:
    connection = connection


def test_the_migration_normalises_existing_names_and_leaves_collisions_alone() -> None:
    migration = importlib.import_module("selaras.accounts.migrations.0002_normalise_usernames")
    ids = {
        name: User.objects.create_user(f"user{n}").pk
        for n, name in enumerate(["sekretaris", "Sekretaris", " Budi", "BUDI\t", "ｓｉｔｉ", "ani"])
    }
    for name, pk in ids.items():  # as written before usernames were normalised
        User.objects.filter(pk=pk).update(username=name)

    migration.normalise_usernames(apps, _SchemaEditor())

    stored = {name: User.objects.get(pk=pk).username for name, pk in ids.items()}
    assert stored == {
        "sekretaris": "sekretaris",
        "Sekretaris": "Sekretaris",  # "sekretaris" is taken: left for an administrator
        " Budi": "budi",
        "BUDI\t": "BUDI\t",  # the first of the two took "budi"
        "ｓｉｔｉ": "siti",
        "ani": "ani",
    }
