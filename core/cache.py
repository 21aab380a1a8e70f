"""Redis as the cache, and the database when Redis is away.

Sessions live in the database; the cache holds the sign-in throttle's counters, allauth's
rate limits and other things that are cheaper to keep than to compute. None of that may
cost a page when Redis is stopped or frozen: every call is tried against Redis with a short
timeout, and after a failure the database cache answers for a while before Redis is tried
again. A Redis outage then costs speed, never a page or a login.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

log = logging.getLogger("plc.cache")

# How long the database answers alone after Redis failed, before Redis is tried again.
RETRY_AFTER = 30.0

# Per Redis location, for every thread of the process: Django keeps a cache object per
# thread, and each should not wait out Redis's timeout on its own.
_away_until: dict[str, float] = {}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS", {}))
        self._fallback_alias = options.pop("FALLBACK", "database")
        # A frozen Redis must not hold a request for the default of several seconds.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = str(server)

    @property
    def fallback(self):
        return caches[self._fallback_alias]

    def _call(self, name: str, *args, **kwargs):
        from redis.exceptions import RedisError

        if time.monotonic() >= _away_until.get(self._location, 0.0):
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError as error:
                with _lock:
                    _away_until[self._location] = time.monotonic() + RETRY_AFTER
                log.error("Redis cannot be reached (%s); the database cache stands in", error)
        return getattr(self.fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._call("clear", *args, **kwargs)

    @property
    def is_away(self) -> bool:
        """Whether the database is standing in for Redis right now."""
        return time.monotonic() < _away_until.get(self._location, 0.0)
