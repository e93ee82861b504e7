from __future__ import annotations

import pytest

from hromada.accounts.models import User
from hromada.core.models import ActivityLog


@pytest.mark.django_db
def test_profile_requires_sign_in(client):
    response = client.get("/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/profile/")


@pytest.mark.django_db
def test_profile_update_is_saved_and_audited(client, make_user):
    user = make_user(full_name="Старе Ім'я")
    client.force_login(user)
    response = client.post(
        "/profile/",
        {"full_name": "Нове Ім'я", "phone": "+380 50 123 45 67", "preferred_language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.preferred_language) == (
        "Нове Ім'я",
        "+380 50 123 45 67",
        "en",
    )
    entry = ActivityLog.objects.get(action="accounts.user.profile_updated")
    assert entry.before["full_name"] == "Старе Ім'я"
    assert entry.after["phone"] == "+380 50 123 45 67"


@pytest.mark.django_db
def test_profile_bad_phone_is_rejected_with_a_message_and_nothing_changes(client, make_user):
    user = make_user(full_name="Ім'я Прізвище")
    client.force_login(user)
    response = client.post(
        "/profile/", {"full_name": "Інше Ім'я", "phone": "call me", "preferred_language": "uk"}
    )
    assert response.status_code == 400
    assert "Введіть номер телефону" in response.content.decode()
    user.refresh_from_db()
    assert (user.full_name, user.phone) == ("Ім'я Прізвище", "")
    assert not ActivityLog.objects.filter(action="accounts.user.profile_updated").exists()


@pytest.mark.django_db
def test_profile_unknown_language_is_rejected(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        "/profile/", {"full_name": "Ім'я Прізвище", "phone": "", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).preferred_language == "uk"
