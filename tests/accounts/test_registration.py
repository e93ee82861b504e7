from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from hromada.accounts.models import User
from hromada.core.models import ActivityLog

SIGNUP = {
    "full_name": "Олена  Петренко",
    "email": "Olena@Example.com",
    "password1": "Ridna-hromada-2024",
    "password2": "Ridna-hromada-2024",
    "preferred_language": "uk",
}


def confirmation_url() -> str:
    body = mail.outbox[-1].body
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body)
    assert match, body
    return match.group(1)


@pytest.mark.django_db
def test_signup_creates_unverified_account_and_sends_confirmation(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get()
    assert (user.email, user.full_name, user.preferred_language) == (
        "olena@example.com",
        "Олена Петренко",
        "uk",
    )
    assert user.password.startswith("argon2")
    assert EmailAddress.objects.get(user=user).verified is False
    assert len(mail.outbox) == 1
    assert (
        ActivityLog.objects.filter(
            action="accounts.user.registered", object_id=str(user.pk)
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_unconfirmed_account_cannot_sign_in_until_confirmed(client):
    client.post("/accounts/signup/", SIGNUP)
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "olena@example.com", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_confirming_the_email_signs_the_person_in(client):
    client.post("/accounts/signup/", SIGNUP)
    url = confirmation_url()
    response = client.post(url)
    assert response.status_code == 302
    assert EmailAddress.objects.get().verified is True
    assert client.get("/profile/").status_code == 200


@pytest.mark.django_db
def test_signup_with_bad_input_shows_field_errors_and_creates_nothing(client):
    data = {
        **SIGNUP,
        "full_name": " ",
        "email": "not-an-email",
        "password2": "different-password-1",
    }
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"full_name", "email"}
    assert User.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_errors_are_in_ukrainian_by_default(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "full_name": ""})
    html = response.content.decode()
    assert 'id="id_full_name_error"><li>Це поле обов&#x27;язкове.</li>' in html


@pytest.mark.django_db
def test_signup_with_an_existing_email_creates_no_second_account(client, make_user):
    make_user(email="olena@example.com")
    client.post("/accounts/signup/", SIGNUP)
    assert User.objects.filter(email="olena@example.com").count() == 1


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_sets_a_new_password(client, make_user):
    user = make_user(email="taras@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/accounts/password/reset/", {"email": "taras@example.com"})
    assert response.status_code == 302
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[-1].body
    ).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Nove-haslo-2024!", "password2": "Nove-haslo-2024!"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nove-haslo-2024!")
    assert ActivityLog.objects.filter(
        action="accounts.user.password_changed", object_id=str(user.pk)
    ).exists()
