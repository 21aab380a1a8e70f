"""Cross-cutting request handling: the user's language and htmx plumbing."""

import json
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
