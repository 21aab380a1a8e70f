"""Faults on the real production processes: Redis stopped under gunicorn, and a Celery
worker killed in the middle of a tick (README, "What happens when…")."""

import datetime
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F

from notifications.models import Delivery
from reflections.models import Reflection
from reflections.services import ask_feedback
from tests.factories import MembershipFactory, UserFactory
from tests.processes import ROOT, start_redis, start_worker
from tests.smtp_sink import SmtpSink, free_port

from .test_processes import PASSWORD, Browser, run


def needs_the_real_services() -> str:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        if os.environ.get("CI"):
            pytest.fail("CI must run the fault tests against PostgreSQL and Redis.")
        pytest.skip("Needs DATABASE_URL (PostgreSQL) and REDIS_URL.")
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is needed to play the Redis that stops.")
    return database_url


def log_in(port: int, email: str) -> Browser:
    browser = Browser(port)
    token = browser.csrf("/accounts/login/")
    status, _headers, _body = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": token, "login": email, "password": PASSWORD},
    )
    assert status == 302, status
    return browser


def test_with_redis_stopped_people_log_in_and_open_their_pages(tmp_path):
    import psycopg

    database_url = needs_the_real_services()
    name = f"plc_faults_{uuid.uuid4().hex[:8]}"
    server = database_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    redis_port, port = free_port(), free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLC_"))},
        "DATABASE_URL": f"{server}/{name}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    production = {
        **env,
        "PLC_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "fault-test-" + uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
    }
    redis = start_redis(redis_port)
    web = None
    try:
        run(["manage.py", "migrate", "--noinput"], env)
        run(["manage.py", "seed_demo"], env)
        run(["manage.py", "collectstatic", "--noinput"], production)
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "plc.wsgi", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=production,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Browser(port).request("GET", "/healthz/ready")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        teacher = log_in(port, "leerkracht@demo.test")
        assert teacher.request("GET", "/")[0] == 200

        redis.terminate()
        redis.wait()

        # Signed in before: still signed in, sessions live in the database.
        status, _h, home = teacher.request("GET", "/")
        assert status == 200 and "Sanne Bakker" in home
        initiative = re.search(r'href="(/initiatieven/\d+/)"', home).group(1)
        assert teacher.request("GET", initiative)[0] == 200
        # Signing in now (the throttle's counters in the database meanwhile).
        leader = log_in(port, "directeur@demo.test")
        for page in ("/", initiative, "/dashboard/"):
            status, _h, body = leader.request("GET", page)
            assert status == 200, (page, status)
        # Logging out works too, and the session is gone for good.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        leader.request("POST", "/accounts/logout/", {"csrfmiddlewaretoken": token})
        assert leader.request("GET", "/")[0] == 302

        status, _h, health = Browser(port).request("GET", "/healthz/ready")
        assert status == 200
        assert '"status": "degraded"' in health and '"redis": "unreachable"' in health
    finally:
        if redis.poll() is None:
            redis.kill()
        output = ""
        if web:
            web.send_signal(signal.SIGTERM)
            try:
                output, _ = web.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                web.kill()
                output, _ = web.communicate()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert "Internal Server Error" not in output, output[-3000:]


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_tick_loses_no_reminder_and_repeats_at_most_one(world_tx):
    needs_the_real_services()
    from plc.celery import app

    world = world_tx
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Leesles",
        proud_of="x",
        visibility="school",
    )
    asked = [UserFactory(school=world.school) for _ in range(30)]
    for person in asked:
        MembershipFactory(team=world.team, user=person)
    ask_feedback(reflection=reflection, colleagues=asked)

    # A slow mail server, so the kill lands in the middle of the tick.
    sink = SmtpSink(delay=0.15).start()
    db = connection.settings_dict
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "EMAIL_USE_TLS": "false",
        "DJANGO_SETTINGS_MODULE": "plc.settings",
    }
    task = settings.CELERY_BEAT_SCHEDULE["send-due-reminders"]["task"]
    thursday = datetime.datetime(2026, 11, 26, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))

    def tick(minutes: int) -> None:
        moment = thursday + datetime.timedelta(minutes=minutes)
        app.send_task(task, kwargs={"now": moment.isoformat()}, queue=queue)

    def received() -> int:
        return sum(sink.received()[person.email] for person in asked)

    workers = [start_worker(queue, env)]
    try:
        tick(0)
        assert wait_for(lambda: received() >= 5), "the worker never started sending"
        workers[0].send_signal(signal.SIGKILL)  # a deploy or the out-of-memory killer
        workers[0].wait()
        sent_before = received()
        # Each email is claimed right before it is sent: the dead worker holds at most the
        # one it was sending (none, if it died between two).
        stuck = list(Delivery.objects.filter(status=Delivery.Status.SENDING))
        assert 0 < sent_before < 30 and len(stuck) <= 1

        workers.append(start_worker(queue, env))
        tick(5)  # within the dead worker's lease: the rest goes out, its claim waits
        held = {delivery.user_id for delivery in stuck}
        others = [person for person in asked if person.pk not in held]
        assert wait_for(lambda: all(sink.received()[p.email] for p in others)), sink.received()
        time.sleep(2)
        assert Delivery.objects.filter(status=Delivery.Status.SENDING).count() == len(stuck)

        Delivery.objects.update(claimed_at=F("claimed_at") - Delivery.LEASE)  # time passes
        tick(20)
        assert wait_for(lambda: all(sink.received()[p.email] for p in asked)), sink.received()
        tick(25)
        time.sleep(3)
        counts = [sink.received()[person.email] for person in asked]
        assert min(counts) == 1
        assert sum(counts) - len(asked) <= 1, counts  # duplicates: one bundle at most
        assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    finally:
        sink.stop()
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
            try:
                worker.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
