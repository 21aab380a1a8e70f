from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """An information system on the children's learning: group results without names."""

    name = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from core.panels import register_panel

        from .panels import goal_indicator, goal_voice, initiative_results, initiative_voice

        register_panel("goal", "indicator", goal_indicator, order=10)
        register_panel("initiative", "results", initiative_results)
        register_panel("goal", "voice", goal_voice, order=20)
        register_panel("initiative", "voice", initiative_voice, order=60)
