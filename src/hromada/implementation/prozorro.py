"""Prozorro identifiers of a project's procurement: checked, normalised and turned into
links to the public portal.

A tender id is ``UA-YYYY-MM-DD-NNNNNN-x``: the day the procedure was published, a
six-digit serial of that day and a letter (``UA-2024-11-12-000006-a``). A contract id
is the tender id followed by a contract letter and number (``UA-2024-11-12-000006-a-a1``).
Staff paste them from the portal, sometimes with spaces or in another case; what is
stored is the canonical form, so links and searches match.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PORTAL = "https://prozorro.gov.ua"
TENDER_EXAMPLE = "UA-2024-11-12-000006-a"
CONTRACT_EXAMPLE = "UA-2024-11-12-000006-a-a1"

_TENDER = r"UA-(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})-\d{6}-[a-z]"
TENDER_ID = re.compile(rf"^{_TENDER}$")
CONTRACT_ID = re.compile(rf"^(?P<tender>{_TENDER})-[a-z]\d+$")
_SPACES = re.compile(r"\s+")


def normalise(value: str) -> str:
    """Without any whitespace (a pasted id may carry spaces or a line break), the
    letters lower-case and the ``UA`` prefix upper-case, as the portal writes them."""
    compact = _SPACES.sub("", value or "").lower()
    return f"UA{compact[2:]}" if compact.startswith("ua") else compact


def _tender_format_error() -> ValidationError:
    return ValidationError(
        _("A Prozorro tender id looks like %(example)s.") % {"example": TENDER_EXAMPLE},
        code="tender_id_format",
    )


def _contract_format_error() -> ValidationError:
    return ValidationError(
        _(
            "A Prozorro contract id is the tender id followed by the contract's letter and "
            "number, like %(example)s."
        )
        % {"example": CONTRACT_EXAMPLE},
        code="contract_id_format",
    )


def _check_date(match: re.Match[str], value: str) -> None:
    try:
        date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError as error:
        raise ValidationError(
            _(
                "%(value)s names a day that does not exist (%(day)s). A Prozorro tender id "
                "begins with the date the procedure was published."
            )
            % {"value": value, "day": f"{match['year']}-{match['month']}-{match['day']}"},
            code="tender_id_date",
        ) from error


def clean_tender_id(value: str) -> str:
    """The canonical tender id, or "" when none is given. Raises ValidationError."""
    tender_id = normalise(value)
    if not tender_id:
        return ""
    match = TENDER_ID.match(tender_id)
    if match is None:
        raise _tender_format_error()
    _check_date(match, tender_id)
    return tender_id


def clean_contract_id(value: str, tender_id: str = "") -> str:
    """The canonical contract id, or "" when none is given. When the tender id is known
    the contract must belong to it. Raises ValidationError."""
    contract_id = normalise(value)
    if not contract_id:
        return ""
    match = CONTRACT_ID.match(contract_id)
    if match is None:
        raise _contract_format_error()
    _check_date(match, contract_id)
    if tender_id and match["tender"] != tender_id:
        raise ValidationError(
            _(
                "The contract id %(contract)s does not belong to the tender %(tender)s: it "
                "must begin with the tender id."
            )
            % {"contract": contract_id, "tender": tender_id},
            code="contract_of_other_tender",
        )
    return contract_id


def tender_of_contract(contract_id: str) -> str:
    """The tender id a (valid) contract id begins with."""
    match = CONTRACT_ID.match(contract_id)
    return match["tender"] if match else ""


def tender_url(tender_id: str) -> str:
    return f"{PORTAL}/tender/{tender_id}" if tender_id else ""


def contract_url(contract_id: str) -> str:
    return f"{PORTAL}/contract/{contract_id}" if contract_id else ""
