from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from overview.views import home
from teams.throttle import admin_login
from teams.views import email_managed_by_school

urlpatterns = [
    path("", home, name="home"),
    path("", include("teams.urls")),
    path("initiatieven/", include("inquiries.urls")),
    path("reflecties/", include("reflections.urls")),
    path("", include("notifications.urls")),
    path("cultuur/", include("culture.urls")),
    path("privacy/", include("privacy.urls")),
    path("dashboard/", include("overview.urls")),
    path("bestuur/", include("boards.urls")),
    path("", include("signin.school_urls")),
    path("", include("meetings.urls")),
    path("", include("results.urls")),
    # Login addresses are kept by the school (teams.models.EmailChange), not by allauth.
    path("accounts/email/", email_managed_by_school, name="account_email"),
    path("accounts/", include("allauth.urls")),
    # The admin's own login form is not throttled: its address leads to the app's login.
    path("beheer/login/", admin_login),
    path("beheer/", admin.site.urls),
    path("", include("core.urls")),
    # Last: the old, partly English paths, each a permanent redirect to its Dutch path.
    path("", include("plc.legacy_urls")),
]

if settings.SERVER_TIMING:
    from bench.views import floor

    urlpatterns.append(path("bench/floor", floor, name="bench_floor"))
