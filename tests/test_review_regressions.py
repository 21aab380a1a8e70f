"""Defects found in review, pinned so they stay fixed."""

import datetime

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from inquiries.models import Initiative, LearningCard, SupportRequest
from inquiries.services import change_state, join_initiative, leave_initiative, request_support
from reflections.models import LessonVisit, Reflection, days_both_work
from reflections.services import ask_feedback, change_visibility
from teams.models import Holiday, SchoolYear, User
from tests.factories import start_test_initiative
from tests.helpers import HTMX, seen, text


def test_the_admin_never_shows_a_private_reflections_title(client, world):
    operator = User.objects.create_superuser(
        email="beheer@installatie.test", password="x", name="Beheer", school=world.school
    )
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Ik twijfel aan mezelf",
        proud_of="x",
        visibility="school",
    )
    ask_feedback(reflection=reflection, colleagues=[world.colleague])
    change_visibility(reflection=reflection, visibility="private", team=None)
    client.force_login(operator)
    for url in [
        f"/beheer/teams/user/{world.teacher.pk}/delete/",
        f"/beheer/teams/user/{world.colleague.pk}/delete/",
        "/beheer/reflections/feedbackrequest/",
        "/beheer/reflections/reflection/",
    ]:
        assert "Ik twijfel aan mezelf" not in text(client.get(url, follow=True)), url


def test_a_team_with_team_reflections_cannot_vanish(world):
    Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="T",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    with pytest.raises(ProtectedError):
        world.team.delete()


def test_a_lesson_visit_cannot_be_planned_in_a_holiday(world, client_for):
    today = datetime.date.today()
    year = SchoolYear.objects.create(
        school=world.school,
        name="Nu",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=300),
    )
    day = next(d for d in days_both_work(world.teacher, world.colleague, count=10))
    Holiday.objects.create(school_year=year, name="Studiedag", starts_on=day, ends_on=day)
    response = client_for(world.teacher).post(
        reverse("reflections:new_visit"),
        {
            "observer": world.colleague.pk,
            "focus_question": "F",
            "lesson": "L",
            "planned_on": day.isoformat(),
        },
    )
    assert response.status_code == 422
    assert "valt in de Studiedag" in text(response)
    assert not LessonVisit.objects.exists()


def test_a_double_submitted_visit_invitation_invites_once(world, client_for):
    day = days_both_work(world.teacher, world.colleague)[0]
    data = {
        "observer": world.colleague.pk,
        "focus_question": "F",
        "lesson": "L",
        "suggested_day": day.isoformat(),
        "submission_key": "k1",  # the same form twice: the same one-time key
    }
    client = client_for(world.teacher)
    first = client.post(reverse("reflections:new_visit"), data)
    second = client.post(reverse("reflections:new_visit"), data)
    assert LessonVisit.objects.count() == 1
    # The second click lands on the same invitation.
    assert first["Location"] == second["Location"] == LessonVisit.objects.get().get_absolute_url()


@pytest.mark.parametrize(
    "url_name,persona,pinned",
    [
        ("inquiries:review_list", "lead", 4),  # + the led teams
        ("inquiries:initiative_list", "teacher", 6),
        ("home", "teacher", 8),
    ],
)
def test_lists_of_running_initiatives_use_a_fixed_number_of_queries(
    world, client_for, django_assert_num_queries, url_name, persona, pinned
):
    client = client_for(getattr(world, persona))

    def add(n):
        for i in range(n):
            initiative = start_test_initiative(
                starter=world.teacher, team=world.team, title=f"I{i}"
            )
            change_state(initiative=initiative, user=world.teacher, action="start")

    for size in (2, 10):
        add(size)
        with django_assert_num_queries(pinned):
            assert client.get(reverse(url_name)).status_code == 200


@pytest.fixture
def support(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    request_support(
        initiative=initiative,
        requested_by=world.teacher,
        request=SupportRequest(kind="time", what="Een middag"),
        submission_key="s",
    )
    return SupportRequest.objects.get()


def test_an_invalid_plain_answer_keeps_the_list_the_error_and_the_text(world, client_for, support):
    response = client_for(world.leader).post(
        reverse("inquiries:answer_support", args=[support.pk]),
        {f"answer-{support.pk}-status": "not_possible", f"answer-{support.pk}-answer": "  "},
    )
    assert response.status_code == 422
    body = text(response)
    assert "Een middag" in body and "Zeg waarom het niet kan." in body


def test_a_second_leader_does_not_overwrite_the_first_answer(world, client_for, support):
    other_leader = User.objects.create_user(
        email="adjunct@school.test",
        password="x",
        name="Adjunct",
        school=world.school,
        role=User.Role.LEADER,
    )
    client_for(world.leader).post(
        reverse("inquiries:answer_support", args=[support.pk]),
        {f"answer-{support.pk}-status": "planned", f"answer-{support.pk}-answer": "Dinsdag"},
    )
    client_for(other_leader).post(
        reverse("inquiries:answer_support", args=[support.pk]),
        {f"answer-{support.pk}-status": "given", f"answer-{support.pk}-answer": "Anders"},
    )
    support.refresh_from_db()
    assert (support.status, support.answer, support.answered_by) == (
        "planned",
        "Dinsdag",
        world.leader,
    )


def test_notes_after_a_cancellation_do_not_undo_it(world, client_for):
    visit = LessonVisit.objects.create(
        host=world.teacher,
        observer=world.colleague,
        focus_question="F",
        lesson="L",
        planned_on=days_both_work(world.teacher, world.colleague)[0],
        state="accepted",
    )
    client_for(world.teacher).post(
        reverse("reflections:visit_cancel", args=[visit.pk]), {"cancel-note": "Ziek"}
    )
    response = client_for(world.colleague).post(
        reverse("reflections:visit_notes", args=[visit.pk]),
        {"notes-observer_notes": "Aantekeningen"},
        **HTMX,
    )
    assert response.status_code in (409, 422)
    visit.refresh_from_db()
    assert (visit.state, visit.cancel_note, visit.observer_notes) == ("cancelled", "Ziek", "")


def test_an_ended_initiative_takes_no_support_requests_or_invitations(world, client_for):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(
        initiative=initiative,
        user=world.teacher,
        action="stop",
        card=LearningCard(learned="Geleerd"),
    )
    client = client_for(world.teacher)
    response = client.post(
        reverse("inquiries:new_support_request", args=[initiative.pk]),
        {"support-kind": "time", "support-what": "x", "support-submission_key": "k"},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("inquiries:invite", args=[initiative.pk]), {"invite-invitee": world.colleague.pk}
    )
    assert response.status_code == 422
    assert not SupportRequest.objects.exists() and not initiative.invitations.exists()


def test_a_due_date_or_needed_by_date_in_the_past_is_refused(world, client_for):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    change_state(initiative=initiative, user=world.teacher, action="start")
    client = client_for(world.teacher)
    response = client.post(
        reverse("inquiries:set_due_date", args=[initiative.pk]), {"due-phase_due_on": "2001-01-01"}
    )
    assert response.status_code == 422
    response = client.post(
        reverse("inquiries:new_support_request", args=[initiative.pk]),
        {
            "support-kind": "time",
            "support-what": "x",
            "support-needed_by": "2001-01-01",
            "support-submission_key": "k",
        },
    )
    assert response.status_code == 422
    initiative.refresh_from_db()
    assert initiative.phase_due_on is None


def test_a_reflection_stays_editable_after_leaving_its_initiative(world, client_for):
    initiative = start_test_initiative(starter=world.colleague, team=world.team)
    join_initiative(initiative=initiative, user=world.teacher)
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Over het initiatief",
        proud_of="x",
        initiative=initiative,
    )
    leave_initiative(initiative=initiative, user=world.teacher)
    response = client_for(world.teacher).post(
        reverse("reflections:edit_reflection", args=[reflection.pk]),
        {
            "title": "Nieuwe titel",
            "proud_of": "x",
            "visibility": "private",
            "initiative": initiative.pk,
            **seen(reflection),
        },
    )
    assert response.status_code == 302
    reflection.refresh_from_db()
    assert reflection.title == "Nieuwe titel"
    assert Initiative.objects.filter(pk=initiative.pk).exists()
