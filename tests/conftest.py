"""Test-suite plumbing shared by every test.

- `HROMADA_TEST_SCOPE=database` (the PostgreSQL pass of CI) runs only the tests that
  touch the database; tests without a database and browser tests run once, on SQLite.
- `@pytest.mark.postgres_only` tests skip with a reason on SQLite; on PostgreSQL the run
  fails if any of them skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import translation

DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "live_server",
    "client",
    "admin_client",
    "django_user_model",
}


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db"):
        return True
    return bool(DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("HROMADA_TEST_SCOPE") != "database":
        return
    selected, deselected = [], []
    for item in items:
        if item.get_closest_marker("e2e") or not _uses_database(item):
            deselected.append(item)
        else:
            selected.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


_skipped_postgres_only: list[str] = []


@pytest.fixture(autouse=True)
def _postgres_only(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("postgres_only") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: runs in the PostgreSQL pass (DATABASE_URL=postgres://…)")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "postgres_only" in report.keywords:
        _skipped_postgres_only.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("DATABASE_URL", "").startswith("postgres") and _skipped_postgres_only:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nPostgreSQL-only tests skipped in the PostgreSQL pass: {_skipped_postgres_only}")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A request to an /en/ page leaves English active in this thread (LocaleMiddleware
    # activates, nothing deactivates); the next test starts from the default language.
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    # Tasks run in the test's thread even where REDIS_URL is set (the PostgreSQL pass
    # uses Redis for the cache); tests/test_celery_worker.py switches a real worker on.
    from hromada.config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate-limit counters live in the cache; every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """make_user(role=None, department=None, scope=None, **fields) -> User"""
    from tests.factories.accounts import make_user as factory

    return factory
