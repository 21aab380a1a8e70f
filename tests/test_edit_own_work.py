"""An initiative's members correct its text; nobody else can."""

import pytest
from django.urls import reverse

from inquiries.models import Initiative
from inquiries.services import join_initiative
from tests.factories import start_test_initiative
from tests.helpers import text, unchanged
from tests.page_forms import form_with


@pytest.fixture
def initiative(world):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    join_initiative(initiative=initiative, user=world.colleague)
    return initiative


def test_a_member_sharpens_the_question(world, client_for, initiative):
    client = client_for(world.colleague)
    url = reverse("inquiries:edit_initiative", args=[initiative.pk])
    page = text(client.get(initiative.get_absolute_url()))
    assert url in page  # the way in, on the initiative's page
    form = form_with(text(client.get(url)), "question")
    form["question"] = "Hoe laten wij kinderen in groep 4 zelf hun boek kiezen?"
    response = client.post(url, form)
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.question == "Hoe laten wij kinderen in groep 4 zelf hun boek kiezen?"
    assert initiative.title == "Leesplezier"  # what was not changed stays


@pytest.mark.parametrize("who,status", [("lead", 403), ("leader", 403), ("outsider", 404)])
def test_only_members_edit_the_text(world, client_for, initiative, who, status):
    url = reverse("inquiries:edit_initiative", args=[initiative.pk])
    client = client_for(getattr(world, who))
    assert client.get(url).status_code == status
    with unchanged(Initiative):
        assert client.post(url, {"title": "Overgenomen", "question": "?"}).status_code == status
