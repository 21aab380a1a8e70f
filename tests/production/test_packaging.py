"""`pip install .` (not editable) into a fresh virtualenv gives a working app: every app,
template, static file and translation is in the wheel, and nothing is read from the
checkout."""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("git") is None, reason="needs git to copy the tracked files"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": "127.0.0.1", "Accept-Language": "nl"})
    response = connection.getresponse()
    return response.status, response.read().decode(errors="replace")


def test_an_installed_wheel_migrates_seeds_the_demo_and_serves_dutch_pages(tmp_path):
    # What git tracks or would (a fresh clone): no stray build folders or databases.
    source = tmp_path / "source"
    source.mkdir()
    archive = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, archive):
        path = Path(name.decode())
        if (ROOT / path).is_file():
            (source / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / path, source / path)
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = str(environment / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", str(source)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    # Started elsewhere, so nothing can come from the checkout by accident.
    workdir = tmp_path / "school"
    workdir.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PLC_", "DATABASE_URL", "REDIS_URL", "PYTHON"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "plc.settings"

    def manage(*args: str) -> str:
        result = subprocess.run(
            [python, "-m", "plc", *args],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    location = subprocess.run(
        [python, "-c", "import plc, overview, core; print(plc.__file__)"],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(environment) in location
    manage("migrate", "--noinput")
    # The migrations make the database cache's table too (core/migrations).
    assert "directeur@demo.test" in manage("seed_demo")
    assert (workdir / "db.sqlite3").is_file()

    port = free_port()
    server = subprocess.Popen(
        [python, "-m", "plc", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            try:
                status, body = get(port, "/accounts/login/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the installed app did not start")
        assert status == 200
        assert "Wachtwoord" in body  # a template of the wheel, translated by its catalogue
        status, css = get(port, "/static/css/app.css")
        assert status == 200 and "{" in css
        status, health = get(port, "/healthz")
        assert status == 200 and '"database": "ok"' in health
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert sys.executable != python
