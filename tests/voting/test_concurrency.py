"""One person, one ballot under concurrency: 50 casts at once for the same person
against PostgreSQL end with exactly one ballot and one voter record."""

from __future__ import annotations

import secrets
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from hromada.budget.models import Project
from hromada.core.models import ActivityLog
from hromada.voting.enums import Channel
from hromada.voting.models import Ballot, CastRequest, VoterRecord
from hromada.voting.services.casting import cast_ballot
from tests.factories.voting import voter, voting_edition

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

CASTS = 50


def _race(edition, who, keys):
    project = Project.objects.get(edition=edition, number=1).pk
    barrier = threading.Barrier(len(keys))
    receipts: list[str] = []
    refusals: list[str] = []
    crashes: list[BaseException] = []

    def one(key: str, channel: str) -> None:
        try:
            barrier.wait()
            receipt = cast_ballot(
                edition=edition,
                voter=who,
                chosen={project: 1},
                channel=channel,
                idempotency_key=key,
                actor=None,
            )
            receipts.append(receipt.code)
        except ValidationError as error:
            refusals.append(error.code or "")
        except BaseException as error:
            crashes.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=one, args=(key, Channel.ONLINE if n % 2 else Channel.DESK))
        for n, key in enumerate(keys)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return receipts, refusals, crashes


def test_fifty_parallel_casts_with_different_forms_make_one_ballot():
    edition = voting_edition()
    who = voter()
    receipts, refusals, crashes = _race(
        edition, who, [secrets.token_urlsafe(24) for _ in range(CASTS)]
    )
    assert crashes == []
    assert len(receipts) == 1
    assert refusals == ["already_voted"] * (CASTS - 1)
    assert Ballot.objects.count() == 1
    assert VoterRecord.objects.count() == 1
    assert CastRequest.objects.count() == 1
    assert ActivityLog.objects.filter(action__startswith="voting.cast.").count() == 1


def test_fifty_parallel_repeats_of_one_form_all_get_the_same_receipt():
    edition = voting_edition()
    key = secrets.token_urlsafe(24)
    receipts, refusals, crashes = _race(edition, voter(), [key] * CASTS)
    assert crashes == []
    assert refusals == []
    assert len(receipts) == CASTS
    assert len(set(receipts)) == 1
    assert Ballot.objects.count() == 1
    assert VoterRecord.objects.count() == 1
