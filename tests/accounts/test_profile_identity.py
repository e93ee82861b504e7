"""The profile page points to verification, or shows who the account is verified as."""

from __future__ import annotations

import pytest

from tests.factories.identity import make_identity


@pytest.mark.django_db
def test_profile_offers_id_gov_ua_when_configured(client, make_user, idgovua_server):
    client.force_login(make_user())
    html = client.get("/profile/").content.decode()
    assert 'href="/accounts/id-gov-ua/start/"' in html


@pytest.mark.django_db
def test_profile_does_not_offer_id_gov_ua_without_credentials(client, make_user):
    client.force_login(make_user())
    assert 'href="/accounts/id-gov-ua/start/"' not in client.get("/profile/").content.decode()


@pytest.mark.django_db
def test_profile_shows_the_verified_identity(client, make_user):
    user = make_user()
    make_identity(user, family_name="Павлюк", given_name="Тарас", patronymic="Миколайович")
    client.force_login(user)
    html = client.get("/en/profile/").content.decode()
    assert "You are verified as Павлюк Тарас Миколайович" in html
    assert 'href="/en/accounts/residency/"' in html
