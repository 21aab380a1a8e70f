"""A real Celery worker process, against this machine's Redis and PostgreSQL, runs the
scheduled task and delivers the reminder once."""

import datetime
import os
import subprocess
import time
import uuid
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reflections.models import Reflection
from reflections.services import ask_feedback
from tests.processes import start_worker


def emails_in(folder: Path, address: str) -> int:
    return sum(
        text.count(f"To: {address}")
        for text in (path.read_text() for path in folder.glob("*") if path.is_file())
    )


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_scheduled_reminder_once(world_tx, tmp_path):
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the worker test against PostgreSQL and Redis.")
        pytest.skip("Needs DATABASE_URL (PostgreSQL) and REDIS_URL.")
    from plc.celery import app

    world = world_tx
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Samen lezen",
        proud_of="x",
        visibility="school",
    )
    ask_feedback(reflection=reflection, colleagues=[world.teacher])

    db = connection.settings_dict
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mails = tmp_path / "mail"
    mails.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_FILE_PATH": str(mails),
        "DJANGO_SETTINGS_MODULE": "plc.settings",
    }
    worker = start_worker(queue, env)
    try:
        task = settings.CELERY_BEAT_SCHEDULE["send-due-reminders"]["task"]
        thursday = datetime.datetime(
            2026, 11, 26, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam")
        )
        for _ in range(2):  # the scheduled tick, twice
            result = app.send_task(task, kwargs={"now": thursday.isoformat()}, queue=queue)
            assert result.id
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and emails_in(mails, world.teacher.email) < 1:
            time.sleep(0.5)
        time.sleep(3)  # give a second email every chance to appear
        assert emails_in(mails, world.teacher.email) == 1
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "Traceback" not in output, output
