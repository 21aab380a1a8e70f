"""The reminder tick on real Celery workers: the beat's tick hands each school to the
workers as a task of its own (notifications/tasks.py). For a seeded board, each run starts
from a copy of the same database (every reminder due, as on the first tick after seeding),
sends the tick with a pinned clock and waits until every school's task has finished. It
reports the wall time and each school task's own time (from the workers' log), from which
the time for more workers on a bigger machine follows.

`bench/run.py` calls `measure_tick()`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
# A Monday morning in term time, in the sending window: everything seeded is due.
NOW = "2026-11-30T08:00:00+01:00"
DONE = re.compile(r"Task notifications\.send_school_reminders\[[^\]]+\] (succeeded|raised|retry)")
TOOK = re.compile(r"succeeded in ([\d.]+)s: (\d+)")


def _copy(server: str, template: str) -> str:
    import psycopg

    name = f"{template}_tick"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return name


def measure_tick(env: dict, server: str, database: str, workers: int, schools: int) -> dict:
    """One tick for the whole board on `workers` worker processes (one task at a time each,
    as production runs a worker per container)."""
    copy = _copy(server, database)
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory() as mails:
        run_env = {
            **env,
            "DATABASE_URL": f"{server}/{copy}",
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
            "EMAIL_FILE_PATH": mails,
        }
        run_env.pop("PLC_SERVER_TIMING", None)
        lines: list[tuple[float, str]] = []
        finished = threading.Semaphore(0)
        processes = [_worker(run_env, queue, n) for n in range(workers)]
        readers = [
            threading.Thread(target=_read, args=(p, lines, finished), daemon=True)
            for p in processes
        ]
        for reader in readers:
            reader.start()
        try:
            _wait_ready(run_env, queue, workers)
            started = time.perf_counter()
            subprocess.run(
                [PY, "-c", _SEND.format(queue=queue, now=NOW)],
                cwd=ROOT,
                env=run_env,
                check=True,
                capture_output=True,
            )
            for _ in range(schools):
                if not finished.acquire(timeout=1800):
                    raise RuntimeError("the tick did not finish within 30 minutes")
            ended = time.perf_counter()
            received = [
                at for at, line in lines if "send_due_reminders" in line and "received" in line
            ]
            wall = ended - (min(received) if received else started)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
    tasks = [
        (float(m.group(1)), int(m.group(2)))
        for _at, line in lines
        if "send_school_reminders" in line and (m := TOOK.search(line))
    ]
    seconds = sorted(t for t, _sent in tasks)
    return {
        "workers": workers,
        "schools": schools,
        "wall_seconds": round(wall, 2),
        "tasks": len(tasks),
        "emails": sum(sent for _t, sent in tasks),
        "task_seconds_sum": round(sum(seconds), 2),
        "task_seconds_max": round(max(seconds), 2) if seconds else None,
        "task_seconds_median": round(seconds[len(seconds) // 2], 2) if seconds else None,
    }


_SEND = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plc.settings")
django.setup()
from plc.celery import app
app.send_task("notifications.send_due_reminders", kwargs={{"now": "{now}"}}, queue="{queue}")
"""


def _worker(env: dict, queue: str, n: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            PY,
            "-m",
            "celery",
            "-A",
            "plc",
            "worker",
            "--pool",
            "solo",
            "--queues",
            queue,
            "--hostname",
            f"bench{n}-{queue}@%h",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _read(process: subprocess.Popen, lines: list, finished: threading.Semaphore) -> None:
    """Each log line with the moment it arrived: the tick is timed from when a worker
    received it (not from starting the process that sends it) to the last school's end."""
    for line in process.stdout:
        lines.append((time.perf_counter(), line))
        if DONE.search(line):
            finished.release()


def _wait_ready(env: dict, queue: str, workers: int) -> None:
    """Until every worker answers a ping, so the tick is not timed from their start-up."""
    script = (
        "import django, os, sys\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'plc.settings')\n"
        "django.setup()\n"
        "from plc.celery import app\n"
        "print(len(app.control.ping(timeout=1.0) or []))\n"
    )
    for _ in range(60):
        found = subprocess.run(
            [PY, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        ).stdout.strip()
        if found.isdigit() and int(found) >= workers:
            return
        time.sleep(0.5)
    raise RuntimeError("the Celery workers did not start")
