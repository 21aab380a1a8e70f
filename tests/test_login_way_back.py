"""A form posted after the session ran out leads, after logging in, back to the page the
form was on: not to the address it posts to, which answers only POST."""

from urllib.parse import quote

from django.urls import reverse

from tests.factories import start_test_initiative
from tests.helpers import HTMX


def test_an_htmx_form_leads_back_to_the_page_it_was_on(world, client):
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    page = initiative.get_absolute_url()
    response = client.post(
        reverse("inquiries:new_entry", args=[initiative.pk]),
        {"entry-kind": "note", "entry-text": "Wat ik zag"},
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
        **HTMX,
    )
    assert response["HX-Redirect"] == f"{reverse('account_login')}?next={quote(page)}"


def test_a_plain_form_leads_back_to_the_page_it_was_on(world, client):
    response = client.post(
        reverse("culture:new_round"),
        {"round-title": "Peiling"},
        HTTP_REFERER="http://testserver/cultuur/",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/cultuur/"


def test_a_page_elsewhere_is_never_the_way_back(world, client):
    response = client.post(
        reverse("culture:new_round"),
        {"round-title": "Peiling"},
        HTTP_REFERER="https://evil.example/cultuur/",
    )
    assert (
        response["Location"]
        == f"{reverse('account_login')}?next={quote(reverse('culture:new_round'))}"
    )
