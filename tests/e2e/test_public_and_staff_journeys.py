from __future__ import annotations

import pytest
from django.core.management import call_command

from hromada.accounts.demo import DEMO_PASSWORD
from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, settings):
    settings.DEMO_MODE = True
    call_command("seed_demo")
    return live_server.url


def test_home_page_renders_in_ukrainian_and_is_accessible(page, demo_site):
    page.goto(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator("h1").inner_text() == "Здолбунівська міська територіальна громада"
    assert page.locator(".demo-banner").is_visible()
    assert axe_violations(page) == []


def test_programme_page_is_accessible(page, demo_site):
    page.goto(demo_site + "/programme/")
    assert "Проведення інформаційної та промоційної кампанії" in page.content()
    assert axe_violations(page) == []


def test_language_switch_goes_to_english_and_back(page, demo_site):
    page.goto(demo_site + "/programme/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(demo_site + "/en/programme/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []
    # The choice is remembered: an unprefixed link leads to the English page.
    page.goto(demo_site + "/")
    assert page.url == demo_site + "/en/"
    page.get_by_role("button", name="Українська").click()
    page.wait_for_url(demo_site + "/")
    assert page.locator("html").get_attribute("lang") == "uk"


def test_demo_user_signs_in_and_sees_their_dashboard(page, demo_site):
    page.goto(demo_site + "/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_label("Адреса електронної пошти").fill("programme@example.org")
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Увійти").click()
    page.goto(demo_site + "/staff/")
    assert page.locator("h1").inner_text() == "Службовий розділ"
    assert page.get_by_role("link", name="Заходи програми").is_visible()
    assert axe_violations(page) == []


def test_pages_fit_a_320px_screen(page, demo_site):
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/programme/", "/accounts/login/"]:
        page.goto(demo_site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, path


def test_site_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(demo_site + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    context.close()


def test_auditor_pages_are_accessible(page, demo_site):
    page.goto(demo_site + "/demo/accounts/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Увійти як: Аудитор").click()
    page.wait_for_url(demo_site + "/staff/")
    for path in ["/staff/activity/", "/staff/team/", "/staff/departments/", "/staff/programme/"]:
        page.goto(demo_site + path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path


def test_registration_page_is_accessible(page, demo_site):
    page.goto(demo_site + "/accounts/signup/")
    assert axe_violations(page) == []
