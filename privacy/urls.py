from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.privacy_page, name="privacy_page"),
    path("mijn-gegevens.zip", views.my_data, name="my_data"),
    path("personeel/<int:pk>/gegevens.zip", views.colleague_data, name="colleague_data"),
    path("personeel/<int:pk>/wissen/", views.erase, name="erase"),
    path("logboek/", views.audit_log, name="audit_log"),
]
