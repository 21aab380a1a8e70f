from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """The board's view of its schools: aggregates per school, never a person, and the
    learning cards the schools chose to share. It reads through the apps' QuerySets and owns
    no models (the Board itself belongs to teams, beside the School)."""

    name = "boards"
