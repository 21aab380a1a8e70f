"""What every answer tells the browser: never store me, the strict policies, the production
cookies; and sessions that end on their own (core/middleware.py, plc/settings.py)."""

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from core.middleware import LOGGED_IN_AT, REFRESHED_AT
from culture.models import Round
from inquiries.models import BoardQuestion, CycleTemplate, Entry, LearningCard, SupportRequest
from inquiries.services import (
    add_comment,
    add_entry,
    change_state,
    copy_template,
    request_support,
)
from meetings.models import IntervisieSession, Meeting
from meetings.services import add_point, plan_meeting
from notifications.models import CalendarFeed, Notification
from reflections.models import LessonVisit, Reflection
from reflections.services import ask_feedback
from results.voice import answer_round, close_round, open_round
from signin.models import IdentityProvider
from teams.models import Board, Holiday, Invitation, SchoolYear
from tests.factories import PASSWORD, SharedGoalFactory, TeamNormFactory, start_test_initiative
from tests.helpers import HTMX

ROOT = Path(__file__).resolve().parent.parent

# Patterns the walk below cannot request, and why. Keep this short.
SKIPPED = {
    # The admin's catch-all (a regex with no name): any path under /beheer/ it does not
    # know. Its named pages are walked.
    "beheer/(?P<url>.*)$",
}
# Made-up values for parameters that name no object of ours: the page answers 302/404, and
# that answer must carry the headers as well.
PLACEHOLDERS = {
    "token": "onbekend",  # teams:confirm_email_change; the calendar gets a real one
    "key": "onbekend",
    "uidb36": "1",
    "object_id": "1",
    "content_type_id": "1",
    "id": "1",
    "app_label": "teams",
    "provider_id": "school1-1",
}


# --- every page -------------------------------------------------------------------------------


def all_patterns(patterns=None, prefix="", namespace="", regex=False, outer=()):
    """(route, URL name or None, parameter names, route is plain) for every URL pattern;
    a parameter of an include()'s own path counts for every pattern under it."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        plain = not regex and isinstance(pattern.pattern, RoutePattern)
        own = (*outer, *pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_patterns(pattern.url_patterns, route, ns, not plain, own)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield route, name, list(own), plain


def release(response) -> None:
    """Close a download's file. Not response.close(): that sends request_finished, which
    closes the test's database connection on PostgreSQL (inside the test transaction)."""
    if response.streaming:
        b"".join(response.streaming_content)
        file = getattr(response, "file_to_stream", None)
        if file is not None:
            file.close()


@pytest.fixture
def objects(world, settings, tmp_path):
    """One of everything a page can be about, reachable by the teacher or the leader."""
    settings.MEDIA_ROOT = tmp_path
    year = SchoolYear.objects.create(
        school=world.school, name="Nu", starts_on="2020-08-01", ends_on="2099-07-31"
    )
    holiday = Holiday.objects.create(
        school_year=year, name="Pinksteren", starts_on="2027-05-17", ends_on="2027-05-17"
    )
    norm = TeamNormFactory(team=world.team)
    goal = SharedGoalFactory(school=world.school, team=world.team)
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    initiative.refresh_from_db()
    entry = Entry(kind="file", file=ContentFile(b"%PDF-1.4\n", name="v.pdf"), file_name="v.pdf")
    add_entry(initiative=initiative, author=world.teacher, entry=entry, submission_key="f")
    add_comment(initiative=initiative, author=world.teacher, text="Goed", submission_key="c")
    support = SupportRequest(kind="time", what="Een uur")
    request_support(
        initiative=initiative, requested_by=world.teacher, request=support, submission_key="s"
    )
    builtin = CycleTemplate.objects.get(builtin_key="spiral")
    own_cycle = copy_template(template=builtin, school=world.school)
    reflection = Reflection.objects.create(
        school=world.school, author=world.teacher, title="Rekenles", proud_of="Trots"
    )
    theirs = Reflection.objects.create(
        school=world.school,
        author=world.colleague,
        title="Lezen",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    ask_feedback(reflection=theirs, colleagues=[world.teacher])
    visit = LessonVisit.objects.create(
        host=world.teacher,
        observer=world.colleague,
        focus_question="Wat doen ze?",
        lesson="groep 4",
        planned_on=datetime.date(2027, 3, 29),
    )
    notification = Notification.objects.create(
        user=world.teacher, kind="stalled", key="1", text="Iets", url="/"
    )
    today = timezone.localdate()
    pulse = Round.objects.create(
        school=world.school,
        kind="pulse",
        title="Peiling",
        opens_on=today,
        closes_on=today + datetime.timedelta(days=7),
    )
    team_pages = ["team_detail", "edit_team", "add_norm", "add_team_goal"]
    initiative_pages = [
        *["initiative_detail", "edit_initiative", "join", "leave", "invite", "new_entry"],
        "move",
        *["set_due_date", "feedback", "new_support_request", "comment"],
        *["start", "pause", "resume", "stop", "complete"],
    ]
    reflection_pages = [
        "reflection_detail",
        "edit_reflection",
        "share_reflection",
        "delete_reflection",
    ]
    visit_pages = ["visit_detail"] + [f"visit_{action}" for action in ["accept", "decline"]]
    visit_pages += [f"visit_{action}" for action in ["held", "cancel", "reflect", "notes", "share"]]
    pks = {
        "teams:add_holiday": year.pk,
        "teams:delete_holiday": holiday.pk,
        **{f"teams:{name}": world.team.pk for name in team_pages},
        "teams:edit_norm": norm.pk,
        "teams:delete_norm": norm.pk,
        "teams:edit_goal": goal.pk,
        "teams:goal_detail": goal.pk,
        "results:edit_indicator": goal.pk,
        "teams:person_detail": world.colleague.pk,
        **{f"teams:{name}": world.colleague.pk for name in ["edit_staff", "deactivate_staff"]},
        "teams:reactivate_staff": world.colleague.pk,
        **{f"inquiries:{name}": initiative.pk for name in initiative_pages},
        "inquiries:answer_support": support.pk,
        "inquiries:entry_file": entry.pk,
        "inquiries:delete_entry": entry.pk,
        "inquiries:edit_entry": entry.pk,
        "inquiries:edit_comment": initiative.comments.get().pk,
        "inquiries:delete_comment": initiative.comments.get().pk,
        "inquiries:copy_template": builtin.pk,
        "inquiries:edit_template": own_cycle.pk,
        **{f"reflections:{name}": reflection.pk for name in reflection_pages},
        "reflections:ask_for_feedback": reflection.pk,
        "reflections:give_feedback": theirs.feedback_requests.get().pk,
        **{f"reflections:{name}": visit.pk for name in visit_pages},
        "notifications:open_notification": notification.pk,
        "culture:round_results": pulse.pk,
        "culture:answer": pulse.pk,
        "dashboard:team_overview": world.team.pk,
        "privacy:colleague_data": world.colleague.pk,
        "privacy:erase": world.colleague.pk,
    }
    invitation = Invitation.objects.create(school=world.school, name="Noor", email="n@s.test")
    pks["teams:resend_invitation"] = pks["teams:withdraw_invitation"] = invitation.pk
    provider = IdentityProvider(
        school=world.school,
        kind="oidc",
        label="Inloggen met Entree",
        client_id="plc",
        server_url="https://connect.example.test",
    )
    provider.set_secret("geheim")
    provider.save()
    pks["signin:edit_provider"] = provider.pk
    meeting = plan_meeting(
        meeting=Meeting(
            team=world.team,
            kind="bouw",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            created_by=world.lead,
        )
    )
    item = add_point(meeting=meeting, user=world.lead, title="Leesouders", minutes=5)
    pks["meetings:put_on_agenda"] = initiative.pk
    for name in ("team_meetings", "new_meeting"):
        pks[f"meetings:{name}"] = world.team.pk
    for name in ("meeting_detail", "new_point", "fix", "run_meeting", "finish"):
        pks[f"meetings:{name}"] = meeting.pk
    session = IntervisieSession.objects.create(
        school=world.school,
        method="incident",
        case_bringer=world.teacher,
        facilitator=world.teacher,
        created_by=world.teacher,
    )
    session.participants.set([world.teacher, world.colleague, world.lead, world.leader])
    for name in ("intervisie", "intervisie_note", "intervisie_next", "intervisie_back"):
        pks[f"meetings:{name}"] = session.pk
    for name in ("move_up", "move_down", "remove_item", "set_minutes", "save_notes", "new_outcome"):
        pks[f"meetings:{name}"] = item.pk
    feed = CalendarFeed.objects.create(user=world.teacher)
    # The pupils' voice: a round with its result, and an open one whose code answers.
    questions = ["reading_fun", "safe"]
    heard = open_round(by=world.teacher, group="groep 4a", grade=4, questions=questions)
    for n in range(5):
        answer_round(code=heard.code, token=f"device{n}" * 4, answers=dict.fromkeys(questions, 1))
    close_round(round=heard, by=world.teacher)
    voice = open_round(
        by=world.teacher,
        group="groep 4a",
        grade=4,
        questions=questions,
        goal=goal,
        initiative=initiative,
    )
    pks["results:voice_round"] = heard.pk
    pks["results:close_voice_round"] = voice.pk
    # The school in a board, with a card its members shared and a question about it.
    if world.school.board_id is None:
        world.school.board = Board.objects.create(name="Stichting")
        world.school.save()
    ended = start_test_initiative(starter=world.teacher, team=world.team, title="Gedeeld")
    change_state(
        initiative=ended, user=world.teacher, action="stop", card=LearningCard(learned="Dit")
    )
    card = ended.learning_card
    card.share(by=world.teacher)
    for name in ("share_card", "board_consent", "unshare_card"):
        pks[f"inquiries:{name}"] = ended.pk
    pks["inquiries:board_card"] = card.pk
    question = BoardQuestion.objects.create(card=card, asked_by=world.colleague, text="Hoe?")
    question.recipients.set([world.teacher])
    pks["inquiries:board_question"] = question.pk
    return {
        "pks": pks,
        "calendar_token": feed.token,
        "voice_code": voice.code,
        "any_pk": world.team.pk,
    }


def fill(route: str, values: dict) -> str:
    """A route such as "teams/<int:pk>/edit/" with its parameters filled in."""
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda match: str(values[match.group(1)]), route)


def every_url(objects) -> list[str]:
    urls = []
    for route, name, params, plain in all_patterns():
        if route in SKIPPED:
            continue
        values = {}
        for param in params:
            if param == "pk":
                assert name is None or name in objects["pks"], f"add an object for {name}"
                # An unnamed pattern is an old path, redirecting whatever the pk.
                values[param] = objects["pks"].get(name, objects["any_pk"])
            elif name == "notifications:calendar_feed":
                values[param] = objects["calendar_token"]
            elif name == "results:voice_answer":
                values[param] = objects["voice_code"]
            else:
                values[param] = PLACEHOLDERS[param]
        if name:
            urls.append(reverse(name, kwargs=values))
        else:
            assert plain, f"a pattern without a name and with a regex: skip {route!r}?"
            urls.append("/" + fill(route, values))
    return list(dict.fromkeys(urls))


def assert_private_and_strict(response) -> None:
    where = response.wsgi_request.get_full_path()
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control, (where, response["Cache-Control"])
    assert "Cookie" in response["Vary"], where
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, (where, policy)
    assert "frame-ancestors 'none'" in policy, (where, policy)
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Content-Type-Options"] == "nosniff", where


@pytest.mark.parametrize("persona", ["teacher", "leader"])
def test_no_answer_to_a_logged_in_person_is_stored_and_every_one_keeps_the_strict_policies(
    world, objects, client, persona
):
    client.force_login(getattr(world, persona))
    statuses = {}
    for url in every_url(objects):
        for headers in ({}, HTMX):
            response = client.get(url, **headers)
            assert response.wsgi_request.user.is_authenticated, f"{url} was answered anonymously"
            assert_private_and_strict(response)
            release(response)
            statuses.setdefault(response.status_code, []).append(url)
    # 401: allauth's page for a sign-in at a provider that failed (here: none was started).
    assert set(statuses) <= {200, 301, 302, 401, 403, 404, 405}, statuses
    # The walk reaches real pages, not only refusals: the teacher's and the leader's own.
    assert len(statuses[200]) >= 150, statuses[200]


def test_a_file_download_and_the_csv_export_are_not_stored(world, objects, client_for):
    download = client_for(world.teacher).get(
        reverse("inquiries:entry_file", args=[objects["pks"]["inquiries:entry_file"]])
    )
    assert download.status_code == 200 and download.streaming
    assert_private_and_strict(download)
    release(download)
    export = client_for(world.leader).get(reverse("dashboard:export_csv"))
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    assert_private_and_strict(export)


def test_an_htmx_fragment_is_not_stored_and_varies_on_hx_request(world, client_for):
    response = client_for(world.lead).post(
        reverse("teams:add_norm", args=[world.team.pk]), {"new-norm-text": "Op tijd."}, **HTMX
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert_private_and_strict(response)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "page", ["account_login", "account_reset_password", "healthz", "healthz_live"]
)
def test_public_pages_are_not_stored_either(db, client, page):
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert_private_and_strict(response)


def test_an_invitation_page_is_not_stored_either(world, client):
    invitation = Invitation.objects.create(school=world.school, name="Noor", email="n@s.test")
    response = client.get(invitation.get_absolute_url())  # the link is the key
    assert response.status_code == 200
    assert_private_and_strict(response)


def test_the_secret_calendar_feed_is_personal_and_not_stored(world, objects, client):
    url = reverse("notifications:calendar_feed", args=[objects["calendar_token"]])
    response = client.get(url)  # a calendar app: no login, the link is the key
    assert response.status_code == 200
    assert_private_and_strict(response)
    assert "max-age=0" in response["Cache-Control"]  # the view's five minutes are overruled


def test_an_old_path_redirects_without_being_stored(db, client):
    response = client.get("/profile/")
    assert response.status_code == 301
    assert_private_and_strict(response)


def test_the_content_security_policy_allows_nothing_inline(settings):
    for directive, sources in settings.SECURE_CSP.items():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, directive
        assert "'unsafe-hashes'" not in sources, directive
    assert settings.SECURE_CSP["frame-ancestors"] == ["'none'"]
    assert settings.SECURE_CSP["object-src"] == ["'none'"]


# --- production cookies -----------------------------------------------------------------------

OPERATOR_VARIABLES = ("DJANGO_", "PLC_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "LOG_")


def settings_of(names: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """These settings, as JSON, from Django started in a fresh process with only `env`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OPERATOR_VARIABLES)}
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "plc.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


COOKIE_SETTINGS = [
    *["SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY"],
    *["SESSION_COOKIE_PATH", "SESSION_COOKIE_DOMAIN", "SESSION_COOKIE_SAMESITE"],
    *["CSRF_COOKIE_NAME", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_PATH", "CSRF_COOKIE_DOMAIN"],
    *["CSRF_COOKIE_SAMESITE", "SESSION_COOKIE_AGE"],
]
PRODUCTION = {
    "PLC_PRODUCTION": "1",
    "DJANGO_SECRET_KEY": "headers-test-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "plc.example.org",
}


@pytest.fixture(scope="module")
def production_settings():
    names = [*COOKIE_SETTINGS, "SECURE_HSTS_SECONDS", "SECURE_REFERRER_POLICY", "MIDDLEWARE"]
    started = settings_of(names, **PRODUCTION)
    assert started.returncode == 0, started.stderr
    return json.loads(started.stdout)


def test_production_names_its_cookies_host_only_secure_and_for_the_whole_site(
    production_settings,
):
    production = production_settings
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_PATH"] == production["CSRF_COOKIE_PATH"] == "/"
    assert production["SESSION_COOKIE_DOMAIN"] is production["CSRF_COOKIE_DOMAIN"] is None
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    # Static files keep their long caching: whitenoise answers them before NoStoreMiddleware.
    middleware = production["MIDDLEWARE"]
    whitenoise = middleware.index("whitenoise.middleware.WhiteNoiseMiddleware")
    assert whitenoise < middleware.index("core.middleware.NoStoreMiddleware")


def test_django_sends_the_production_cookies_as_the_host_prefix_demands(
    world, settings, production_settings
):
    for name in COOKIE_SETTINGS:
        setattr(settings, name, production_settings[name])
    sent = {}
    for remember in ("", "on"):  # "Stay logged in on this device"
        client = Client()
        login_page = client.get(reverse("account_login"), secure=True)
        sent["csrf"] = login_page.cookies["__Host-csrftoken"]
        response = client.post(
            reverse("account_login"),
            {"login": world.teacher.email, "password": PASSWORD, "remember": remember},
            secure=True,
        )
        assert response.status_code == 302
        assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
        sent[f"session{remember}"] = response.cookies["__Host-sessionid"]
    for cookie in sent.values():
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""  # no Domain attribute: this host only
        assert cookie["samesite"] == "Lax"
    assert sent["session"]["httponly"] is True and sent["sessionon"]["httponly"] is True
    # Not remembered, the cookie goes when the browser closes; remembered, after the idle
    # time. The session itself ends after the idle time either way (tests below).
    assert sent["session"]["max-age"] == ""
    assert sent["sessionon"]["max-age"] == 10 * 3600


def test_htmx_posts_pass_the_csrf_check_with_the_production_cookie_names(
    world, settings, production_settings
):
    for name in COOKIE_SETTINGS:
        setattr(settings, name, production_settings[name])
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lead)
    page = client.get(reverse("teams:team_detail", args=[world.team.pk]), secure=True)
    # The token rides on <body hx-headers>, from the template, never read from the cookie.
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.content.decode())
    assert token and "__Host-csrftoken" in client.cookies
    url = reverse("teams:add_norm", args=[world.team.pk])
    data = {"new-norm-text": "Op tijd."}
    origin = {"HTTP_ORIGIN": "https://testserver"}
    refused = client.post(url, data, secure=True, **origin, **HTMX)
    assert refused.status_code == 403
    response = client.post(
        url, data, secure=True, HTTP_X_CSRFTOKEN=token.group(1), **origin, **HTMX
    )
    assert response.status_code == 200


# --- sessions end on their own ----------------------------------------------------------------


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def move(self, **delta) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch, settings):
    """timezone.now(), moved by hand; sessions in the database, whose expiry reads it too
    (a signed cookie's age is read from time.time(), which this does not move)."""
    settings.SESSION_ENGINE = "core.sessions"  # the app's own, in the database
    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def is_logged_out(response) -> bool:
    login = reverse("account_login")
    return response.status_code == 302 and response["Location"].startswith(f"{login}?next=")


@pytest.mark.parametrize(
    "engine", ["core.sessions", "django.contrib.sessions.backends.signed_cookies"]
)
def test_a_working_day_of_use_keeps_the_session_and_ten_idle_hours_end_it(
    world, client, clock, settings, engine
):
    # In the database the session engine ends it too; a signed cookie's age is read from
    # the unmoved time.time(), so there the middleware alone ends it.
    settings.SESSION_ENGINE = engine
    client.force_login(world.teacher)
    for _ in range(3):  # in at 7:30, a look at lunch, the evening's preparation
        clock.move(hours=9, minutes=59)
        assert client.get(reverse("home")).status_code == 200
    clock.move(hours=10)  # overnight on the staff-room computer
    assert is_logged_out(client.get(reverse("reflections:journal")))
    assert is_logged_out(client.get(reverse("home")))


def test_a_session_ends_a_week_after_logging_in_however_busy(world, client, clock):
    client.force_login(world.teacher)
    for _ in range(18):  # every 9 hours, for 6 days and 18 hours
        clock.move(hours=9)
        assert client.get(reverse("home")).status_code == 200
    clock.move(hours=6)  # exactly 7 days
    response = client.get(reverse("reflections:journal"), **HTMX)
    assert response["HX-Redirect"].startswith(reverse("account_login"))
    assert_private_and_strict(response)
    assert not Session.objects.exists()  # logged out: the session row is gone
    assert is_logged_out(client.get(reverse("home")))


def test_logging_in_again_starts_a_new_week(world, client, clock):
    client.force_login(world.teacher)
    for _ in range(16):  # six days of use
        clock.move(hours=9)
        assert client.get(reverse("home")).status_code == 200
    client.force_login(world.teacher)  # the same session, logged in again
    for _ in range(6):  # two more days: eight since the first login
        clock.move(hours=9)
        assert client.get(reverse("home")).status_code == 200


def test_the_idle_clock_is_written_at_most_every_five_minutes(world, client, clock, settings):
    client.force_login(world.teacher)
    clock.move(minutes=4)
    response = client.get(reverse("home"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies  # nothing written
    clock.move(minutes=2)
    response = client.get(reverse("home"))
    refreshed = response.cookies[settings.SESSION_COOKIE_NAME]
    assert refreshed["max-age"] == settings.SESSION_COOKIE_AGE == 10 * 3600
    session = Session.objects.get()
    assert session.expire_date == clock.now + datetime.timedelta(hours=10)
    assert session.get_decoded()[REFRESHED_AT] == int(clock.now.timestamp())


def test_a_session_from_before_these_limits_starts_its_week_on_its_next_request(
    world, client, clock
):
    client.force_login(world.teacher)
    session = client.session
    del session[LOGGED_IN_AT], session[REFRESHED_AT]
    session.save()
    clock.move(hours=1)
    assert client.get(reverse("home")).status_code == 200
    assert client.session[LOGGED_IN_AT] == int(clock.now.timestamp())


def test_the_limits_come_from_the_environment_in_hours_and_days():
    started = settings_of(
        ["SESSION_COOKIE_AGE", "PLC_SESSION_MAX_AGE", "SESSION_SAVE_EVERY_REQUEST"],
        PLC_SESSION_IDLE_HOURS="2",
        PLC_SESSION_MAX_DAYS="3",
    )
    assert started.returncode == 0, started.stderr
    assert json.loads(started.stdout) == {
        "SESSION_COOKIE_AGE": 2 * 3600,
        "PLC_SESSION_MAX_AGE": 3 * 24 * 3600,
        "SESSION_SAVE_EVERY_REQUEST": False,
    }


@pytest.mark.parametrize(
    ("variable", "value", "problem"),
    [
        ("PLC_SESSION_IDLE_HOURS", "tien", "is not a whole number."),
        ("PLC_SESSION_MAX_DAYS", "0", "is too small: use 1 or more."),
    ],
)
def test_a_malformed_session_limit_stops_start_up_naming_it(variable, value, problem):
    started = settings_of(["SESSION_COOKIE_AGE"], **{variable: value})
    assert started.returncode != 0
    assert f'{variable}="{value}" {problem}' in started.stderr
