from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo school of `make run`: `seed_demo` and the demo data of every app."""

    name = "demo"
