from django.urls import path

from . import views

app_name = "culture"

urlpatterns = [
    path("", views.culture_home, name="culture_home"),
    path("nieuw/", views.new_round, name="new_round"),
    path("<int:pk>/", views.round_results, name="round_results"),
    path("<int:pk>/invullen/", views.answer, name="answer"),
]
