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
sys.path.insert(0, str(ROOT / "bench"))
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


def prepare(server: str, schools: int, *, reuse: bool = False) -> dict:
    """A fresh database seeded with `schools` schools; `reuse`: the one a run before seeded,
    if there is one (quicker, for trying a change; capacity starts from its copy as seeded,
    the other parts see the earlier runs' writes)."""
    import psycopg

    name = f"plc_bench_{schools}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [f"{name}_seeded"]
        ).fetchone()
        if not (reuse and exists):
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
    if reuse and exists:
        ids = json.loads(manage(env, "shell", "-c", IDS_SCRIPT).strip().splitlines()[-1])
        return {"env": env, "ids": ids, "seed_seconds": None}
    manage(env, "migrate", "--noinput")
    if not os.environ.get("REDIS_URL"):
        manage(env, "createcachetable")
    started = time.perf_counter()
    manage(env, "seed_scale", "--schools", str(schools))
    seeded = time.perf_counter() - started
    settle(f"{server}/{name}")
    ids = json.loads(manage(env, "shell", "-c", IDS_SCRIPT).strip().splitlines()[-1])
    # Kept as seeded (with the site administrator IDS_SCRIPT made): each capacity run starts
    # from this copy, not from a database that earlier runs' entries made heavier.
    copy_database(server, name, f"{name}_seeded")
    return {"env": env, "ids": ids, "seed_seconds": round(seeded, 1)}


def copy_database(server: str, template: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return f"{server}/{name}"


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


def production_env(prepared: dict, folder: Path) -> dict:
    """The production settings, as docker-compose runs them, on loopback: behind a TLS
    proxy (the load says X-Forwarded-Proto: https), Redis for the cache, static files
    collected and served by whitenoise."""
    env = {
        **prepared["env"],
        "PLC_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "capacity-" + os.urandom(32).hex(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
    }
    env.pop("PLC_SERVER_TIMING", None)
    manage(env, "collectstatic", "--noinput")
    return env


def gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "plc.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def capacity(prepared: dict, workers: int, seconds: float) -> dict:
    """The app's mixed workload and the admin list, ramped in one run (bench/capacity.py)."""
    import capacity as load

    server, name = prepared["env"]["DATABASE_URL"].rsplit("/", 1)
    copy = copy_database(server, f"{name}_seeded", f"{name}_capacity")
    settle(copy)
    prepared = {**prepared, "env": {**prepared["env"], "DATABASE_URL": copy}}
    desks = json.loads(manage(prepared["env"], "shell", "-c", load.DESKS_SCRIPT).splitlines()[-1])
    with tempfile.TemporaryDirectory() as folder:
        env = production_env(prepared, Path(folder))
        port = free_port()
        server = gunicorn(env, port, workers)
        try:
            report = {"workers": workers, "seconds_per_step": seconds}
            for name, mix in (("app", load.MIX), ("admin list", load.ADMIN_MIX)):
                print(f"Capacity, {name}:", file=sys.stderr)
                plan = {"mix": mix, "desks": desks, "secure": True}
                report[name] = load.ramp(
                    port, server.pid, plan, prepared["env"]["DATABASE_URL"], seconds
                )
            report["page_weight"] = load.page_weight(port, desks[0])
            app, admin = report["app"], report["admin list"]
            report["ratio_to_admin"] = (
                round(app["capacity_rps"] / admin["capacity_rps"], 2)
                if admin["capacity_rps"]
                else None
            )
            report["peak_ratio_to_admin"] = round(app["peak_rps"] / admin["peak_rps"], 2)
            report["saturated_ratio_to_admin"] = round(
                app["saturated_rps"] / admin["saturated_rps"], 2
            )
            return report
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)


BIG_BOARD = 100


def tick_scaling(
    server: str, schools: int, *, prepare_all: bool, reuse: bool = False
) -> list[dict]:
    """The tick on 1 and 2 Celery workers for the board and for a board of 100 schools."""
    from tick import measure_tick

    runs = []
    for size in (schools, BIG_BOARD):
        if prepare_all or size == BIG_BOARD:
            prepared = prepare(server, size, reuse=reuse)
        else:  # the board the page measurements seeded
            prepared = {"env": {**os.environ, "DATABASE_URL": f"{server}/plc_bench_{size}"}}
        for workers in (1, 2):
            # From its copy as seeded, with every reminder due: the board itself has had
            # its reminders sent by the tick measured after the pages (a tick of no email).
            seeded = f"plc_bench_{size}_seeded"
            run = measure_tick(prepared["env"], server, seeded, workers, size)
            if not run["emails"]:
                raise RuntimeError(f"The tick of {size} schools sent no email: nothing was due.")
            print(f"  tick, {size} schools, {workers} worker(s): {run}", file=sys.stderr)
            runs.append(run)
    return runs


def print_tick_scaling(runs: list[dict]) -> None:
    print("\n### The tick on Celery workers (a task per school)\n")
    print("| schools | workers | wall s | emails | school tasks: sum s | max s | median s |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        print(
            f"| {r['schools']} | {r['workers']} | {r['wall_seconds']} | {r['emails']} | "
            f"{r['task_seconds_sum']} | {r['task_seconds_max']} | {r['task_seconds_median']} |"
        )


def print_capacity(report: dict) -> None:
    print(
        f"\n### Capacity ({report['workers']} gunicorn workers, {report['seconds_per_step']} s a step)"
    )
    for name in ("app", "admin list"):
        data = report[name]
        print(
            f"\n{name}: **{data['capacity_rps']} req/s** with p95 ≤ 200 ms and no error "
            f"(at most {data['peak_rps']} req/s in any step; mean from two sessions on: "
            f"{data.get('saturated_rps')} req/s)\n"
        )
        print(
            "| sessions | req/s | p50 ms | p95 ms | errors | CPU cores: web / PostgreSQL / Redis / load | lock waits |"
        )
        print("|---|---|---|---|---|---|---|")
        for step in data["steps"]:
            cpu = step["cpu_cores"]
            print(
                f"| {step['sessions']} | {step['rps']} | {step['p50_ms']} | {step['p95_ms']} | "
                f"{step['errors']} | {cpu['web workers']} / {cpu['postgresql']} / {cpu['redis']}"
                f" / {cpu['load generator']} | {step['lock_waits_per_sample']} |"
            )
    print(
        f"\nThe app's capacity is {report['ratio_to_admin']} × the admin list's "
        f"(best steps {report['peak_ratio_to_admin']} ×, means from two sessions on "
        f"{report.get('saturated_ratio_to_admin')} ×)."
    )
    print("\n### First load of the main pages (compressed)\n")
    print("| page | HTML | HTML gzip | CSS + JS compressed | first load | render-blocking |")
    print("|---|---|---|---|---|---|")
    for row in report.get("page_weight", []):
        print(
            f"| {row['page']} | {row['html_bytes']:,} | {row['html_gzip_bytes']:,} | "
            f"{row['assets_compressed_bytes']:,} | {row['first_load_bytes']:,} | "
            f"{'; '.join(row['render_blocking']) or 'none'} |"
        )


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
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's, for capacity")
    parser.add_argument("--step-seconds", type=float, default=15)
    parser.add_argument(
        "--only-capacity", action="store_true", help="just the board's capacity (quicker)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="the database a run before seeded (quicker)"
    )
    parser.add_argument(
        "--only-tick", action="store_true", help="just the tick on Celery workers (quicker)"
    )
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL.")
    server = database_url.rsplit("/", 1)[0]
    if options.only_tick:
        report = {
            "tick_scaling": tick_scaling(
                server, options.schools, prepare_all=True, reuse=options.reuse
            )
        }
        (ROOT / "bench" / "tick.json").write_text(json.dumps(report, indent=1))
        print_tick_scaling(report["tick_scaling"])
        return
    if options.only_capacity:
        prepared = prepare(server, options.schools, reuse=options.reuse)
        result = capacity(prepared, options.workers, options.step_seconds)
        (ROOT / "bench" / "capacity.json").write_text(json.dumps(result, indent=1))
        print_capacity(result)
        return
    report = {"cpu_loop_seconds": cpu_reference()}
    for schools in (1, options.schools):
        prepared = prepare(server, schools)
        results = measure(prepared, options.requests, options.concurrency)
        if schools == options.schools:
            report["capacity"] = capacity(prepared, options.workers, options.step_seconds)
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
    report["tick_scaling"] = tick_scaling(server, options.schools, prepare_all=False)
    report["make_run_seconds"] = fresh_clone_to_first_page()
    report["cpu_loop_seconds_after"] = cpu_reference()
    (ROOT / "bench" / "results.json").write_text(json.dumps(report, indent=1))
    for schools, data in report.items():
        if schools == "capacity":
            print_capacity(data)
            continue
        if schools == "tick_scaling":
            print_tick_scaling(data)
            continue
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
