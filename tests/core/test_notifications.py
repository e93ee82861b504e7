"""The outbox: a message key is queued once, delivered once, after the commit, with the
one-click unsubscribe headers; a failed send is retried; no taxpayer number leaves."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone

from hromada.core.models import Notification
from hromada.core.notifications import (
    Channel,
    deliver,
    deliver_notification,
    deliver_pending,
    enqueue,
)
from hromada.core.sms import ConsoleSmsBackend, LocmemSmsBackend

pytestmark = pytest.mark.django_db

UNSUBSCRIBE = "https://hromada.example.org/unsubscribe/token/"


@pytest.fixture(autouse=True)
def _eager_tasks() -> Iterator[None]:
    # As without REDIS_URL (the PostgreSQL pass has Redis, and no worker in these tests).
    from hromada.config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _sms_outbox(settings: Any) -> Iterator[None]:
    settings.SMS_BACKEND = "hromada.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield
    LocmemSmsBackend.outbox.clear()


class FailingBackend(LocmemBackend):
    """The mail server refuses the first `failures` messages, then accepts."""

    failures = 0

    def send_messages(self, messages: Any) -> int:
        if FailingBackend.failures > 0:
            FailingBackend.failures -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


def _queue(key: str = "test:1", **fields: Any) -> int | None:
    values: dict[str, Any] = {
        "address": "resident@example.com",
        "subject": "Subject",
        "body": f"Text.\n{UNSUBSCRIBE}",
        "unsubscribe_url": UNSUBSCRIBE,
    }
    values.update(fields)
    return enqueue(key=key, **values)


def test_a_key_is_queued_once():
    first = _queue()
    second = _queue(subject="Another subject")
    assert (first is not None, second) == (True, None)
    assert list(Notification.objects.values_list("key", "subject")) == [("test:1", "Subject")]


def test_delivery_starts_only_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _queue()
    assert (len(mail.outbox), len(callbacks)) == (0, 1)


def test_the_queued_message_is_sent_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue()
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["resident@example.com"], "Subject")
    ]
    assert Notification.objects.get().sent_at is not None


def test_running_the_delivery_task_twice_sends_one_email():
    notification_id = _queue()
    deliver_notification.apply(args=[notification_id])
    deliver_notification.apply(args=[notification_id])
    assert len(mail.outbox) == 1
    assert Notification.objects.get().attempts == 1


def test_an_email_carries_the_one_click_unsubscribe_headers():
    deliver(_queue())
    headers = mail.outbox[0].extra_headers
    assert (headers["List-Unsubscribe"], headers["List-Unsubscribe-Post"]) == (
        f"<{UNSUBSCRIBE}>",
        "List-Unsubscribe=One-Click",
    )


def test_an_email_without_an_unsubscribe_link_is_refused():
    with pytest.raises(ValueError, match="has no unsubscribe link"):
        _queue(unsubscribe_url="")
    assert Notification.objects.count() == 0


def test_a_failed_send_rolls_the_claim_back_and_records_the_error(settings):
    settings.EMAIL_BACKEND = "tests.core.test_notifications.FailingBackend"
    FailingBackend.failures = 1
    notification_id = _queue()
    with pytest.raises(ConnectionRefusedError):
        deliver(notification_id)
    row = Notification.objects.get()
    assert (row.sent_at, row.attempts, row.last_error) == (
        None,
        1,
        "ConnectionRefusedError: mail server down",
    )
    assert deliver(notification_id) is True
    assert len(mail.outbox) == 1


def test_the_task_retries_a_failed_send(settings):
    settings.EMAIL_BACKEND = "tests.core.test_notifications.FailingBackend"
    FailingBackend.failures = 1
    # throw=False: an eager task retries in place instead of raising Retry.
    deliver_notification.apply(args=[_queue()], throw=False)
    row = Notification.objects.get()
    assert (len(mail.outbox), row.attempts, row.sent_at is not None) == (1, 2, True)


def test_a_ten_digit_number_never_leaves_in_a_message():
    deliver(_queue(subject="Номер 3197805124", body=f"РНОКПП 3197805124, № 12.\n{UNSUBSCRIBE}"))
    sent = mail.outbox[0]
    assert (sent.subject, sent.body) == (
        "Номер ••••••••••",
        f"РНОКПП ••••••••••, № 12.\n{UNSUBSCRIBE}",
    )


def test_a_text_message_goes_to_the_sms_backend():
    deliver(_queue(channel=Channel.SMS, address="+380 50 123 45 67", body="Voting is open."))
    assert [(sms.phone, sms.text) for sms in LocmemSmsBackend.outbox] == [
        ("+380 50 123 45 67", "Voting is open.")
    ]
    assert mail.outbox == []


def test_the_console_sms_backend_prints_the_text(capsys):
    ConsoleSmsBackend().send("+380501234567", "Голосування почалося")
    assert capsys.readouterr().out == "SMS to +380501234567: Голосування почалося\n"


def test_the_sweep_delivers_messages_whose_task_was_lost():
    old = _queue("test:old")
    _queue("test:fresh")
    Notification.objects.filter(pk=old).update(created_at=timezone.now() - timedelta(hours=1))
    assert deliver_pending() == 1
    assert [message.to for message in mail.outbox] == [["resident@example.com"]]
    assert set(Notification.objects.filter(sent_at__isnull=True).values_list("key", flat=True)) == {
        "test:fresh"
    }


def test_the_sweep_leaves_sent_messages_alone():
    sent = _queue()
    deliver(sent)
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert deliver_pending() == 0
    assert len(mail.outbox) == 1
