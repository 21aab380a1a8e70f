"""The benchmark: real gunicorn on PostgreSQL, load from a separate process on loopback.

For one school and for a board (default 20 schools, ~5,000 initiatives, ~50,000 entries) it
measures p50/p95 server time, response size and queries per page and htmx fragment, next to
two references: a bare Django view (the floor) and the Django admin's list of initiatives.
It also times the reminder tick for the whole board.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plc make bench
    (or: .venv/bin/python bench/run.py --schools 20 --requests 200 --concurrency 4)

Results go to bench/results.json and are printed as a Markdown table.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

IDS_SCRIPT = """
import json
from teams.models import User, Team
from inquiries.models import Initiative, InitiativeMember
leader = User.objects.get(email="s01.p000@schaal.test")
User.objects.filter(pk=leader.pk).update(is_staff=True, is_superuser=True)
lead = User.objects.get(email="s01.p001@schaal.test")
team = Team.objects.get(school=leader.school, name="Middenbouw")
ini = Initiative.objects.filter(school=leader.school, state="running").order_by("pk").first()
member = InitiativeMember.objects.filter(initiative=ini).select_related("user").first().user
print(json.dumps({"team": team.pk, "initiative": ini.pk, "member": member.email,
                  "teacher": "s01.p004@schaal.test", "lead": lead.email, "leader": leader.email}))
"""

TICK_SCRIPT = """
import datetime, time, zoneinfo
from notifications.reminders import send_due_reminders
from teams.models import User
now = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=zoneinfo.ZoneInfo("Europe/Amsterdam"))
# The first tick after seeding (everything due at once), then the next one, 5 minutes on.
started = time.perf_counter()
sent = send_due_reminders(now)
first = time.perf_counter() - started
started = time.perf_counter()
again = send_due_reminders(now + datetime.timedelta(minutes=5))
print(f"{first:.2f} {sent} {User.objects.filter(is_active=True).count()} "
      f"{time.perf_counter() - started:.2f} {again}")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, stdin=None) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        capture_output=True,
        input=stdin,
    )
    return result.stdout


def prepare(server: str, schools: int) -> dict:
    import psycopg

    name = f"plc_bench_{schools}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "PLC_SERVER_TIMING": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    env.pop("PLC_PRODUCTION", None)
    manage(env, "migrate", "--noinput")
    if not os.environ.get("REDIS_URL"):
        manage(env, "createcachetable")
    started = time.perf_counter()
    manage(env, "seed_scale", "--schools", str(schools))
    seeded = time.perf_counter() - started
    settle(f"{server}/{name}")
    ids = json.loads(manage(env, "shell", "-c", IDS_SCRIPT).strip().splitlines()[-1])
    return {"env": env, "ids": ids, "seed_seconds": round(seeded, 1)}


def settle(url: str) -> None:
    """A board in use has been vacuumed and checkpointed long since; a board seeded a second
    ago has not. Without this, the checkpoint of the seeding's writes lands in the middle of
    whatever is measured next (it doubled the tick's time in one run)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")
        connection.execute("CHECKPOINT")


def plan(ids: dict) -> list[dict]:
    i = ids["initiative"]
    return [
        {"name": "floor (bare view)", "path": "/bench/floor"},
        {"name": "home", "path": "/", "login": ids["teacher"]},
        {"name": "team page", "path": f"/teams/{ids['team']}/", "login": ids["teacher"]},
        {"name": "initiative page", "path": f"/initiatieven/{i}/", "login": ids["teacher"]},
        {
            "name": "add an entry (htmx)",
            "path": f"/initiatieven/{i}/bijdragen/nieuw/",
            "login": ids["member"],
            "htmx": True,
            "post": {"entry-kind": "note", "entry-text": "Bench", "entry-submission_key": "b{i}"},
        },
        {"name": "review list", "path": "/initiatieven/bespreken/", "login": ids["lead"]},
        {
            "name": "library search",
            "path": "/initiatieven/bibliotheek/?zoek=lezen",
            "login": ids["teacher"],
        },
        {
            "name": "library search (htmx)",
            "path": "/initiatieven/bibliotheek/?zoek=lezen",
            "login": ids["teacher"],
            "htmx": True,
        },
        # The cards the board's schools shared (about 30% of their cards, seed_scale).
        {
            "name": "board library search",
            "path": "/initiatieven/bibliotheek/?bereik=bestuur&zoek=lezen",
            "login": ids["teacher"],
        },
        {
            "name": "board library search (htmx)",
            "path": "/initiatieven/bibliotheek/?bereik=bestuur&zoek=lezen",
            "login": ids["teacher"],
            "htmx": True,
        },
        {"name": "reflections journal", "path": "/reflecties/", "login": ids["teacher"]},
        {"name": "leader dashboard", "path": "/dashboard/", "login": ids["leader"]},
        {"name": "notifications", "path": "/meldingen/", "login": ids["teacher"]},
        {
            "name": "admin list (reference)",
            "path": "/beheer/inquiries/initiative/",
            "login": ids["leader"],
        },
    ]


def measure(prepared: dict, requests: int, concurrency: int) -> list[dict]:
    port = free_port()
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "plc.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=prepared["env"],
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        pages = plan(prepared["ids"])
        load = [PY, str(ROOT / "bench" / "load.py"), str(port)]
        # Warm up (imports, caches, connections), then measure.
        subprocess.run(
            [*load, str(concurrency), str(concurrency)],
            input=json.dumps(pages),
            text=True,
            capture_output=True,
            check=True,
        )
        result = subprocess.run(
            [*load, str(requests), str(concurrency)],
            input=json.dumps(pages),
            text=True,
            capture_output=True,
            check=True,
        )
        return json.loads(result.stdout)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def tick(prepared: dict, folder: Path) -> str:
    env = {**prepared["env"], "EMAIL_FILE_PATH": str(folder)}
    settle(env["DATABASE_URL"])  # after the load's writes, as before the pages
    return manage(env, "shell", "-c", TICK_SCRIPT).strip().splitlines()[-1]


def cpu_reference() -> float:
    """Seconds for ten million additions in a Python loop: how fast this machine was during
    the run (shared virtual machines vary from day to day), to compare runs by."""
    script = "import time\nt=time.perf_counter()\ns=0\nfor i in range(10_000_000): s+=i\n"
    script += "print(time.perf_counter()-t)"
    runs = [float(subprocess.check_output([PY, "-c", script], text=True)) for _ in range(3)]
    return round(min(runs), 2)


def fresh_clone_to_first_page() -> float:
    """`make run` in a fresh clone of this repository, until the login page answers: the
    venv, the install (pip's cache as this machine has it), migrations, the demo school."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "plc"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env.pop("VIRTUAL_ENV", None)
        started = time.perf_counter()
        process = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=clone,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            while time.perf_counter() - started < 600:
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/accounts/login/", timeout=2
                    ) as response:
                        if response.status == 200:
                            return round(time.perf_counter() - started, 1)
                except OSError:
                    pass
                if process.poll() is not None:
                    raise RuntimeError("make run stopped before serving a page")
                time.sleep(0.5)
            raise RuntimeError("make run served no page within 10 minutes")
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL.")
    server = database_url.rsplit("/", 1)[0]
    report = {"cpu_loop_seconds": cpu_reference()}
    for schools in (1, options.schools):
        prepared = prepare(server, schools)
        results = measure(prepared, options.requests, options.concurrency)
        mail = ROOT / "bench" / f"mail-{schools}"
        mail.mkdir(exist_ok=True)
        cpu_before_tick = cpu_reference()
        seconds, sent, staff, next_seconds, next_sent = tick(prepared, mail).split()
        report[schools] = {
            "seed_seconds": prepared["seed_seconds"],
            "pages": results,
            "tick": {
                "seconds": float(seconds),
                "emails": int(sent),
                "staff": int(staff),
                "next_seconds": float(next_seconds),
                "next_emails": int(next_sent),
                "cpu_loop_seconds_before": cpu_before_tick,
            },
        }
    report["make_run_seconds"] = fresh_clone_to_first_page()
    report["cpu_loop_seconds_after"] = cpu_reference()
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=1))
    for schools, data in report.items():
        if schools == "make_run_seconds":
            print(f"\n`make run` from a fresh clone to the first page: {data} s")
            continue
        if str(schools).startswith("cpu_loop"):
            print(f"\nCPU reference ({schools}): 10 million Python additions in {data} s")
            continue
        floor = next(p for p in data["pages"] if p["path"] == "/bench/floor")["p50_ms"] or 0.1
        print(f"\n### {schools} school(s): seeded in {data['seed_seconds']} s\n")
        print("| page | p50 ms | p95 ms | × floor (p50) | queries | bytes | status |")
        print("|---|---|---|---|---|---|---|")
        for p in data["pages"]:
            ratio = round(p["p50_ms"] / floor, 1)
            print(
                f"| {p['name']} | {p['p50_ms']} | {p['p95_ms']} | {ratio} | "
                f"{'/'.join(map(str, p['queries']))} | {p['bytes']} | {p['statuses']} |"
            )
        t = data["tick"]
        print(
            f"\nReminder tick: {t['seconds']} s for {t['staff']} staff, {t['emails']} emails; "
            f"the next tick {t['next_seconds']} s, {t['next_emails']} emails "
            f"(CPU reference just before: {t['cpu_loop_seconds_before']} s)."
        )


if __name__ == "__main__":
    main()
