"""The SMS channel. `SMS_BACKEND` names the class that sends (a dotted path); the
default console backend only logs the text, so nothing leaves the server until a
council connects a gateway.

A gateway backend is a class whose instances have one method (see docs/notifications.md):

    class MyGatewayBackend:
        def send(self, phone: str, text: str) -> None: ...

`send` delivers one text to one number or raises: the delivery task then retries later
with a growing pause, and the message stays in the outbox until it goes. It must not
swallow errors, and must not retry by itself (the outbox does that)."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "hromada.core.sms.ConsoleSmsBackend"


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None:
        """Deliver `text` to `phone` (as the resident entered it, e.g. "+380 50 123 45 67"),
        or raise."""


class ConsoleSmsBackend:
    """Writes each text to standard output and the log: for development and for
    installations without a gateway."""

    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)
        sys.stdout.write(f"SMS to {phone}: {text}\n")
        sys.stdout.flush()


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str


class LocmemSmsBackend:
    """Keeps the texts in `LocmemSmsBackend.outbox` (for tests, like Django's locmem
    e-mail backend)."""

    outbox: ClassVar[list[SentSms]] = []

    def send(self, phone: str, text: str) -> None:
        self.outbox.append(SentSms(phone=phone, text=text))


def sms_backend() -> SmsBackend:
    backend: SmsBackend = import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()
    return backend


def send_sms(phone: str, text: str) -> None:
    sms_backend().send(phone, text)
