from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("meldingen/", views.notification_list, name="notification_list"),
    path("meldingen/<int:pk>/", views.open_notification, name="open_notification"),
    path("meldingen/gelezen/", views.mark_all_read, name="mark_all_read"),
    path("meldingen/instellingen/", views.preferences, name="preferences"),
    path("meldingen/kalender-vernieuwen/", views.renew_calendar, name="renew_calendar"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
