"""Django's `reverse`, remembered.

A page asks for the same addresses again and again: the menu's on every page, a link per row
of a list. `reverse` works each one out by walking the URL patterns (about 10 µs), which was
6% of the CPU of the capacity benchmark's mix. An address depends only on what is asked (the
name, whole numbers and text for its arguments, the current app), the URLconf, the script
prefix and the language, all in the key here; the patterns never change while the process
runs, and a test that swaps ROOT_URLCONF clears what was kept, as Django clears its own.
Anything else (a view function, a lazy text, a model instance as argument) goes to Django's
`reverse` as before. The `{% url %}` tag uses it too (core.templatetags.remembered_urls).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language

KEPT = 4096  # addresses kept per process, the least used forgotten first


@functools.lru_cache(maxsize=KEPT)
def _address(viewname, args, kwargs, current_app, urlconf, prefix, language) -> str:
    # `prefix` and `language` are read by Django's reverse itself; they are in the key only.
    return django_reverse(
        viewname, urlconf=urlconf, args=args, kwargs=dict(kwargs), current_app=current_app
    )


def reverse(viewname, *, args=(), kwargs=None, current_app=None) -> str:
    kwargs = kwargs or {}
    if not isinstance(viewname, str) or not all(
        type(value) in (int, str) for value in (*args, *kwargs.values())
    ):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    return _address(
        viewname,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_urlconf() or settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


@receiver(setting_changed, dispatch_uid="core.reversing.forget")
def forget(*, setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _address.cache_clear()
