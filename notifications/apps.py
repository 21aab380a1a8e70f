from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Reminders and notifications")

    def ready(self) -> None:
        from core.personal_data import register, register_purge

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .personal_data import provider, purge_deliveries, purge_notifications

        register(provider)  # export and erasure of a person's data (AVG)
        register_purge("notifications", purge_notifications)  # retention
        register_purge("deliveries", purge_deliveries)

        from core.views import register_health_check

        from .health import reminders_health

        register_health_check("reminders", reminders_health)
