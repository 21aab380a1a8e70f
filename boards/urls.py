from django.urls import path

from . import views

app_name = "boards"

urlpatterns = [
    path("", views.board_overview, name="board_overview"),
]
