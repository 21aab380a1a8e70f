from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = _("School, people and teams")

    def ready(self) -> None:
        from core.personal_data import register, register_purge

        from .personal_data import provider, purge_invitations

        register(provider)  # export and erasure of a person's data (AVG)
        register_purge("invitations", purge_invitations)  # retention
