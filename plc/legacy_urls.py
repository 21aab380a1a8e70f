"""The app's old, partly English paths, each moved permanently to its Dutch successor.

Links in emails already sent, bookmarks and shared links keep working: an old path answers
301 with the new path (the query string kept), and only then does the new page ask for a
login, so ?next= names the new path. Included last from plc/urls.py, so a current path
always wins. tests/test_legacy_urls.py walks every one of them.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.urls import path
from django.views.generic import RedirectView


class HttpResponsePermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    status_code = 308


class Moved(RedirectView):
    """301 for a GET (a link); 308 for a form posted from a page opened before the move,
    so the browser posts it again to the new path instead of turning it into a GET."""

    permanent = True
    query_string = True

    def post(self, request, *args, **kwargs):
        return HttpResponsePermanentRedirectKeepingMethod(self.get_redirect_url(*args, **kwargs))

    put = patch = delete = post


def moved_to(name: str):
    """The old path's view: a permanent redirect to the URL named `name`, reversed with
    the old path's captured arguments (the pk) only, never a view's extra kwargs."""
    return login_not_required(Moved.as_view(pattern_name=name))


# Old path (as it was served, without the leading slash) → the URL name it moved to.
MOVED = {
    # teams
    "school/edit/": "teams:edit_school",
    "school/goals/new/": "teams:add_school_goal",
    "school/years/": "teams:school_years",
    "school/years/<int:pk>/holidays/new/": "teams:add_holiday",
    "school/holidays/<int:pk>/delete/": "teams:delete_holiday",
    "teams/new/": "teams:add_team",
    "teams/<int:pk>/edit/": "teams:edit_team",
    "teams/<int:pk>/norms/new/": "teams:add_norm",
    "teams/<int:pk>/goals/new/": "teams:add_team_goal",
    "norms/<int:pk>/edit/": "teams:edit_norm",
    "norms/<int:pk>/delete/": "teams:delete_norm",
    "goals/<int:pk>/edit/": "teams:edit_goal",
    "people/<int:pk>/": "teams:person_detail",
    "profile/": "teams:profile",
    "staff/": "teams:staff_list",
    "staff/new/": "teams:add_staff",
    "staff/import/": "teams:import_staff",
    "staff/import/voorbeeld.csv": "teams:staff_import_example",
    "staff/<int:pk>/": "teams:edit_staff",
    "staff/<int:pk>/deactivate/": "teams:deactivate_staff",
    "staff/<int:pk>/reactivate/": "teams:reactivate_staff",
    # inquiries
    "initiatieven/new/": "inquiries:new_initiative",
    "initiatieven/<int:pk>/join/": "inquiries:join",
    "initiatieven/<int:pk>/leave/": "inquiries:leave",
    "initiatieven/<int:pk>/invite/": "inquiries:invite",
    "initiatieven/<int:pk>/entries/new/": "inquiries:new_entry",
    "initiatieven/<int:pk>/move/": "inquiries:move",
    "initiatieven/<int:pk>/due/": "inquiries:set_due_date",
    "initiatieven/<int:pk>/comments/new/": "inquiries:comment",
    "initiatieven/<int:pk>/start/": "inquiries:start",
    "initiatieven/<int:pk>/pause/": "inquiries:pause",
    "initiatieven/<int:pk>/resume/": "inquiries:resume",
    "initiatieven/<int:pk>/stop/": "inquiries:stop",
    "initiatieven/<int:pk>/complete/": "inquiries:complete",
    # reflections: a lesson visit's actions
    "reflecties/lesbezoeken/<int:pk>/accept/": "reflections:visit_accept",
    "reflecties/lesbezoeken/<int:pk>/decline/": "reflections:visit_decline",
    "reflecties/lesbezoeken/<int:pk>/held/": "reflections:visit_held",
    "reflecties/lesbezoeken/<int:pk>/cancel/": "reflections:visit_cancel",
    "reflecties/lesbezoeken/<int:pk>/reflect/": "reflections:visit_reflect",
    "reflecties/lesbezoeken/<int:pk>/notes/": "reflections:visit_notes",
    "reflecties/lesbezoeken/<int:pk>/share/": "reflections:visit_share",
}

urlpatterns = [path(old, moved_to(name)) for old, name in MOVED.items()]
