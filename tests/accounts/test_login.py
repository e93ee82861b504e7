from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from tests.factories.accounts import PASSWORD


def verified_user(make_user, email: str):
    user = make_user(email=email)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def attempt(client: Client, email: str, password: str, ip: str = "203.0.113.5"):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_correct_password_signs_in(client, make_user):
    verified_user(make_user, "ivan@example.com")
    response = attempt(client, "ivan@example.com", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_wrong_password_gives_a_clear_message(client, make_user):
    verified_user(make_user, "ivan@example.com")
    response = attempt(client, "ivan@example.com", "wrong")
    assert response.status_code == 200
    assert "Адреса електронної пошти або пароль неправильні." in response.content.decode()


@pytest.mark.django_db
def test_account_is_locked_after_five_failures_with_a_clear_message(client, make_user, settings):
    verified_user(make_user, "ivan@example.com")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
        attempt(client, "ivan@example.com", "wrong")
    response = attempt(client, "ivan@example.com", PASSWORD)
    assert "_auth_user_id" not in client.session
    text = response.content.decode()
    assert "Забагато невдалих спроб входу" in text
    assert "15 хвилин" in text


@pytest.mark.django_db
def test_lockout_message_in_english(client, make_user, settings):
    verified_user(make_user, "ivan@example.com")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT + 1):
        response = client.post(
            "/en/accounts/login/", {"login": "ivan@example.com", "password": "wrong"}
        )
    assert "signing in to it is paused for 15 minutes" in response.content.decode()


@pytest.mark.django_db
def test_lockout_of_one_account_does_not_block_others_on_the_same_address(
    client, make_user, settings
):
    """A service centre or school shares one IP address: one person's typos lock only
    their own account."""
    verified_user(make_user, "ivan@example.com")
    verified_user(make_user, "maria@example.com")
    for _ in range(settings.LOGIN_FAILURES_PER_ACCOUNT + 2):
        attempt(client, "ivan@example.com", "wrong")
    other = Client()
    response = attempt(other, "maria@example.com", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


@pytest.mark.django_db
def test_per_address_ceiling_is_high(client, make_user, settings):
    """Many different residents mistyping at one desk stay well under the IP ceiling."""
    assert settings.LOGIN_FAILURES_PER_IP_PER_HOUR >= 300
    for number in range(30):
        attempt(client, f"person-{number}@example.com", "wrong")
    verified_user(make_user, "last@example.com")
    response = attempt(Client(), "last@example.com", PASSWORD)
    assert response.status_code == 302
