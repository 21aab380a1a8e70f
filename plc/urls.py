from django.contrib import admin
from django.urls import include, path

from plc.views import healthz, live
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
