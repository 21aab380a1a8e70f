"""A private reflection is visible to nobody else: not in any page, fragment, feed, count,
notification, search or the admin. Personas: author, colleague in the team, someone of
another team, the team lead, the school leader, a site administrator, another school."""

import pytest
from django.urls import reverse

from inquiries.models import LearningCard
from inquiries.services import change_state
from reflections.models import FeedbackRequest, Reflection
from reflections.services import ask_feedback, change_visibility
from teams.models import User
from tests.factories import start_test_initiative
from tests.helpers import HTMX, text

SECRET = "Geheime twijfel over mijn rekenles"


@pytest.fixture
def private(world):
    return Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title=SECRET,
        hard_or_exciting="Ik durfde de les niet los te laten.",
    )


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser(
        email="beheer@installatie.test", password="x", name="Beheer", school=world.school
    )


OTHERS = ["colleague", "lead", "other_lead", "leader", "admin", "outsider"]


def pages_for(world, reflection):
    return [
        reverse("home"),
        reverse("reflections:journal"),
        reverse("reflections:feed"),
        reverse("reflections:visit_list"),
        reverse("inquiries:library") + "?zoek=rekenles",
        reverse("inquiries:initiative_list"),
        reverse("teams:team_detail", args=[world.team.pk]),
        reverse("teams:person_detail", args=[world.teacher.pk]),
    ]


@pytest.mark.parametrize("persona", OTHERS)
def test_a_private_reflection_shows_nowhere_to_anyone_else(world, client_for, private, persona):
    client = client_for(getattr(world, persona))
    for url in pages_for(world, private):
        response = client.get(url)
        assert SECRET not in text(response), url
        assert SECRET not in text(client.get(url, **HTMX)), url
    detail = reverse("reflections:reflection_detail", args=[private.pk])
    assert client.get(detail).status_code == 404
    assert client.get(detail, **HTMX).status_code == 404
    for name in ["edit_reflection", "share_reflection", "ask_for_feedback"]:
        response = client.post(reverse(f"reflections:{name}", args=[private.pk]), {})
        assert response.status_code == 404, name
    private.refresh_from_db()
    assert private.is_private and private.title == SECRET


def test_the_author_sees_their_private_reflection(world, client_for, private):
    client = client_for(world.teacher)
    assert SECRET in text(client.get(reverse("reflections:journal")))
    assert client.get(private.get_absolute_url()).status_code == 200
    # ...but it never enters their feed of colleagues' work.
    assert SECRET not in text(client.get(reverse("reflections:feed")))


def test_the_admin_never_lists_or_opens_a_private_reflection(client, world, private, superuser):
    client.force_login(superuser)
    listing = client.get("/beheer/reflections/reflection/")
    assert listing.status_code == 200
    assert SECRET not in text(listing)
    opened = client.get(f"/beheer/reflections/reflection/{private.pk}/change/", follow=True)
    assert SECRET not in text(opened)


def test_counts_do_not_reveal_private_reflections(world, client_for, private):
    # The colleague's journal count and the feed show nothing of it.
    Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Gedeeld met de school",
        proud_of="De kinderen lazen voor.",
        visibility="school",
    )
    feed = text(client_for(world.leader).get(reverse("reflections:feed")))
    assert feed.count('class="card"') == 1 + 0  # one shared reflection card, nothing else
    assert Reflection.objects.shared_with(world.leader).count() == 1


@pytest.mark.parametrize(
    "persona,sees_team,sees_school",
    [
        ("colleague", True, True),  # in the middenbouw
        ("lead", True, True),  # lead of the middenbouw: a member of that team
        ("other_lead", False, True),  # another team
        ("leader", False, True),  # not a member of the middenbouw
        ("outsider", False, False),  # another school
    ],
)
def test_who_reads_a_team_or_school_reflection(world, client_for, persona, sees_team, sees_school):
    team_one = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Voor de middenbouw",
        proud_of="x",
        visibility="team",
        team=world.team,
    )
    school_one = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Voor iedereen",
        proud_of="y",
        visibility="school",
    )
    client = client_for(getattr(world, persona))
    feed = text(client.get(reverse("reflections:feed")))
    assert ("Voor de middenbouw" in feed) is sees_team
    assert ("Voor iedereen" in feed) is sees_school
    assert (client.get(team_one.get_absolute_url()).status_code == 200) is sees_team
    assert (client.get(school_one.get_absolute_url()).status_code == 200) is sees_school


def test_a_reflection_made_private_disappears_at_once_with_its_feedback_requests(world, client_for):
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Eerst gedeeld",
        tried_new="z",
        visibility="team",
        team=world.team,
    )
    ask_feedback(reflection=reflection, colleagues=[world.colleague])
    request = FeedbackRequest.objects.get()
    colleague = client_for(world.colleague)
    assert "Eerst gedeeld" in text(colleague.get(reverse("reflections:feed")))
    assert "Eerst gedeeld" in text(colleague.get(reverse("home")))
    change_visibility(reflection=reflection, visibility="private", team=None)
    for url in [reverse("reflections:feed"), reverse("home"), reverse("reflections:journal")]:
        assert "Eerst gedeeld" not in text(colleague.get(url)), url
    assert colleague.get(reverse("reflections:give_feedback", args=[request.pk])).status_code == 404
    assert colleague.get(reflection.get_absolute_url()).status_code == 404
    assert FeedbackRequest.objects.open_for(world.colleague).count() == 0


def test_feedback_can_only_be_asked_of_colleagues_who_can_read_it(world, client_for):
    reflection = Reflection.objects.create(
        school=world.school,
        author=world.teacher,
        title="Team",
        tried_new="z",
        visibility="team",
        team=world.team,
    )
    response = client_for(world.teacher).post(
        reverse("reflections:ask_for_feedback", args=[reflection.pk]),
        {"ask-colleagues": [world.other_lead.pk]},
        **HTMX,
    )
    assert response.status_code == 422
    assert not FeedbackRequest.objects.exists()


def test_a_learning_card_search_never_finds_reflections(world, client_for, private):
    initiative = start_test_initiative(starter=world.teacher, team=world.team, title="Rekenles")
    change_state(
        initiative=initiative,
        user=world.teacher,
        action="stop",
        card=LearningCard(learned="Rekenen in kleine groepjes"),
    )
    body = text(client_for(world.leader).get(reverse("inquiries:library"), {"zoek": "twijfel"}))
    assert SECRET not in body
    assert "0 leerkaarten" in body
