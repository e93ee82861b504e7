"""The person key: one value per person, the same on every channel (online, desk,
supports), from which the taxpayer number cannot be recovered without the server secret.

The raw number goes in and only the hex HMAC comes out; the number is never stored,
logged, put in an exception message or in the session.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

from hromada.accounts.identity.taxpayer import validate_document_number, validate_taxpayer_number


def _keyed(secret: str, source: str) -> str:
    return hmac.new(secret.encode(), source.encode(), hashlib.sha256).hexdigest()


def person_key_for_taxpayer_number(number: str) -> str:
    """HMAC-SHA256(normalised taxpayer number) keyed by PERSON_KEY_SECRET.
    Raises ValidationError for a number that is not a valid taxpayer number."""
    return _keyed(settings.PERSON_KEY_SECRET, validate_taxpayer_number(number))


def person_key_for_document(kind: str, number: str) -> str:
    """For people without a taxpayer number: HMAC over "kind:normalised number", so a
    passport number can never collide with an ID-card number or a taxpayer number."""
    return _keyed(settings.PERSON_KEY_SECRET, f"{kind}:{validate_document_number(kind, number)}")


# The document kind of a taxpayer number on forms where a person shows a document
# (paper supports, the voting desk, lookups); passports and ID cards are DocumentKind.
TAXPAYER_NUMBER = "rnokpp"


def person_key_for_shown_document(kind: str, number: str) -> str:
    """The person key from the document a person showed: their taxpayer number (kind
    TAXPAYER_NUMBER) or, for people without one, a passport or ID-card number."""
    if kind == TAXPAYER_NUMBER:
        return person_key_for_taxpayer_number(number)
    return person_key_for_document(kind, number)


def demo_person_key(source: str) -> str:
    """A key for a fictional demo resident. Keyed by a different secret, so a demo
    identity can never take the key of a real person."""
    return _keyed(settings.DEMO_PERSON_KEY_SECRET, f"demo:{source}")
