"""The real PostgreSQL and Redis: in CI they must be there, and they are used."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

IN_CI = bool(os.environ.get("CI"))


def test_ci_runs_against_postgresql(db):
    if not settings.DATABASE_URL:
        if IN_CI:
            pytest.fail("CI must run with DATABASE_URL pointing at PostgreSQL.")
        pytest.skip("DATABASE_URL is not set: this run uses the embedded SQLite default.")
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_ci_uses_redis_for_the_cache_and_celery(db):
    if not settings.REDIS_URL:
        if IN_CI:
            pytest.fail("CI must run with REDIS_URL pointing at Redis.")
        pytest.skip("REDIS_URL is not set: this run uses the database cache.")
    assert settings.CELERY_BROKER_URL == settings.REDIS_URL
    cache.set("plc-test-key", "leergemeenschap", 30)
    assert cache.get("plc-test-key") == "leergemeenschap"
    cache.delete("plc-test-key")
