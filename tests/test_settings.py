"""The settings module refuses unsafe or incomplete configurations with a clear message.
Each case starts a fresh process, as a deployment would."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECRET = secrets.token_urlsafe(50)
PERSON_SECRET = "p" * 40


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    base.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=base,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def production(**overrides: str) -> dict[str, str]:
    env = {
        "HROMADA_ENV": "production",
        "SECRET_KEY": SECRET,
        "PERSON_KEY_SECRET": PERSON_SECRET,
        "ALLOWED_HOSTS": "hromada.example.org",
        "SQLITE_PATH": "/tmp/hromada-settings-test.sqlite3",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value != "<unset>"}


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", **production(SECRET_KEY="<unset>"))
    assert result.returncode == 2
    assert "Hromada refuses to start: SECRET_KEY is not set." in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_person_key_secret_refuses_to_start():
    result = run_manage("check", **production(PERSON_KEY_SECRET="<unset>"))
    assert result.returncode == 2
    assert "PERSON_KEY_SECRET is not set." in result.stderr


def test_missing_environment_defaults_to_production_and_refuses():
    result = run_manage("check", SQLITE_PATH="/tmp/hromada-settings-test.sqlite3")
    assert result.returncode == 2
    assert "SECRET_KEY is not set." in result.stderr


def test_development_outside_demo_mode_still_needs_secrets():
    result = run_manage(
        "check", HROMADA_ENV="development", SQLITE_PATH="/tmp/hromada-settings-test.sqlite3"
    )
    assert result.returncode == 2
    assert "SECRET_KEY is not set." in result.stderr


def test_production_refuses_demo_mode():
    result = run_manage("check", **production(DEMO_MODE="1"))
    assert result.returncode == 2
    assert "DEMO_MODE is on with production settings" in result.stderr


def test_production_refuses_debug():
    result = run_manage("check", **production(DEBUG="true"))
    assert result.returncode == 2
    assert "DEBUG must be off with production settings" in result.stderr


def test_production_requires_allowed_hosts():
    result = run_manage("check", **production(ALLOWED_HOSTS="<unset>"))
    assert result.returncode == 2
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_short_secret_is_refused():
    result = run_manage("check", **production(SECRET_KEY="short"))
    assert result.returncode == 2
    assert "SECRET_KEY must be at least 32 characters long." in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_malformed_boolean_is_refused(value):
    result = run_manage("check", **production(DEMO_MODE=value))
    assert result.returncode == 2
    assert "DEMO_MODE must be a boolean" in result.stderr


def test_unknown_environment_name_is_refused():
    result = run_manage("check", **production(HROMADA_ENV="staging"))
    assert result.returncode == 2
    assert "HROMADA_ENV must be production, development or test" in result.stderr


def test_demo_mode_in_development_starts_without_secrets():
    result = run_manage(
        "check",
        HROMADA_ENV="development",
        DEMO_MODE="1",
        SQLITE_PATH="/tmp/hromada-settings-test.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def read_settings(expression: str, env: dict[str, str]) -> str:
    """Print `expression` (over `s`, the settings) from a freshly configured process."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print({expression})"
    )
    env = {
        **env,
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings",
        "PYTHONPATH": str(ROOT / "src"),
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_are_secure():
    # The values check --deploy looks at, read from a production-configured process.
    values = read_settings(
        "json.dumps([s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.DEBUG, s.DEMO_MODE, s.TIME_ZONE])",
        production(),
    )
    assert values == '[true, true, true, 31536000, false, false, "Europe/Kyiv"]'


def test_postgres_database_url_selects_psycopg():
    values = read_settings(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "s.DATABASES['default']['HOST'], s.DATABASES['default']['PORT']",
        production(DATABASE_URL="postgres://hromada@db.internal:5433/hromada"),
    )
    assert values == "django.db.backends.postgresql hromada db.internal 5433"


def test_redis_url_selects_redis_cache_sessions_and_broker():
    values = read_settings(
        "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.CELERY_BROKER_URL, "
        "s.CELERY_TASK_ALWAYS_EAGER",
        production(REDIS_URL="redis://127.0.0.1:6379/3"),
    )
    assert values == (
        "django.core.cache.backends.redis.RedisCache django.contrib.sessions.backends.cache "
        "redis://127.0.0.1:6379/3 False"
    )


def test_without_redis_url_tasks_run_eagerly(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER is True
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_wsgi_server_refuses_to_start_without_secret_key():
    env = production(SECRET_KEY="<unset>")
    env.update({"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT / "src")})
    result = subprocess.run(
        [sys.executable, "-c", "import hromada.config.wsgi"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Hromada refuses to start: SECRET_KEY is not set.")


def test_production_gateway_with_the_plain_json_decryptor_refuses_to_start():
    result = run_manage("check", **production(IDGOVUA_BASE_URL="https://id.gov.ua/"))
    assert result.returncode == 2
    assert result.stderr.startswith(
        "Hromada refuses to start: IDGOVUA_BASE_URL is the production id.gov.ua gateway"
    )
    assert "IDGOVUA_USER_INFO_DECRYPTOR" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_gateway_with_a_certified_decryptor_starts():
    result = run_manage(
        "check",
        **production(
            IDGOVUA_BASE_URL="https://id.gov.ua",
            IDGOVUA_CLIENT_ID="council-client",
            IDGOVUA_CLIENT_SECRET="council-client-secret",
            # Any importable callable stands in for a council's certified decryptor.
            IDGOVUA_USER_INFO_DECRYPTOR="json.loads",
        ),
    )
    assert result.returncode == 0, result.stderr


def test_decryptor_that_cannot_be_imported_fails_the_deploy_check():
    result = run_manage(
        "check",
        **production(
            IDGOVUA_BASE_URL="https://id.gov.ua",
            IDGOVUA_CLIENT_ID="council-client",
            IDGOVUA_CLIENT_SECRET="council-client-secret",
            IDGOVUA_USER_INFO_DECRYPTOR="council.crypto.decrypt_user_info",
        ),
    )
    assert result.returncode == 1
    assert "(accounts.E001) IDGOVUA_USER_INFO_DECRYPTOR 'council.crypto.decrypt_user_info'" in (
        result.stderr
    )


def test_production_refuses_a_plain_http_gateway():
    result = run_manage("check", **production(IDGOVUA_BASE_URL="http://id.gov.ua"))
    assert result.returncode == 2
    assert "IDGOVUA_BASE_URL must be an https:// address" in result.stderr


def test_id_gov_ua_defaults_to_the_test_gateway_and_is_not_offered():
    values = read_settings(
        "s.IDGOVUA_BASE_URL, repr(s.IDGOVUA_CLIENT_ID), s.IDGOVUA_AUTH_TYPES, "
        "s.IDGOVUA_TIMEOUT_SECONDS, s.IDGOVUA_USER_INFO_DECRYPTOR, s.RESIDENCY_REVIEW_DAYS",
        production(),
    )
    assert values == (
        "https://test.id.gov.ua '' dig_sign,bank_id,diia_id 10 "
        "hromada.accounts.identity.idgovua.pass_through_decryptor 3"
    )
