"""One login throttle for every way in: the login page, the API's HTTP Basic and the admin."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth import aauthenticate
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from selaras.accounts import throttle
from selaras.accounts.models import LoginFailure
from selaras.accounts.personas import PASSWORD, Cast

pytestmark = pytest.mark.django_db

LOCKED = "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."
OFFICE = "203.0.113.10"
ELSEWHERE = "198.51.100.20"
PROXY = "10.0.0.2"
SPELLINGS = [" perencana", "perencana ", "ｐｅｒｅｎｃａｎａ", "perencana\t", "PERENCANA"]


@dataclass
class Attempt:
    logged_in: bool
    text: str


def via_form(username: str, password: str, **meta: str) -> Attempt:
    response = Client().post(reverse("login"), {"username": username, "password": password}, **meta)
    return Attempt(response.status_code == 302, response.content.decode())


def via_api(username: str, password: str, **meta: str) -> Attempt:
    credentials = base64.b64encode(f"{username}:{password}".encode()).decode()
    response = Client().get("/api/renja/", HTTP_AUTHORIZATION=f"Basic {credentials}", **meta)
    # 403 rather than 401: session authentication comes first and sends no challenge.
    assert response.status_code in (200, 403), response.content
    return Attempt(response.status_code == 200, response.content.decode("unicode_escape"))


def via_admin(username: str, password: str, **meta: str) -> Attempt:
    response = Client().post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **meta
    )
    logged_in = response.status_code == 302 and response["Location"] == "/admin/"
    return Attempt(logged_in, response.content.decode())


PATHS: dict[str, Callable[..., Attempt]] = {"form": via_form, "api": via_api, "admin": via_admin}


@pytest.fixture(params=list(PATHS))
def attempt(request: pytest.FixtureRequest, cast: Cast) -> Callable[..., Attempt]:
    # The planner doubles as the admin's staff user, so that the same persona can use all paths.
    cast.perencana.is_staff = True
    cast.perencana.save(update_fields=["is_staff"])
    return PATHS[request.param]


def fail(attempt: Callable[..., Attempt], times: int, username: str = "perencana", **meta: str) -> None:
    for _ in range(times):
        assert not attempt(username, "salah", **meta).logged_in


def counted(**lookup: str) -> int:
    return LoginFailure.objects.filter(refused=False, **lookup).count()


# Given failures on one path, the right password is refused on that path, and it is recorded.


def test_every_path_locks_the_account_even_with_the_right_password(attempt) -> None:
    assert attempt("perencana", PASSWORD).logged_in  # the path works at all
    fail(attempt, settings.LOGIN_FAILURE_LIMIT)
    refused = attempt("perencana", PASSWORD)
    assert not refused.logged_in
    assert LOCKED in refused.text
    assert counted(username="perencana") == settings.LOGIN_FAILURE_LIMIT
    assert LoginFailure.objects.filter(username="perencana", refused=True).count() == 1


def test_forty_wrong_passwords_by_http_basic_are_recorded_and_lock_it(cast: Cast) -> None:
    for _ in range(40):
        via_api("perencana", "salah")
    refused = via_api("perencana", PASSWORD)
    assert not refused.logged_in and LOCKED in refused.text
    # Refused attempts are recorded but only the failures before the lock count.
    assert counted(username="perencana") == settings.LOGIN_FAILURE_LIMIT
    refused_before = 40 - settings.LOGIN_FAILURE_LIMIT
    assert LoginFailure.objects.filter(username="perencana", refused=True).count() == refused_before + 1


def test_a_lock_earned_on_the_login_page_holds_on_the_api_and_the_admin(cast: Cast) -> None:
    cast.perencana.is_staff = True
    cast.perencana.save(update_fields=["is_staff"])
    fail(via_form, settings.LOGIN_FAILURE_LIMIT)
    for path in (via_api, via_admin):
        refused = path("perencana", PASSWORD)
        assert not refused.logged_in and LOCKED in refused.text


def test_a_wrong_password_by_http_basic_answers_403_in_indonesian(client: Client, cast: Cast) -> None:
    credentials = base64.b64encode(b"perencana:salah").decode()
    response = client.get("/api/renja/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code == 403
    assert response.json() == {"detail": "Nama pengguna atau kata sandi salah."}
    assert counted(username="perencana") == 1  # kept although the API rolls its request back


# The lock cannot be dodged by spelling the username differently.


@pytest.mark.parametrize("spelling", SPELLINGS, ids=repr)
def test_other_spellings_reach_the_same_account_and_the_same_lock(attempt, spelling: str) -> None:
    assert attempt(spelling, PASSWORD).logged_in
    fail(attempt, settings.LOGIN_FAILURE_LIMIT, username=spelling)
    assert counted(username="perencana") == settings.LOGIN_FAILURE_LIMIT
    for name in ("perencana", spelling):
        refused = attempt(name, PASSWORD)
        assert not refused.logged_in and LOCKED in refused.text


@pytest.mark.parametrize("spelling", SPELLINGS, ids=repr)
def test_a_locked_account_stays_locked_whatever_the_spelling(attempt, spelling: str) -> None:
    fail(attempt, settings.LOGIN_FAILURE_LIMIT)
    refused = attempt(spelling, PASSWORD)
    assert not refused.logged_in and LOCKED in refused.text


# One address does not lock out everyone behind it.


@pytest.mark.parametrize("path", ["form", "api"])
def test_many_failures_against_one_account_leave_a_colleague_of_the_same_address_alone(
    cast: Cast, path: str
) -> None:
    attempt = PATHS[path]
    for _ in range(30):
        attempt("perencana", "salah", REMOTE_ADDR=OFFICE)
    assert not attempt("perencana", PASSWORD, REMOTE_ADDR=OFFICE).logged_in
    assert attempt("pimpinan", PASSWORD, REMOTE_ADDR=OFFICE).logged_in
    assert attempt("operator_a", PASSWORD, REMOTE_ADDR=OFFICE).logged_in


def test_the_account_owner_elsewhere_is_not_locked_by_a_guesser_at_one_address(cast: Cast) -> None:
    fail(via_form, settings.LOGIN_FAILURE_LIMIT, REMOTE_ADDR=OFFICE)
    assert not via_form("perencana", PASSWORD, REMOTE_ADDR=OFFICE).logged_in
    assert via_form("perencana", PASSWORD, REMOTE_ADDR=ELSEWHERE).logged_in


def test_guessing_spread_over_many_addresses_locks_the_account_everywhere(cast: Cast) -> None:
    per_address = settings.LOGIN_FAILURE_LIMIT - 1
    needed = settings.LOGIN_FAILURE_ACCOUNT_LIMIT // per_address + 1
    addresses = [f"192.0.2.{n}" for n in range(1, needed + 1)]
    for address in addresses:
        fail(via_api, per_address, REMOTE_ADDR=address)
    assert counted(username="perencana") >= settings.LOGIN_FAILURE_ACCOUNT_LIMIT
    refused = via_form("perencana", PASSWORD, REMOTE_ADDR=ELSEWHERE)
    assert not refused.logged_in and LOCKED in refused.text
    assert via_form("pimpinan", PASSWORD, REMOTE_ADDR=addresses[0]).logged_in


@override_settings(LOGIN_FAILURE_ADDRESS_LIMIT=12)
def test_spraying_many_accounts_from_one_address_hits_the_address_safety_net(cast: Cast) -> None:
    for n in range(12):
        via_form(f"tamu{n}", "salah", REMOTE_ADDR=OFFICE)
    refused = via_form("pimpinan", PASSWORD, REMOTE_ADDR=OFFICE)
    assert not refused.logged_in
    assert "dari alamat jaringan ini" in refused.text
    assert via_form("pimpinan", PASSWORD, REMOTE_ADDR=ELSEWHERE).logged_in


def test_the_address_safety_net_is_far_above_the_account_limits() -> None:
    assert settings.LOGIN_FAILURE_ADDRESS_LIMIT >= 10 * settings.LOGIN_FAILURE_LIMIT
    assert settings.LOGIN_FAILURE_ACCOUNT_LIMIT > settings.LOGIN_FAILURE_LIMIT


def test_a_success_clears_the_owners_failures_but_not_a_guessers_elsewhere(cast: Cast) -> None:
    fail(via_form, settings.LOGIN_FAILURE_LIMIT - 1, REMOTE_ADDR=OFFICE)
    fail(via_form, settings.LOGIN_FAILURE_LIMIT - 1, REMOTE_ADDR=ELSEWHERE)
    fail(via_form, 2, username="pimpinan", REMOTE_ADDR=OFFICE)
    assert via_form("perencana", PASSWORD, REMOTE_ADDR=OFFICE).logged_in
    assert counted(username="perencana", ip_address=OFFICE) == 0
    assert counted(username="perencana", ip_address=ELSEWHERE) == settings.LOGIN_FAILURE_LIMIT - 1
    assert counted(username="pimpinan") == 2


# X-Forwarded-For counts only when a trusted proxy sends it.


def test_forwarded_for_from_an_untrusted_address_is_ignored(attempt) -> None:
    for n in range(settings.LOGIN_FAILURE_LIMIT):
        attempt("perencana", "salah", REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert counted(ip_address=OFFICE) == settings.LOGIN_FAILURE_LIMIT
    refused = attempt("perencana", PASSWORD, REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert not refused.logged_in and LOCKED in refused.text


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_forwarded_for_from_a_trusted_proxy_names_the_client(attempt) -> None:
    behind_proxy = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": OFFICE}
    fail(attempt, settings.LOGIN_FAILURE_LIMIT, **behind_proxy)
    assert counted(ip_address=OFFICE) == settings.LOGIN_FAILURE_LIMIT
    assert counted(ip_address=PROXY) == 0
    # A spoofed leftmost entry does not help: the proxy appended the real client last.
    spoofed = attempt("perencana", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.7, {OFFICE}")
    assert not spoofed.logged_in and LOCKED in spoofed.text
    # The owner, behind the same proxy from another address, still gets in.
    assert attempt("perencana", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE).logged_in


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], OFFICE, "192.0.2.1", OFFICE),
        (["10.0.0.0/8"], PROXY, "192.0.2.1", "192.0.2.1"),
        (["10.0.0.0/8"], PROXY, "192.0.2.9, 192.0.2.1", "192.0.2.1"),
        (["10.0.0.0/8"], PROXY, "192.0.2.1, 10.0.0.7", "192.0.2.1"),  # two proxies in a row
        (["10.0.0.0/8"], PROXY, "bukan-alamat", PROXY),
        (["10.0.0.0/8"], PROXY, "", PROXY),
        (["10.0.0.2"], PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(trusted: list[str], remote: str, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXIES=trusted):
        assert throttle.client_address(request) == expected


def test_the_async_authentication_goes_through_the_same_throttle(cast: Cast) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR=OFFICE)
    fail(via_form, settings.LOGIN_FAILURE_LIMIT, username="PERENCANA", REMOTE_ADDR=OFFICE)
    assert async_to_sync(aauthenticate)(request, username="perencana", password=PASSWORD) is None
    assert throttle.noted_refusal(request) == LOCKED
    other = RequestFactory().post("/", REMOTE_ADDR=ELSEWHERE)
    assert async_to_sync(aauthenticate)(other, username=" Perencana", password=PASSWORD) == cast.perencana


def test_guessing_the_old_password_on_the_change_page_hits_the_same_lock(client, cast, settings) -> None:
    client.force_login(cast.operator_a)
    url = reverse("password_change")
    new = {"new_password1": "Kata-sandi-baru-77", "new_password2": "Kata-sandi-baru-77"}
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        guess = client.post(url, {"old_password": "salah", **new})
        assert guess.status_code == 200 and "Terlalu banyak" not in guess.content.decode()
    refused = client.post(url, {"old_password": PASSWORD, **new})
    assert refused.status_code == 200
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.content.decode()
    cast.operator_a.refresh_from_db()
    assert cast.operator_a.check_password(PASSWORD)
    assert LoginFailure.objects.filter(username="operator_a").count() == settings.LOGIN_FAILURE_LIMIT + 1
