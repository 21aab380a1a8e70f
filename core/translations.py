"""Texts of Django itself that its Dutch catalogue does not translate yet.

Listed here so that makemessages keeps them in our catalogue, which Django reads first.
"""

from django.utils.translation import gettext_noop, ngettext

DJANGO_TEXTS = [
    gettext_noop("- Select an option -"),  # Django 6.1's new empty choice label
]


def _django_plurals(n: int) -> list[str]:
    """Never called: marks Django 6.1's reworded password message for extraction."""
    return [
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            n,
        )
    ]
