from django.urls import path

from . import views

app_name = "signin"

urlpatterns = [
    path("school/inloggen/", views.sign_in_settings, name="settings"),
    path("school/inloggen/nieuw/", views.edit_provider, name="new_provider"),
    path("school/inloggen/<int:pk>/", views.edit_provider, name="edit_provider"),
    path("inloggen/koppelen/<str:token>/", views.confirm_link, name="confirm_link"),
]
