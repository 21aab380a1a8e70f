from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("teams/<int:pk>/vergaderingen/", views.team_meetings, name="team_meetings"),
    path("teams/<int:pk>/vergaderingen/nieuw/", views.new_meeting, name="new_meeting"),
    path("vergaderingen/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("vergaderingen/<int:pk>/punt/", views.new_point, name="new_point"),
    path("vergaderingen/<int:pk>/vastzetten/", views.fix, name="fix"),
    path("vergaderingen/<int:pk>/houden/", views.run_meeting, name="run_meeting"),
    path("vergaderingen/<int:pk>/afronden/", views.finish, name="finish"),
    path("agendapunten/<int:pk>/aantekeningen/", views.save_notes, name="save_notes"),
    path("agendapunten/<int:pk>/uitkomst/", views.new_outcome, name="new_outcome"),
    path("agendapunten/<int:pk>/omhoog/", views.move, {"step": -1}, name="move_up"),
    path("agendapunten/<int:pk>/omlaag/", views.move, {"step": 1}, name="move_down"),
    path("agendapunten/<int:pk>/weg/", views.remove, name="remove_item"),
    path("agendapunten/<int:pk>/minuten/", views.set_minutes, name="set_minutes"),
]
