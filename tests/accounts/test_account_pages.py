"""Every account page renders inside the platform layout, in both languages."""

from __future__ import annotations

import pytest

from tests.factories.accounts import make_user

ANONYMOUS_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
SIGNED_IN_PAGES = [
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/logout/",
    "/profile/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_account_pages_render_in_the_layout(client, prefix, path):
    response = client.get(prefix + path)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<main id="main"' in html
    assert f'<html lang="{prefix.strip("/") or "uk"}">' in html


@pytest.mark.django_db
@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_account_pages_render_in_the_layout(client, path):
    client.force_login(make_user())
    response = client.get(path)
    assert response.status_code == 200
    assert '<main id="main"' in response.content.decode()


@pytest.mark.django_db
def test_sign_out_is_a_post(client):
    user = make_user()
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
