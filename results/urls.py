from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("resultaten/", views.results_list, name="results_list"),
    path("resultaten/ontwikkeling/", views.results_trends, name="trends"),
    path("doelen/<int:pk>/indicator/", views.edit_indicator, name="edit_indicator"),
    path("resultaten/importeren/", views.import_results, name="import_results"),
]
