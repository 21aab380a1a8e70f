from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's tools: `seed_scale` and the floor view. Top layer, beside `demo`."""

    name = "bench"
