"""The notifications page and the one-click unsubscribe link of every message."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from hromada.accounts.enums import Role
from hromada.accounts.models import Department, NotificationPreferences
from hromada.accounts.notification_preferences import (
    preferences_of,
    read_unsubscribe_token,
    unsubscribe_token,
    unsubscribe_url,
)
from hromada.core.models import ActivityLog

pytestmark = pytest.mark.django_db

PAGE = "/accounts/notifications/"
ALL_ON = {
    "own_projects": "on",
    "followed_projects": "on",
    "edition_phases": "on",
    "review_reminders": "on",
}


def _stored(user) -> tuple[bool, bool, bool, bool, bool]:
    found = preferences_of(user)
    return (
        found.own_projects,
        found.followed_projects,
        found.edition_phases,
        found.review_reminders,
        found.by_sms,
    )


def test_the_page_requires_sign_in(client):
    response = client.get(PAGE)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={PAGE}",
    )


def test_everything_but_sms_is_on_until_changed(client, make_user):
    user = make_user()
    client.force_login(user)
    form = client.get(PAGE).context["form"]
    assert form.initial == {
        "own_projects": True,
        "followed_projects": True,
        "edition_phases": True,
        "review_reminders": True,
        "by_sms": False,
    }
    assert NotificationPreferences.objects.count() == 0


def test_choices_are_saved_and_audited(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(PAGE, {"own_projects": "on", "edition_phases": "on"})
    assert (response.status_code, response["Location"]) == (302, PAGE)
    assert _stored(user) == (True, False, True, True, False)
    entry = ActivityLog.objects.get(action="accounts.notification_preferences.updated")
    assert (entry.before, entry.after) == (
        {"followed_projects": True},
        {"followed_projects": False},
    )


def test_reminders_are_asked_only_of_reviewers(client, make_user):
    resident = make_user()
    client.force_login(resident)
    assert "review_reminders" not in client.get(PAGE).context["form"].fields
    reviewer = make_user(Role.REVIEWER, department=Department.objects.create(code="d", name_uk="В"))
    client.force_login(reviewer)
    assert "review_reminders" in client.get(PAGE).context["form"].fields


def test_a_resident_posting_reminders_keeps_them_unchanged(client, make_user):
    user = make_user()
    client.force_login(user)
    client.post(PAGE, {"own_projects": "on"})
    assert _stored(user) == (True, False, False, True, False)


def test_sms_without_a_phone_is_refused_next_to_the_field(client, make_user):
    user = make_user(phone="")
    client.force_login(user)
    with translation.override("en"):
        response = client.post(f"/en{PAGE}", {"own_projects": "on", "by_sms": "on"})
        assert response.status_code == 400
        form = response.context["form"]
        # The messages are lazy: read them in the language of the request.
        assert form.errors == {
            "by_sms": [
                "There is no phone number in your profile: add it there first, then choose SMS."
            ]
        }
    # What was ticked stays ticked on the page.
    assert (form["own_projects"].value(), form["followed_projects"].value()) == (True, False)
    assert NotificationPreferences.objects.count() == 0


def test_sms_is_saved_for_someone_with_a_phone(client, make_user):
    user = make_user(phone="+380 50 123 45 67")
    client.force_login(user)
    client.post(PAGE, {**ALL_ON, "by_sms": "on"})
    assert _stored(user) == (True, True, True, True, True)


def test_the_unsubscribe_page_changes_nothing_until_the_button(client, make_user):
    user = make_user()
    token = unsubscribe_token(user.pk, "edition_phases")
    with translation.override("en"):
        response = client.get(f"/en/unsubscribe/{token}/")
    assert response.status_code == 200
    assert b"Phases opening and closing in the editions I subscribed to." in response.content
    assert f'action="/en/unsubscribe/{token}/"'.encode() in response.content
    assert _stored(user) == (True, True, True, True, False)


def test_the_button_switches_the_topic_off(make_user):
    user = make_user()
    token = unsubscribe_token(user.pk, "edition_phases")
    # The page's form, posted without a CSRF token: the link works in any browser.
    response = Client(enforce_csrf_checks=True).post(f"/unsubscribe/{token}/")
    assert response.status_code == 200
    assert _stored(user) == (True, True, False, True, False)


def test_the_one_click_post_of_a_mail_client_switches_the_topic_off(make_user):
    user = make_user()
    link = unsubscribe_url(user.pk, "followed_projects")
    path = link.removeprefix("http://127.0.0.1:8000")
    response = Client(enforce_csrf_checks=True).post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert _stored(user) == (True, False, True, True, False)
    entry = ActivityLog.objects.get(action="accounts.notification_preferences.updated")
    assert (entry.actor_id, entry.reason) == (None, "one-click unsubscribe link")


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_and_changes_nothing(client, make_user, method):
    user = make_user()
    victim = make_user()
    token = unsubscribe_token(user.pk, "own_projects")
    payload, signature = token.rsplit(":", 1)
    forged_payload = unsubscribe_token(victim.pk, "own_projects").rsplit(":", 1)[0]
    with translation.override("en"):
        response = getattr(client, method)(f"/en/unsubscribe/{forged_payload}:{signature}/")
    assert response.status_code == 400
    assert (
        b"This unsubscribe link is damaged or incomplete, so nothing was changed. Sign in and "
        b"use the notifications page to choose what you receive."
    ) in response.content
    assert (_stored(user), _stored(victim)) == (
        (True, True, True, True, False),
        (True, True, True, True, False),
    )
    assert payload != forged_payload


def test_a_malformed_link_is_refused(client):
    assert client.post("/unsubscribe/not-a-token/").status_code == 400


def test_a_link_signed_for_another_purpose_is_refused():
    from django.core import signing

    other = signing.dumps({"u": 1, "t": "own_projects"}, salt="another.purpose")
    assert read_unsubscribe_token(other) is None


def test_a_link_of_a_removed_account_is_refused(client, make_user):
    user = make_user()
    token = unsubscribe_token(user.pk, "own_projects")
    user.delete()
    assert client.post(f"/unsubscribe/{token}/").status_code == 400
