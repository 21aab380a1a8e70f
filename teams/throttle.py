"""Sign-in throttling: slows password guessing without locking a school out.

Every password check (the login form, and so the admin's login, which redirects to it) goes
through `sign_in_attempt`. Three limits count failed passwords in Django's cache; README.md
("Sign-in throttling") gives the numbers and why:

- the *pair* (login address, client address): after 5 failures each further attempt waits
  1, 2, 4 ... minutes, at most an hour. It only slows the one guesser at that address.
- the *account* (login address, from every client address): after 10 failures the same
  growing wait, so guessing from many addresses is slow too.
- the *address* (every login address from one client address): a ceiling sized for a whole
  school behind one NAT (`PLC_LOGIN_FAILURES_PER_IP_PER_HOUR`).

A device on which an account signed in before carries a signed "known device" cookie
(OWASP's device cookies), bound to that account. It passes the account and address limits:
whoever hammers the leader's address, or a school's network, cannot keep the leader out of
her own laptop. Its own failures count like a pair, so a stolen cookie guesses no faster.
A refused attempt checks no password and counts nothing, so it tells nothing and the owner's
impatient clicks do not lengthen the wait. Counters are keyed on the address as typed
(lowercased), whether or not it exists, so the answers never say who works here.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

DEVICE_MAX_AGE = 365 * 24 * 3600
_DEVICE_SALT = "teams.throttle.known-device"
_PREFIX = "plc:signin"
IP_WINDOW = 3600
# A second request for the same account waits this long for the first to finish.
_LOCK_WAIT, _LOCK_TIMEOUT = 3.0, 30


def now() -> float:
    """The throttle's clock; tests move it by monkeypatching this function."""
    return time.time()


@dataclass(frozen=True)
class Backoff:
    """`free` failures, then each attempt waits `first` seconds after the last failure,
    doubling with every further failure up to `cap`; forgotten after `forget` seconds
    without a failure."""

    free: int
    first: int
    cap: int
    forget: int = 24 * 3600

    def wait(self, state: tuple[int, float] | None, at: float) -> float:
        failures, last = self.current(state, at)
        if failures < self.free:
            return 0.0
        delay = min(self.first * 2 ** min(failures - self.free, 30), self.cap)
        return max(0.0, last + delay - at)

    def current(self, state: tuple[int, float] | None, at: float) -> tuple[int, float]:
        if not state or at - state[1] >= self.forget:
            return 0, 0.0
        return state


PAIR = Backoff(free=5, first=60, cap=3600)
ACCOUNT = Backoff(free=10, first=60, cap=3600)


class Refused(Exception):
    """This attempt is not checked; `retry_after` seconds from now it will be."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth sees it (ALLAUTH_TRUSTED_PROXY_COUNT decides how far
    X-Forwarded-For is believed); an IPv6 address counts as its /64, as in allauth."""
    from allauth import app_settings as allauth_settings
    from allauth.account.adapter import get_adapter

    ip = get_adapter(request).get_client_ip(request)
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{address}/{prefix}", strict=False).network_address)
    return str(address)


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()
    return f"{_PREFIX}:{kind}:{digest}"


def account_key(login: str) -> str:
    """The name the throttle gives an account: a hash of the address as typed."""
    return _key("account", login.strip().lower())


def _ip_bucket(ip: str, at: float, offset: int = 0) -> str:
    return f"{_key('ip', ip)}:{int(at // IP_WINDOW) + offset}"


def _ip_ceiling() -> int:
    return settings.PLC_LOGIN_FAILURES_PER_IP_PER_HOUR


def _ip_wait(current: int, previous: int, at: float) -> float:
    """Seconds until the failures of the last hour (a sliding estimate from this hour's and
    the previous hour's count) drop below the ceiling."""
    limit = _ip_ceiling()
    elapsed = at % IP_WINDOW
    if current + previous * (1 - elapsed / IP_WINDOW) < limit:
        return 0.0
    if current >= limit:  # into the next hour, until this hour's share has faded enough
        return IP_WINDOW - elapsed + IP_WINDOW * (1 - limit / current) + 1
    return IP_WINDOW * (1 - (limit - current) / previous) - elapsed + 1


def device_cookie_name() -> str:
    """With the __Host- prefix wherever cookies are Secure, as the session's: no subdomain
    and no plain-HTTP page can set or replace it."""
    return "__Host-plc_device" if settings.SESSION_COOKIE_SECURE else "plc_device"


def _known_device(request: HttpRequest, login: str) -> str | None:
    """The id of this device if its cookie is valid and bound to the account of `login`."""
    raw = request.COOKIES.get(device_cookie_name())
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=_DEVICE_SALT, max_age=DEVICE_MAX_AGE)
        user_pk, device = str(data["u"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
    from allauth.account.utils import filter_users_by_email

    if not any(str(user.pk) == user_pk for user in filter_users_by_email(login)):
        return None
    return device


def remember_device(response: HttpResponseBase, user) -> None:
    """After a successful login: this device is known to the account from now on."""
    value = signing.dumps({"u": user.pk, "n": secrets.token_urlsafe(16)}, salt=_DEVICE_SALT)
    response.set_cookie(
        device_cookie_name(),
        value,
        max_age=DEVICE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


@dataclass
class Attempt:
    """One password check; the caller says how it went with `succeeded()` or `failed()`."""

    pair: str
    account: str
    ip: str
    device: str | None
    outcome: bool | None = field(default=None, init=False)

    def succeeded(self) -> None:
        self.outcome = True

    def failed(self) -> None:
        self.outcome = False

    def wait(self, at: float) -> float:
        """Seconds before this attempt may be checked; 0 when it may be now."""
        states = cache.get_many(
            [self.pair, self.account, _ip_bucket(self.ip, at), _ip_bucket(self.ip, at, -1)]
            + ([self.device] if self.device else [])
        )
        if self.device:
            # A known device passes every limit but its own: a colleague guessing from the
            # same school address (the same pair) cannot keep the owner out of her laptop.
            return PAIR.wait(states.get(self.device), at)
        return max(
            PAIR.wait(states.get(self.pair), at),
            ACCOUNT.wait(states.get(self.account), at),
            _ip_wait(
                states.get(_ip_bucket(self.ip, at), 0),
                states.get(_ip_bucket(self.ip, at, -1), 0),
                at,
            ),
        )

    def record(self, at: float) -> None:
        # A known device's slips count on the device alone; the rest on the pair and the
        # account, which a known device does not wait for.
        if self.device:
            backoffs = [(self.device, PAIR)]
        else:
            backoffs = [(self.pair, PAIR), (self.account, ACCOUNT)]
        if self.outcome:
            # Whoever is here knows the password: their own slips are forgiven. The account
            # and address counts stay, or a guesser could reset them between guesses.
            cache.delete_many([key for key, backoff in backoffs if backoff is PAIR])
            return
        states = cache.get_many([key for key, _ in backoffs])
        for key, backoff in backoffs:
            failures, _ = backoff.current(states.get(key), at)
            cache.set(key, (failures + 1, at), timeout=backoff.forget + backoff.cap)
        bucket = _ip_bucket(self.ip, at)
        cache.add(bucket, 0, timeout=2 * IP_WINDOW)
        try:
            cache.incr(bucket)  # atomic on Redis; the database cache may miss a rare one
        except ValueError:  # expired between add and incr
            cache.set(bucket, 1, timeout=2 * IP_WINDOW)
        cache.touch(bucket, timeout=2 * IP_WINDOW)  # the database cache's incr resets it


@contextmanager
def _lock(key: str) -> Iterator[None]:
    """One password check per account at a time, so parallel guesses cannot all slip in
    before the first failure is counted."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + _LOCK_WAIT
    while not cache.add(lock, 1, timeout=_LOCK_TIMEOUT):
        if time.monotonic() > deadline:
            raise Refused(60)
        time.sleep(0.02)
    try:
        yield
    finally:
        cache.delete(lock)


@contextmanager
def sign_in_attempt(request: HttpRequest, login: str) -> Iterator[Attempt]:
    """Check a password for `login` inside this block, or raise `Refused` without checking.

    with sign_in_attempt(request, email) as attempt:
        user = authenticate(...)
        attempt.succeeded() if user else attempt.failed()
    """
    login = login.strip().lower()
    ip = client_ip(request)
    device = _known_device(request, login)
    attempt = Attempt(
        pair=_key("pair", login, ip),
        account=_key("account", login),
        ip=ip,
        device=_key("device", login, device) if device else None,
    )
    with _lock(attempt.account):
        wait = attempt.wait(now())
        if wait > 0:
            raise Refused(wait)
        yield attempt
        attempt.record(now())


@login_not_required
@require_safe
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login form is never shown: it would be a way around the throttle.
    Everyone signs in on the app's login page and comes back to the admin."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        # Signed in but not staff: the admin sent them here; the login page would send them
        # straight back to the admin, and round again.
        if not (request.user.is_active and request.user.is_staff):
            raise PermissionDenied
        return redirect(next_url)
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
