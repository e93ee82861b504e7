from __future__ import annotations

import hashlib
import hmac

import pytest
from django.core.exceptions import ValidationError

from hromada.accounts.enums import DocumentKind
from hromada.accounts.identity.person_key import (
    demo_person_key,
    person_key_for_document,
    person_key_for_taxpayer_number,
)


def expected(secret: str, source: str) -> str:
    return hmac.new(secret.encode(), source.encode(), hashlib.sha256).hexdigest()


def test_taxpayer_key_is_the_hmac_of_the_number(settings):
    settings.PERSON_KEY_SECRET = "s" * 40
    assert person_key_for_taxpayer_number("3111901237") == expected("s" * 40, "3111901237")


def test_taxpayer_key_ignores_spaces():
    assert person_key_for_taxpayer_number("3111 901 237") == person_key_for_taxpayer_number(
        "3111901237"
    )


def test_taxpayer_key_depends_on_the_secret(settings):
    first = person_key_for_taxpayer_number("3111901237")
    settings.PERSON_KEY_SECRET = "another-secret-" + "z" * 30
    assert person_key_for_taxpayer_number("3111901237") != first


def test_invalid_taxpayer_number_gets_no_key():
    with pytest.raises(ValidationError):
        person_key_for_taxpayer_number("3111901238")


def test_document_key_is_the_hmac_of_kind_and_normalised_number(settings):
    settings.PERSON_KEY_SECRET = "s" * 40
    assert person_key_for_document(DocumentKind.PASSPORT, "co 123456") == expected(
        "s" * 40, "passport:СО123456"
    )


def test_id_card_key_is_prefixed_with_its_kind(settings):
    settings.PERSON_KEY_SECRET = "s" * 40
    assert person_key_for_document(DocumentKind.ID_CARD, "001 234 567") == expected(
        "s" * 40, "idcard:001234567"
    )


def test_invalid_document_number_gets_no_key():
    with pytest.raises(ValidationError):
        person_key_for_document(DocumentKind.ID_CARD, "12345")


def test_demo_key_uses_the_demo_secret(settings):
    settings.DEMO_PERSON_KEY_SECRET = "d" * 40
    assert demo_person_key("olena") == expected("d" * 40, "demo:olena")


def test_demo_key_never_equals_the_real_key_of_the_same_source():
    assert demo_person_key("3111901237") != person_key_for_taxpayer_number("3111901237")


def test_a_shown_document_gives_the_key_of_its_kind():
    from hromada.accounts.identity.person_key import (
        TAXPAYER_NUMBER,
        person_key_for_document,
        person_key_for_shown_document,
        person_key_for_taxpayer_number,
    )

    number = "3111901237"
    assert person_key_for_shown_document(TAXPAYER_NUMBER, number) == (
        person_key_for_taxpayer_number(number)
    )
    assert person_key_for_shown_document("passport", "АВ123456") == person_key_for_document(
        "passport", "АВ123456"
    )
