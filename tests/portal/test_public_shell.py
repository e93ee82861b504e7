from __future__ import annotations

import pytest

from tests.factories.accounts import make_user


@pytest.mark.django_db
def test_home_page_is_ukrainian_by_default(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="uk">' in html
    assert "Здолбунівська міська територіальна громада" in html
    assert "Перейти до основного вмісту" in html


@pytest.mark.django_db
def test_english_home_page_lives_under_en(client):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert "Zdolbuniv City Territorial Community" in html
    assert "Skip to main content" in html


@pytest.mark.django_db
def test_layout_has_landmarks_and_skip_link(client):
    html = client.get("/").content.decode()
    for fragment in [
        '<header class="site-header">',
        '<nav class="main-nav"',
        '<main id="main"',
        "<footer",
        'href="#main"',
    ]:
        assert fragment in html


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_redirects_to_english_page(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/programme/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/programme/"
    assert response.cookies["hromada_language"].value == "en"


@pytest.mark.django_db
def test_remembered_english_choice_redirects_unprefixed_links(client):
    client.cookies["hromada_language"] = "en"
    response = client.get("/programme/?x=1")
    assert response.status_code == 302
    assert response["Location"] == "/en/programme/?x=1"


@pytest.mark.django_db
def test_switching_back_to_ukrainian_stops_the_redirect(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/i18n/setlang/", {"language": "uk", "next": "/en/"})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_language_switch_is_remembered_on_the_account(client):
    user = make_user()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


@pytest.mark.django_db
def test_language_switch_rejects_get(client):
    assert client.get("/i18n/setlang/?language=en").status_code == 405


@pytest.mark.django_db
def test_language_switch_ignores_unknown_language_and_offsite_next(client):
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "hromada_language" not in response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "text"),
    [("/no-such-page/", "Сторінку не знайдено"), ("/en/no-such-page/", "Page not found")],
)
def test_friendly_404_in_both_languages(client, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "text"), [("/staff/", "Доступ заборонено"), ("/en/staff/", "Access denied")]
)
def test_friendly_403_in_both_languages(client, url, text):
    client.force_login(make_user())
    response = client.get(url)
    assert response.status_code == 403
    assert text in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text"), [("uk", "Щось пішло не так"), ("en", "Something went wrong")]
)
def test_friendly_500_in_both_languages(rf, language, text):
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override(language):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert text in response.content.decode()


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


@pytest.mark.django_db
def test_django_admin_is_for_superusers_only(client):
    client.force_login(make_user("administrator"))
    assert client.get("/admin/").status_code == 302
    superuser = make_user(is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_home_lists_the_programme(client, settings):
    from django.core.management import call_command

    call_command("load_programme", "src/hromada/programmes/data/zdolbuniv-2024.yaml")
    html = client.get("/").content.decode()
    assert "Реалізація громадського бюджету" in html


@pytest.mark.django_db
def test_form_without_csrf_token_gets_a_friendly_translated_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "x"})
    assert response.status_code == 403
    assert "Термін дії форми минув" in response.content.decode()
