from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.leader_dashboard, name="leader_dashboard"),
    path("team/<int:pk>/", views.team_overview, name="team_overview"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("afdrukken/", views.printable, name="printable"),
]
