"""Browser tests: Playwright (Python) driving Debian's Chromium against a live server.

Chromium is the one on PATH (or `CHROMIUM`); Playwright's own browser download is not
used. Without Chromium the tests skip with a reason, except in CI (`CI=true`), where
that is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.idgovua_server import idgovua_server  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# (seeding data) are ordinary synchronous code, so allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        message = (
            "Debian's chromium is not installed (apt-get install chromium) and CHROMIUM is unset"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    if not AXE_SOURCE.exists():
        pytest.fail("node_modules/axe-core is missing: run `make install` (npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # axe is injected as a script tag; the site's CSP would (rightly) block it.
    context = browser.new_context(bypass_csp=True, locale="uk-UA")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations (WCAG 2.1 A/AA rules) on the page."""
    page.add_script_tag(content=AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """Pages in separate browser contexts (one per person, English), all closed when the
    test ends, so no request reaches the live server after it."""
    contexts: list[Any] = []

    def factory() -> Any:
        context = browser.new_context(locale="en-GB", bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield factory
    for context in contexts:
        context.close()


def sign_in(open_page: Any, base: str, email: str) -> Any:
    """A new page signed in with the test password (the e-mail marked verified)."""
    from allauth.account.models import EmailAddress

    from hromada.accounts.models import User
    from tests.factories.accounts import PASSWORD

    user = User.objects.get(email=email)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    page = open_page()
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state()
    return page
