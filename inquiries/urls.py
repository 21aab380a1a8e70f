from django.urls import path

from . import views

app_name = "inquiries"

urlpatterns = [
    path("", views.initiative_list, name="initiative_list"),
    path("new/", views.new_initiative, name="new_initiative"),
    path("bespreken/", views.review_list, name="review_list"),
    path("hulpvragen/", views.support_list, name="support_list"),
    path("hulpvragen/<int:pk>/antwoord/", views.answer_support, name="answer_support"),
    path("bibliotheek/", views.library, name="library"),
    path("bestanden/<int:pk>/", views.entry_file, name="entry_file"),
    path("cycli/", views.template_list, name="template_list"),
    path("cycli/<int:pk>/kopieren/", views.copy_cycle_template, name="copy_template"),
    path("cycli/<int:pk>/bewerken/", views.edit_template, name="edit_template"),
    path("<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/entries/new/", views.new_entry, name="new_entry"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/due/", views.set_due_date, name="set_due_date"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/hulpvraag/", views.new_support_request, name="new_support_request"),
    path("<int:pk>/comments/new/", views.comment, name="comment"),
    path("<int:pk>/start/", views.change, {"action": "start"}, name="start"),
    path("<int:pk>/pause/", views.change, {"action": "pause"}, name="pause"),
    path("<int:pk>/resume/", views.change, {"action": "resume"}, name="resume"),
    path("<int:pk>/stop/", views.change, {"action": "stop"}, name="stop"),
    path("<int:pk>/complete/", views.change, {"action": "complete"}, name="complete"),
]
