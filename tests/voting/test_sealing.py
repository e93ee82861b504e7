"""The sealed voter-record → ballot link and the parts of the commission's key."""

from __future__ import annotations

import uuid

import pytest

from hromada.voting.sealing import (
    SealingError,
    join_private_key,
    load_private_key,
    private_key_matches,
    seal,
    split_private_key,
    unseal,
)
from tests.factories.voting import commission_key_pair


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_sealed_link_opens_only_with_the_private_key():
    pair = commission_key_pair()
    ballot_id = uuid.uuid4()
    sealed = seal(pair.public_key_pem, ballot_id)
    assert str(ballot_id) not in sealed
    assert unseal(load_private_key(pair.private_key_pem), sealed) == ballot_id


def test_sealing_the_same_id_twice_gives_different_texts():
    pair = commission_key_pair()
    ballot_id = uuid.uuid4()
    assert seal(pair.public_key_pem, ballot_id) != seal(pair.public_key_pem, ballot_id)


@pytest.mark.parametrize("parts", [1, 2, 3, 5])
def test_all_parts_give_the_key_back(parts):
    pem = commission_key_pair().private_key_pem
    assert join_private_key(split_private_key(pem, parts)) == pem.strip()


def test_a_missing_part_is_refused():
    texts = split_private_key(commission_key_pair().private_key_pem, 3)
    with pytest.raises(SealingError, match="2 of 3 parts given"):
        join_private_key(texts[:2])


def test_a_damaged_part_is_refused():
    texts = split_private_key(commission_key_pair().private_key_pem, 2)
    header, body = texts[1].split("\n", 1)
    flipped = "B" if body[5] != "B" else "C"
    damaged = header + "\n" + body[:5] + flipped + body[6:]
    with pytest.raises(SealingError):
        join_private_key([texts[0], damaged])


def test_parts_of_two_different_keys_do_not_mix():
    one = split_private_key(commission_key_pair().private_key_pem, 2)
    from hromada.voting.sealing import generate_key_pair

    other = split_private_key(generate_key_pair().private_key_pem, 2)
    with pytest.raises(SealingError, match="different keys"):
        join_private_key([one[0], other[1]])


def test_a_foreign_private_key_does_not_match():
    from hromada.voting.sealing import generate_key_pair

    assert not private_key_matches(
        generate_key_pair().private_key_pem, commission_key_pair().public_key_pem
    )
    assert private_key_matches(
        commission_key_pair().private_key_pem, commission_key_pair().public_key_pem
    )


def test_garbage_is_not_a_key():
    with pytest.raises(SealingError):
        join_private_key(["hello"])
    with pytest.raises(SealingError):
        load_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
