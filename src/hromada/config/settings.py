"""The one settings module. Everything that differs between machines comes from the
environment; see `.env.example` for the full list.

`HROMADA_ENV` selects the deployment profile:

- ``production`` (the default, so that a forgotten variable errs on the safe side):
  secrets and ``ALLOWED_HOSTS`` are required, cookies are secure, HTTPS is enforced and
  ``DEMO_MODE`` is refused.
- ``development`` and ``test``: local conveniences (loopback hosts, static files served
  from the finders, no HTTPS redirect).

Outside demo mode ``SECRET_KEY`` and ``PERSON_KEY_SECRET`` are always required.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[3]  # repository root
PACKAGE_DIR = Path(__file__).resolve().parents[1]


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no), got {raw!r}.")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}.") from error


ENVIRONMENT = os.environ.get("HROMADA_ENV", "production").strip().lower() or "production"
if ENVIRONMENT not in {"production", "development", "test"}:
    raise ImproperlyConfigured(
        f"HROMADA_ENV must be production, development or test, got {ENVIRONMENT!r}."
    )
IS_PRODUCTION = ENVIRONMENT == "production"

DEMO_MODE = env_bool("DEMO_MODE", default=False)
DEBUG = env_bool("DEBUG", default=False)

if IS_PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured(
        "DEMO_MODE is on with production settings (HROMADA_ENV=production). Demo mode creates "
        "demo logins and fictional data; switch it off, or set HROMADA_ENV=development."
    )
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "DEBUG must be off with production settings (HROMADA_ENV=production)."
    )


def required_secret(name: str, demo_value: str) -> str:
    """A secret from the environment; demo mode alone may fall back to a fixed value."""
    value = os.environ.get(name, "").strip()
    if value:
        if len(value) < 32:
            raise ImproperlyConfigured(f"{name} must be at least 32 characters long.")
        return value
    if DEMO_MODE:
        return demo_value
    raise ImproperlyConfigured(
        f"{name} is not set. Outside demo mode Hromada refuses to start without it: "
        f"generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'` "
        f"and put it in the environment (see .env.example)."
    )


SECRET_KEY = required_secret("SECRET_KEY", "demo-only-secret-key-" + "d" * 40)
# Keys the HMAC that turns a taxpayer number into a person key. Demo identities use a
# separate secret (DEMO_PERSON_KEY_SECRET), so they can never match a real person key.
PERSON_KEY_SECRET = required_secret("PERSON_KEY_SECRET", "demo-only-person-key-" + "p" * 40)
DEMO_PERSON_KEY_SECRET = "demo-identities-" + "x" * 40

if IS_PRODUCTION:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set: list the host names this site answers to, comma-separated."
        )
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hromada.core",
    "hromada.accounts",
    "hromada.programmes",
    "hromada.budget",
    "hromada.voting",
    "hromada.implementation",
    "hromada.portal",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "allauth",
    "allauth.account",
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hromada.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hromada.core.middleware.RememberedLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hromada.core.middleware.ActivityLogSequencerMiddleware",
    "hromada.budget.middleware.DueNotificationsMiddleware",
]

ROOT_URLCONF = "hromada.config.urls"
WSGI_APPLICATION = "hromada.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hromada.core.context_processors.platform",
                "hromada.accounts.context_processors.identity_providers",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "var" / "hromada.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// (or sqlite://) URL.")
    DATABASES: dict[str, dict[str, Any]] = {
        "default": dict(
            dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # When the database is down or the network drops its packets, fail within about
        # two seconds (the 503 page of core.views.errors) instead of holding a worker; a
        # broken persistent connection is replaced by the health check on its next use.
        # Options given in DATABASE_URL (?connect_timeout=…) win.
        DATABASES["default"]["OPTIONS"] = {
            "connect_timeout": 2,  # seconds; psycopg's minimum
            "tcp_user_timeout": 2000,  # milliseconds that sent data may stay unacknowledged
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 2,
            "keepalives_count": 2,
            **DATABASES["default"].get("OPTIONS", {}),
        }
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            "OPTIONS": {
                # WAL lets readers work while one writer commits; IMMEDIATE avoids the
                # "database is locked" upgrade deadlock between two writers.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery ----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES: dict[str, dict[str, Any]] = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "Europe/Kyiv"
CELERY_BEAT_SCHEDULE = {
    "link-activity-log": {"task": "hromada.core.tasks.link_activity_log", "schedule": 2.0},
    # Phase openings and closings for edition subscribers, reminders of overdue reviews.
    "send-due-notifications": {
        "task": "hromada.budget.tasks.send_due_notifications",
        "schedule": 300.0,
    },
    # Outbox rows whose delivery task was lost (docs/notifications.md).
    "deliver-pending-notifications": {
        "task": "hromada.core.notifications.deliver_pending_notifications",
        "schedule": 300.0,
    },
}
# The outbox's delivery tasks live in hromada.core.notifications, not in a tasks module.
CELERY_IMPORTS = ["hromada.core.notifications"]
# Without a worker (embedded default) the activity-log sequencer runs at the end of each
# request that wrote to the log; with a worker, Celery beat runs it every two seconds.
ACTIVITY_LOG_LINK_IN_REQUEST = env_bool("ACTIVITY_LOG_LINK_IN_REQUEST", default=not REDIS_URL)
# Likewise the due notifications (what beat runs every five minutes) run at the end of a
# request, at most once in five minutes, when there is no worker. Off in the test
# profile, where a test switches it on, so that query counts of pages stay exact.
DUE_NOTIFICATIONS_IN_REQUEST = not REDIS_URL and ENVIRONMENT != "test"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {
    "signup": "hromada.accounts.forms.SignupForm",
    "login": "hromada.accounts.forms.LoginForm",
}
ACCOUNT_ADAPTER = "hromada.accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_PRODUCTION else "http"
# Failed logins: a low limit per account (key) and only a high ceiling per IP address,
# because a whole service centre or school shares one address.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
LOGIN_FAILURES_PER_IP_PER_HOUR = env_int("LOGIN_FAILURES_PER_IP_PER_HOUR", 500)
ACCOUNT_RATE_LIMITS = {
    # Any sign-in request (successful or not) from one address: a generous ceiling.
    "login": f"{env_int('LOGIN_REQUESTS_PER_IP_PER_MINUTE', 120)}/m/ip",
    "signup": f"{env_int('SIGNUPS_PER_IP_PER_MINUTE', 60)}/m/ip",
    "login_failed": (
        f"{LOGIN_FAILURES_PER_IP_PER_HOUR}/h/ip,"
        f"{LOGIN_FAILURES_PER_ACCOUNT}/{LOGIN_LOCKOUT_MINUTES}m/key"
    ),
}

# --- Identity: the state e-ID gateway id.gov.ua (docs/operations/id-gov-ua.md) ---------
# Offered to residents only when both the client id and the client secret are set.
IDGOVUA_BASE_URL = os.environ.get("IDGOVUA_BASE_URL", "https://test.id.gov.ua").strip().rstrip("/")
IDGOVUA_CLIENT_ID = os.environ.get("IDGOVUA_CLIENT_ID", "").strip()
IDGOVUA_CLIENT_SECRET = os.environ.get("IDGOVUA_CLIENT_SECRET", "").strip()
IDGOVUA_AUTH_TYPES = os.environ.get("IDGOVUA_AUTH_TYPES", "dig_sign,bank_id,diia_id").strip()
IDGOVUA_TIMEOUT_SECONDS = env_int("IDGOVUA_TIMEOUT_SECONDS", 10)
_DEFAULT_DECRYPTOR = "hromada.accounts.identity.idgovua.pass_through_decryptor"
IDGOVUA_USER_INFO_DECRYPTOR = (
    os.environ.get("IDGOVUA_USER_INFO_DECRYPTOR", "").strip() or _DEFAULT_DECRYPTOR
)
if IS_PRODUCTION and not IDGOVUA_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "IDGOVUA_BASE_URL must be an https:// address: the client secret travels in it."
    )
if (
    IS_PRODUCTION
    and IDGOVUA_BASE_URL == "https://id.gov.ua"
    and IDGOVUA_USER_INFO_DECRYPTOR == _DEFAULT_DECRYPTOR
):
    raise ImproperlyConfigured(
        "IDGOVUA_BASE_URL is the production id.gov.ua gateway, which encrypts user data "
        "(DSTU 4145), but IDGOVUA_USER_INFO_DECRYPTOR is the plain-JSON pass-through: set it "
        "to your certified decryptor (see docs/operations/id-gov-ua.md)."
    )
# When no decision history exists yet, residents are told a proof is reviewed in this
# many days (afterwards: the median time-to-decision of the last 50 decided claims).
RESIDENCY_REVIEW_DAYS = env_int("RESIDENCY_REVIEW_DAYS", 3)

# --- Voting ---------------------------------------------------------------------------
# Published participation statistics hide any count from 1 to this number minus one (and
# one more cell where needed), so that small groups of voters cannot be singled out.
VOTING_STATS_MIN_CELL = env_int("VOTING_STATS_MIN_CELL", 5)

# A desk operator's session locks after this many minutes without activity (the person in
# front of the desk is forgotten; the operator's password unlocks it).
DESK_IDLE_MINUTES = env_int("DESK_IDLE_MINUTES", 5)

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
# Seconds; embedded mode sends inside the request, which a stalled server must not hang.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hromada <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The platform's public address, for links in e-mails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Text messages: the class that sends them (hromada.core.sms; docs/notifications.md).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "").strip() or "hromada.core.sms.ConsoleSmsBackend"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hromada_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = IS_PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

# The community this installation serves (content, shown as entered).
COMMUNITY_NAME_UK = os.environ.get(
    "COMMUNITY_NAME_UK", "Здолбунівська міська територіальна громада"
)
COMMUNITY_NAME_EN = os.environ.get("COMMUNITY_NAME_EN", "Zdolbuniv City Territorial Community")

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
STATICFILES_DIRS = [(prefix, path) for prefix, path in STATICFILES_DIRS if path.is_dir()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
if not IS_PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"

# --- Security headers -----------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CONTENT_SECURITY_POLICY = (
    # Map tiles of the project catalogue come from OpenStreetMap's tile server.
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: https://tile.openstreetmap.org; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)

# Behind a reverse proxy, the number of trusted proxies in X-Forwarded-For (0 = use the
# socket address). Used for the per-IP login ceiling and the audit trail's IP HMAC.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# bench/vote_load.py's baseline endpoint /bench/insert/ (one row per signed-in POST);
# for benchmark runs only, never on a public site.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates every PDF at INFO; its warnings (a refused URL) still show.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
