from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("resultaten/", views.results_list, name="results_list"),
    path("resultaten/ontwikkeling/", views.results_trends, name="trends"),
    path("resultaten/importeren/", views.import_results, name="import_results"),
]
