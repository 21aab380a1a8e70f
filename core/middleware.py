"""Cross-cutting request handling: caching headers, session lifetime, the user's language
and htmx plumbing."""

import json
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import (
    LoginRequiredMiddleware as DjangoLoginRequiredMiddleware,
)
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages import get_messages
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

# Session keys of SessionLifetimeMiddleware, in seconds since the epoch (JSON-serialisable).
LOGGED_IN_AT = "plc_logged_in_at"
REFRESHED_AT = "plc_refreshed_at"
# How stale the idle clock may get: refreshing it on every request would write the session
# (a database row, or a new signed cookie) on every request.
REFRESH_EVERY = 5 * 60


class NoStoreMiddleware:
    """Nothing the app answers is kept by a browser or a proxy: Cache-Control: no-store.

    After logging out on a shared staff-room computer, the back button must not show a
    private reflection from the browser's cache. Every response gets it, not only those to
    a logged-in person, because the public ones are personal or live too: the login and
    password-reset pages carry a CSRF token tied to the visitor's cookie (and reset links a
    secret key), the calendar feed is one person's agenda behind a secret link (a view's own
    max-age is overruled), the health checks must never come from a cache, and a cached
    permanent redirect cannot be taken back. Static files are the exception: whitenoise (in
    production) and runserver answer them before this middleware, with long caching, since
    they are the same for everyone and hold nothing personal. Vary: Cookie as well, for any
    cache that ignores no-store: what a page shows depends on who is logged in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        patch_vary_headers(response, ("Cookie",))
        return response


def _now() -> int:
    return int(timezone.now().timestamp())


# Connected when Django loads the middleware (at start-up, before the first request). A
# session from before this existed, or a test's login before any request, gets its time
# from the middleware on its next request instead.
@receiver(user_logged_in, dispatch_uid="core.middleware.stamp_login")
def stamp_login(sender, request: HttpRequest | None, user, **kwargs) -> None:
    """Logging in (again) starts both clocks of SessionLifetimeMiddleware afresh."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = request.session[REFRESHED_AT] = _now()


class SessionLifetimeMiddleware:
    """Sessions end on their own: after SESSION_COOKIE_AGE without a request (idle,
    PLC_SESSION_IDLE_HOURS) and PLC_SESSION_MAX_AGE after logging in however busy the
    session is (absolute, PLC_SESSION_MAX_DAYS).

    The idle clock is refreshed at most every REFRESH_EVERY seconds; the save that follows
    moves the session's own expiry (database row and cookie) SESSION_COOKIE_AGE ahead, so
    the session engine ends an idle session too. Both limits are checked here as well, so
    they hold whatever the engine. A session past either limit is logged out before the view
    runs: LoginRequiredMiddleware then sends the person to the login page, and HtmxMiddleware
    turns that into HX-Redirect for htmx.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session, now = request.session, _now()
            if LOGGED_IN_AT not in session:
                session[LOGGED_IN_AT] = session[REFRESHED_AT] = now
            logged_in_at = session[LOGGED_IN_AT]
            refreshed_at = session.get(REFRESHED_AT, logged_in_at)
            if (
                now - logged_in_at >= settings.PLC_SESSION_MAX_AGE
                or now - refreshed_at >= settings.SESSION_COOKIE_AGE
            ):
                logout(request)
            elif now - refreshed_at >= REFRESH_EVERY:
                session[REFRESHED_AT] = now
        return self.get_response(request)


class UserLanguageMiddleware:
    """A logged-in person sees the app in the language of their profile, on any device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class HtmxMiddleware:
    """Keeps views plain: htmx gets redirects, messages and caching right in one place.

    - Responses vary on HX-Request, so a cached fragment is never served as a page.
    - A redirect answering an htmx request becomes HX-Location (HX-Redirect for the login
      page, when the session ran out), since htmx cannot follow a 302 into the page. A 307
      or 308 (a form posted to a moved address) is left to the browser, which posts it
      again to the new address; turned into HX-Location it would become a GET.
    - Pending messages ride along as an out-of-band swap into #messages.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        htmx = getattr(request, "htmx", None)
        if not htmx or htmx.history_restore_request:
            return response
        if response.status_code in (307, 308):
            return response
        if 300 <= response.status_code < 400 and response.has_header("Location"):
            location = response["Location"]
            login_url = resolve_url(settings.LOGIN_URL)
            redirect = HttpResponse()
            if location.split("?")[0] == login_url:
                redirect["HX-Redirect"] = location
            else:
                redirect["HX-Location"] = json.dumps({"path": location, "target": "body"})
            patch_vary_headers(redirect, ("HX-Request",))
            return redirect
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and not getattr(response, "streaming", False):
            messages = list(get_messages(request))
            if messages:
                response.content += render_to_string(
                    "components/messages.html",
                    {"messages": messages, "oob": True},
                    request=request,
                ).encode()
        return response


class ServerTimingMiddleware:
    """Benchmark mode only (PLC_SERVER_TIMING=1): how long the app took and how many
    queries it ran, in a Server-Timing header that the load generator reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import time

        from django.db import connection

        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = f'app;dur={elapsed:.2f}, db;desc="{queries}"'
        return response


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Every page needs a login (public views say so). When a form is posted after the
    session ran out, the way back after logging in leads to the page the form was on (where
    the browser puts back what was typed, static/js/drafts.js), not to the address the form
    posts to, which may answer only POST."""

    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        if request.method in ("GET", "HEAD") or not (page := form_page(request)):
            return super().handle_no_permission(request, view_func)
        return redirect_to_login(
            page,
            resolve_url(self.get_login_url(view_func)),
            self.get_redirect_field_name(view_func),
        )


# Pages every signed-in person needs, board staff too: signing in and out, two-step
# verification, the language switch.
EVERYONE_MODULES = ("allauth.", "signin.", "django.views.i18n")


class BoardStaffMiddleware:
    """Board staff belong to no school, so every school page answers them 404, as it would
    answer someone of another school. Only the views marked with `core.access.board_page`
    (the board's aggregates and what schools shared with it) and the public pages are open
    to them. One rule for every page and fragment, also those added later."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        user = request.user
        if not user.is_authenticated or user.school_id is not None:
            return
        if getattr(view_func, "board_staff_allowed", False):
            return
        if not getattr(view_func, "login_required", True):  # a public page
            return
        if view_func.__module__.startswith(EVERYONE_MODULES):
            return
        raise Http404


def form_page(request: HttpRequest) -> str | None:
    """The page of this site a form was posted from: htmx names it, browsers send it as the
    Referer (same-origin, see Referrer-Policy)."""
    for url in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(url)
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return None
