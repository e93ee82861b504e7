"""Annulment by a commission decision with the commission's private key."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from hromada.core.models import ActivityLog
from hromada.voting.models import Annulment, Ballot, VoterRecord
from hromada.voting.sealing import generate_key_pair, split_private_key
from hromada.voting.services.annulment import annul_ballots, parse_record_numbers, split_key_texts
from hromada.voting.services.keys import destroy_key
from tests.factories.accounts import make_user
from tests.factories.voting import cast, commission_key_pair, voter, voting_edition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _cast_three(edition):
    people = [voter() for _ in range(3)]
    for who, number in zip(people, (1, 2, 3), strict=True):
        cast(edition, {number: 1}, who=who)
    return [VoterRecord.objects.get(person_key=who.person_key) for who in people]


def _annul(edition, records, **overrides):
    values = {
        "edition": edition,
        "record_numbers": [r.pk for r in records],
        "key_texts": [commission_key_pair().private_key_pem],
        "protocol_number": "7",
        "decided_on": timezone.localdate(),
        "reason": "Identities found fake by the police report of 03.06.",
        "actor": make_user(),
    }
    values.update(overrides)
    return annul_ballots(**values)


def test_annulment_removes_exactly_the_named_ballots():
    edition = voting_edition()
    records = _cast_three(edition)
    kept = {tuple(map(tuple, b.choices)) for b in Ballot.objects.all()}
    result = _annul(edition, records[1:2])
    assert result.annulment.ballots_removed == 1
    assert Ballot.objects.count() == 2
    remaining = {tuple(map(tuple, b.choices)) for b in Ballot.objects.all()}
    assert len(kept - remaining) == 1
    records[1].refresh_from_db()
    assert records[1].annulment == result.annulment
    assert VoterRecord.objects.filter(annulment__isnull=True).count() == 2


def test_the_removed_ballot_is_the_named_persons():
    edition = voting_edition()
    records = _cast_three(edition)
    from hromada.budget.models import Project

    second_project = Project.objects.get(edition=edition, number=2).pk
    _annul(edition, records[1:2])
    assert not any(b.choices[0][0] == second_project for b in Ballot.objects.all())


def test_parts_of_the_key_work_like_the_whole_key():
    edition = voting_edition()
    records = _cast_three(edition)
    parts = split_private_key(commission_key_pair().private_key_pem, 3)
    _annul(edition, records[:1], key_texts=split_key_texts("\n".join(parts)))
    assert Ballot.objects.count() == 2


def test_annulment_without_the_key_is_refused_and_changes_nothing():
    edition = voting_edition()
    records = _cast_three(edition)
    with pytest.raises(ValidationError) as refused:
        _annul(edition, records, key_texts=[])
    assert "private key is needed" in str(refused.value)
    assert Ballot.objects.count() == 3
    assert Annulment.objects.count() == 0


def test_annulment_with_a_foreign_key_is_refused():
    edition = voting_edition()
    records = _cast_three(edition)
    with pytest.raises(ValidationError) as refused:
        _annul(edition, records, key_texts=[generate_key_pair().private_key_pem])
    assert "not the private key of this edition" in str(refused.value)
    assert Ballot.objects.count() == 3


def test_annulment_without_a_decision_is_refused():
    edition = voting_edition()
    records = _cast_three(edition)
    with pytest.raises(ValidationError) as refused:
        _annul(edition, records, protocol_number=" ", decided_on=None, reason="")
    assert set(refused.value.message_dict) == {"protocol_number", "decided_on", "reason"}
    assert Ballot.objects.count() == 3


def test_an_unknown_voter_record_refuses_the_whole_annulment():
    edition = voting_edition()
    records = _cast_three(edition)
    with pytest.raises(ValidationError) as refused:
        _annul(edition, records[:1], record_numbers=[records[0].pk, 999999])
    assert "#999999" in str(refused.value)
    assert Ballot.objects.count() == 3
    assert VoterRecord.objects.filter(annulment__isnull=False).count() == 0


def test_a_record_cannot_be_annulled_twice():
    edition = voting_edition()
    records = _cast_three(edition)
    _annul(edition, records[:1])
    with pytest.raises(ValidationError, match="Already annulled"):
        _annul(edition, records[:1])


def test_after_the_key_is_destroyed_nothing_can_be_annulled_and_links_are_gone():
    edition = voting_edition()
    records = _cast_three(edition)
    destroy_key(edition=edition, actor=make_user())
    assert set(VoterRecord.objects.values_list("sealed_ballot", flat=True)) == {""}
    with pytest.raises(ValidationError, match="destroyed its key"):
        _annul(edition, records[:1])


def test_the_audit_row_names_voter_records_not_ballots():
    edition = voting_edition()
    records = _cast_three(edition)
    ballot_ids = {str(b.pk) for b in Ballot.objects.all()}
    _annul(edition, records[:1])
    row = ActivityLog.objects.get(action="voting.annulled")
    assert row.after["voter_records"] == [records[0].pk]
    assert not any(ballot_id in str(row.after) for ballot_id in ballot_ids)


def test_a_person_whose_ballot_was_annulled_cannot_vote_again():
    edition = voting_edition()
    who = voter()
    cast(edition, {1: 1}, who=who)
    _annul(edition, [VoterRecord.objects.get(person_key=who.person_key)])
    with pytest.raises(ValidationError) as refused:
        cast(edition, {2: 1}, who=who)
    assert refused.value.code == "already_voted"


def test_record_numbers_are_read_from_free_text():
    assert parse_record_numbers("#12, 7;  301\n12") == [7, 12, 301]
    with pytest.raises(ValidationError):
        parse_record_numbers("12, abc")
    with pytest.raises(ValidationError):
        parse_record_numbers("  ")


def test_a_future_decision_date_is_refused():
    edition = voting_edition()
    records = _cast_three(edition)
    with pytest.raises(ValidationError) as refused:
        _annul(edition, records[:1], decided_on=date.today() + timedelta(days=2))
    assert "decided_on" in refused.value.message_dict


def _annul_page(client, edition, records, key):
    member = make_user("budget_commission_member", scope=edition)
    client.force_login(member)
    return client.post(
        reverse("voting:staff_annul", kwargs={"edition": edition.slug}),
        {
            "action": "annul",
            "protocol_number": "7",
            "decided_on": timezone.localdate().isoformat(),
            "reason": "Fake identities.",
            "records": ", ".join(str(r.pk) for r in records),
            "key": key,
        },
    )


def test_the_annul_page_refuses_without_the_key(client):
    edition = voting_edition()
    records = _cast_three(edition)
    page = _annul_page(client, edition, records[:1], "")
    assert page.status_code == 400
    assert "private key is needed" in page.content.decode()
    assert Ballot.objects.count() == 3


def test_the_annul_page_annuls_and_never_echoes_the_key(client):
    edition = voting_edition()
    records = _cast_three(edition)
    key = commission_key_pair().private_key_pem
    page = _annul_page(client, edition, records[:2], key)
    assert page.status_code == 200
    assert "2 ballots were removed by decision № 7." in page.content.decode()
    assert Ballot.objects.count() == 1
    body = key.splitlines()[5]
    assert body not in page.content.decode()


def test_a_wrong_key_on_the_annul_page_is_not_echoed_back(client):
    edition = voting_edition()
    records = _cast_three(edition)
    key = generate_key_pair().private_key_pem
    page = _annul_page(client, edition, records[:1], key)
    assert page.status_code == 400
    assert key.splitlines()[5] not in page.content.decode()
    assert Ballot.objects.count() == 3


def test_residents_cannot_open_the_annul_page(client):
    edition = voting_edition()
    client.force_login(make_user())
    page = client.get(reverse("voting:staff_annul", kwargs={"edition": edition.slug}))
    assert page.status_code == 403
