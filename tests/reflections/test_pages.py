"""Writing, sharing, feedback and lesson visits: fragments, plain posts, access, bad input."""

import datetime

import pytest
from django.urls import reverse

from reflections.models import FeedbackRequest, LessonVisit, Reflection, days_both_work
from reflections.services import ask_feedback
from teams.models import Holiday, SchoolYear
from tests.helpers import HTMX, assert_fragment, text, unchanged


def test_a_teacher_writes_a_private_reflection_with_the_prompts(world, client_for):
    response = client_for(world.teacher).post(
        reverse("reflections:new_reflection"),
        {
            "title": "Dinsdag",
            "hard_or_exciting": "Spannend: de kinderen kozen zelf.",
            "proud_of": "Ze lazen een half uur!",
            "visibility": "private",
        },
    )
    reflection = Reflection.objects.get()
    assert response["Location"] == reflection.get_absolute_url()
    assert reflection.author == world.teacher and reflection.school == world.school
    assert reflection.is_private


def test_an_empty_reflection_is_refused_and_keeps_the_title(world, client_for):
    response = client_for(world.teacher).post(
        reverse("reflections:new_reflection"), {"title": "Leeg", "visibility": "private"}
    )
    assert response.status_code == 422
    assert "Schrijf iets bij minstens één van de vragen." in text(response)
    assert 'value="Leeg"' in text(response)
    assert not Reflection.objects.exists()


def test_sharing_with_a_team_needs_one_of_ones_own_teams(world, client_for):
    response = client_for(world.teacher).post(
        reverse("reflections:new_reflection"),
        {"title": "T", "proud_of": "x", "visibility": "team", "team": world.other_team.pk},
    )
    assert response.status_code == 422
    assert not Reflection.objects.exists()


@pytest.fixture
def reflection(world):
    return Reflection.objects.create(
        school=world.school, author=world.teacher, title="Over lezen", proud_of="Trots"
    )


def test_the_author_shares_in_place_and_the_plain_post_redirects(world, client_for, reflection):
    client = client_for(world.teacher)
    url = reverse("reflections:share_reflection", args=[reflection.pk])
    response = client.post(url, {"share-visibility": "team", "share-team": world.team.pk}, **HTMX)
    assert_fragment(response, "sharing-panel")
    reflection.refresh_from_db()
    assert (reflection.visibility, reflection.team) == ("team", world.team)
    plain = client.post(url, {"share-visibility": "school"})
    assert plain.status_code == 302
    reflection.refresh_from_db()
    assert reflection.visibility == "school" and reflection.team is None


def test_the_share_panel_offers_and_takes_only_the_authors_own_teams(world, client_for, reflection):
    client = client_for(world.teacher)
    page = client.get(reflection.get_absolute_url()).content.decode()
    team_choices = page.split('name="share-team"')[1].split("</select>")[0]
    assert f'value="{world.team.pk}"' in team_choices
    assert f'value="{world.other_team.pk}"' not in team_choices
    url = reverse("reflections:share_reflection", args=[reflection.pk])
    for team in (world.other_team.pk, world.other_school_team.pk, "abc"):
        with unchanged(Reflection):
            response = client.post(url, {"share-visibility": "team", "share-team": team}, **HTMX)
        assert response.status_code == 422
        assert "Selecteer een geldige keuze" in text(response)


def test_only_the_author_changes_sharing_or_asks_for_feedback(world, client_for, reflection):
    reflection.visibility = "school"
    reflection.save()
    for persona in ["colleague", "lead", "leader"]:
        client = client_for(getattr(world, persona))
        with unchanged(Reflection, FeedbackRequest):
            share = client.post(
                reverse("reflections:share_reflection", args=[reflection.pk]),
                {"share-visibility": "private"},
            )
            ask = client.post(
                reverse("reflections:ask_for_feedback", args=[reflection.pk]),
                {"ask-colleagues": [world.colleague.pk]},
            )
        assert share.status_code == 403
        assert ask.status_code == 403
        assert (
            client.get(reverse("reflections:edit_reflection", args=[reflection.pk])).status_code
            == 403
        )


def test_a_colleague_is_asked_answers_and_the_author_sees_it(world, client_for, reflection):
    reflection.visibility = "team"
    reflection.team = world.team
    reflection.save()
    response = client_for(world.teacher).post(
        reverse("reflections:ask_for_feedback", args=[reflection.pk]),
        {"ask-colleagues": [world.colleague.pk]},
        **HTMX,
    )
    assert_fragment(response, "sharing-panel")
    assert "Wacht op feedback van:" in text(response)
    request = FeedbackRequest.objects.get()
    colleague = client_for(world.colleague)
    assert "Over lezen" in text(colleague.get(reverse("home")))
    url = reverse("reflections:give_feedback", args=[request.pk])
    empty = colleague.post(url, {})
    assert empty.status_code == 422
    assert "Schrijf minstens één van de drie." in text(empty)
    answer = colleague.post(
        url, {"noticed": "Je gaf de kinderen echt de keuze.", "wonder": "Wie koos niets?"}
    )
    assert answer.status_code == 302
    page = text(client_for(world.teacher).get(reflection.get_absolute_url()))
    assert "Je gaf de kinderen echt de keuze." in page and "Wie koos niets?" in page
    # Another reader of the reflection does not see this feedback.
    assert "Je gaf de kinderen echt de keuze." not in text(
        client_for(world.lead).get(reflection.get_absolute_url())
    )


def test_only_the_person_asked_can_answer(world, client_for, reflection):
    reflection.visibility = "school"
    reflection.save()
    ask_feedback(reflection=reflection, colleagues=[world.colleague])
    request = FeedbackRequest.objects.get()
    url = reverse("reflections:give_feedback", args=[request.pk])
    for persona in ["lead", "leader", "teacher", "outsider"]:
        client = client_for(getattr(world, persona))
        with unchanged(FeedbackRequest):
            assert client.post(url, {"noticed": "x"}).status_code == 404, persona


@pytest.mark.parametrize(
    "url_name,pinned", [("reflections:journal", 3), ("reflections:feed", 3), ("home", 8)]
)
def test_journal_and_feed_queries_do_not_grow_with_reflections(
    world, client_for, django_assert_num_queries, url_name, pinned
):
    def add(n, start):
        for i in range(start, start + n):
            r = Reflection.objects.create(
                school=world.school,
                author=world.colleague,
                title=f"R{i}",
                proud_of="x",
                visibility="team",
                team=world.team,
            )
            Reflection.objects.create(
                school=world.school, author=world.teacher, title=f"M{i}", proud_of="y"
            )
            ask_feedback(reflection=r, colleagues=[world.teacher])

    client = client_for(world.teacher)
    for size, start in ((2, 0), (28, 2)):
        add(size, start)
        with django_assert_num_queries(pinned):
            assert client.get(reverse(url_name)).status_code == 200


# --- lesson visits ---------------------------------------------------------------------------


def test_days_both_work_skips_days_off_weekends_and_holidays(world):
    # The teacher works Monday, Tuesday and Thursday; the colleague every day.
    year = SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )
    Holiday.objects.create(
        school_year=year, name="Kerstvakantie", starts_on="2026-12-19", ends_on="2027-01-03"
    )
    days = days_both_work(
        world.teacher, world.colleague, start=datetime.date(2026, 12, 14), count=5
    )
    assert days == [
        datetime.date(2026, 12, 14),  # Monday
        datetime.date(2026, 12, 15),  # Tuesday
        datetime.date(2026, 12, 17),  # Thursday (Wednesday is her day off)
        datetime.date(2027, 1, 4),  # after the Christmas holiday
        datetime.date(2027, 1, 5),
    ]


def next_day_both_work(world):
    return days_both_work(world.teacher, world.colleague)[0]


def invite(client, world, **changes):
    data = {
        "observer": world.colleague.pk,
        "focus_question": "Hoe helpen de kinderen elkaar bij het lezen?",
        "lesson": "groep 4, lezen, 10.30 uur",
        "suggested_day": next_day_both_work(world).isoformat(),
    }
    return client.post(reverse("reflections:new_visit"), {**data, **changes})


def test_choosing_a_colleague_shows_the_days_both_work(world, client_for):
    response = client_for(world.teacher).get(
        reverse("reflections:new_visit"), {"observer": world.colleague.pk}, **HTMX
    )
    assert_fragment(response, "day-suggestions")
    day = next_day_both_work(world)
    assert f'value="{day.isoformat()}"' in text(response)


def test_a_day_the_colleague_does_not_work_is_refused_by_name(world, client_for):
    wednesday = next(
        d
        for d in (datetime.date.today() + datetime.timedelta(days=i) for i in range(1, 9))
        if d.weekday() == 2
    )
    response = invite(
        client_for(world.colleague),
        world,
        observer=world.teacher.pk,
        suggested_day="",
        planned_on=wednesday.isoformat(),
    )
    assert response.status_code == 422
    assert "Sanne Leerkracht werkt niet op woensdag" in text(response)
    assert not LessonVisit.objects.exists()


def test_the_whole_visit_from_invitation_to_both_reflections(world, client_for):
    response = invite(client_for(world.teacher), world)
    visit = LessonVisit.objects.get()
    assert response["Location"] == visit.get_absolute_url()
    observer = client_for(world.colleague)
    assert_fragment(
        observer.post(reverse("reflections:visit_accept", args=[visit.pk]), **HTMX), "visit-panel"
    )
    notes = observer.post(
        reverse("reflections:visit_notes", args=[visit.pk]),
        {"notes-observer_notes": "Drie duo's lazen om de beurt; twee kinderen hielpen elkaar."},
        **HTMX,
    )
    assert "Drie duo" in text(notes)
    # Not before the day itself...
    observer.post(reverse("reflections:visit_held", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.state == "accepted"
    # ...then the day comes.
    LessonVisit.objects.filter(pk=visit.pk).update(planned_on=datetime.date.today())
    observer.post(reverse("reflections:visit_held", args=[visit.pk]))
    observer.post(
        reverse("reflections:visit_reflect", args=[visit.pk]), {"reflect-text": "Mooi gesprek."}
    )
    visit.refresh_from_db()
    assert visit.state == "held"
    client_for(world.teacher).post(
        reverse("reflections:visit_reflect", args=[visit.pk]),
        {"reflect-text": "Ik zag meer dan ik dacht."},
    )
    visit.refresh_from_db()
    assert visit.state == "reflected"


def test_a_visit_is_for_the_two_of_them_unless_the_teacher_shares(world, client_for):
    invite(client_for(world.teacher), world)
    visit = LessonVisit.objects.get()
    for persona in ["lead", "leader", "other_lead", "outsider"]:
        assert client_for(getattr(world, persona)).get(visit.get_absolute_url()).status_code == 404
    # An invitation cannot be shared; once held, only the teacher can share it.
    client_for(world.teacher).post(reverse("reflections:visit_share", args=[visit.pk]))
    visit.refresh_from_db()
    assert not visit.shared
    LessonVisit.objects.filter(pk=visit.pk).update(state="held")
    client_for(world.colleague).post(reverse("reflections:visit_share", args=[visit.pk]))
    visit.refresh_from_db()
    assert not visit.shared
    client_for(world.teacher).post(reverse("reflections:visit_share", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.shared
    assert client_for(world.leader).get(visit.get_absolute_url()).status_code == 200
    assert client_for(world.outsider).get(visit.get_absolute_url()).status_code == 404
    # Others may read a shared visit but not act on it.
    leader = client_for(world.leader)
    with unchanged(LessonVisit):
        assert leader.post(reverse("reflections:visit_held", args=[visit.pk])).status_code == 403


def test_only_the_observer_accepts_and_cancelling_needs_a_note(world, client_for):
    invite(client_for(world.teacher), world)
    visit = LessonVisit.objects.get()
    client_for(world.teacher).post(reverse("reflections:visit_accept", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.state == "invited"
    response = client_for(world.teacher).post(
        reverse("reflections:visit_cancel", args=[visit.pk]), {"cancel-note": ""}, **HTMX
    )
    assert response.status_code == 422
    assert "Schrijf een korte toelichting voor je collega." in text(response)
    client_for(world.teacher).post(
        reverse("reflections:visit_cancel", args=[visit.pk]), {"cancel-note": "Toets verschoven."}
    )
    visit.refresh_from_db()
    assert (visit.state, visit.cancelled_by) == ("cancelled", world.teacher)


@pytest.mark.parametrize(
    "action,persona,data,state_before",
    [
        ("visit_accept", "colleague", {}, "invited"),
        ("visit_decline", "colleague", {}, "invited"),
        ("visit_notes", "colleague", {"notes-observer_notes": "Ze lazen samen."}, "accepted"),
        ("visit_held", "teacher", {}, "accepted"),  # planned for today, see below
        ("visit_reflect", "teacher", {"reflect-text": "Goed gesprek."}, "held"),
        ("visit_cancel", "teacher", {"cancel-note": "Ziek."}, "accepted"),
        ("visit_share", "teacher", {}, "held"),
    ],
)
def test_every_visit_action_answers_the_panel_to_htmx_and_redirects_a_plain_post(
    world, client_for, action, persona, data, state_before
):
    def fresh_visit():
        return LessonVisit.objects.create(
            host=world.teacher,
            observer=world.colleague,
            focus_question="Wat doen de kinderen?",
            lesson="groep 4",
            planned_on=datetime.date.today()
            if action == "visit_held"
            else next_day_both_work(world),
            state=state_before,
        )

    client = client_for(getattr(world, persona))
    visit = fresh_visit()
    fragment = client.post(reverse(f"reflections:{action}", args=[visit.pk]), data, **HTMX)
    assert fragment.status_code == 200
    assert_fragment(fragment, "visit-panel")
    visit = fresh_visit()
    plain = client.post(reverse(f"reflections:{action}", args=[visit.pk]), data)
    assert plain.status_code == 302
    assert plain["Location"] == visit.get_absolute_url()


def test_asking_feedback_without_htmx_redirects_to_the_reflection(world, client_for, reflection):
    reflection.visibility = "school"
    reflection.save()
    response = client_for(world.teacher).post(
        reverse("reflections:ask_for_feedback", args=[reflection.pk]),
        {"ask-colleagues": [world.colleague.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == reflection.get_absolute_url()
    assert FeedbackRequest.objects.filter(asked=world.colleague).exists()


def test_visit_list_queries_do_not_grow_with_visits(world, client_for, django_assert_num_queries):
    client = client_for(world.teacher)

    def add(n):
        for _ in range(n):
            LessonVisit.objects.create(
                host=world.teacher,
                observer=world.colleague,
                focus_question="F",
                lesson="L",
                planned_on=next_day_both_work(world),
            )

    for size in (2, 28):
        add(size)
        with django_assert_num_queries(2):
            assert client.get(reverse("reflections:visit_list")).status_code == 200
