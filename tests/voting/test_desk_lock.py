"""The idle lock of the desk: after DESK_IDLE_MINUTES without a request the person being
served is forgotten and the operator's password is asked for; it brings the operator
back where they were."""

from __future__ import annotations

import time
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hromada.accounts.enums import Role
from hromada.voting.desk_lock import LAST_ACTIVITY, LOCKED, PENDING_PERSON, RETURN_TO
from tests.factories.accounts import PASSWORD, make_user
from tests.factories.budget import taxpayer_number
from tests.factories.voting import town, voting_edition

pytestmark = pytest.mark.django_db


def lock_url() -> str:
    return reverse("voting:desk_locked")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def url(name: str, edition) -> str:
    return reverse(f"voting:{name}", kwargs={"edition": edition.slug})


def serving(client: Client):
    """An operator with a person identified at the desk."""
    edition = voting_edition()
    operator = make_user(Role.DESK_OPERATOR, scope=edition)
    client.force_login(operator)
    born = date(1990, 5, 17)
    response = client.post(
        url("desk", edition),
        {
            "document_kind": "rnokpp",
            "document_number": taxpayer_number(born),
            "family_name": "Петренко",
            "given_name": "Ольга",
            "birth_date": born.isoformat(),
            "settlement": town().pk,
            "residency_basis": "registered",
        },
    )
    assert response.status_code == 303
    return edition, operator


def idle_for(client: Client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def test_a_desk_idle_longer_than_the_limit_locks_and_forgets_the_person(client):
    edition, _operator = serving(client)
    idle_for(client, 5 * 60 + 1)
    response = client.get(url("desk_ballot", edition))
    assert response.status_code == 302
    assert response["Location"] == lock_url()
    session = client.session
    assert session[LOCKED] is True
    assert PENDING_PERSON not in session
    assert session[RETURN_TO] == url("desk_ballot", edition)


def test_a_desk_used_within_the_limit_stays_open(client):
    edition, _operator = serving(client)
    idle_for(client, 5 * 60 - 10)
    assert client.get(url("desk_ballot", edition)).status_code == 200
    assert LOCKED not in client.session


def test_the_limit_comes_from_the_setting(client, settings):
    settings.DESK_IDLE_MINUTES = 1
    edition, _operator = serving(client)
    idle_for(client, 90)
    assert client.get(url("desk_ballot", edition))["Location"] == lock_url()


def test_every_desk_page_sends_a_locked_desk_to_the_lock_page(client):
    edition, _operator = serving(client)
    idle_for(client, 3600)
    client.get(url("desk", edition))
    for name in ("desk", "desk_ballot", "desk_paper", "desk_tally", "paper_form"):
        assert client.get(url(name, edition))["Location"] == lock_url(), name


def test_the_lock_page_asks_for_the_password(client):
    edition, _operator = serving(client)
    idle_for(client, 3600)
    client.get(url("desk_ballot", edition))
    page = client.get(lock_url())
    assert page.status_code == 200
    assert "Enter your password to continue." in page.content.decode()


def test_the_right_password_unlocks_and_returns_where_the_operator_was(client):
    edition, _operator = serving(client)
    idle_for(client, 3600)
    client.get(url("desk_tally", edition))
    response = client.post(lock_url(), {"password": PASSWORD})
    assert response.status_code == 303
    assert response["Location"] == url("desk_tally", edition)
    assert LOCKED not in client.session
    assert client.get(url("desk_tally", edition)).status_code == 200


def test_a_wrong_password_keeps_the_desk_locked(client):
    edition, _operator = serving(client)
    idle_for(client, 3600)
    client.get(url("desk", edition))
    response = client.post(lock_url(), {"password": "not-the-password"})
    assert response.status_code == 400
    assert response.context["form"].errors["password"] == ["The password is not correct."]
    assert client.get(url("desk", edition))["Location"] == lock_url()


def test_an_empty_password_gets_a_clear_message(client):
    serving(client)
    client.get(lock_url())
    response = client.post(lock_url(), {"password": ""})
    assert response.context["form"].errors["password"] == ["Enter your password."]


def test_repeated_wrong_passwords_sign_the_operator_out(client, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    serving(client)
    client.get(lock_url())
    for _attempt in range(2):
        assert client.post(lock_url(), {"password": "guess"}).status_code == 400
    response = client.post(lock_url(), {"password": "guess"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_locking_by_hand_remembers_the_page_and_forgets_the_person(client):
    edition, _operator = serving(client)
    response = client.get(lock_url(), {"next": url("desk_ballot", edition)})
    assert response.status_code == 200
    session = client.session
    assert (session[LOCKED], session[RETURN_TO]) == (True, url("desk_ballot", edition))
    assert PENDING_PERSON not in session


def test_a_return_address_on_another_site_is_ignored(client):
    serving(client)
    client.get(lock_url(), {"next": "https://evil.example/"})
    response = client.post(lock_url(), {"password": PASSWORD})
    assert response["Location"] == reverse("portal:staff_dashboard")


def test_an_idle_read_back_returns_to_the_start_after_unlocking(client):
    edition, _operator = serving(client)
    idle_for(client, 3600)
    response = client.post(url("desk_cast", edition), {"ballot": "anything"})
    assert response["Location"] == lock_url()
    assert client.post(lock_url(), {"password": PASSWORD})["Location"] == url("desk", edition)


def test_desk_pages_tell_the_script_the_idle_time_and_the_way_back(client):
    edition, _operator = serving(client)
    html = client.get(url("desk_ballot", edition)).content.decode()
    assert 'data-idle-seconds="300"' in html
    assert (
        f'data-lock-url="/en/staff/desk/locked/?next=%2Fen%2Fstaff%2Fbudget%2F{edition.slug}'
        in html
    )


def test_the_lock_page_needs_a_signed_in_staff_member(client):
    response = client.get(lock_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
