"""Capacity: how many requests per second one server carries with p95 under 200 ms.

A mixed workload, what staff do on a busy morning, replayed by a growing number of
concurrent sessions from a separate process over loopback against gunicorn with the
production settings (PostgreSQL, Redis for the cache and the sessions' cache). Each step
holds its number of sessions for a while; the capacity is the highest throughput of a step
whose p95 stays under the limit with no error. The same ramp for the Django admin's plain
list of initiatives gives the reference. While a step runs, the CPU time of the web
workers, PostgreSQL, Redis and the load generator itself is sampled from /proc, and
PostgreSQL's sessions waiting on a lock are counted: that says what saturates first.

    python bench/capacity.py drive PORT SESSIONS SECONDS < plan.json   (the load process)

`bench/run.py` calls `ramp()`; see BENCHMARKS.md for the mix and its reasons.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Session

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
LIMIT_MS = 200
STEPS = (1, 2, 3, 4, 6, 8, 12, 16)

# What staff do on a busy morning, per 100 requests (BENCHMARKS.md says why).
MIX = [
    # weight, name, who, path template, htmx, post
    (22, "home", "teacher", "/", False, None),
    (12, "bell", "teacher", "/meldingen/", False, None),
    (18, "initiative page", "teacher", "/initiatieven/{initiative}/", False, None),
    (
        6,
        "add an entry",
        "member",
        "/initiatieven/{initiative}/bijdragen/nieuw/",
        True,
        {"entry-kind": "note", "entry-text": "Capaciteit", "entry-submission_key": "{key}"},
    ),
    (6, "review list", "lead", "/initiatieven/bespreken/", False, None),
    (8, "library search", "teacher", "/initiatieven/bibliotheek/?zoek=lezen", False, None),
    (4, "library search (htmx)", "teacher", "/initiatieven/bibliotheek/?zoek=lezen", True, None),
    (4, "dashboard", "leader", "/dashboard/", False, None),
    (8, "reflections journal", "teacher", "/reflecties/", False, None),
    (6, "a reflection", "teacher", "/reflecties/{reflection}/", False, None),
    (6, "team page", "teacher", "/teams/{team}/", False, None),
]

# The site administrator (school 1's leader, made superuser by bench/run.py's IDS_SCRIPT).
ADMIN_MIX = [(1, "admin list", "admin", "/beheer/inquiries/initiative/", False, None)]

DESKS_SCRIPT = """
import json
from django.db.models import Count
from inquiries.models import Initiative, InitiativeMember
from reflections.models import Reflection
from teams.models import School, Team, User
desks = []
for school in School.objects.order_by("name"):
    staff = {u.email: u for u in User.objects.filter(school=school)}
    n = int(next(iter(staff)).split(".")[0][1:])
    teacher = staff[f"s{n:02d}.p004@schaal.test"]
    # The member of the most running initiatives; the desk reads and adds to all of them,
    # so the entries the mix adds spread as a school's would (one initiative taking every
    # entry would grow by a hundred in a run, and a faster app would load itself heavier).
    running = Initiative.objects.filter(school=school, state="running")
    member = (
        InitiativeMember.objects.filter(initiative__in=running)
        .values("user").annotate(n=Count("pk")).order_by("-n", "user").first()
    )
    member = User.objects.get(pk=member["user"])
    initiatives = sorted(
        running.filter(memberships__user=member).values_list("pk", flat=True)
    )
    reflection = Reflection.objects.filter(author=teacher).order_by("pk").first()
    desks.append({
        "teacher": teacher.email, "lead": f"s{n:02d}.p001@schaal.test",
        "leader": f"s{n:02d}.p000@schaal.test", "member": member.email,
        "admin": "s01.p000@schaal.test",
        "initiative": initiatives[0], "initiatives": initiatives, "reflection": reflection.pk,
        "team": Team.objects.get(school=school, name="Middenbouw").pk,
    })
print(json.dumps(desks))
"""


# --- the load process ----------------------------------------------------------------------


def drive(port: int, sessions: int, seconds: float, plan: dict) -> dict:
    """`sessions` desks, each a closed loop (the next request when the last one answered),
    each on one school with its teacher, lead, leader and member signed in."""
    mix, desks = plan["mix"], plan["desks"]
    weights = [row[0] for row in mix]
    samples: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    start = threading.Event()
    ready = threading.Semaphore(0)
    deadline = [0.0]

    def desk(number: int) -> None:
        place = desks[number % len(desks)]
        logged_in: dict[str, Session] = {}
        for _w, _n, who, _p, _h, _post in mix:
            if who not in logged_in:
                logged_in[who] = Session(port, secure=plan.get("secure", False))
                logged_in[who].login(place[who])
        rng = random.Random(number)
        ready.release()
        start.wait()
        count = 0
        while time.perf_counter() < deadline[0]:
            _w, name, who, path, htmx, post = rng.choices(mix, weights)[0]
            count += 1
            data = None
            if post:
                data = {
                    k: v.format(key=f"c{number}-{count}-{time.time_ns()}") for k, v in post.items()
                }
            began = time.perf_counter()
            try:
                status, _h, _c = logged_in[who].request(
                    "POST" if data else "GET",
                    path.format(**{**place, "initiative": rng.choice(place["initiatives"])}),
                    data,
                    {"HX-Request": "true"} if htmx else {},
                )
            except OSError:
                status = 599
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                samples.append((name, elapsed, status))

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(sessions)]
    for thread in threads:
        thread.start()
    # Everyone signed in first: the step measures the work, not the sign-ins (a password
    # hash each, the costliest request there is).
    for _ in threads:
        ready.acquire()
    print("started", flush=True)  # the parent samples the server from now on
    began = time.perf_counter()
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    deadline[0] = began + seconds
    start.set()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - began
    usage = resource.getrusage(resource.RUSAGE_SELF)
    durations = sorted(s[1] for s in samples)
    # A redirect is an error too: every request of the mix answers 200 when all is well (a
    # 302 to the login page would be a cheap answer that does none of the work).
    errors = [s for s in samples if s[2] >= 300]
    per_page = {}
    for name in {s[0] for s in samples}:
        times = sorted(s[1] for s in samples if s[0] == name)
        per_page[name] = {"n": len(times), "p95_ms": round(_p95(times), 1)}
    return {
        "sessions": sessions,
        "requests": len(samples),
        "seconds": round(took, 2),
        "rps": round(len(samples) / took, 1),
        "p50_ms": round(statistics.median(durations), 1) if durations else None,
        "p95_ms": round(_p95(durations), 1) if durations else None,
        "errors": len(errors),
        "error_statuses": sorted({s[2] for s in errors}),
        "pages": per_page,
        # The load generator's own CPU (sign-ins included), as a share of one core.
        "load_cpu_cores": round(
            (usage.ru_utime + usage.ru_stime - usage_before.ru_utime - usage_before.ru_stime)
            / took,
            2,
        ),
    }


def _p95(values: list[float]) -> float:
    return values[max(0, int(len(values) * 0.95) - 1)]


# --- sampling what saturates --------------------------------------------------------------


def _cpu_seconds(pids: list[int]) -> float:
    """CPU time of these processes and of their children that have ended (PostgreSQL's
    backends come and go; their time lands on the postmaster when they end)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, cutime, cstime
            total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
        except (OSError, IndexError):
            continue
    return total / ticks


def _pids(name: str) -> list[int]:
    found = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout
    return [int(pid) for pid in found.split()]


def _children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [pid, *(int(child) for child in found.split())]


class Sampler:
    """CPU seconds used per process group during a step, as a share of one core, and how
    often a PostgreSQL session waited on a lock (sampled every 0.2 s)."""

    def __init__(self, groups: dict[str, callable], database_url: str):
        self.groups = groups
        self.database_url = database_url
        self.lock_waits = 0
        self.samples = 0
        self._stop = threading.Event()

    def __enter__(self):
        self.began = time.perf_counter()
        self.before = {name: _cpu_seconds(pids()) for name, pids in self.groups.items()}
        self._thread = threading.Thread(target=self._watch_locks, daemon=True)
        self._thread.start()
        return self

    def _watch_locks(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self._stop.wait(0.2):
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                ).fetchone()
                self.lock_waits += row[0]
                self.samples += 1

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        took = time.perf_counter() - self.began
        self.cpu = {
            name: round((_cpu_seconds(pids()) - self.before[name]) / took, 2)
            for name, pids in self.groups.items()
        }


def _run_driver(port: int, sessions: int, seconds: float, plan: dict) -> None:
    subprocess.run(
        [PY, __file__, "drive", str(port), str(sessions), str(seconds)],
        input=json.dumps(plan),
        text=True,
        capture_output=True,
        check=True,
    )


def ramp(port: int, gunicorn_pid: int, plan: dict, database_url: str, seconds: float) -> dict:
    """Steps of more sessions until p95 passes the limit twice; the capacity is the best
    throughput of a step within the limit and without errors."""
    steps = []
    over = 0
    # Warm up (each worker imports, compiles templates, opens its connection), unrecorded.
    _run_driver(port, 2, 3.0, plan)
    for sessions in STEPS:
        driver = subprocess.Popen(
            [PY, __file__, "drive", str(port), str(sessions), str(seconds)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        groups = {
            "web workers": lambda: _children(gunicorn_pid),
            "postgresql": lambda: _pids("postgres"),
            "redis": lambda: _pids("redis-server"),
        }
        driver.stdin.write(json.dumps(plan))
        driver.stdin.close()
        # Sign-ins happen before the step's clock starts: the driver says when it starts.
        driver.stdout.readline()
        with Sampler(groups, database_url) as sampler:
            output = driver.stdout.read()
            driver.wait()
        if driver.returncode or not output:
            raise RuntimeError(f"the load process failed at {sessions} sessions")
        step = json.loads(output)
        step["cpu_cores"] = {**sampler.cpu, "load generator": step.pop("load_cpu_cores")}
        step["lock_waits_per_sample"] = round(sampler.lock_waits / max(1, sampler.samples), 2)
        steps.append(step)
        print(
            f"  {sessions:>2} sessions: {step['rps']:>6} req/s, p95 {step['p95_ms']} ms, "
            f"errors {step['errors']}, cpu {step['cpu_cores']}",
            file=sys.stderr,
        )
        if step["p95_ms"] > LIMIT_MS or step["errors"]:
            over += 1
            if over == 2:
                break
    within = [s for s in steps if s["p95_ms"] <= LIMIT_MS and not s["errors"]]
    best = max(within, key=lambda s: s["rps"]) if within else None
    # The most it did at all, p95 or not: the admin list's own p95 is near the limit at
    # board scale, so its capacity alone can read 0 in a run.
    peak = max(s["rps"] for s in steps)
    # Steps of one run differ by ±15% on this shared machine: the mean of every step from two
    # sessions on (both cores busy) compares runs more steadily than their best step.
    saturated = [s["rps"] for s in steps if s["sessions"] >= 2] or [peak]
    return {
        "capacity_rps": best["rps"] if best else 0.0,
        "peak_rps": peak,
        "saturated_rps": round(sum(saturated) / len(saturated), 1),
        "best": best,
        "steps": steps,
    }


WEIGHED = [
    ("home", "teacher", "/"),
    ("initiative page", "teacher", "/initiatieven/{initiative}/"),
    ("library", "teacher", "/initiatieven/bibliotheek/"),
    ("reflections journal", "teacher", "/reflecties/"),
    ("dashboard", "leader", "/dashboard/"),
]


def page_weight(port: int, desk: dict) -> list[dict]:
    """A first visit to each main page: the HTML (gzip-compressed as a proxy in front would
    send it; the app itself does not compress it) and every stylesheet and script it loads,
    as whitenoise serves them (compressed, Accept-Encoding: br, gzip). And which of those
    block rendering: a stylesheet always does, a script in the head without defer or async
    does too."""
    import gzip
    from html.parser import HTMLParser

    class Assets(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found: list[tuple[str, str, bool]] = []  # (url, kind, blocks rendering)
            self.in_head = False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "head":
                self.in_head = True
            elif tag == "link" and attrs.get("rel") == "stylesheet":
                self.found.append((attrs["href"], "css", True))
            elif tag == "script" and attrs.get("src"):
                deferred = "defer" in attrs or "async" in attrs or attrs.get("type") == "module"
                self.found.append((attrs["src"], "js", self.in_head and not deferred))

        def handle_endtag(self, tag):
            if tag == "head":
                self.in_head = False

    sessions: dict[str, Session] = {}
    rows = []
    for name, who, path in WEIGHED:
        if who not in sessions:
            sessions[who] = Session(port, secure=True)
            sessions[who].login(desk[who])
        session = sessions[who]
        status, _h, html = session.request("GET", path.format(**desk))
        parser = Assets()
        parser.feed(html.decode())
        assets, blocking = 0, []
        for url, _kind, blocks in parser.found:
            _s, headers, body = session.request("GET", url, headers={"Accept-Encoding": "br, gzip"})
            assets += len(body)
            if blocks:
                encoding = headers.get("Content-Encoding", "none")
                blocking.append(f"{url.rsplit('/', 1)[-1]} ({len(body):,} B {encoding})")
        html_gz = len(gzip.compress(html, 6))
        rows.append(
            {
                "page": name,
                "status": status,
                "html_bytes": len(html),
                "html_gzip_bytes": html_gz,
                "assets_compressed_bytes": assets,
                "first_load_bytes": html_gz + assets,
                "render_blocking": blocking,
            }
        )
    return rows


def main() -> None:
    if sys.argv[1] == "drive":
        port, sessions, seconds = int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
        plan = json.load(sys.stdin)
        result = drive(port, sessions, seconds, plan)
        sys.stdout.write(json.dumps(result) + "\n")
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main()
