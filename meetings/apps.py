from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Work habits: the team meetings built from the team's own cycles (and, later,
    intervisie sessions)."""

    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from notifications.views import register_calendar_source

        from .calendar import meeting_events

        register_calendar_source(meeting_events)
