from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """The read side on top of every app: the home page, the leader's dashboard, the team
    overview and the exports. It reads through the apps' QuerySets and owns no models."""

    name = "overview"
