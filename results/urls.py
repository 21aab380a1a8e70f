from django.urls import path

from . import views, voice_views

app_name = "results"

urlpatterns = [
    path("resultaten/", views.results_list, name="results_list"),
    path("resultaten/ontwikkeling/", views.results_trends, name="trends"),
    path("doelen/<int:pk>/indicator/", views.edit_indicator, name="edit_indicator"),
    path("resultaten/importeren/", views.import_results, name="import_results"),
    # The pupils' voice: the teachers' pages, then the children's (public, with a code).
    path("leerlingstem/", voice_views.voice_list, name="voice_list"),
    path("leerlingstem/nieuw/", voice_views.open_voice_round, name="open_voice_round"),
    path("leerlingstem/<int:pk>/", voice_views.voice_round, name="voice_round"),
    path(
        "leerlingstem/<int:pk>/sluiten/",
        voice_views.close_voice_round,
        name="close_voice_round",
    ),
    path("stem/", voice_views.voice_code, name="voice_code"),
    path("stem/<str:code>/", voice_views.voice_answer, name="voice_answer"),
]
