"""The user behind every request is loaded by a query compiled once (core.prepared): each
request must still get its own person, with what pages ask of them, in one query."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils import timezone
from django.utils.translation import gettext

from core.prepared import PreparedQuery, attach
from culture.models import Round
from inquiries.models import Initiative, InitiativeMember
from notifications.models import Notification
from plc.auth import SchoolModelBackend
from teams.models import Board, Membership, User
from tests.factories import UserFactory, start_test_initiative


def test_each_request_loads_its_own_person_with_team_lead_and_unread_bell(world):
    Notification.objects.create(user=world.lead, text="Feedback gevraagd", url="/reflecties/1/")
    backend = SchoolModelBackend()
    with CaptureQueriesContext(connection) as queries:
        teacher = backend.get_user(world.teacher.pk)
        lead = backend.get_user(str(world.lead.pk))  # as the session keeps it
    assert len(queries) == 2
    assert (teacher.pk, teacher.school.name) == (world.teacher.pk, world.school.name)
    assert lead.pk == world.lead.pk
    led = Membership.objects.filter(user=world.lead, role=Membership.Role.LEAD)
    assert lead.led_team_ids == frozenset(led.values_list("team_id", flat=True))
    assert teacher.led_team_ids == frozenset()
    assert (lead.unread_notification_count, teacher.unread_notification_count) == (1, 0)
    assert lead.unread_notification_urls == {"/reflecties/1/"}


def test_a_removed_or_deactivated_person_is_not_loaded(world):
    backend = SchoolModelBackend()
    gone = world.colleague.pk
    User.objects.filter(pk=gone).delete()
    User.objects.filter(pk=world.teacher.pk).update(is_active=False)
    assert backend.get_user(gone) is None
    assert backend.get_user(world.teacher.pk) is None
    assert backend.get_user("not a number") is None


@pytest.mark.django_db
def test_a_query_whose_shape_depends_on_its_values_is_refused():
    # A value written into the SQL's text, not passed as a parameter: compiled once, every
    # later request would get the first one's rows.
    baked = PreparedQuery(
        lambda user_id: User.objects.filter(pk=RawSQL(str(user_id), [])), "user_id"
    )
    with pytest.raises(ValueError):
        baked.fetch(user_id=1)


@pytest.mark.django_db
def test_on_postgresql_a_query_run_again_and_again_is_planned_once(world):
    """Values go apart from the SQL (plc/settings.py), so psycopg prepares a query from its
    fifth run on a connection and PostgreSQL stops parsing and planning it each time."""
    if connection.vendor != "postgresql":
        pytest.skip("Prepared statements are PostgreSQL's; this run uses SQLite.")
    backend = SchoolModelBackend()
    for _ in range(6):
        assert backend.get_user(world.teacher.pk).pk == world.teacher.pk
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "teams_user"' in statement for statement in prepared)


def test_each_person_gets_their_own_initiatives_from_the_query_compiled_once(world):
    from overview.selectors import HOME_INITIATIVES

    mine = start_test_initiative(starter=world.teacher, team=world.team, title="Lezen")
    theirs = start_test_initiative(
        starter=world.outsider, team=world.other_school_team, title="Rekenen"
    )
    assert [i.pk for i in HOME_INITIATIVES.fetch(world.teacher)] == [mine.pk]
    assert [i.pk for i in HOME_INITIATIVES.fetch(world.outsider)] == [theirs.pk]
    assert HOME_INITIATIVES.fetch(world.colleague) == []


@pytest.mark.django_db
def test_a_rule_that_looks_at_more_of_the_person_than_id_and_school_is_refused():
    # Which teams someone leads is not a value of the query: compiled once for a stand-in,
    # it would give every lead the first one's teams.
    leads = PreparedQuery(
        lambda user: Initiative.objects.filter(teams__in=user.led_team_ids), for_user=True
    )
    role = PreparedQuery(
        lambda user: Initiative.objects.filter(school_id=user.school_id if user.is_leader else 0),
        for_user=True,
    )
    person = User(pk=1, school_id=1)
    for query in (leads, role):
        with pytest.raises(Exception, match=r"not one of its values|prepared-query-stand-in"):
            query.fetch(person)


def a_day_later():
    later = timezone.now() + datetime.timedelta(days=1, seconds=1)
    return mock.patch("django.utils.timezone.now", return_value=later)


@pytest.mark.django_db
def test_no_prepared_query_of_the_app_reads_the_clock():
    # Compiled once, a query that read the clock would stay yesterday's after midnight.
    # Loading every view makes every PreparedQuery of the app.
    get_resolver().url_patterns  # noqa: B018
    import plc.auth  # noqa: F401

    the_apps = [q for q in PreparedQuery.made if not q.build.__module__.startswith("tests")]
    assert len(the_apps) >= 6
    # A query keyed on more of the person: as a leader, as the lead of one team, as an
    # admin who manages staff.
    samples = [
        {"role": User.Role.LEADER, "led_team_ids": frozenset(), "is_school_admin": False},
        {"role": User.Role.STAFF, "led_team_ids": frozenset({1}), "is_school_admin": False},
        {"role": User.Role.STAFF, "led_team_ids": frozenset({2}), "is_school_admin": True},
    ]
    for query in the_apps:
        for sample in samples:
            known = {key: sample[key] for key in query.keys}
            query._compile("default", later=a_day_later, known=known)


@pytest.mark.django_db
def test_a_query_that_reads_the_clock_or_the_language_is_refused():
    today = PreparedQuery(lambda user: Round.objects.to_answer_by(user), for_user=True)
    with pytest.raises(ValueError):
        today._compile("default", later=a_day_later)
    worded = PreparedQuery(lambda: Initiative.objects.filter(title=gettext("Initiatives")))
    with pytest.raises(ValueError):
        worded.fetch()


def test_board_staff_without_a_school_get_the_query_built_as_usual(world):
    from overview.selectors import HOME_INITIATIVES

    start_test_initiative(starter=world.teacher, team=world.team)
    board = Board.objects.create(name="Stichting Samen Leren")
    officer = UserFactory(school=None, board=board, name="Karin Kwaliteit")
    assert HOME_INITIATIVES.fetch(officer) == []


def test_two_leads_each_get_what_their_own_teams_review_from_the_query_kept_per_lead(world):
    # The teams someone leads are a key of the review list's query: compiled per set.
    from inquiries.services import change_state
    from inquiries.views import TO_REVIEW

    ours = start_test_initiative(starter=world.teacher, team=world.team, title="Lezen")
    theirs = start_test_initiative(starter=world.teacher, team=world.other_team, title="Rekenen")
    for initiative in (ours, theirs):
        change_state(initiative=initiative, user=world.teacher, action="start")
    assert [i.pk for i in TO_REVIEW.fetch(world.lead)] == [ours.pk]
    assert [i.pk for i in TO_REVIEW.fetch(world.other_lead)] == [theirs.pk]
    assert {i.pk for i in TO_REVIEW.fetch(world.leader)} == {ours.pk, theirs.pk}


def test_attached_rows_read_as_a_prefetch_and_a_filter_still_asks_the_database(
    world, django_assert_num_queries
):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    start_test_initiative(starter=world.colleague, team=world.team)  # she is a member of this one
    fresh = Initiative.objects.get(pk=initiative.pk)
    members = list(InitiativeMember.objects.filter(initiative=fresh))
    attach(fresh, "memberships", members)
    attach(fresh, "teams", [world.team])
    with django_assert_num_queries(0):
        assert list(fresh.memberships.all()) == members
        assert [m.initiative for m in fresh.memberships.all()] == [fresh] * len(members)
        assert list(fresh.teams.all()) == [world.team]
        assert fresh.memberships.count() == len(members)
    # A narrower question is asked of the database, for this initiative only (the colleague
    # is a member of the other one).
    with django_assert_num_queries(1):
        assert list(fresh.memberships.filter(user=world.colleague)) == []
