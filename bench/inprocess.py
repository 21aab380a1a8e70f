"""Profile the benchmark's pages in one process, to find out why a page is slow.

Runs against a database that `seed_scale` filled (the benchmark leaves `plc_bench_20`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/plc_bench_20 \
        .venv/bin/python bench/inprocess.py                 # time and queries per page
    ... bench/inprocess.py --page "leader dashboard" --cprofile   # where the time goes
    ... bench/inprocess.py --page "leader dashboard" --sql        # the queries themselves
    ... bench/inprocess.py --mix                # CPU per request of the capacity mix
    SORT=tottime ROWS=25 ... --cprofile                          # another order and length

Times here are in-process (Django's test client, no gunicorn): use them to compare before
and after a change, and `bench/run.py` for the figures in BENCHMARKS.md.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plc.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("PLC_SERVER_TIMING", "1")


def main() -> None:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from run import IDS_SCRIPT, plan

    from teams.models import User

    parser = argparse.ArgumentParser()
    parser.add_argument("--page", help="only the page with this name")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cprofile", action="store_true")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument(
        "--split", action="store_true", help="where the time goes, by kind, over the pages"
    )
    parser.add_argument(
        "--mix",
        action="store_true",
        help="CPU time per request of the capacity benchmark's mix (bench/capacity.py)",
    )
    options = parser.parse_args()
    if options.mix:
        return cpu_of_mix(options.repeat)
    split = cProfile.Profile() if options.split else None

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(IDS_SCRIPT)  # the same people and pages as bench/run.py
    ids = json.loads(out.getvalue().strip().splitlines()[-1])

    for page in plan(ids):
        if options.page and page["name"] != options.page:
            continue
        client = Client()
        if page.get("login"):
            client.force_login(User.objects.get(email=page["login"]))
        headers = {"HX-Request": "true"} if page.get("htmx") else {}

        def hit(n: int, page=page, client=client, headers=headers):
            if "post" in page:
                data = {
                    k: v.replace("{i}", f"{n}-{time.time_ns()}") for k, v in page["post"].items()
                }
                return client.post(page["path"], data, headers=headers)
            return client.get(page["path"], headers=headers)

        hit(0)
        times = []
        for n in range(1, options.repeat + 1):
            reset_queries()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = hit(n)
            times.append((time.perf_counter() - started) * 1000)
        print(
            f"{page['name']:<34} {response.status_code} "
            f"median {statistics.median(times):6.1f} ms  max {max(times):6.1f} ms  "
            f"{len(queries.captured_queries):3} queries  {len(response.content):7} bytes"
        )
        if options.sql:
            for q in queries.captured_queries:
                print(f"  {q['time']}s  {q['sql'][:300]}")
        if split:
            for n in range(options.repeat):
                split.runcall(hit, 1000 + n)
        if options.cprofile:
            profiler = cProfile.Profile()
            profiler.runcall(hit, options.repeat + 1)
            pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
                int(os.environ.get("ROWS", "40"))
            )
    if split:
        print_split(pstats.Stats(split))


def cpu_of_mix(repeat: int) -> None:
    """The web process's own CPU time (not PostgreSQL's) for each page of the capacity mix,
    on the first desk's school, and the mix's weighted mean: what halving means for
    capacity, with less noise than a clock."""
    from capacity import DESKS_SCRIPT, MIX
    from django.test import Client

    from teams.models import User

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(DESKS_SCRIPT)
    desk = json.loads(out.getvalue().strip().splitlines()[-1])[0]
    clients: dict[str, Client] = {}
    for _w, _name, who, *_rest in MIX:
        if who not in clients:
            clients[who] = Client()
            clients[who].force_login(User.objects.get(email=desk[who]))
    total = weights = 0.0
    for weight, name, who, path, htmx, post in MIX:
        client = clients[who]
        headers = {"HX-Request": "true"} if htmx else {}
        cpu = []
        for n in range(repeat + 1):
            place = {**desk, "initiative": desk["initiatives"][n % len(desk["initiatives"])]}
            url = path.format(**place)
            started = time.process_time()
            if post:
                data = {k: v.format(key=f"m{n}-{time.time_ns()}") for k, v in post.items()}
                response = client.post(url, data, headers=headers)
            else:
                response = client.get(url, headers=headers)
            if n:  # the first one warms up
                cpu.append((time.process_time() - started) * 1000)
        # The lower quartile: a busy neighbour on a shared machine only ever adds time.
        low = statistics.quantiles(cpu, n=4)[0]
        total += weight * low
        weights += weight
        print(f"{name:<26} {response.status_code}  CPU {low:5.1f} ms  (weight {weight})")
    print(f"{'the mix, weighted mean':<30} CPU {total / weights:5.1f} ms a request")


# Own time (not counting callees) of each function, put in a kind by where it lives.
KINDS = [
    ("building SQL (the ORM)", ("django/db/models/",)),
    ("waiting for PostgreSQL", ("psycopg/", "django/db/backends/", "selectors", "socket")),
    ("templates", ("django/template/", "django/templatetags/", "templatetags/", "/templates")),
    ("translations", ("django/utils/translation/", "gettext")),
    ("forms (Django's)", ("django/forms/",)),
    ("Django utilities (escaping, lazy, dates)", ("django/utils/",)),
    (
        "sessions, auth, messages",
        (
            "django/contrib/sessions/",
            "django/contrib/auth/",
            "django/contrib/messages/",
            "allauth/",
        ),
    ),
    (
        "middleware and request handling",
        (
            "middleware",
            "django/core/handlers/",
            "django/http/",
            "django/test/",
            "django/urls/",
            "django_htmx/",
        ),
    ),
    # The project's own files; the libraries installed in its .venv are not ours.
    ("our code (views, selectors, models)", (str(ROOT) + "/",)),
]


def print_split(stats: pstats.Stats) -> None:
    totals: dict[str, float] = {}
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        kind = next(
            (
                k
                for k, parts in KINDS
                if any(part in filename for part in parts)
                and not (k == KINDS[-1][0] and "site-packages" in filename)
            ),
            "other Python",
        )
        totals[kind] = totals.get(kind, 0) + tottime
    whole = sum(totals.values())
    print("\nWhere the time goes (own time of functions, all pages together):")
    for kind, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {kind:<40} {100 * seconds / whole:5.1f}%")


if __name__ == "__main__":
    main()
