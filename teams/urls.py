from django.urls import path

from . import views

app_name = "teams"

# Paths in Dutch (what people see and share); the names stay as the code knows them.
# The old English paths redirect from plc/legacy_urls.py.
urlpatterns = [
    path("school/", views.school_detail, name="school_detail"),
    path("school/bewerken/", views.edit_school, name="edit_school"),
    path("school/doelen/nieuw/", views.add_school_goal, name="add_school_goal"),
    path("school/schooljaren/", views.school_years, name="school_years"),
    path("school/schooljaren/<int:pk>/vakanties/nieuw/", views.add_holiday, name="add_holiday"),
    path("school/vakanties/<int:pk>/verwijderen/", views.delete_holiday, name="delete_holiday"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/nieuw/", views.add_team, name="add_team"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/bewerken/", views.edit_team, name="edit_team"),
    path("teams/<int:pk>/werkafspraken/nieuw/", views.add_norm, name="add_norm"),
    path("teams/<int:pk>/doelen/nieuw/", views.add_team_goal, name="add_team_goal"),
    path("werkafspraken/<int:pk>/bewerken/", views.edit_norm, name="edit_norm"),
    path("werkafspraken/<int:pk>/verwijderen/", views.delete_norm, name="delete_norm"),
    path("doelen/<int:pk>/", views.goal_detail, name="goal_detail"),
    path("doelen/<int:pk>/bewerken/", views.edit_goal, name="edit_goal"),
    path("collegas/<int:pk>/", views.person_detail, name="person_detail"),
    path("profiel/", views.profile, name="profile"),
    path(
        "profiel/inlogadres/<str:token>/",
        views.confirm_email_change,
        name="confirm_email_change",
    ),
    path("personeel/", views.staff_list, name="staff_list"),
    path("personeel/nieuw/", views.add_staff_member, name="add_staff"),
    path("personeel/importeren/", views.import_staff_members, name="import_staff"),
    path(
        "personeel/importeren/voorbeeld.csv",
        views.staff_import_example,
        name="staff_import_example",
    ),
    path("personeel/<int:pk>/", views.edit_staff_member, name="edit_staff"),
    path(
        "personeel/<int:pk>/deactiveren/",
        views.deactivate_staff_member,
        name="deactivate_staff",
    ),
    path(
        "personeel/<int:pk>/activeren/",
        views.reactivate_staff_member,
        name="reactivate_staff",
    ),
    path(
        "personeel/uitnodigingen/<int:pk>/opnieuw/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "personeel/uitnodigingen/<int:pk>/intrekken/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
]
