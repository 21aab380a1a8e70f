from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("school/", views.school_detail, name="school_detail"),
    path("school/edit/", views.edit_school, name="edit_school"),
    path("school/goals/new/", views.add_school_goal, name="add_school_goal"),
    path("school/years/", views.school_years, name="school_years"),
    path("school/years/<int:pk>/holidays/new/", views.add_holiday, name="add_holiday"),
    path("school/holidays/<int:pk>/delete/", views.delete_holiday, name="delete_holiday"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/new/", views.add_team, name="add_team"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views.edit_team, name="edit_team"),
    path("teams/<int:pk>/norms/new/", views.add_norm, name="add_norm"),
    path("teams/<int:pk>/goals/new/", views.add_team_goal, name="add_team_goal"),
    path("norms/<int:pk>/edit/", views.edit_norm, name="edit_norm"),
    path("norms/<int:pk>/delete/", views.delete_norm, name="delete_norm"),
    path("goals/<int:pk>/edit/", views.edit_goal, name="edit_goal"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("profile/", views.profile, name="profile"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.add_staff_member, name="add_staff"),
    path("staff/import/", views.import_staff_members, name="import_staff"),
    path("staff/import/voorbeeld.csv", views.staff_import_example, name="staff_import_example"),
    path("staff/<int:pk>/", views.edit_staff_member, name="edit_staff"),
    path("staff/<int:pk>/deactivate/", views.deactivate_staff_member, name="deactivate_staff"),
    path("staff/<int:pk>/reactivate/", views.reactivate_staff_member, name="reactivate_staff"),
]
