import os
from dataclasses import dataclass

import pytest

from teams.models import Membership, School, Team, User

from .factories import MembershipFactory, SchoolFactory, TeamFactory, UserFactory

# live_server runs in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = bool(os.environ.get("CI"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Fast hashing in tests; real tasks are called directly, never eagerly through .delay().
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.LANGUAGE_CODE = "nl"
    # Sessions in a signed cookie: reading one costs no query, so a pinned query count is
    # the same on SQLite and on PostgreSQL with Redis (whose cached sessions skip it).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"


@dataclass
class World:
    """One school with a middenbouw team, and a second school that must never see it."""

    school: School
    team: Team
    other_team: Team
    teacher: User
    colleague: User
    lead: User
    leader: User
    admin: User
    other_lead: User
    outsider: User
    other_school: School
    other_school_team: Team


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def world_tx(transactional_db) -> World:
    """The same world, committed: for threads and other processes."""
    return build_world()


def build_world() -> World:
    # A browser test (transactional) flushes the database, the migration's built-in cycle
    # templates with it; whatever runs after it still finds them.
    from inquiries.cycle_templates import load_builtin_templates
    from inquiries.models import CycleTemplate, Phase

    if not CycleTemplate.objects.filter(school__isnull=True).exists():
        load_builtin_templates(CycleTemplate, Phase)
    school = SchoolFactory(name="Basisschool De Linde")
    team = TeamFactory(school=school, name="Middenbouw", first_group=3, last_group=5)
    other_team = TeamFactory(school=school, name="Bovenbouw", first_group=6, last_group=8)
    teacher = UserFactory(school=school, name="Sanne Leerkracht", working_days=0b01011)
    colleague = UserFactory(school=school, name="Eva Collega")
    lead = UserFactory(school=school, name="Youssef Coördinator")
    leader = UserFactory(school=school, name="Marieke Directeur", role=User.Role.LEADER)
    admin = UserFactory(school=school, name="Ali Administratie", is_school_admin=True)
    other_lead = UserFactory(school=school, name="Peter Bovenbouw")
    MembershipFactory(team=team, user=teacher)
    MembershipFactory(team=team, user=colleague)
    MembershipFactory(team=team, user=lead, role=Membership.Role.LEAD)
    MembershipFactory(team=other_team, user=other_lead, role=Membership.Role.LEAD)
    other_school = SchoolFactory(name="Andere School")
    other_school_team = TeamFactory(school=other_school, name="Middenbouw")
    outsider = UserFactory(school=other_school, name="Olga Buiten", role=User.Role.LEADER)
    MembershipFactory(team=other_school_team, user=outsider, role=Membership.Role.LEAD)
    return World(
        school=school,
        team=team,
        other_team=other_team,
        teacher=teacher,
        colleague=colleague,
        lead=lead,
        leader=leader,
        admin=admin,
        other_lead=other_lead,
        outsider=outsider,
        other_school=other_school,
        other_school_team=other_school_team,
    )


@pytest.fixture
def client_for(client):
    """Log a persona in: client_for(world.lead).get(...)."""

    def login(user: User):
        client.force_login(user)
        return client

    return login


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "e2e" in item.nodeid.split("::")[0]:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Debian's Chromium instead of Playwright's download (not available everywhere).
    path = os.environ.get("CHROMIUM_PATH") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)),
        None,
    )
    if path is None:
        if IN_CI:
            pytest.fail("Chromium is missing: browser tests must run in CI.")
        pytest.skip("Chromium is not installed (make test installs it where it can).")
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL", "timezone_id": "Europe/Amsterdam"}


@dataclass
class Bucket:
    client: object
    name: str


@pytest.fixture
def s3_storage(settings, monkeypatch) -> Bucket:
    """Uploads in a real S3 API (moto's server, in this process), in a bucket of their own."""
    import uuid

    import boto3
    from moto.server import ThreadedMotoServer

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    # moto keeps its buckets after its server stops: a new bucket name for every test.
    bucket = f"plg-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="eu-west-1")
    client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": endpoint,
                "region_name": "eu-west-1",
                "location": "uploads",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    yield Bucket(client, bucket)
    server.stop()
