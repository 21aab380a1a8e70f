"""Redis may stop or freeze: the cache then answers from the database, and goes back to
Redis once it is there again. A throwaway redis-server on its own port plays Redis."""

import os
import shutil
import signal
import time

import pytest
from django.core.cache import caches

from core import cache as resilient
from tests.processes import start_redis
from tests.smtp_sink import free_port


@pytest.fixture
def redis_server():
    if not shutil.which("redis-server"):
        if os.environ.get("CI"):
            pytest.fail("CI must have redis-server for the Redis outage tests.")
        pytest.skip("redis-server is not installed.")
    port = free_port()
    process = start_redis(port)
    from redis import Redis

    client = Redis(port=port, socket_connect_timeout=0.5)
    yield process, port, client
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.kill()
    process.wait()


@pytest.fixture
def cache(redis_server, db):
    _process, port, _client = redis_server
    return resilient.ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {})


def test_the_cache_uses_redis_while_it_is_there(cache, redis_server):
    _process, _port, client = redis_server
    cache.set("teller", 3, 60)
    assert cache.get("teller") == 3
    assert client.exists(cache.make_key("teller"))
    assert caches["database"].get("teller") is None


def test_a_stopped_redis_makes_the_database_answer_and_redis_is_tried_again_later(
    cache, redis_server, monkeypatch, caplog
):
    process, _port, _client = redis_server
    process.kill()
    process.wait()
    cache.set("teller", 3, 60)  # no exception: the database stands in
    assert cache.get("teller") == 3
    assert cache.incr("teller") == 4
    assert cache.is_away
    assert "Redis cannot be reached" in caplog.text
    assert caches["database"].get("teller") == 4


def test_a_frozen_redis_does_not_hold_the_request(cache, redis_server):
    process, _port, _client = redis_server
    cache.set("teller", 1, 60)
    os.kill(process.pid, signal.SIGSTOP)  # accepts connections, answers nothing
    try:
        cache.set("teller", 2, 60)
        assert cache.get("teller") == 2
        assert cache.is_away
    finally:
        os.kill(process.pid, signal.SIGCONT)


def test_redis_back_is_used_again_after_the_pause(cache, redis_server, monkeypatch):
    process, _port, client = redis_server
    monkeypatch.setattr(resilient, "RETRY_AFTER", 0.2)
    os.kill(process.pid, signal.SIGSTOP)
    cache.set("teller", 1, 60)
    os.kill(process.pid, signal.SIGCONT)
    assert cache.is_away
    time.sleep(0.3)  # the pause is over: Redis again
    cache.set("teller", 5, 60)
    assert not cache.is_away
    assert int(client.get(cache.make_key("teller"))) == 5
