"""Prozorro identifiers: the canonical form, the checks and their messages, the links."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hromada.implementation.prozorro import (
    clean_contract_id,
    clean_tender_id,
    contract_url,
    tender_of_contract,
    tender_url,
)

TENDER_MESSAGE = "A Prozorro tender id looks like UA-2024-11-12-000006-a."
CONTRACT_MESSAGE = (
    "A Prozorro contract id is the tender id followed by the contract's letter and number, "
    "like UA-2024-11-12-000006-a-a1."
)


def messages_of(call, *args):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call(*args)
    return caught.value.messages


def test_a_tender_id_is_kept_as_it_is():
    assert clean_tender_id("UA-2024-11-12-000006-a") == "UA-2024-11-12-000006-a"


@pytest.mark.parametrize(
    "typed",
    [
        " UA-2024-11-12-000006-a ",
        "ua-2024-11-12-000006-a",
        "UA-2024-11-12-000006-A",
        "UA-2024-11-12-\n000006-a",
        "UA-2024-11-12-000006-a\u00a0",
    ],
)
def test_a_tender_id_is_normalised(typed):
    assert clean_tender_id(typed) == "UA-2024-11-12-000006-a"


def test_an_empty_tender_id_is_none():
    assert clean_tender_id("   ") == ""


@pytest.mark.parametrize(
    "typed",
    [
        "2024-11-12-000006-a",
        "UA-2024-11-12-000006",
        "UA-2024-11-12-00006-a",
        "UA-2024-11-12-0000066-a",
        "UA-24-11-12-000006-a",
        "UA-2024-1-12-000006-a",
        "UA-2024-11-12-000006-ab",
        "UA-2024-11-12-000006-1",
        "UA-2024-11-12-000006-a-a1",
        "UA-M-2024-11-12-000006",
        "UA_2024_11_12_000006_a",
        "https://prozorro.gov.ua/tender/UA-2024-11-12-000006-a",
        "UA-2024-11-12-000006-я",
        "tender",
    ],
)
def test_a_malformed_tender_id_is_refused_with_an_example(typed):
    assert messages_of(clean_tender_id, typed) == [TENDER_MESSAGE]


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("UA-2024-02-30-000006-a", "2024-02-30"),
        ("UA-2023-02-29-000006-a", "2023-02-29"),
        ("UA-2024-13-01-000006-a", "2024-13-01"),
        ("UA-2024-00-10-000006-a", "2024-00-10"),
        ("UA-2024-04-31-000006-a", "2024-04-31"),
    ],
)
def test_a_tender_id_with_a_day_that_does_not_exist_is_refused(typed, day):
    assert messages_of(clean_tender_id, typed) == [
        f"{typed} names a day that does not exist ({day}). A Prozorro tender id begins with "
        "the date the procedure was published."
    ]


def test_a_leap_day_is_a_real_day():
    assert clean_tender_id("UA-2024-02-29-000001-b") == "UA-2024-02-29-000001-b"


def test_a_contract_id_is_normalised():
    assert clean_contract_id(" ua-2024-11-12-000006-A-A1 ") == "UA-2024-11-12-000006-a-a1"


def test_a_contract_id_of_the_records_tender_is_accepted():
    assert (
        clean_contract_id("UA-2024-11-12-000006-a-b12", "UA-2024-11-12-000006-a")
        == "UA-2024-11-12-000006-a-b12"
    )


@pytest.mark.parametrize(
    "typed",
    [
        "UA-2024-11-12-000006-a",
        "UA-2024-11-12-000006-a-1",
        "UA-2024-11-12-000006-a-a",
        "UA-2024-11-12-000006-a-aa1",
        "UA-2024-11-12-000006-a1",
        "UA-2024-11-12-000006-a-a1-b",
        "contract 1",
    ],
)
def test_a_malformed_contract_id_is_refused_with_an_example(typed):
    assert messages_of(clean_contract_id, typed) == [CONTRACT_MESSAGE]


def test_a_contract_of_another_tender_is_refused():
    assert messages_of(
        clean_contract_id, "UA-2024-11-12-000007-a-a1", "UA-2024-11-12-000006-a"
    ) == [
        "The contract id UA-2024-11-12-000007-a-a1 does not belong to the tender "
        "UA-2024-11-12-000006-a: it must begin with the tender id."
    ]


def test_a_contract_id_with_an_impossible_day_is_refused():
    assert messages_of(clean_contract_id, "UA-2024-02-31-000006-a-a1") == [
        "UA-2024-02-31-000006-a-a1 names a day that does not exist (2024-02-31). A Prozorro "
        "tender id begins with the date the procedure was published."
    ]


def test_the_tender_of_a_contract():
    assert tender_of_contract("UA-2024-11-12-000006-a-a1") == "UA-2024-11-12-000006-a"


def test_links_to_the_public_portal():
    assert tender_url("UA-2024-11-12-000006-a") == (
        "https://prozorro.gov.ua/tender/UA-2024-11-12-000006-a"
    )
    assert contract_url("UA-2024-11-12-000006-a-a1") == (
        "https://prozorro.gov.ua/contract/UA-2024-11-12-000006-a-a1"
    )


def test_no_link_without_an_id():
    assert (tender_url(""), contract_url("")) == ("", "")
