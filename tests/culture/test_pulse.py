"""The culture pulse: answering once and anonymously, results only for groups of five."""

from django.urls import reverse

from culture.models import Answer, Participation
from culture.services import answer_round, results
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import text

PULSE = {
    k: 4
    for k in [
        "motivation",
        "engagement",
        "dedication",
        "enjoyment",
        "safe",
        "try",
        "learn",
        "support",
    ]
}


def test_four_answers_show_nothing_and_five_show_results(world, open_round):
    pulse = open_round()
    people = [UserFactory(school=world.school) for _ in range(5)]
    for person in people:
        MembershipFactory(team=world.team, user=person)
    for person in people[:4]:
        answer_round(round=pulse, user=person, team=world.team, scores=PULSE)
    middenbouw = next(g for g in results(pulse) if g.name == "Middenbouw")
    assert middenbouw.hidden and middenbouw.rows is None
    answer_round(round=pulse, user=people[4], team=world.team, scores=PULSE)
    middenbouw = next(g for g in results(pulse) if g.name == "Middenbouw")
    assert not middenbouw.hidden
    assert middenbouw.rows[0]["average"] == 4


def test_the_results_page_hides_small_groups_and_their_count(world, client_for, open_round):
    pulse = open_round()
    for _ in range(3):
        person = UserFactory(school=world.school)
        answer_round(round=pulse, user=person, team=world.team, scores=PULSE)
    body = text(client_for(world.teacher).get(reverse("culture:round_results", args=[pulse.pk])))
    assert "Minder dan 5 antwoorden: niet getoond" in body
    assert "3 antwoorden" not in body


def test_answers_are_anonymous_and_a_person_answers_once(world, client_for, open_round):
    pulse = open_round()
    data = {**{k: str(v) for k, v in PULSE.items()}, "team": world.team.pk}
    client = client_for(world.teacher)
    assert client.post(reverse("culture:answer", args=[pulse.pk]), data).status_code == 302
    assert client.post(reverse("culture:answer", args=[pulse.pk]), data).status_code == 302
    assert Answer.objects.count() == 1
    assert Participation.objects.filter(user=world.teacher).count() == 1
    assert "user" not in {f.name for f in Answer._meta.get_fields()}


def test_a_leader_of_another_school_gets_404_on_the_results(world, client_for, open_round):
    pulse = open_round()
    client = client_for(world.outsider)
    assert client.get(reverse("culture:round_results", args=[pulse.pk])).status_code == 404
