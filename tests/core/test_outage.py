"""When the database cannot be reached, every page answers quickly with a friendly 503
page (rendered without touching the database) and Retry-After; when it is back, the
platform serves again without a restart. Also: the benchmark's baseline endpoint."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation

from hromada.core.views import bench, errors
from tests.factories.accounts import make_user

ROOT = Path(__file__).resolve().parents[2]
CUT = "server closed the connection unexpectedly"


def raise_cut(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    raise OperationalError(CUT)


@contextmanager
def connection_cut() -> Iterator[None]:
    """Every query fails as on a connection the network has cut (both databases)."""
    with connection.execute_wrapper(raise_cut):
        yield


@contextmanager
def database_at(host: str, port: int) -> Iterator[None]:
    """The next connection goes to host:port (PostgreSQL); the old one is closed."""
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST=host, PORT=str(port))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def browser() -> Client:
    # Like a real browser: the error page, not the exception re-raised into the test.
    return Client(raise_request_exception=False)


@pytest.mark.django_db(transaction=True)
def test_cut_connection_answers_503(browser):
    with connection_cut():
        response = browser.get("/")
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_503_asks_to_retry_after_a_minute_and_is_not_cached(browser):
    with connection_cut():
        response = browser.get("/")
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db(transaction=True)
def test_503_page_explains_what_happened_to_the_vote(browser):
    with connection_cut(), translation.override("en"):
        html = browser.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>The service is temporarily unavailable</h1>" in html
    assert "If you were voting and saw your receipt code, your vote is recorded" in html
    assert '<a href="/en/">Go to the home page</a>' in html


@pytest.mark.django_db(transaction=True)
def test_503_page_is_ukrainian_on_unprefixed_addresses(browser):
    with connection_cut():
        html = browser.get("/").content.decode()
    assert '<html lang="uk">' in html
    assert '<a href="/">' in html


@pytest.mark.django_db(transaction=True)
def test_signed_in_resident_gets_503_too(browser):
    browser.force_login(make_user())
    with connection_cut():
        response = browser.get("/en/accounts/profile/")
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_cast_during_the_outage_gets_the_503_page(browser):
    browser.force_login(make_user())
    with connection_cut(), translation.override("en"):
        response = browser.post("/en/budget/2024/vote/cast/", {"ballot": "token"})
    assert response.status_code == 503
    assert "your vote was not recorded" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_platform_serves_again_when_the_connection_is_back(browser):
    with connection_cut():
        assert browser.get("/").status_code == 503
    assert browser.get("/").status_code == 200


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_database_down_answers_503_within_two_seconds(browser):
    with database_at("127.0.0.1", closed_port()):
        started = time.perf_counter()
        response = browser.get("/")
        elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert elapsed < 2.0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_platform_reconnects_when_the_database_is_up_again(browser):
    with database_at("127.0.0.1", closed_port()):
        assert browser.get("/").status_code == 503
    assert browser.get("/").status_code == 200


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_silent_database_server_is_given_up_after_the_connect_timeout(browser):
    # A server that accepts the connection and never answers (a black-holed network):
    # without connect_timeout the worker would wait for minutes. psycopg's minimum
    # timeout is two seconds, so the page comes just after that.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        with database_at("127.0.0.1", silent.getsockname()[1]):
            started = time.perf_counter()
            response = browser.get("/")
            elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert elapsed < 3.0


def test_other_errors_keep_the_plain_500_page():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error(request)
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_database_error_behind_another_error_counts_as_unreachable():
    outer = RuntimeError("while rendering")
    outer.__cause__ = OperationalError(CUT)
    assert errors.database_unreachable(outer) is True


def test_error_without_a_database_cause_is_not_an_outage():
    assert errors.database_unreachable(ValueError("a bug")) is False


def settings_database_options(database_url: str) -> str:
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME", "LANG"}}
    env.update(
        HROMADA_ENV="test",
        SECRET_KEY="s" * 40,
        PERSON_KEY_SECRET="p" * 40,
        DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT / "src"),
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hromada.config import settings; "
            "print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_postgresql_connections_fail_fast():
    options = settings_database_options("postgres://hromada@db.example.org:5432/hromada")
    assert options == (
        "[('connect_timeout', 2), ('keepalives', 1), ('keepalives_count', 2), "
        "('keepalives_idle', 10), ('keepalives_interval', 2), ('tcp_user_timeout', 2000)]"
    )


def test_connect_timeout_in_the_database_url_wins():
    options = settings_database_options(
        "postgres://hromada@db.example.org:5432/hromada?connect_timeout=5"
    )
    assert "('connect_timeout', 5)" in options


def test_sqlite_url_gets_no_network_options():
    assert settings_database_options("sqlite:////tmp/hromada-outage-test.sqlite3") == "[]"


# --- The benchmark's baseline endpoint ------------------------------------------------


def test_bench_endpoint_is_not_mounted_by_default():
    with pytest.raises(Resolver404):
        resolve("/bench/insert/")


@pytest.fixture
def bench_table(db: Any) -> None:
    key = "bigserial" if connection.vendor == "postgresql" else "integer"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_row (id {key} PRIMARY KEY)")


def bench_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_row")
        return int(cursor.fetchone()[0])


def test_bench_endpoint_inserts_one_row_and_answers_see_other(bench_table):
    request = RequestFactory().post("/bench/insert/")
    request.user = make_user()
    response = bench.insert(request)
    assert (response.status_code, response["Location"]) == (303, "/")
    assert bench_rows() == 1


def test_bench_endpoint_refuses_anonymous_posts(bench_table):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().post("/bench/insert/")
    request.user = AnonymousUser()
    response = bench.insert(request)
    assert response.status_code == 302
    assert bench_rows() == 0
