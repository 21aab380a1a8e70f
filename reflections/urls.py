from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("", views.journal, name="journal"),
    path("gedeeld/", views.feed, name="feed"),
    path("nieuw/", views.new_reflection, name="new_reflection"),
    path("<int:pk>/", views.reflection_detail, name="reflection_detail"),
    path("<int:pk>/bewerken/", views.edit_reflection, name="edit_reflection"),
    path("<int:pk>/delen/", views.share_reflection, name="share_reflection"),
    path("<int:pk>/verwijderen/", views.remove_reflection, name="delete_reflection"),
    path("<int:pk>/feedback-vragen/", views.ask_for_feedback, name="ask_for_feedback"),
    path("feedback/<int:pk>/", views.give_feedback, name="give_feedback"),
    path("lesbezoeken/", views.visit_list, name="visit_list"),
    path("lesbezoeken/nieuw/", views.new_visit, name="new_visit"),
    path("lesbezoeken/<int:pk>/", views.visit_detail, name="visit_detail"),
]
# A visit's actions: the view's action and the URL name stay English, the path is Dutch.
# The old English paths redirect from plc/legacy_urls.py.
VISIT_ACTIONS = {
    "accept": "accepteren",
    "decline": "afwijzen",
    "held": "gehouden",
    "cancel": "annuleren",
    "reflect": "reflecteren",
    "notes": "notities",
    "share": "delen",
}
for action, dutch in VISIT_ACTIONS.items():
    urlpatterns.append(
        path(
            f"lesbezoeken/<int:pk>/{dutch}/",
            views.visit_action,
            {"action": action},
            name=f"visit_{action}",
        )
    )
