from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hromada.accounts.enums import DocumentKind
from hromada.accounts.identity.taxpayer import (
    birth_date_from_taxpayer_number,
    normalise_document_number,
    normalise_taxpayer_number,
    taxpayer_check_digit,
    validate_document_number,
    validate_taxpayer_number,
)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages asserted here are the English source strings.
    with translation.override("en"):
        yield


def test_normalise_removes_spaces():
    assert normalise_taxpayer_number(" 31119 01237 ") == "3111901237"


def test_check_digit_uses_the_weights_mod_11_mod_10():
    # 3·-1 + 1·5 + 1·7 + 1·9 + 9·4 + 0·6 + 1·10 + 2·5 + 3·7 = 95; 95 mod 11 = 7
    assert taxpayer_check_digit("311190123") == 7


def test_check_digit_ten_becomes_zero():
    # 2·-1 + 2·5 + 8·7 + 5·9 + 6·4 + 2·6 + 3·10 + 4·5 + 5·7 = 230; 230 mod 11 = 10 → 0
    assert taxpayer_check_digit("228562345") == 0


def test_valid_number_is_returned_normalised():
    assert validate_taxpayer_number("3111 901 237") == "3111901237"


@pytest.mark.parametrize(
    "raw", ["311190123", "31119012370", "31119O1237", "", "３１１１９０１２３７"]
)
def test_number_that_is_not_ten_digits_is_refused(raw):
    with pytest.raises(ValidationError) as caught:
        validate_taxpayer_number(raw)
    assert caught.value.code == "format"
    assert caught.value.messages == ["A taxpayer number (RNOKPP) has exactly 10 digits."]


def test_wrong_check_digit_is_refused_without_repeating_the_number():
    with pytest.raises(ValidationError) as caught:
        validate_taxpayer_number("3111901238")
    assert caught.value.code == "checksum"
    assert caught.value.messages == [
        "This taxpayer number (RNOKPP) is not valid: its check digit does not match."
    ]
    assert "3111901238" not in str(caught.value)


def test_birth_date_counts_days_from_31_december_1899():
    assert birth_date_from_taxpayer_number("0000100004") == date(1900, 1, 1)


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("3111901237", date(1985, 3, 14)),
        ("3287345675", date(1990, 1, 1)),
        ("3658411129", date(2000, 2, 29)),
    ],
)
def test_birth_date_of_real_looking_numbers(number, born):
    assert birth_date_from_taxpayer_number(number) == born


def test_birth_date_of_an_invalid_number_is_refused():
    with pytest.raises(ValidationError):
        birth_date_from_taxpayer_number("3111901238")


def test_passport_latin_look_alikes_become_cyrillic_upper_case():
    assert normalise_document_number(DocumentKind.PASSPORT, "co 123-456") == "СО123456"


def test_passport_in_cyrillic_is_accepted():
    assert validate_document_number(DocumentKind.PASSPORT, "ка 654321") == "КА654321"


@pytest.mark.parametrize("raw", ["С0123456", "СО12345", "123456789", "СОО123456"])
def test_malformed_passport_number_is_refused(raw):
    with pytest.raises(ValidationError) as caught:
        validate_document_number(DocumentKind.PASSPORT, raw)
    assert caught.value.messages == [
        "A passport booklet number is two Cyrillic letters followed by six digits, for "
        "example СО 123456."
    ]


def test_id_card_number_is_nine_digits():
    assert validate_document_number(DocumentKind.ID_CARD, "001 234 567") == "001234567"


@pytest.mark.parametrize("raw", ["00123456", "0012345678", "00123456A"])
def test_malformed_id_card_number_is_refused(raw):
    with pytest.raises(ValidationError) as caught:
        validate_document_number(DocumentKind.ID_CARD, raw)
    assert caught.value.messages == ["An ID card number has exactly 9 digits."]


def test_unknown_document_kind_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_document_number("driving_licence", "123456789")
    assert caught.value.code == "kind"
