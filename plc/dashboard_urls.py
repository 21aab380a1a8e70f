from django.urls import path

from . import dashboard

app_name = "dashboard"

urlpatterns = [
    path("", dashboard.leader_dashboard, name="leader_dashboard"),
    path("team/<int:pk>/", dashboard.team_overview, name="team_overview"),
    path("export.csv", dashboard.export_csv, name="export_csv"),
    path("afdrukken/", dashboard.printable, name="printable"),
]
