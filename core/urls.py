from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz, name="healthz_ready"),
    path("healthz/live", views.live, name="healthz_live"),
]
