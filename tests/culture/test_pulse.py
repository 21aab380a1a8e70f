"""The culture pulse: answering once and anonymously, results only for groups of five."""

from django.urls import reverse

from culture.models import Answer, Participation
from culture.services import results
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


def test_four_answers_show_nothing_and_five_show_results(world, answered_round):
    # Read after closing: an open round shows no results at all (it used to show them live).
    four = answered_round([(world.team, PULSE)] * 4)
    middenbouw = next(g for g in results(four) if g.name == "Middenbouw")
    assert middenbouw.hidden and middenbouw.rows is None and middenbouw.count is None
    five = answered_round([(world.team, PULSE)] * 5)
    middenbouw = next(g for g in results(five) if g.name == "Middenbouw")
    assert not middenbouw.hidden
    assert middenbouw.rows[0]["average"] == 4


def test_the_results_page_hides_small_groups_and_their_count(world, client_for, answered_round):
    pulse = answered_round([(world.team, PULSE)] * 3)
    body = text(client_for(world.teacher).get(reverse("culture:round_results", args=[pulse.pk])))
    assert "Niet getoond: te weinig antwoorden, of terug te rekenen uit de andere cijfers." in body
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
