from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CultureConfig(AppConfig):
    name = "culture"
    verbose_name = _("Culture pulse and PLC self-scan")

    def ready(self) -> None:
        from core.personal_data import register

        from .personal_data import provider

        register(provider)  # export and erasure of a person's data (AVG)
