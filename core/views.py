"""Health checks for the load balancer and the orchestrator: no login, never cached."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def live(request: HttpRequest) -> JsonResponse:
    """The process answers: for restarting a hung web process."""
    return JsonResponse({"status": "ok"})


# Checks other apps add (e.g. notifications: emails stuck or failed). Each returns
# (state, details): state "ok" or "degraded"; a check that raises counts as "degraded".
HEALTH_CHECKS: dict[str, Callable[[], tuple[str, dict]]] = {}


def register_health_check(name: str, check: Callable[[], tuple[str, dict]]) -> None:
    HEALTH_CHECKS[name] = check


def redis_reachable() -> bool:
    """Asked of Redis itself: the cache would answer from the database while Redis is away."""
    from redis import Redis

    try:
        client = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5)
        return bool(client.ping())
    except Exception:  # any failure means "unreachable", whatever the client raised
        return False


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Ready: the database can be reached; 503 otherwise.

    Pages work without Redis (core/cache.py), so Redis away, or emails that are stuck or
    failing, make the answer "degraded" with 200: the web process should keep serving
    while someone looks at why.
    """
    checks: dict[str, object] = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not ready", whatever the driver raised
        checks["database"] = "unreachable"
        return JsonResponse({"status": "error", **checks}, status=503)
    degraded = False
    if settings.REDIS_URL:
        checks["redis"] = "ok" if redis_reachable() else "unreachable"
        degraded |= checks["redis"] != "ok"
    for name, check in HEALTH_CHECKS.items():
        try:
            state, details = check()
        except Exception:  # a broken check must not take the web process out
            log.exception("Health check %s failed", name)
            state, details = "degraded", {}
        checks[name] = {"status": state, **details}
        degraded |= state != "ok"
    return JsonResponse({"status": "degraded" if degraded else "ok", **checks})
