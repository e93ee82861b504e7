"""The Ukrainian taxpayer number (РНОКПП, 10 digits) and, for people who have none, the
number of their passport booklet or ID card.

Error messages never repeat the number: it is personal data and must not reach a log.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import DocumentKind

TAXPAYER_NUMBER_WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)
# The first five digits count days from this date: 00001 is 1 January 1900.
TAXPAYER_EPOCH = date(1899, 12, 31)

# Latin letters that look like Cyrillic ones; people type passport series in either.
LATIN_TO_CYRILLIC = str.maketrans("ABCEHIKMOPTX", "АВСЕНІКМОРТХ")
PASSPORT_PATTERN = re.compile(r"^[А-ЯҐЄІЇ]{2}[0-9]{6}$")
ID_CARD_PATTERN = re.compile(r"^[0-9]{9}$")


def normalise_taxpayer_number(raw: str) -> str:
    """The number without spaces (people copy it with spaces from documents)."""
    return "".join(raw.split())


def taxpayer_check_digit(first_nine: str) -> int:
    pairs = zip(first_nine, TAXPAYER_NUMBER_WEIGHTS, strict=True)
    total = sum(int(digit) * weight for digit, weight in pairs)
    return total % 11 % 10


def validate_taxpayer_number(raw: str) -> str:
    """The normalised number, or ValidationError (code `format` or `checksum`)."""
    number = normalise_taxpayer_number(raw)
    if len(number) != 10 or not number.isascii() or not number.isdigit():
        raise ValidationError(_("A taxpayer number (RNOKPP) has exactly 10 digits."), code="format")
    if taxpayer_check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _("This taxpayer number (RNOKPP) is not valid: its check digit does not match."),
            code="checksum",
        )
    return number


def birth_date_from_taxpayer_number(number: str) -> date:
    """The birth date the number encodes (its first five digits)."""
    valid = validate_taxpayer_number(number)
    return TAXPAYER_EPOCH + timedelta(days=int(valid[:5]))


def normalise_document_number(kind: str, raw: str) -> str:
    """Spaces and dashes removed; a passport series upper-cased in Cyrillic."""
    value = "".join(raw.split()).replace("-", "")
    if kind == DocumentKind.PASSPORT:
        return value.upper().translate(LATIN_TO_CYRILLIC)
    return value


def validate_document_number(kind: str, raw: str) -> str:
    """The normalised document number, or ValidationError with a clear message."""
    number = normalise_document_number(kind, raw)
    if kind == DocumentKind.PASSPORT:
        if not PASSPORT_PATTERN.match(number):
            raise ValidationError(
                _(
                    "A passport booklet number is two Cyrillic letters followed by six "
                    "digits, for example СО 123456."
                ),
                code="format",
            )
    elif kind == DocumentKind.ID_CARD:
        if not ID_CARD_PATTERN.match(number):
            raise ValidationError(_("An ID card number has exactly 9 digits."), code="format")
    else:
        raise ValidationError(_("Choose a passport booklet or an ID card."), code="kind")
    return number
