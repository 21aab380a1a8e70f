from django.urls import path

from . import views

app_name = "inquiries"

# Paths in Dutch (what people see and share); the names stay as the code knows them.
# The old English paths redirect from plc/legacy_urls.py.
urlpatterns = [
    path("", views.initiative_list, name="initiative_list"),
    path("nieuw/", views.new_initiative, name="new_initiative"),
    path("bespreken/", views.review_list, name="review_list"),
    path("hulpvragen/", views.support_list, name="support_list"),
    path("hulpvragen/<int:pk>/antwoord/", views.answer_support, name="answer_support"),
    path("bibliotheek/", views.library, name="library"),
    path("bibliotheek/bestuur/<int:pk>/", views.board_card, name="board_card"),
    path("bibliotheek/vragen/<int:pk>/", views.board_question, name="board_question"),
    path("bestanden/<int:pk>/", views.entry_file, name="entry_file"),
    path("bijdragen/<int:pk>/bewerken/", views.edit_entry, name="edit_entry"),
    path("bijdragen/<int:pk>/verwijderen/", views.delete_entry, name="delete_entry"),
    path("<int:pk>/bewerken/", views.edit_initiative, name="edit_initiative"),
    path("reacties/<int:pk>/bewerken/", views.edit_comment, name="edit_comment"),
    path("reacties/<int:pk>/verwijderen/", views.delete_comment, name="delete_comment"),
    path("cycli/", views.template_list, name="template_list"),
    path("cycli/<int:pk>/kopieren/", views.copy_cycle_template, name="copy_template"),
    path("cycli/<int:pk>/bewerken/", views.edit_template, name="edit_template"),
    path("<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("<int:pk>/deelnemen/", views.join, name="join"),
    path("<int:pk>/verlaten/", views.leave, name="leave"),
    path("<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("<int:pk>/bijdragen/nieuw/", views.new_entry, name="new_entry"),
    path("<int:pk>/fase/", views.move, name="move"),
    path("<int:pk>/deadline/", views.set_due_date, name="set_due_date"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/hulpvraag/", views.new_support_request, name="new_support_request"),
    path("<int:pk>/reacties/nieuw/", views.comment, name="comment"),
    path("<int:pk>/starten/", views.change, {"action": "start"}, name="start"),
    path("<int:pk>/pauzeren/", views.change, {"action": "pause"}, name="pause"),
    path("<int:pk>/hervatten/", views.change, {"action": "resume"}, name="resume"),
    path("<int:pk>/stoppen/", views.change, {"action": "stop"}, name="stop"),
    path("<int:pk>/afronden/", views.change, {"action": "complete"}, name="complete"),
    path("<int:pk>/delen/", views.share, {"action": "share"}, name="share_card"),
    path("<int:pk>/delen/toestemming/", views.share, {"action": "consent"}, name="board_consent"),
    path("<int:pk>/niet-meer-delen/", views.share, {"action": "unshare"}, name="unshare_card"),
]
