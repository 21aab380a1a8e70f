"""A malformed environment variable stops start-up with a message naming it (plc/env.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from plc.env import env_bool, env_float, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parent.parent
OPERATOR_VARIABLES = ("DJANGO_", "PLC_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "LOG_")


def start_django(**env: str) -> subprocess.CompletedProcess[str]:
    """Starts Django in a fresh process with only these operator variables set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OPERATOR_VARIABLES)}
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.PLC_BASE_URL, s.DEBUG)"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "plc.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Booleans ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *[("1", True), ("TRUE", True), (" yes ", True), ("On", True)],
        *[("0", False), ("false", False), ("No", False), ("OFF ", False)],
    ],
)
def test_yes_and_no_words_are_understood_in_any_case(monkeypatch, value, expected):
    monkeypatch.setenv("PLC_SERVER_TIMING", value)
    assert env_bool("PLC_SERVER_TIMING", default=not expected) is expected


def test_an_unset_or_empty_boolean_means_the_default(monkeypatch):
    monkeypatch.delenv("EMAIL_USE_TLS", raising=False)
    assert env_bool("EMAIL_USE_TLS", default=True) is True
    monkeypatch.setenv("EMAIL_USE_TLS", "  ")
    assert env_bool("EMAIL_USE_TLS", default=True) is True


def test_a_typo_in_a_boolean_stops_start_up_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("DJANGO_DEBUG")
    assert str(error.value) == (
        'DJANGO_DEBUG="ture" is not a yes/no value: use 1/0, true/false, yes/no or on/off.'
    )


# --- Numbers ----------------------------------------------------------------------------------


def test_a_whole_number_is_read_and_unset_means_the_default(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", " 2525 ")
    assert env_int("EMAIL_PORT", 587) == 2525
    monkeypatch.delenv("EMAIL_PORT")
    assert env_int("EMAIL_PORT", 587) == 587


@pytest.mark.parametrize("value", ["58x", "5.5", "twenty"])
def test_a_port_that_is_not_a_whole_number_names_the_variable(monkeypatch, value):
    monkeypatch.setenv("EMAIL_PORT", value)
    with pytest.raises(ImproperlyConfigured, match=f'EMAIL_PORT="{value}" is not a whole number'):
        env_int("EMAIL_PORT", 587, minimum=1)


def test_a_number_below_the_minimum_is_refused_naming_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_HSTS_SECONDS", "-1")
    with pytest.raises(ImproperlyConfigured, match='DJANGO_HSTS_SECONDS="-1" is too small'):
        env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    monkeypatch.setenv("DJANGO_HSTS_SECONDS", "0")
    assert env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0) == 0


def test_a_tick_may_be_a_fraction_but_not_text_nan_or_too_short(monkeypatch):
    monkeypatch.setenv("PLC_REMINDER_TICK_SECONDS", "2.5")
    assert env_float("PLC_REMINDER_TICK_SECONDS", 300, minimum=1) == 2.5
    for bad in ["fast", "nan", "inf", "0.1"]:
        monkeypatch.setenv("PLC_REMINDER_TICK_SECONDS", bad)
        with pytest.raises(ImproperlyConfigured, match=f'PLC_REMINDER_TICK_SECONDS="{bad}"'):
            env_float("PLC_REMINDER_TICK_SECONDS", 300, minimum=1)


# --- URLs -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "schemes"),
    [
        ("REDIS_URL", "redis://:secret@redis:6379/0", ("redis", "rediss")),
        ("REDIS_URL", "rediss://cache.example.org:6380/2", ("redis", "rediss")),
        ("PLC_BASE_URL", "https://plc.school.nl/", ("http", "https")),
        ("PLC_S3_ENDPOINT_URL", "http://127.0.0.1:9000", ("http", "https")),
    ],
)
def test_a_url_with_an_accepted_scheme_and_a_host_is_kept_as_given(
    monkeypatch, name, value, schemes
):
    monkeypatch.setenv(name, value)
    assert env_url(name, "", schemes=schemes) == value


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("http://redis:6379/0", "it must start with one of: redis://, rediss://."),
        ("redis:6379", "it must start with one of: redis://, rediss://."),
        ("redis:///0", "it has no host"),
        ("redis://redis:63x9/0", "its port is not 0-65535"),
    ],
)
def test_a_malformed_url_names_the_variable_and_what_is_wrong(monkeypatch, value, problem):
    monkeypatch.setenv("REDIS_URL", value)
    with pytest.raises(ImproperlyConfigured) as error:
        env_url("REDIS_URL", "", schemes=("redis", "rediss"))
    assert str(error.value).startswith(f'REDIS_URL="{value}" is not a valid URL')
    assert problem in str(error.value)


def test_a_password_in_a_refused_url_is_not_repeated_in_the_message(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://plc:s3cret-pw@db:3306/plc")
    with pytest.raises(ImproperlyConfigured) as error:
        env_url("DATABASE_URL", "", schemes=("postgres", "sqlite"), require_host=False)
    assert "s3cret-pw" not in str(error.value)
    assert 'DATABASE_URL="mysql://plc:***@db:3306/plc"' in str(error.value)


@pytest.mark.parametrize("value", ["sqlite:////var/lib/plc/db.sqlite3", "postgres:///plc"])
def test_a_database_url_may_leave_out_the_host(monkeypatch, value):
    # SQLite has no host; PostgreSQL without one is reached over its local socket.
    monkeypatch.setenv("DATABASE_URL", value)
    assert env_url("DATABASE_URL", "", schemes=("postgres", "sqlite"), require_host=False) == value


# --- Strings, choices and lists ---------------------------------------------------------------


def test_a_choice_is_matched_in_any_case_and_an_unknown_one_lists_the_accepted_values(
    monkeypatch,
):
    monkeypatch.setenv("LOG_FORMAT", " JSON ")
    assert env_str("LOG_FORMAT", "plain", choices=("plain", "json")) == "json"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured) as error:
        env_str("LOG_FORMAT", "plain", choices=("plain", "json"))
    assert str(error.value) == 'LOG_FORMAT="xml" is not one of: plain, json.'


def test_an_empty_string_is_kept_as_a_deliberate_value(monkeypatch):
    monkeypatch.setenv("PLC_S3_PREFIX", "")  # uploads at the bucket's root
    assert env_str("PLC_S3_PREFIX", "uploads") == ""
    monkeypatch.delenv("PLC_S3_PREFIX")
    assert env_str("PLC_S3_PREFIX", "uploads") == "uploads"


def test_a_comma_separated_list_ignores_spaces_and_empty_items(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", " plc.school.nl, ,www.plc.school.nl,")
    assert env_list("DJANGO_ALLOWED_HOSTS") == ["plc.school.nl", "www.plc.school.nl"]
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "")
    assert env_list("DJANGO_ALLOWED_HOSTS") == []


# --- Starting Django --------------------------------------------------------------------------


def test_on_postgresql_values_go_apart_from_the_sql_unless_switched_off():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "o = s.DATABASES['default'].get('OPTIONS', {}); "
        "print(o.get('server_side_binding', False), o.get('sslmode'))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(OPERATOR_VARIABLES)}
    # The URL's own options (TLS to the database) stay.
    url = {"DATABASE_URL": "postgres://plc@db:5432/plc?sslmode=require"}
    shown = []
    for switch in ({}, {"PLC_DB_SERVER_SIDE_BINDING": "0"}):
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**clean, "DJANGO_SETTINGS_MODULE": "plc.settings", **url, **switch},
            capture_output=True,
            text=True,
            timeout=120,
        )
        shown.append(done.stdout.strip())
    assert shown == ["True require", "False require"]


def test_django_starts_with_no_variables_set_on_the_embedded_default():
    result = start_django()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "http://127.0.0.1:8000", "True"]


def test_django_starts_with_the_values_docker_compose_passes():
    result = start_django(
        PLC_PRODUCTION="1",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k3y" * 12,
        DJANGO_ALLOWED_HOSTS="plc.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="",
        DJANGO_BEHIND_TLS_PROXY="1",
        DJANGO_SECURE_SSL_REDIRECT="1",
        DATABASE_URL="postgres://plc:plc@db:5432/plc",
        REDIS_URL="redis://redis:6379/0",
        EMAIL_HOST="",
        EMAIL_PORT="587",
        PLC_BASE_URL="https://localhost/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "https://localhost", "False"]


@pytest.mark.parametrize(
    ("env", "shown"),
    [
        ({"PLC_PRODUCTION": "ture"}, 'PLC_PRODUCTION="ture" is not a yes/no value'),
        ({"DATABASE_URL": "postgress://plc:s3cret@db/plc"}, "DATABASE_URL="),
        ({"DATABASE_URL": "db.example.org:5432/plc"}, "DATABASE_URL="),
        ({"REDIS_URL": "redis//redis:6379/0"}, "REDIS_URL="),
        ({"PLC_BASE_URL": "plc.school.nl"}, "PLC_BASE_URL="),
        ({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "58x"}, "EMAIL_PORT="),
        ({"LOG_LEVEL": "verbose"}, 'LOG_LEVEL="verbose" is not one of'),
    ],
)
def test_a_malformed_variable_stops_django_from_starting_and_stderr_names_it(env, shown):
    result = start_django(**env)
    assert result.returncode != 0
    assert shown in result.stderr
    assert "s3cret" not in result.stderr


def test_a_secrets_key_that_is_not_a_fernet_key_stops_start_up():
    bad = start_django(PLC_SECRETS_KEY="te-kort")
    assert bad.returncode != 0 and "PLC_SECRETS_KEY must be a Fernet key" in bad.stderr
    good = start_django(PLC_SECRETS_KEY="h1cN0kQn3T1s8Lm2k0zvmB0YvVbKc6l1b5gq2qHgT0g=")
    assert good.returncode == 0, good.stderr
