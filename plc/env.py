"""Strict readers for environment variables, used by plc/settings.py.

A typo in an operator's variable must stop start-up with a message naming the variable, not
quietly become False, 0 or a URL that fails on the first request. Unset or empty means the
default, except for env_str, where an empty string can be a deliberate value.
"""

import logging
import math
import os
import re
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

LOG_LEVELS = tuple(logging.getLevelNamesMapping())
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    """The stripped value, or None when unset or empty (both mean "use the default")."""
    return os.environ.get(name, "").strip() or None


def _fail(name: str, value: str, problem: str) -> ImproperlyConfigured:
    # URLs often carry a password; the message ends up in logs, so it shows *** instead.
    shown = re.sub(r"(://[^/@:]*:)[^@]*@", r"\1***@", value)
    return ImproperlyConfigured(f'{name}="{shown}" {problem}')


def env_bool(name: str, default: bool = False) -> bool:
    """1/0, true/false, yes/no or on/off in any case; anything else is an error, not False."""
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise _fail(name, value, "is not a yes/no value: use 1/0, true/false, yes/no or on/off.")


def _number[N: (int, float)](
    name: str, default: N, parse: Callable[[str], N], kind: str, minimum: N | None
) -> N:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = parse(value)
    except ValueError:
        raise _fail(name, value, f"is not {kind}.") from None
    if not math.isfinite(number):  # float() accepts "nan" and "inf"; no setting wants them
        raise _fail(name, value, f"is not {kind}.")
    if minimum is not None and number < minimum:
        raise _fail(name, value, f"is too small: use {minimum} or more.")
    return number


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number ("587"), at least `minimum`; "58x" or "5.5" is an error."""
    return _number(name, default, int, "a whole number", minimum)


def env_float(name: str, default: float, *, minimum: float | None = None) -> float:
    """A number ("300" or "0.5"), at least `minimum`."""
    return _number(name, default, float, "a number", minimum)


def env_url(name: str, default: str, *, schemes: Sequence[str], require_host: bool = True) -> str:
    """A URL with one of `schemes` and, unless `require_host` is off, a host and valid port.

    Checked here because the libraries that use these URLs fail late and without naming the
    variable: on the first query, cache access or email link.
    """
    value = _raw(name)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in schemes or "://" not in value:
        allowed = ", ".join(f"{scheme}://" for scheme in schemes)
        raise _fail(name, value, f"is not a valid URL: it must start with one of: {allowed}.")
    if require_host and not parts.hostname:
        raise _fail(name, value, "is not a valid URL: it has no host.")
    try:  # .port raises ValueError for a port like "54x2" or "99999"
        _ = parts.hostname and parts.port
    except ValueError:
        raise _fail(name, value, "is not a valid URL: its port is not 0-65535.") from None
    return value


def env_str(name: str, default: str = "", *, choices: Sequence[str] | None = None) -> str:
    """The value as given, an empty one too (PLC_S3_PREFIX= means the bucket's root).

    With `choices` it must be one of them in any case (empty means the default), and comes
    back spelled as in `choices`, so "info" becomes "INFO".
    """
    if choices is None:
        return os.environ.get(name, default)
    value = _raw(name) or default
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    raise _fail(name, value, f"is not one of: {', '.join(choices)}.")


def env_list(name: str, default: Sequence[str] = ()) -> list[str]:
    """Comma-separated values, each stripped; empty items are dropped."""
    items = [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]
    return items or list(default)
