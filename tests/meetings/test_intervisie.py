"""Intervisie: the group walks one colleague's case step by step; what it writes stays in
the group (not the school leader, not another school); the case bringer alone turns it
into a reflection, if they want to."""

from django.test import Client
from django.urls import reverse

from meetings.models import IntervisieNote, IntervisieSession
from tests.helpers import text
from tests.page_forms import form_with


def own_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def start(world) -> IntervisieSession:
    client = own_client(world.lead)
    url = reverse("meetings:new_intervisie")
    form = form_with(text(client.get(url)), "method")
    form.update(
        {
            "method": "incident",
            "participants": [world.lead.pk, world.teacher.pk, world.colleague.pk],
            "case_bringer": world.teacher.pk,
            "facilitator": world.lead.pk,
        }
    )
    response = client.post(url, form)
    assert response.status_code == 302
    assert client.post(url, form).url == response.url  # a second click starts no second one
    return IntervisieSession.objects.get()


def test_a_group_needs_three_colleagues_with_its_roles_inside_it(world):
    client = own_client(world.lead)
    url = reverse("meetings:new_intervisie")
    response = client.post(
        url,
        {
            "method": "incident",
            "participants": [world.lead.pk, world.teacher.pk],
            "case_bringer": world.other_lead.pk,
            "facilitator": world.lead.pk,
        },
    )
    page = text(response)
    assert response.status_code == 422
    assert "Voor intervisie zijn minstens drie collega" in page
    assert "Kies iemand uit de groep." in page
    assert not IntervisieSession.objects.exists()


def test_the_facilitator_walks_the_steps_and_everyone_in_the_group_writes(world):
    session = start(world)
    lead, teacher = own_client(world.lead), own_client(world.teacher)
    page = text(teacher.get(session.get_absolute_url()))
    assert "Stap 1: Het incident" in page and "Wat gebeurde er precies?" in page
    teacher.post(
        reverse("meetings:intervisie_note", args=[session.pk]), {"note-text": "Kring liep uit"}
    )
    # Only the facilitator moves the group on.
    assert teacher.post(reverse("meetings:intervisie_next", args=[session.pk])).status_code == 403
    lead.post(reverse("meetings:intervisie_next", args=[session.pk]))
    assert "Stap 2: Vragen stellen" in text(teacher.get(session.get_absolute_url()))
    for _step in range(4):
        lead.post(reverse("meetings:intervisie_next", args=[session.pk]))
    session.refresh_from_db()
    assert session.is_done
    note = IntervisieNote.objects.get()
    assert note.step == 0 and note.author == world.teacher


def test_the_notes_stay_within_the_group(world):
    session = start(world)
    own_client(world.colleague).post(
        reverse("meetings:intervisie_note", args=[session.pk]),
        {"note-text": "Alleen voor ons"},
    )
    for outsider in (world.leader, world.other_lead, world.outsider):
        client = own_client(outsider)
        assert client.get(session.get_absolute_url()).status_code == 404
        assert "Alleen voor ons" not in text(client.get(reverse("meetings:intervisie_list")))
        response = client.post(
            reverse("meetings:intervisie_note", args=[session.pk]), {"note-text": "Ingebroken"}
        )
        assert response.status_code == 404
    assert list(IntervisieNote.objects.values_list("text", flat=True)) == ["Alleen voor ons"]


def test_only_the_case_bringer_is_offered_to_make_it_a_reflection(world):
    session = start(world)
    IntervisieSession.objects.filter(pk=session.pk).update(is_done=True)
    offer = "schrijf er een reflectie over"
    assert offer in text(own_client(world.teacher).get(session.get_absolute_url()))
    assert offer not in text(own_client(world.lead).get(session.get_absolute_url()))
    assert offer not in text(own_client(world.colleague).get(session.get_absolute_url()))


def test_the_session_page_costs_the_same_queries_with_one_note_and_with_thirty(
    world, django_assert_max_num_queries
):
    session = start(world)
    client = own_client(world.teacher)
    note = reverse("meetings:intervisie_note", args=[session.pk])
    client.post(note, {"note-text": "Eerste"})
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(session.get_absolute_url()).status_code == 200
    # Counted now: every request that follows clears the connection's query log.
    budget = len(few.captured_queries)
    for n in range(29):
        client.post(note, {"note-text": f"Notitie {n}"})
    with django_assert_max_num_queries(budget):
        assert "Notitie 28" in text(client.get(session.get_absolute_url()))
