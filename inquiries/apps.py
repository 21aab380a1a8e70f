from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "inquiries"
    verbose_name = _("Initiatives and inquiry cycles")

    def ready(self) -> None:
        from core.panels import register_panel
        from core.personal_data import register

        from .panels import goal_initiatives
        from .personal_data import provider

        register(provider)  # export and erasure of a person's data (AVG)
        register_panel("goal", "initiatives", goal_initiatives)
