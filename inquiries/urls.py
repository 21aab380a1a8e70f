from django.urls import path

from . import views

app_name = "inquiries"

urlpatterns = [
    path("", views.initiative_list, name="initiative_list"),
    path("new/", views.new_initiative, name="new_initiative"),
    path("<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/entries/new/", views.new_entry, name="new_entry"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/comments/new/", views.comment, name="comment"),
    path("<int:pk>/start/", views.change, {"action": "start"}, name="start"),
    path("<int:pk>/pause/", views.change, {"action": "pause"}, name="pause"),
    path("<int:pk>/resume/", views.change, {"action": "resume"}, name="resume"),
    path("<int:pk>/stop/", views.change, {"action": "stop"}, name="stop"),
    path("<int:pk>/complete/", views.change, {"action": "complete"}, name="complete"),
]
