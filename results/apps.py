from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """An information system on the children's learning: group results without names."""

    name = "results"
    verbose_name = _("Results")
