"""Login throttling shared by every way in: the login page, the API's HTTP Basic and the admin.

Home-made rather than django-axes. Axes would bring two packages (axes and ipware), its own
middleware and three tables, and it writes a row on every successful login too. More to the
point, its database handler loses failures on exactly our configuration: with
ATOMIC_REQUESTS on, DRF rolls the request's transaction back on a 401 or 403, and the failure
goes with it (jazzband/django-axes #611, closed as "won't fix", and #628, answered with a
note in the documentation). Its single failure limit also cannot express the much higher
per-address safety net below. What we need fits in this module, one backend and one table.

The rules, all over a sliding window of LOGIN_FAILURE_WINDOW_SECONDS:

- an account is refused from an address after LOGIN_FAILURE_LIMIT failures for that account
  from that address (the guesser is stopped, colleagues behind the same address are not);
- an account is refused from everywhere after LOGIN_FAILURE_ACCOUNT_LIMIT failures from any
  address (guessing spread over many addresses);
- an address is refused for every account after LOGIN_FAILURE_ADDRESS_LIMIT failures, a
  limit far above the others (spraying one password over many accounts); a single guesser
  stopped by the first rule never gets there, because refused attempts do not count.

Usernames are counted in their normalised spelling (see usernames.py), so " sekretaris" and
"ＳＥＫＲＥＴＡＲＩＳ" are the same account here as at the lookup. A successful login clears
the failures of that account from that address only, so the owner's success does not hand a
guesser elsewhere a fresh allowance.

The address is REMOTE_ADDR, or the client named by X-Forwarded-For when REMOTE_ADDR is one
of the TRUSTED_PROXIES; from anyone else that header is ignored, since anyone can send it.

Failures are written after the view's transaction has ended (LoginFailureLogMiddleware), as
a single small insert, so that a rolled-back request (a refusal by the API) keeps its record.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import ipaddress
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from selaras.accounts.models import LoginFailure
from selaras.accounts.usernames import normalize_username

logger = logging.getLogger(__name__)

USERNAME_MAX_LENGTH = 150
REFUSAL_ATTRIBUTE = "selaras_login_refusal"

# Failures of the current request, written once its view (and transaction) has finished;
# None outside a request, where failures are written at once.
_pending: contextvars.ContextVar[list[LoginFailure] | None] = contextvars.ContextVar(
    "selaras_pending_login_failures", default=None
)


@dataclass(frozen=True)
class Tally:
    """Counted failures within the window: for the account from this address, for the account
    from anywhere, and from this address for any account."""

    pair: int
    account: int
    address: int


def throttle_key(username: str) -> str:
    """The username as the throttle counts it: normalised and fit for the table."""
    return normalize_username(username).replace("\x00", "")[:USERNAME_MAX_LENGTH]


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest | None) -> str | None:
    """The address of the client, believing X-Forwarded-For only from a trusted proxy.

    The header is read from the right: each trusted proxy appends the address it received
    from, so the first untrusted hop from the right is the client. Anything unparsable stops
    the walk at the last address we know to be true.
    """
    if request is None:
        return None
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    address = remote
    if _is_trusted(remote):
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed([hop for hop in hops if hop.strip()]):
            parsed = _parse(hop)
            if parsed is None:
                break
            address = parsed
            if not _is_trusted(parsed):
                break
    return str(address)


def tally(key: str, address: str | None) -> Tally:
    """The failures that count against this attempt, in one query."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    account = Q(username=key)
    same_address = Q(ip_address=address)  # IS NULL when there is no address (no request)
    counters = {"pair": Count("pk", filter=account & same_address), "account": Count("pk", filter=account)}
    relevant = account
    if address:
        counters["address"] = Count("pk", filter=same_address)
        relevant |= same_address
    counts = LoginFailure.objects.filter(relevant, at__gte=since, refused=False).aggregate(**counters)
    return Tally(pair=counts["pair"], account=counts["account"], address=counts.get("address", 0))


def window_minutes() -> int:
    return math.ceil(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60)


def refusal(counted: Tally) -> str | None:
    """Why this attempt is refused before its password is even checked, or None."""
    account_locked = counted.account >= settings.LOGIN_FAILURE_ACCOUNT_LIMIT
    if counted.pair >= settings.LOGIN_FAILURE_LIMIT or account_locked:
        return f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {window_minutes()} menit."
    if counted.address >= settings.LOGIN_FAILURE_ADDRESS_LIMIT:
        return (
            "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan ini. "
            f"Coba lagi dalam {window_minutes()} menit."
        )
    return None


def record_failure(key: str, address: str | None, *, refused: bool = False) -> None:
    failure = LoginFailure(username=key, ip_address=address, refused=refused)
    pending = _pending.get()
    if pending is None:
        failure.save()
    else:
        pending.append(failure)


def clear_failures(key: str, address: str | None) -> None:
    """Forget the counted failures of this account from this address (after a success)."""
    LoginFailure.objects.filter(username=key, ip_address=address, refused=False).delete()


def note_refusal(request: HttpRequest | None, message: str) -> None:
    """Tell the caller of authenticate() (a form, the API) why it got no user."""
    if request is not None:
        setattr(request, REFUSAL_ATTRIBUTE, message)


def noted_refusal(request: HttpRequest | None) -> str | None:
    return getattr(request, REFUSAL_ATTRIBUTE, None)


class LoginFailureLogMiddleware:
    """Writes the request's login failures once its view, and so its transaction, is over.

    With ATOMIC_REQUESTS a failure written inside the view disappears whenever the request is
    rolled back, which DRF does for every 401. Outside it, in autocommit, the write is one
    short insert that nothing else in the request can undo.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        pending: list[LoginFailure] = []
        token = _pending.set(pending)
        try:
            response = self.get_response(request)
        finally:
            _pending.reset(token)
            if pending:
                try:
                    LoginFailure.objects.bulk_create(pending)
                except DatabaseError:
                    # Losing one record under heavy contention is better than a 500 page.
                    logger.warning("Could not record %d login failure(s)", len(pending), exc_info=True)
        return response
