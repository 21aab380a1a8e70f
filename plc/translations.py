"""Texts of Django itself that its Dutch catalogue does not translate yet.

Listed here so that makemessages keeps them in our catalogue, which Django reads first.
"""

from django.utils.translation import gettext_noop

DJANGO_TEXTS = [
    gettext_noop("- Select an option -"),  # Django 6.1's new empty choice label
]
