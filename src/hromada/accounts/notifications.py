"""Messages to account holders: each in the person's own language, only on topics they
want, always with the one-click unsubscribe link, by e-mail and, for those who chose it
and gave a phone number, also as a short text. Apps decide who should hear of what and
call `notify_users`; the outbox (hromada.core.notifications) delivers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.conf import settings
from django.template import Context, engines
from django.template.backends.django import DjangoTemplates
from django.utils import translation

from hromada.accounts.models import User
from hromada.accounts.notification_preferences import (
    preferences_by_user,
    preferences_url,
    unsubscribe_url,
    wants,
)
from hromada.core.notifications import Channel, Message, enqueue_many, render_subject, render_text

FOOTER_TEMPLATE = "accounts/email/footer.txt"
DEFAULT_SMS_TEMPLATE = "accounts/email/sms.txt"


def language_of(user: User) -> str:
    languages = dict(settings.LANGUAGES)
    return (
        user.preferred_language if user.preferred_language in languages else settings.LANGUAGE_CODE
    )


def can_receive_email(user: User) -> bool:
    # Demo and placeholder accounts have addresses under the reserved .invalid domain.
    return bool(user.is_active and user.email and not user.email.endswith(".invalid"))


def _sms_text(template: str, context: Mapping[str, Any]) -> str:
    backend = cast(DjangoTemplates, engines["django"])
    chosen = backend.engine.select_template([f"{template}_sms.txt", DEFAULT_SMS_TEMPLATE])
    return " ".join(chosen.render(Context(dict(context), autoescape=False)).split())


def messages_for(
    users: Iterable[User],
    *,
    topic: str,
    key: str,
    template: str,
    context: Mapping[str, Any],
) -> list[Message]:
    """The messages for the people among `users` who want `topic`; see `notify_users`."""
    people = [user for user in users if can_receive_email(user)]
    preferences = preferences_by_user(people)
    messages: list[Message] = []
    for user in people:
        chosen = preferences[user.pk]
        if not wants(chosen, topic):
            continue
        with translation.override(language_of(user)):
            values = {
                **context,
                "recipient": user,
                "topic": topic,
                "site_url": settings.SITE_URL,
                "unsubscribe_url": unsubscribe_url(user.pk, topic),
                "preferences_url": preferences_url(),
            }
            subject = render_subject(f"{template}_subject.txt", values)
            body = render_text(f"{template}.txt", values).rstrip()
            footer = render_text(FOOTER_TEMPLATE, values).strip()
            messages.append(
                Message(
                    key=f"{key}:{user.pk}",
                    address=user.email,
                    subject=subject,
                    body=f"{body}\n\n{footer}\n",
                    user_id=user.pk,
                    unsubscribe_url=values["unsubscribe_url"],
                )
            )
            if chosen.by_sms and user.phone:
                messages.append(
                    Message(
                        key=f"{key}:{user.pk}:sms",
                        channel=Channel.SMS,
                        address=user.phone,
                        body=_sms_text(template, {**values, "subject": subject}),
                        user_id=user.pk,
                    )
                )
    return messages


def notify_users(
    users: Iterable[User],
    *,
    topic: str,
    key: str,
    template: str,
    context: Mapping[str, Any],
) -> list[int]:
    """Queue a message to each of `users` who wants `topic` (a field of
    NotificationPreferences) and can receive e-mail. Renders `<template>_subject.txt`
    and `<template>.txt` in the person's language with `context` plus `recipient`,
    `topic`, `site_url`, `unsubscribe_url` and `preferences_url`, and adds the footer
    with the one-click link. The e-mail's key is f"{key}:{user id}", the text's (sent
    to those who chose SMS and have a phone; `<template>_sms.txt` if it exists, else
    the subject and the site's address) f"{key}:{user id}:sms". Call it inside the
    transaction of the change: delivery starts after the commit. Returns the outbox ids
    queued (none for keys queued before)."""
    return enqueue_many(
        messages_for(users, topic=topic, key=key, template=template, context=context)
    )
