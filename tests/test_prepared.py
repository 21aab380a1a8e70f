"""The user behind every request is loaded by a query compiled once (core.prepared): each
request must still get its own person, with what pages ask of them, in one query."""

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from core.prepared import PreparedQuery
from notifications.models import Notification
from plc.auth import SchoolModelBackend
from teams.models import Membership, User


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
