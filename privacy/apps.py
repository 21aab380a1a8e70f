from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under the AVG: a person's export, erasure of a colleague who left, the
    audit log of both, and the retention of notifications."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from core.personal_data import register

        from .personal_data import provider

        register(provider)
