"""The app's paths are Dutch; every old (partly English) path moved permanently.

Links in emails already sent and bookmarks must keep working: an old path answers 301 with
exactly the new path and its query string, before any login, so a logged-out colleague
logs in with ?next= the new path. OLD_PATHS documents every old link that exists.
"""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from inquiries.models import InitiativeMember
from plc import legacy_urls
from reflections.models import LessonVisit
from teams.models import Holiday, SchoolYear
from tests.factories import SharedGoalFactory, TeamNormFactory, start_test_initiative

# Old path → (URL name it moved to, the object whose pk it takes). {pk} is that object's.
OLD_PATHS = {
    # teams
    "/school/edit/": ("teams:edit_school", None),
    "/school/goals/new/": ("teams:add_school_goal", None),
    "/school/years/": ("teams:school_years", None),
    "/school/years/{pk}/holidays/new/": ("teams:add_holiday", "year"),
    "/school/holidays/{pk}/delete/": ("teams:delete_holiday", "holiday"),
    "/teams/new/": ("teams:add_team", None),
    "/teams/{pk}/edit/": ("teams:edit_team", "team"),
    "/teams/{pk}/norms/new/": ("teams:add_norm", "team"),
    "/teams/{pk}/goals/new/": ("teams:add_team_goal", "team"),
    "/norms/{pk}/edit/": ("teams:edit_norm", "norm"),
    "/norms/{pk}/delete/": ("teams:delete_norm", "norm"),
    "/goals/{pk}/edit/": ("teams:edit_goal", "goal"),
    "/people/{pk}/": ("teams:person_detail", "colleague"),
    "/profile/": ("teams:profile", None),
    "/staff/": ("teams:staff_list", None),
    "/staff/new/": ("teams:add_staff", None),
    "/staff/import/": ("teams:import_staff", None),
    "/staff/import/voorbeeld.csv": ("teams:staff_import_example", None),
    "/staff/{pk}/": ("teams:edit_staff", "colleague"),
    "/staff/{pk}/deactivate/": ("teams:deactivate_staff", "colleague"),
    "/staff/{pk}/reactivate/": ("teams:reactivate_staff", "colleague"),
    # inquiries
    "/initiatieven/new/": ("inquiries:new_initiative", None),
    "/initiatieven/{pk}/join/": ("inquiries:join", "initiative"),
    "/initiatieven/{pk}/leave/": ("inquiries:leave", "initiative"),
    "/initiatieven/{pk}/invite/": ("inquiries:invite", "initiative"),
    "/initiatieven/{pk}/entries/new/": ("inquiries:new_entry", "initiative"),
    "/initiatieven/{pk}/move/": ("inquiries:move", "initiative"),
    "/initiatieven/{pk}/due/": ("inquiries:set_due_date", "initiative"),
    "/initiatieven/{pk}/comments/new/": ("inquiries:comment", "initiative"),
    "/initiatieven/{pk}/start/": ("inquiries:start", "initiative"),
    "/initiatieven/{pk}/pause/": ("inquiries:pause", "initiative"),
    "/initiatieven/{pk}/resume/": ("inquiries:resume", "initiative"),
    "/initiatieven/{pk}/stop/": ("inquiries:stop", "initiative"),
    "/initiatieven/{pk}/complete/": ("inquiries:complete", "initiative"),
    # reflections: a lesson visit's actions
    "/reflecties/lesbezoeken/{pk}/accept/": ("reflections:visit_accept", "visit"),
    "/reflecties/lesbezoeken/{pk}/decline/": ("reflections:visit_decline", "visit"),
    "/reflecties/lesbezoeken/{pk}/held/": ("reflections:visit_held", "visit"),
    "/reflecties/lesbezoeken/{pk}/cancel/": ("reflections:visit_cancel", "visit"),
    "/reflecties/lesbezoeken/{pk}/reflect/": ("reflections:visit_reflect", "visit"),
    "/reflecties/lesbezoeken/{pk}/notes/": ("reflections:visit_notes", "visit"),
    "/reflecties/lesbezoeken/{pk}/share/": ("reflections:visit_share", "visit"),
}

QUERY = "bron=email&pagina=2"


@pytest.fixture
def pks(world):
    """Real objects of the teacher's school for every old path that names one."""
    year = SchoolYear.objects.create(
        school=world.school, name="2026-2027", starts_on="2026-08-24", ends_on="2027-07-09"
    )
    initiative = start_test_initiative(starter=world.teacher, team=world.team)
    visit = LessonVisit.objects.create(
        host=world.teacher,
        observer=world.colleague,
        focus_question="Wat doen de kinderen?",
        lesson="groep 4",
        planned_on=datetime.date.today() + datetime.timedelta(days=7),
    )
    return {
        "year": year.pk,
        "holiday": Holiday.objects.create(
            school_year=year, name="Kerstvakantie", starts_on="2026-12-19", ends_on="2027-01-03"
        ).pk,
        "team": world.team.pk,
        "norm": TeamNormFactory(team=world.team, text="We beginnen op tijd.").pk,
        "goal": SharedGoalFactory(school=world.school, team=world.team).pk,
        "colleague": world.colleague.pk,
        "initiative": initiative.pk,
        "visit": visit.pk,
    }


def old_and_new(old: str, pks: dict) -> tuple[str, str]:
    name, obj = OLD_PATHS[old]
    if obj is None:
        return old, reverse(name)
    return old.format(pk=pks[obj]), reverse(name, kwargs={"pk": pks[obj]})


@pytest.mark.parametrize("old", OLD_PATHS)
def test_an_old_path_moved_permanently_to_its_dutch_path_for_a_teacher(world, client_for, pks, old):
    client = client_for(world.teacher)
    old_path, new_path = old_and_new(old, pks)
    assert old_path != new_path

    response = client.get(f"{old_path}?{QUERY}")

    assert response.status_code == 301
    assert response["Location"] == f"{new_path}?{QUERY}"
    # The new path is the page itself: it may be refused (403) or want a POST (405), but
    # it exists.
    assert client.get(new_path).status_code not in {301, 302, 404}


@pytest.mark.parametrize("old", OLD_PATHS)
def test_an_old_path_moves_before_the_login_so_next_is_the_new_path(client, pks, old):
    old_path, new_path = old_and_new(old, pks)

    response = client.get(f"{old_path}?{QUERY}")

    assert response.status_code == 301
    assert response["Location"] == f"{new_path}?{QUERY}"
    login = client.get(response["Location"])
    assert login.status_code == 302
    location = urlsplit(login["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [f"{new_path}?{QUERY}"]


def test_a_form_posted_to_an_old_path_is_posted_again_to_the_new_one(world, client_for, pks):
    """A page opened before the move still works: 308 keeps the method and the form."""
    client = client_for(world.colleague)
    old_path, new_path = old_and_new("/initiatieven/{pk}/join/", pks)

    response = client.post(old_path)

    assert response.status_code == 308
    assert response["Location"] == new_path
    assert client.post(new_path).status_code == 302
    assert InitiativeMember.objects.filter(
        initiative_id=pks["initiative"], user=world.colleague
    ).exists()


def test_an_htmx_form_posted_to_an_old_path_is_left_to_the_browser_to_post_again(
    world, client_for, pks
):
    """htmx cannot turn a 308 into a GET: the middleware leaves it, the browser re-posts."""
    client = client_for(world.colleague)
    old_path, new_path = old_and_new("/initiatieven/{pk}/join/", pks)

    response = client.post(old_path, HTTP_HX_REQUEST="true")

    assert response.status_code == 308
    assert response["Location"] == new_path
    assert "HX-Location" not in response
    client.post(new_path, HTTP_HX_REQUEST="true")
    assert InitiativeMember.objects.filter(
        initiative_id=pks["initiative"], user=world.colleague
    ).exists()


def test_every_redirect_of_the_app_is_in_the_table_and_every_old_path_is_free():
    served = {f"/{pattern.pattern}" for pattern in legacy_urls.urlpatterns}
    assert served == {re.sub(r"\{pk\}", "<int:pk>", old) for old in OLD_PATHS}
    for old, (name, _obj) in OLD_PATHS.items():
        # Only the redirect answers an old path: no page of today took it over.
        match = resolve(old.format(pk=1))
        assert match.url_name is None, (old, match.view_name)
        assert match.func.view_class is legacy_urls.Moved
        assert match.func.view_initkwargs["pattern_name"] == name


# English words that used to be in paths; none of today's paths may use them again.
ENGLISH = {
    "accept", "cancel", "comments", "complete", "deactivate", "decline", "delete", "due",
    "edit", "entries", "goals", "held", "holidays", "import", "invite", "join", "leave",
    "move", "new", "norms", "notes", "pause", "people", "profile", "reactivate", "reflect",
    "resume", "share", "staff", "start", "stop", "years",
}  # fmt: skip


def current_routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            if module == legacy_urls.__name__ or module.startswith("allauth."):
                continue
            yield from current_routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_path_of_the_app_is_dutch():
    routes = [route for route in current_routes() if not route.startswith("beheer/")]
    assert "personeel/" in routes
    for route in routes:
        words = set(re.split(r"[/.\-]|<[^>]*>", route)) - {""}
        assert not words & ENGLISH, route


# --- The library's filters have Dutch names in the address ---------------------------------


def test_the_library_filters_have_dutch_names(world, client_for):
    body = client_for(world.teacher).get(reverse("inquiries:library")).content.decode()
    for name in ("zoek", "doel", "team", "cyclus", "schooljaar"):
        assert f'name="{name}"' in body
    assert 'name="q"' not in body


def test_an_old_library_link_moves_to_the_same_search_in_dutch(world, client_for):
    client = client_for(world.teacher)
    goal = SharedGoalFactory(school=world.school)
    old = {
        "q": "lezen",
        "goal": goal.pk,
        "team": world.team.pk,
        "template": 1,
        "school_year": 2,
        "pagina": 2,
    }

    response = client.get(reverse("inquiries:library"), old)

    assert response.status_code == 301
    location = urlsplit(response["Location"])
    assert location.path == reverse("inquiries:library")
    assert parse_qs(location.query) == {
        "zoek": ["lezen"],
        "doel": [str(goal.pk)],
        "team": [str(world.team.pk)],
        "cyclus": ["1"],
        "schooljaar": ["2"],
        "pagina": ["2"],
    }


def test_a_dutch_library_parameter_wins_over_its_old_english_name(world, client_for):
    response = client_for(world.teacher).get(
        reverse("inquiries:library"), {"zoek": "rekenen", "q": "lezen"}
    )
    assert response.status_code == 301
    assert response["Location"] == f"{reverse('inquiries:library')}?zoek=rekenen"
