from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from plc.views import floor, healthz, live
from teams.views import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("teams.urls")),
    path("initiatieven/", include("inquiries.urls")),
    path("reflecties/", include("reflections.urls")),
    path("", include("notifications.urls")),
    path("cultuur/", include("culture.urls")),
    path("dashboard/", include("plc.dashboard_urls")),
    path("accounts/", include("allauth.urls")),
    path("beheer/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", healthz, name="healthz_ready"),
    path("healthz/live", live, name="healthz_live"),
]

if settings.SERVER_TIMING:
    # The benchmark's floor: the cheapest page the same stack can serve.
    urlpatterns.append(path("bench/floor", floor, name="bench_floor"))
