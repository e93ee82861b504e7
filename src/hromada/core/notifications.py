"""The outbox of e-mails and texts (docs/notifications.md).

Apps put messages in with `enqueue()` / `enqueue_many()`: one `Notification` row per
message key, so a retried or duplicated task adds nothing. After the commit a Celery task
(`deliver_notification`) delivers each new row: it claims the row (UPDATE … WHERE
sent_at IS NULL) and sends inside one transaction, so a message leaves at most once; a
failed send rolls the claim back and the task retries later with a growing pause.
`deliver_pending()` (Celery beat and `manage.py send_due_notifications`) picks up rows
whose delivery task was lost.

Messages never carry a taxpayer number: any run of exactly ten digits is masked before
it is stored, whatever a template or a resident's text put there."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from celery import shared_task
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template import Context, engines
from django.template.backends.django import DjangoTemplates
from django.utils import timezone

from hromada.core.models import Notification
from hromada.core.sms import send_sms

logger = logging.getLogger(__name__)

Channel = Notification.Channel

# A Ukrainian taxpayer number (РНОКПП) is ten digits; nothing else we send is.
TAXPAYER_NUMBER_LIKE = re.compile(r"(?<!\d)\d{10}(?!\d)")
MASK = "•" * 10

# The sweep resends rows that have waited this long (the delivery task retries sooner).
RESEND_AFTER = timedelta(minutes=10)
# After this many failed attempts a row is left for a person to look at (last_error).
MAX_ATTEMPTS = 50
# The sweep stops early when sending keeps failing (the mail server is down).
SWEEP_FAILURES_TO_STOP = 3
# Keys are looked up in chunks: SQLite limits the parameters of one statement.
CHUNK = 500


@dataclass(frozen=True)
class Message:
    """One message to one address. `key` is unique per message and recipient; e-mails
    need `unsubscribe_url` (the one-click link in the headers and the text)."""

    key: str
    address: str
    body: str
    subject: str = ""
    channel: str = Channel.EMAIL
    user_id: int | None = None
    unsubscribe_url: str = ""


def without_taxpayer_numbers(text: str) -> str:
    return TAXPAYER_NUMBER_LIKE.sub(MASK, text)


def render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """A plain-text template rendered without HTML escaping (a project called “Tom &
    Jerry” stays so in an e-mail), in the active language."""
    backend = cast(DjangoTemplates, engines["django"])
    template = backend.engine.get_template(template_name)
    return template.render(Context(dict(context), autoescape=False))


def render_subject(template_name: str, context: Mapping[str, Any]) -> str:
    return " ".join(render_text(template_name, context).split())[:255]


def _row(message: Message) -> Notification:
    if message.channel not in Channel.values:
        raise ValueError(f"unknown channel {message.channel!r}")
    if not message.key or len(message.key) > 200:
        raise ValueError(f"a message key must have 1 to 200 characters: {message.key!r}")
    if message.channel == Channel.EMAIL and not message.unsubscribe_url:
        raise ValueError(f"e-mail {message.key!r} has no unsubscribe link")
    return Notification(
        key=message.key,
        channel=message.channel,
        address=message.address,
        user_id=message.user_id,
        subject=without_taxpayer_numbers(message.subject)[:255],
        body=without_taxpayer_numbers(message.body),
        unsubscribe_url=message.unsubscribe_url,
    )


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def enqueue_many(messages: Iterable[Message]) -> list[int]:
    """Store the messages whose key is new (a known key is skipped: insert-or-ignore) and
    queue their delivery after the commit. Returns the ids of the rows queued."""
    rows: dict[str, Notification] = {}
    for message in messages:
        rows.setdefault(message.key, _row(message))
    if not rows:
        return []
    keys = list(rows)
    existing: set[str] = set()
    for chunk in _chunks(keys):
        existing.update(Notification.objects.filter(key__in=chunk).values_list("key", flat=True))
    new_keys = [key for key in keys if key not in existing]
    if not new_keys:
        return []
    Notification.objects.bulk_create(
        [rows[key] for key in new_keys], ignore_conflicts=True, batch_size=CHUNK
    )
    queued: list[int] = []
    for chunk in _chunks(new_keys):
        queued.extend(
            Notification.objects.filter(key__in=chunk, sent_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
    _deliver_after_commit(sorted(queued))
    return sorted(queued)


def enqueue(
    *,
    key: str,
    address: str,
    body: str,
    subject: str = "",
    channel: str = Channel.EMAIL,
    user_id: int | None = None,
    unsubscribe_url: str = "",
) -> int | None:
    """Queue one message; None when a message with this key was queued before."""
    queued = enqueue_many(
        [
            Message(
                key=key,
                address=address,
                body=body,
                subject=subject,
                channel=channel,
                user_id=user_id,
                unsubscribe_url=unsubscribe_url,
            )
        ]
    )
    return queued[0] if queued else None


def _deliver_after_commit(notification_ids: list[int]) -> None:
    def queue_delivery() -> None:
        for notification_id in notification_ids:
            # A broker outage, or in eager mode a failed send, leaves the row unsent for
            # the sweep; it must not fail the request whose change already committed.
            try:
                deliver_notification.delay(notification_id)
            except Exception:
                logger.warning(
                    "Notification %s not delivered now; the sweep will retry it",
                    notification_id,
                    exc_info=True,
                )

    if notification_ids:
        transaction.on_commit(queue_delivery, robust=True)


def _send(notification: Notification) -> None:
    if notification.channel == Channel.SMS:
        send_sms(notification.address, notification.body)
        return
    headers = {"Auto-Submitted": "auto-generated"}
    if notification.unsubscribe_url:
        # RFC 8058: mail clients offer "unsubscribe" and POST to the link, no sign-in.
        headers["List-Unsubscribe"] = f"<{notification.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[notification.address],
        headers=headers,
    ).send()


def deliver(notification_id: int, now: datetime | None = None) -> bool:
    """Send the message unless it was sent; True if this call sent it. Raises when
    sending fails (the claim is rolled back, the attempt and error are recorded)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
                sent_at=now, attempts=F("attempts") + 1
            )
            if not claimed:
                return False
            notification = Notification.objects.get(pk=notification_id)
            # Sent inside the claim: if sending fails, the claim rolls back.
            _send(notification)
    except Exception as error:
        Notification.objects.filter(pk=notification_id, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    return True


def deliver_pending(now: datetime | None = None, *, limit: int = 500) -> int:
    """Deliver rows still unsent after RESEND_AFTER (their task was lost or is failing).
    Returns how many were sent."""
    now = now or timezone.now()
    waiting = list(
        Notification.objects.filter(
            sent_at__isnull=True,
            created_at__lte=now - RESEND_AFTER,
            attempts__lt=MAX_ATTEMPTS,
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failures = 0
    for notification_id in waiting:
        try:
            sent += deliver(notification_id)
            failures = 0
        except Exception:
            logger.warning("Notification %s not delivered", notification_id, exc_info=True)
            failures += 1
            if failures >= SWEEP_FAILURES_TO_STOP:
                break
    return sent


@shared_task(
    name="hromada.core.notifications.deliver_notification",
    ignore_result=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def deliver_notification(notification_id: int) -> bool:
    return deliver(notification_id)


@shared_task(name="hromada.core.notifications.deliver_pending_notifications", ignore_result=True)
def deliver_pending_notifications() -> int:
    return deliver_pending()
