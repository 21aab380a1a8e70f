"""Settings for every environment. Each difference between environments is an env var.

With no variables set this is the *embedded default*: SQLite, the database cache, email on
the console, no Redis. `DATABASE_URL` switches to PostgreSQL, `REDIS_URL` to Redis for
Celery and the cache, and `PLC_PRODUCTION=1` turns on the production safeguards (it refuses
to start without `DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS`). Every variable is read
through plc/env.py, so a malformed value stops start-up with a message naming it.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from plc.env import LOG_LEVELS, env_bool, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
# In a checkout the project-wide templates, static files and translations sit at the top of
# the repository and the embedded default keeps its data there too. An installed wheel
# (`pip install .`) carries the assets inside this package (setup.py) and keeps its data in
# the folder it is started from, never in site-packages.
CHECKOUT = (BASE_DIR / "manage.py").is_file()
ASSETS_DIR = BASE_DIR if CHECKOUT else Path(__file__).resolve().parent
DATA_DIR = BASE_DIR if CHECKOUT else Path.cwd()

PRODUCTION = env_bool("PLC_PRODUCTION")
DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("PLC_PRODUCTION=1 cannot run with DJANGO_DEBUG on.")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "PLC_PRODUCTION=1 needs DJANGO_SECRET_KEY: a random string of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "PLC_PRODUCTION=1 needs DJANGO_ALLOWED_HOSTS, e.g. 'plc.school.nl'."
        )
else:
    # Only ever used on a developer's machine: production refuses to start without its own.
    SECRET_KEY = SECRET_KEY or "embedded-default-insecure-key-for-local-use-only-0123456789"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The one list of the project's own apps: packaging, the Dockerfile and ruff find them from
# the folders, and tests/test_layout.py checks that every folder here is packaged.
PROJECT_APPS = [
    "core",
    "teams",
    "inquiries",
    "reflections",
    "notifications",
    "culture",
    "privacy",
    "signin",
    "results",
    "meetings",
    "overview",
    "boards",
    "demo",
    "bench",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",  # full-text search types; harmless on SQLite
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    # The project's apps, bottom layer first; each imports only from those above it in
    # this list (checked by `make lint`, see [tool.importlinter] in pyproject.toml).
    *PROJECT_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The headers every answer needs sit outside all middleware that replaces an answer
    # (HtmxMiddleware's HX-Location and HX-Redirect, CommonMiddleware's added slash), so
    # those get them too. Whitenoise goes before them in production (below): static files
    # keep their long caching.
    "core.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the user: an expired session is logged out first.
    "core.middleware.SessionLifetimeMiddleware",
    "core.middleware.UserLanguageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "core.middleware.BoardStaffMiddleware",
    "notifications.middleware.MarkSeenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside MessageMiddleware, so messages it sends out-of-band count as shown.
    "core.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "signin.middleware.TwoStepMiddleware",
    "signin.middleware.ProviderFormActionMiddleware",
]

SERVER_TIMING = env_bool("PLC_SERVER_TIMING")
if SERVER_TIMING:
    MIDDLEWARE.insert(0, "core.middleware.ServerTimingMiddleware")

if PRODUCTION:
    # Static files from the app server itself; runserver and the tests serve them otherwise.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "plc.urls"
WSGI_APPLICATION = "plc.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [ASSETS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with its addresses remembered (core/reversing.py says why).
            "builtins": ["core.templatetags.remembered_urls"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.bell",
                "signin.context_processors.school_ways_in",
            ],
        },
    },
]

# Django's form templates, some written out without includes (core.forms.FormRenderer).
FORM_RENDERER = "core.forms.FormRenderer"

# --- Database -------------------------------------------------------------------------------
# No host needed: SQLite has none, and postgres:///plc reaches PostgreSQL over its socket.
# Only the engines this project installs a driver for.
DATABASE_URL = env_url(
    "DATABASE_URL", "", schemes=("postgres", "postgresql", "pgsql", "sqlite"), require_host=False
)
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
        # The values go to PostgreSQL apart from the SQL, which lets psycopg prepare a query
        # the fifth time a connection runs it: less work for the web workers (no quoting in
        # Python) and for PostgreSQL (no parsing and planning); 77.5 → 92.3 req/s in the
        # benchmark (BENCHMARKS.md). Off for a pooler that cannot keep prepared statements
        # (PgBouncer in transaction mode before 1.21). Added to what the URL set (sslmode).
        if env_bool("PLC_DB_SERVER_SIDE_BINDING", default=True):
            DATABASES["default"].setdefault("OPTIONS", {}).update(
                {"server_side_binding": True, "prepare_threshold": 5}
            )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("PLC_SQLITE_PATH", str(DATA_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers and one writer work at once; immediate transactions take
                # the write lock up front, so concurrent writers wait (busy timeout) instead
                # of failing halfway with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 5,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=5000;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery --------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))
# The database cache: the whole cache of the embedded default, and the stand-in for Redis
# while Redis is away (core/cache.py). Its table is made by a migration (core).
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "django_cache",
    # The sign-in throttle keeps its counters here: a flood of made-up addresses must not
    # push them out (the default keeps 300 entries).
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL},
        "database": DATABASE_CACHE,
    }
else:
    CACHES = {"default": DATABASE_CACHE, "database": DATABASE_CACHE}
# Sessions live in the database only: a Redis outage or restart logs nobody out, and a
# session ended while Redis was away cannot come back from a stale copy there.
SESSION_ENGINE = "core.sessions"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Amsterdam"
# The embedded default has no broker: tasks run inside the web process. With Redis a real
# worker runs them. Tests switch this off (tests/conftest.py) and call tasks directly.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# The beat schedule lives in code (django-celery-beat does not support Django 6.1).
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    "send-due-reminders": {
        "task": "notifications.send_due_reminders",
        "schedule": env_float("PLC_REMINDER_TICK_SECONDS", 300, minimum=1),
        # Tests of the real processes pin the clock; in production this stays empty.
        "kwargs": {"now": env_str("PLC_REMINDER_NOW")} if env_str("PLC_REMINDER_NOW") else {},
    },
    # AVG retention: notifications and email records older than PLC_RETENTION_DAYS go.
    "purge-old-records": {"task": "privacy.purge_old_records", "schedule": 24 * 60 * 60},
}
PLC_RETENTION_DAYS = env_int("PLC_RETENTION_DAYS", 365, minimum=30)
# Links in emails point here.
PLC_BASE_URL = env_url("PLC_BASE_URL", "http://127.0.0.1:8000", schemes=("http", "https"))
PLC_BASE_URL = PLC_BASE_URL.rstrip("/")

# --- Authentication -------------------------------------------------------------------------
AUTH_USER_MODEL = "teams.User"
AUTHENTICATION_BACKENDS = [
    "plc.auth.SchoolModelBackend",
    "plc.auth.SchoolAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# teams' adapter (the sign-in throttle) with the school's password policy on top.
ACCOUNT_ADAPTER = "signin.adapters.AccountAdapter"
# The schools' own identity providers (signin.models.IdentityProvider), never a sign-up.
SOCIALACCOUNT_ADAPTER = "signin.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an address alone never links an account
SOCIALACCOUNT_STORE_TOKENS = False
# Encrypts the providers' client secrets (signin/secrets.py); derived from SECRET_KEY if unset.
PLC_SECRETS_KEY = env_str("PLC_SECRETS_KEY", "")
if PLC_SECRETS_KEY:
    from cryptography.fernet import Fernet

    try:
        Fernet(PLC_SECRETS_KEY)
    except ValueError:
        raise ImproperlyConfigured(
            "PLC_SECRETS_KEY must be a Fernet key (32 url-safe base64-encoded bytes); "
            "see README, 'Sign-in with your school account'."
        ) from None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Leergemeenschap"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
# A reset proves the mailbox, not the person: they sign in with the new password themselves.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Every password change or reset is announced to the account's address.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PLG] "
# Failed logins are throttled by teams/throttle.py (README, "Sign-in throttling"): per login
# address and client address with growing waits, per login address, and per client address
# with a ceiling for a whole school behind one NAT; a device the account signed in on before
# passes the last two. allauth's own login limits are off ("") because they refuse by
# address or by login alone: a school's shared address, or anyone knowing the leader's email,
# could lock everyone out.
ACCOUNT_RATE_LIMITS = {
    "login": "",
    "login_failed": "",
    "reset_password": "60/m/ip,5/m/key",
    "reset_password_from_key": "60/m/ip",
}
PLC_LOGIN_FAILURES_PER_IP_PER_HOUR = env_int("PLC_LOGIN_FAILURES_PER_IP_PER_HOUR", 300, minimum=1)
# The client's address, for the throttle and allauth alike. Behind the documented TLS proxy it
# is the right-most X-Forwarded-For entry, the one that proxy wrote: entries to its left come
# from the client and can be forged. More hops in front: PLC_TRUSTED_PROXY_COUNT=2, ...
ALLAUTH_TRUSTED_PROXY_COUNT = env_int(
    "PLC_TRUSTED_PROXY_COUNT", 1 if env_bool("DJANGO_BEHIND_TLS_PROXY") else 0, minimum=0
)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [ASSETS_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [ASSETS_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(DATA_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    # Written to a temporary file and moved into place: a full disk leaves no partial file.
    "default": {"BACKEND": "core.storage.WholeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if env_str("PLC_S3_BUCKET"):
    # Uploads in an S3-compatible store (AWS, MinIO, Ceph, Scaleway, ...), so every web
    # process sees the same files. Needs the "s3" extra (django-storages). Credentials come
    # the way boto3 finds them: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or a role.
    # Files stay private: the app streams them to people who may see them.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("PLC_S3_BUCKET"),
            "endpoint_url": env_url("PLC_S3_ENDPOINT_URL", "", schemes=("http", "https")) or None,
            "region_name": env_str("PLC_S3_REGION") or None,
            "location": env_str("PLC_S3_PREFIX", "uploads"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- Email ----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "PLG <plg@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env_str("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST"),
                "port": env_int("EMAIL_PORT", 587, minimum=1),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
elif env_str("EMAIL_FILE_PATH"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": env_str("EMAIL_FILE_PATH")},
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
# Flash messages ride in the session (its __Host- cookie in production), not a cookie of
# their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Other sites never learn which page a link was followed from (the path names a reflection).
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: the token reaches htmx through hx-headers in base.html.
CSRF_COOKIE_HTTPONLY = True
# Lax, not Strict: a link in an email must arrive logged in, while a form posted from
# another site still comes without the cookie.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Path=/ and no Domain, as the __Host- prefix below demands: a cookie for the whole site
# and for this host only, never for its subdomains.
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
# Sessions end on their own (core.middleware.SessionLifetimeMiddleware). Idle: a working
# day, so a teacher who logs in at 7:30 stays in until the evening, while a browser left
# logged in on the staff-room computer is logged out by the next morning. Absolute: a week
# after logging in, however busy, so a forgotten or copied session does not live forever.
SESSION_COOKIE_AGE = env_int("PLC_SESSION_IDLE_HOURS", 10, minimum=1) * 3600
PLC_SESSION_MAX_AGE = env_int("PLC_SESSION_MAX_DAYS", 7, minimum=1) * 24 * 3600
# The middleware refreshes the idle clock at most every 5 minutes, not a write per request.
SESSION_SAVE_EVERY_REQUEST = False
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Health checks come from inside the network, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # With the __Host- prefix the browser accepts the cookie only when it is Secure, has
    # Path=/ and no Domain, so neither a subdomain nor a plain-HTTP page can set or replace
    # it (session fixation). Production only: browsers refuse it over runserver's HTTP.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str(
                "LOG_FORMAT", "json" if PRODUCTION else "plain", choices=("plain", "json")
            ),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO", choices=LOG_LEVELS)},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
