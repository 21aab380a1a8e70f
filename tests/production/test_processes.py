"""The real production processes on this machine: gunicorn with two workers, a Celery
worker and Celery beat, with production settings against PostgreSQL and Redis."""

import email
import email.policy
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo"
# A Monday morning in term time: the beat's pinned clock, so the test does not depend on
# the day it runs.
REMINDER_NOW = "2026-11-30T08:00:00+01:00"
FEEDBACK_REQUEST = "Fleur Peters vraagt je feedback op een reflectie."


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser: cookies (Secure ones too, behind our pretend TLS proxy)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",  # the TLS proxy in front of gunicorn
            "Connection": "close",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = "https://127.0.0.1"
            headers["Referer"] = f"https://127.0.0.1{path}"
            headers["X-CSRFToken"] = self.cookies.get("__Host-csrftoken", "")
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, rest = value.split("=", 1)
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def csrf(self, path: str) -> str:
        _status, _headers, content = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1)


def run(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )


def emails_to(folder: Path, address: str, text: str) -> int:
    """How many mails to address mention text: on its own or in a day's bundle."""
    count = 0
    for path in folder.glob("*.log"):
        for raw in path.read_text().split("-" * 79):
            if not raw.strip():
                continue
            message = email.message_from_string(raw.strip(), policy=email.policy.default)
            if message["To"] == address and text in message.get_content():
                count += 1
    return count


def test_the_production_processes_serve_share_work_and_stop_cleanly(tmp_path):
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        if os.environ.get("CI"):
            pytest.fail("CI must run the production-process test with PostgreSQL and Redis.")
        pytest.skip("Needs DATABASE_URL (PostgreSQL) and REDIS_URL.")
    import psycopg

    name = f"plc_prod_{uuid.uuid4().hex[:8]}"
    server = database_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    redis_db = redis_url.rsplit("/", 1)[0] + "/11"
    mail = tmp_path / "mail"
    mail.mkdir()
    base = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PLC_"))},
        "DATABASE_URL": f"{server}/{name}",
        "REDIS_URL": redis_db,
        "EMAIL_FILE_PATH": str(mail),
    }
    processes: list[subprocess.Popen] = []
    try:
        run(["manage.py", "migrate", "--noinput"], base)
        run(["manage.py", "seed_demo"], base)
        # A colleague asks the middenbouw lead (he works every weekday) for feedback.
        run(
            [
                "manage.py",
                "shell",
                "-c",
                (
                    "from reflections.models import Reflection; from teams.models import User;"
                    "from reflections.services import ask_feedback;"
                    "a = User.objects.get(email='fleur.peters@demo.test');"
                    "r = Reflection.objects.create(school=a.school, author=a, title='Procestest',"
                    " proud_of='x', visibility='school');"
                    "ask_feedback(reflection=r, colleagues=[User.objects.get(email='middenbouw@demo.test')])"
                ),
            ],
            base,
        )
        port = free_port()
        production = {
            **base,
            "PLC_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": "production-process-test-" + uuid.uuid4().hex * 2,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_BEHIND_TLS_PROXY": "1",
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "PLC_REMINDER_TICK_SECONDS": "2",
            "PLC_REMINDER_NOW": REMINDER_NOW,
        }
        run(["manage.py", "collectstatic", "--noinput"], production)
        access_log = tmp_path / "access.log"
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "plc.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--access-logfile",
                    str(access_log),
                    "--access-logformat",
                    '%(p)s "%(r)s" %(s)s',
                ],
                cwd=ROOT,
                env=production,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "plc",
                    "worker",
                    "--pool",
                    "solo",
                    "--loglevel",
                    "WARNING",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=production,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "plc",
                    "beat",
                    "--loglevel",
                    "WARNING",
                    "--schedule",
                    str(tmp_path / "beat-schedule"),
                ],
                cwd=ROOT,
                env=production,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )

        browser = Browser(port)
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status, _h, body = browser.request("GET", "/healthz/ready")
                if status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        assert status == 200, "never ready"
        assert '"redis": "ok"' in body and '"database": "ok"' in body

        # A demo user logs in.
        token = browser.csrf("/accounts/login/")
        status, headers, _ = browser.request(
            "POST",
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": "leerkracht@demo.test", "password": PASSWORD},
        )
        assert status == 302, status
        # Host-only cookies (tests/test_headers.py checks their attributes).
        assert {"__Host-sessionid", "__Host-csrftoken"} <= set(browser.cookies), browser.cookies

        # An initiative is created through one worker and read through the other.
        new_initiative = "/initiatieven/nieuw/"
        token = browser.csrf(new_initiative)
        _s, _h, form = browser.request("GET", new_initiative)
        team = re.search(r'name="teams" value="(\d+)"[^>]*>\s*Middenbouw', form) or re.search(
            r'name="teams" value="(\d+)"', form
        )
        template = re.search(r'name="template" value="(\d+)"', form)
        status, headers, _ = browser.request(
            "POST",
            new_initiative,
            {
                "csrfmiddlewaretoken": token,
                "title": "Over twee processen",
                "question": "Hoe kunnen wij ...?",
                "why": "Voor de kinderen.",
                "children": "groep 4",
                "teams": team.group(1),
                "template": template.group(1),
            },
        )
        assert status == 302, status
        created_at = headers["Location"]
        created_by = None
        for line in access_log.read_text().splitlines():
            if f"POST {new_initiative}" in line:
                created_by = line.split()[0]
        served_by = set()
        # Four at a time: a sync worker busy with one leaves the next to the other worker
        # (one after another, the same idle worker may win every accept).
        for _ in range(20):
            with ThreadPoolExecutor(4) as pool:
                answers = list(pool.map(lambda _n: browser.request("GET", created_at), range(4)))
            for status, _h, page in answers:
                assert status == 200 and "Over twee processen" in page
            served_by = {
                line.split()[0]
                for line in access_log.read_text().splitlines()
                if f"GET {created_at} " in line
            }
            if served_by - {created_by}:
                break
        assert served_by - {created_by}, "the other worker never served the page"

        # The due reminder is delivered once by the real worker, however often beat ticks.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not emails_to(
            mail, "middenbouw@demo.test", FEEDBACK_REQUEST
        ):
            time.sleep(1)
        time.sleep(6)  # three more ticks
        assert emails_to(mail, "middenbouw@demo.test", FEEDBACK_REQUEST) == 1
    finally:
        outputs = []
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                output, _ = process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                output, _ = process.communicate()
            outputs.append((process.args[2:5], process.returncode, output))
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    for args, code, output in outputs:
        assert code == 0, (args, code, output[-2000:])
        assert "Traceback" not in output, (args, output[-2000:])
