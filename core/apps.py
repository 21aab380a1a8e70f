from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: what every app builds on and nothing app-specific."""

    name = "core"
