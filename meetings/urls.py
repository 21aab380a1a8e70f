from django.urls import path

from . import intervisie_views, views

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
    path("initiatieven/<int:pk>/agenda/", views.put_on_agenda, name="put_on_agenda"),
    path("intervisie/", intervisie_views.intervisie_list, name="intervisie_list"),
    path("intervisie/nieuw/", intervisie_views.new_intervisie, name="new_intervisie"),
    path("intervisie/<int:pk>/", intervisie_views.intervisie, name="intervisie"),
    path("intervisie/<int:pk>/notitie/", intervisie_views.intervisie_note, name="intervisie_note"),
    path(
        "intervisie/<int:pk>/verder/",
        intervisie_views.intervisie_step,
        {"step": 1},
        name="intervisie_next",
    ),
    path(
        "intervisie/<int:pk>/terug/",
        intervisie_views.intervisie_step,
        {"step": -1},
        name="intervisie_back",
    ),
]
