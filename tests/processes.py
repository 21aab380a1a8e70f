"""Real processes for the tests that need them: a throwaway Redis and a Celery worker."""

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_redis(port: int) -> subprocess.Popen:
    """A redis-server of the test's own on `port`, answering before this returns."""
    from redis import Redis

    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = Redis(port=port, socket_connect_timeout=0.5)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
            return process
        except Exception:  # not listening yet
            time.sleep(0.1)
    process.kill()
    raise AssertionError("the throwaway redis-server did not start")


def start_worker(queue: str, env: dict) -> subprocess.Popen:
    """A Celery worker (one process, as production runs it per container) on `queue`."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "plc",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


OIDC_PROVIDER_DIR = ROOT / "tests" / "oidc_provider"


def start_oidc_provider(
    port: int, *, client_id: str, client_secret: str, redirect_uris: list[str], accounts: dict
) -> subprocess.Popen:
    """panva's oidc-provider (a certified OpenID Connect provider, in Node.js) on `port`,
    answering before this returns. `accounts` maps a login typed at its login form to the
    claims it asserts."""
    import json
    import os
    import shutil

    import pytest

    node = shutil.which("node")
    if node is None or not (OIDC_PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        message = (
            "Node.js and tests/oidc_provider/node_modules are needed (make test installs them)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    process = subprocess.Popen(
        [node, "server.mjs"],
        cwd=OIDC_PROVIDER_DIR,
        env={
            **os.environ,
            "PORT": str(port),
            "CLIENT_ID": client_id,
            "CLIENT_SECRET": client_secret,
            "REDIRECT_URIS": json.dumps(redirect_uris),
            "ACCOUNTS": json.dumps(accounts),
            "NODE_NO_WARNINGS": "1",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 20
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("ready"):
            return process
        if not line and process.poll() is not None:
            break
    process.kill()
    raise AssertionError("the OpenID Connect provider did not start")
