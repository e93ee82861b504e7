"""What a person chooses to receive, and the signed one-click unsubscribe links.

A link carries the account id and the topic, signed with the server secret (salt
"hromada.unsubscribe"), so it works without signing in and cannot be altered to switch
off someone else's messages. It does not expire: an old e-mail's link must still work."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import capfirst

from hromada.accounts.models import NotificationPreferences, User
from hromada.core.activity import changed_fields, log_activity, snapshot

UNSUBSCRIBE_SALT = "hromada.unsubscribe"
TOPICS = NotificationPreferences.TOPICS
FIELDS = (*TOPICS, "by_sms")


def preferences_of(user: User) -> NotificationPreferences:
    """The person's preferences; the defaults (not saved) if they never changed them."""
    found = NotificationPreferences.objects.filter(user=user).first()
    return found if found is not None else NotificationPreferences(user=user)


def preferences_by_user(users: Iterable[User]) -> dict[int, NotificationPreferences]:
    """Preferences of many people in one query, defaults filled in."""
    people = list(users)
    found = {
        preferences.user_id: preferences
        for preferences in NotificationPreferences.objects.filter(
            user_id__in=[person.pk for person in people]
        )
    }
    return {
        person.pk: found.get(person.pk) or NotificationPreferences(user=person) for person in people
    }


def topic_label(field: str) -> str:
    """The name of a topic (or of `by_sms`) as the notifications page shows it."""
    model_field = NotificationPreferences._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    return capfirst(str(model_field.verbose_name))


def wants(preferences: NotificationPreferences, topic: str) -> bool:
    if topic not in TOPICS:
        raise ValueError(f"unknown notification topic {topic!r}")
    return bool(getattr(preferences, topic))


def save_notification_preferences(
    *, user: User, actor: User | None, values: Mapping[str, bool], reason: str = ""
) -> NotificationPreferences:
    """Set any of the topic switches and `by_sms`; records the change in the audit trail."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown preference fields {sorted(unknown)}")
    with transaction.atomic():
        preferences, _created = NotificationPreferences.objects.select_for_update().get_or_create(
            user=user
        )
        before = snapshot(preferences, FIELDS)
        for field, value in values.items():
            setattr(preferences, field, bool(value))
        after = snapshot(preferences, FIELDS)
        changed = changed_fields(before, after)
        if changed:
            preferences.save(update_fields=[*changed, "updated_at"])
            log_activity(
                actor=actor,
                action="accounts.notification_preferences.updated",
                target=user,
                before={field: before[field] for field in changed},
                after={field: after[field] for field in changed},
                reason=reason,
            )
    return preferences


def unsubscribe(*, user: User, topic: str) -> bool:
    """Switch one topic off (the one-click link). True if it was on."""
    if topic not in TOPICS:
        raise ValueError(f"unknown notification topic {topic!r}")
    was_on = wants(preferences_of(user), topic)
    save_notification_preferences(
        user=user, actor=None, values={topic: False}, reason="one-click unsubscribe link"
    )
    return was_on


def unsubscribe_token(user_id: int, topic: str) -> str:
    if topic not in TOPICS:
        raise ValueError(f"unknown notification topic {topic!r}")
    return signing.dumps({"u": user_id, "t": topic}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(account id, topic) of a genuine link; None for a damaged or forged one."""
    try:
        data: Any = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user_id, topic = data.get("u"), data.get("t")
    if not isinstance(user_id, int) or topic not in TOPICS:
        return None
    return user_id, topic


def unsubscribe_url(user_id: int, topic: str) -> str:
    """The absolute one-click link, in the active language (call it inside the
    recipient's translation.override)."""
    path = reverse("accounts:unsubscribe", kwargs={"token": unsubscribe_token(user_id, topic)})
    return f"{settings.SITE_URL}{path}"


def preferences_url() -> str:
    return f"{settings.SITE_URL}{reverse('accounts:notification_preferences')}"
