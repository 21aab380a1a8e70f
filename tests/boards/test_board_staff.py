"""Board staff belong to no school: every school page answers them 404, as to a stranger,
also for objects of their own board's schools. Only the board's pages are theirs."""

from django.urls import resolve, reverse

from tests.factories import start_test_initiative
from tests.helpers import HTMX
from tests.test_headers import every_url, release

# What board staff may open besides the public pages and signing in and out.
BOARD_PAGES = {
    "home",  # redirects to the board
    "boards:board_overview",
    "inquiries:library",
    "inquiries:board_card",
    "inquiries:board_question",
    "inquiries:template_list",
    "inquiries:copy_template",
    "inquiries:edit_template",
}
EVERYONE = ("account_", "signin:", "school_login", "set_language")


def test_board_staff_get_404_on_every_school_page(world, board, objects, client):
    # `objects` are of the board's own school (De Linde): what a school page could be about.
    client.force_login(board.officer)
    opened = {}
    for url in every_url(objects):
        for headers in ({}, HTMX):
            response = client.get(url, **headers)
            release(response)
            if response.status_code != 404:
                opened.setdefault(url, response.status_code)
    names = {}
    for url, status in opened.items():
        match = resolve(url.split("?")[0])
        name = match.view_name
        public = not getattr(match.func, "login_required", True)
        if public or name in BOARD_PAGES or name.startswith(EVERYONE):
            continue
        if match.func.__module__.startswith(("allauth.", "django.views.i18n", "plc.legacy")):
            continue
        names[url] = (name, status)
    assert names == {}, names
    # And the board's pages do open (not a 404 walk that proves nothing).
    assert opened[reverse("boards:board_overview")] == 200
    assert opened[reverse("inquiries:library")] == 200
    assert opened[reverse("home")] == 302


def test_board_staff_see_no_school_data_through_a_post_either(world, board, client_for):
    client = client_for(board.officer)
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    for name in ("join", "comment", "new_entry", "share_card", "stop"):
        assert client.post(reverse(f"inquiries:{name}", args=[initiative.pk])).status_code == 404
    assert client.post(reverse("teams:edit_school")).status_code == 404


def test_a_school_person_does_not_get_the_board_view(world, board, client_for):
    for person in (world.leader, world.teacher, world.admin):
        assert client_for(person).get(reverse("boards:board_overview")).status_code == 403


def test_board_staff_home_is_the_board(board, client_for):
    response = client_for(board.officer).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("boards:board_overview")
