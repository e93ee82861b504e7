"""The resident's ballot online: choose, confirm, cast, receipt, signed out."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from hromada.budget.enums import BallotKind, PhaseKind, VotesScope
from hromada.core.models import ActivityLog
from hromada.voting.forms import new_idempotency_key, sign_ballot
from hromada.voting.models import Ballot, CastRequest, VoterRecord
from hromada.voting.receipts import new_receipt_code, normalise_code
from tests.factories.budget import make_resident
from tests.factories.voting import project_by_number, village, voting_edition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def url(name: str, edition, **kwargs) -> str:
    return reverse(f"voting:{name}", kwargs={"edition": edition.slug, **kwargs})


def signed_in(client, **resident):
    user = make_resident(**resident)
    client.force_login(user)
    return user


def confirm_page(client, edition, *numbers: int):
    ids = [project_by_number(edition, n).pk for n in numbers]
    return client.post(url("confirm", edition), {"project": ids})


def token_of(response) -> str:
    return re.search(r'name="ballot" value="([^"]+)"', response.content.decode()).group(1)


def test_a_resident_sees_the_pools_they_may_vote_in():
    edition = voting_edition()
    from django.test import Client

    client = Client()
    signed_in(client)
    page = client.get(url("ballot", edition)).content.decode()
    assert "Лавки у сквері" in page
    assert "Дитячий майданчик" in page
    # The villages pool is only for residents of Богдашів.
    assert "Зупинка в Богдашеві" not in page


def test_a_village_resident_also_sees_the_village_pool(client):
    edition = voting_edition()
    signed_in(client, settlement_code=village().code)
    page = client.get(url("ballot", edition)).content.decode()
    assert "Зупинка в Богдашеві" in page


def test_the_ballot_asks_anonymous_visitors_to_sign_in(client):
    edition = voting_edition()
    page = client.get(url("ballot", edition))
    assert page.status_code == 200
    assert "confirm who you are" in page.content.decode()


def test_casting_writes_one_ballot_and_one_voter_record_and_signs_out(client):
    edition = voting_edition()
    user = signed_in(client)
    confirm = confirm_page(client, edition, 1, 4)
    assert confirm.status_code == 200
    assert "Лавки у сквері" in confirm.content.decode()
    cast = client.post(url("cast", edition), {"ballot": token_of(confirm)})
    assert cast.status_code == 303
    assert cast["Location"] == url("done", edition)
    done = client.get(cast["Location"]).content.decode()
    code = re.search(r'id="receipt-code">([0-9A-Z-]+)<', done).group(1)
    assert len(code) == 16
    assert "_auth_user_id" not in client.session
    ballot = Ballot.objects.get()
    assert sorted(c[0] for c in ballot.choices) == sorted(
        [project_by_number(edition, 1).pk, project_by_number(edition, 4).pk]
    )
    record = VoterRecord.objects.get()
    assert record.person_key == user.identity.person_key
    assert record.channel == "online"


def test_a_repeated_cast_of_the_same_form_gets_the_same_receipt(client):
    edition = voting_edition()
    signed_in(client)
    token = token_of(confirm_page(client, edition, 1))
    first = client.post(url("cast", edition), {"ballot": token})
    code = client.get(first["Location"]).content.decode()
    again = client.post(url("cast", edition), {"ballot": token})  # signed out by now
    assert again.status_code == 303
    assert (
        client.get(again["Location"])
        .content.decode()
        .count(re.search(r'id="receipt-code">([0-9A-Z-]+)<', code).group(1))
        == 1
    )
    assert Ballot.objects.count() == 1
    assert VoterRecord.objects.count() == 1


def test_a_second_ballot_from_another_tab_is_refused(client):
    edition = voting_edition()
    user = signed_in(client)
    first = token_of(confirm_page(client, edition, 1))
    second = token_of(confirm_page(client, edition, 2))
    client.post(url("cast", edition), {"ballot": first})
    client.force_login(user)
    refused = client.post(url("cast", edition), {"ballot": second})
    assert refused.status_code == 409  # refused by the database: one voter record each
    assert "already voted" in refused.content.decode()
    assert Ballot.objects.count() == 1


def test_too_many_choices_are_refused_with_the_choices_kept(client):
    edition = voting_edition()
    signed_in(client)
    page = confirm_page(client, edition, 1, 2)
    assert page.status_code == 400
    text = page.content.decode()
    assert "Choose at most 1 project in each pool." in text
    assert text.count(" checked") == 2
    assert Ballot.objects.count() == 0


def test_a_project_of_a_pool_the_person_may_not_vote_in_is_refused(client):
    edition = voting_edition()
    signed_in(client)
    page = confirm_page(client, edition, 5)
    assert page.status_code == 400
    assert "belongs to a pool you may not vote in" in page.content.decode()


def test_a_forged_token_is_refused_and_nothing_is_written(client):
    edition = voting_edition()
    signed_in(client)
    token = token_of(confirm_page(client, edition, 1))
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    page = client.post(url("cast", edition), {"ballot": forged})
    assert page.status_code == 400
    assert "This form was changed" in page.content.decode()
    assert Ballot.objects.count() == VoterRecord.objects.count() == 0


def test_a_token_made_for_another_voter_is_refused(client):
    edition = voting_edition()
    user = signed_in(client)
    other = make_resident()
    token = sign_ballot(
        edition.pk, other.pk, {project_by_number(edition, 1).pk: 1}, new_idempotency_key()
    )
    page = client.post(url("cast", edition), {"ballot": token})
    assert page.status_code == 400
    assert Ballot.objects.count() == 0
    assert user.pk != other.pk


def test_voting_after_the_window_is_refused(client):
    edition = voting_edition()
    user = signed_in(client)
    token = sign_ballot(
        edition.pk, user.pk, {project_by_number(edition, 1).pk: 1}, new_idempotency_key()
    )
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    voting.ends_on = date.today() - timedelta(days=1)
    voting.starts_on = voting.ends_on - timedelta(days=5)
    voting.save()
    page = client.post(url("cast", edition), {"ballot": token})
    assert page.status_code == 200
    assert "not open now" in page.content.decode()
    assert Ballot.objects.count() == 0


def test_an_under_age_resident_cannot_vote(client):
    edition = voting_edition()
    signed_in(client, birth_date=date.today() - timedelta(days=365 * 15))
    page = client.get(url("ballot", edition))
    assert "at least 16 years old" in page.content.decode()
    assert (
        client.post(
            url("confirm", edition), {"project": [project_by_number(edition, 1).pk]}
        ).status_code
        == 200
    )
    assert Ballot.objects.count() == 0


def test_knapsack_over_the_money_is_refused(client):
    edition = voting_edition(ballot_kind=BallotKind.KNAPSACK)
    edition.pools.filter(code="small").update(amount=120000)
    signed_in(client)
    assert confirm_page(client, edition, 1, 2).status_code == 200  # 100 000 fits
    over = confirm_page(client, edition, 1, 2, 3)  # 190 000 does not
    assert over.status_code == 400
    assert "cost more than the pool&#x27;s money (120 000 UAH)" in over.content.decode()
    assert Ballot.objects.count() == 0


def test_points_over_the_allowance_are_refused(client):
    edition = voting_edition(
        ballot_kind=BallotKind.CUMULATIVE, votes_per_voter=3, votes_scope=VotesScope.TOTAL
    )
    signed_in(client)
    one, two = project_by_number(edition, 1).pk, project_by_number(edition, 4).pk
    page = client.post(url("confirm", edition), {f"points-{one}": "2", f"points-{two}": "2"})
    assert page.status_code == 400
    assert "You have 3 points to distribute." in page.content.decode()
    fine = client.post(url("confirm", edition), {f"points-{one}": "2", f"points-{two}": "1"})
    assert fine.status_code == 200


def test_the_cast_audit_row_refers_to_the_voter_record_never_to_the_ballot(client):
    edition = voting_edition()
    signed_in(client)
    client.post(url("cast", edition), {"ballot": token_of(confirm_page(client, edition, 1))})
    ballot = Ballot.objects.get()
    rows = list(ActivityLog.objects.all().values())
    assert any(row["action"] == "voting.cast.online" for row in rows)
    for row in rows:
        assert row["object_type"] != "voting.ballot"
        assert str(ballot.pk) not in str(row)
        assert ballot.receipt_hash not in str(row)


def test_the_receipt_check_confirms_acceptance_without_contents(client):
    edition = voting_edition()
    signed_in(client)
    cast = client.post(url("cast", edition), {"ballot": token_of(confirm_page(client, edition, 1))})
    code = re.search(
        r'id="receipt-code">([0-9A-Z-]+)<', client.get(cast["Location"]).content.decode()
    ).group(1)
    page = client.post(url("receipt", edition), {"code": code.lower()}).content.decode()
    assert "Your ballot was accepted." in page
    assert "Лавки у сквері" not in page
    assert CastRequest.objects.count() == 1


def test_a_tampered_receipt_code_is_refused_clearly(client):
    edition = voting_edition()
    code = new_receipt_code()
    tampered = next(
        altered
        for char in "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        if (altered := char + code[1:]) != code and normalise_code(altered) is None
    )
    page = client.post(url("receipt", edition), {"code": tampered})
    assert page.status_code == 400
    assert "not a valid receipt code" in page.content.decode()


def test_an_unknown_receipt_code_is_reported_as_not_found(client):
    edition = voting_edition()
    page = client.post(url("receipt", edition), {"code": new_receipt_code()})
    assert page.status_code == 200
    assert "No ballot with this code is in this edition." in page.content.decode()


def test_voting_before_the_window_shows_when_it_opens(client):
    edition = voting_edition()
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    voting.starts_on = date.today() + timedelta(days=3)
    voting.ends_on = date.today() + timedelta(days=20)
    voting.save()
    signed_in(client)
    page = client.get(url("ballot", edition)).content.decode()
    assert "Voting in this edition is not open now." in page
    assert f"Voting opens on {voting.starts_on:%d.%m.%Y}" in page


def test_a_demo_identity_cannot_vote_outside_demo_mode(client, settings):
    from hromada.accounts.enums import IdentityProvider

    settings.DEMO_MODE = False
    edition = voting_edition()
    user = signed_in(client)
    user.identity.provider = IdentityProvider.DEMO
    user.identity.save()
    page = client.post(url("confirm", edition), {"project": [project_by_number(edition, 1).pk]})
    assert "A demo identity cannot vote" in page.content.decode()
    assert Ballot.objects.count() == 0


def test_an_author_cannot_vote_for_their_own_project(client):
    edition = voting_edition()
    user = signed_in(client)
    project = project_by_number(edition, 1)
    project.author = user
    project.save()
    page = confirm_page(client, edition, 1)
    assert page.status_code == 400
    assert "Authors cannot vote for their own project." in page.content.decode()


def test_a_resident_of_no_accepted_basis_cannot_vote(client):
    from hromada.accounts.enums import ResidencyBasis

    edition = voting_edition()
    signed_in(client, basis=ResidencyBasis.WORK)
    page = client.get(url("ballot", edition)).content.decode()
    assert "residency is not confirmed on a basis this edition accepts" in page


def test_the_ballot_order_is_random_per_voter_but_stable(client):
    edition = voting_edition()
    signed_in(client)
    first = client.get(url("ballot", edition)).content.decode()
    again = client.get(url("ballot", edition)).content.decode()
    order = lambda page: re.findall(r'name="project" value="(\d+)"', page)  # noqa: E731
    assert order(first) == order(again)
    orders = set()
    for _ in range(8):
        from django.test import Client

        other = Client()
        signed_in(other)
        orders.add(tuple(order(other.get(url("ballot", edition)).content.decode())))
    assert len(orders) > 1


def test_an_expired_confirmation_gives_the_choices_back(client, monkeypatch):
    from hromada.voting import forms

    edition = voting_edition()
    signed_in(client)
    token = token_of(confirm_page(client, edition, 4))
    monkeypatch.setattr(forms, "TOKEN_MAX_AGE_SECONDS", -1)
    page = client.post(url("cast", edition), {"ballot": token})
    assert page.status_code == 400
    text = page.content.decode()
    assert "The confirmation has expired" in text
    checked = re.findall(r'name="project" value="(\d+)"[^>]*checked', text)
    assert checked == [str(project_by_number(edition, 4).pk)]
    assert Ballot.objects.count() == 0


def test_a_ballot_problem_found_at_the_cast_is_shown_on_the_ballot(client):
    edition = voting_edition()
    user = signed_in(client)
    one, two = project_by_number(edition, 1).pk, project_by_number(edition, 2).pk
    # A token signed with two projects of one pool (as if the limit had been bypassed).
    token = sign_ballot(edition.pk, user.pk, {one: 1, two: 1}, new_idempotency_key())
    page = client.post(url("cast", edition), {"ballot": token})
    assert page.status_code == 400
    assert "Choose at most 1 project in each pool." in page.content.decode()
    assert Ballot.objects.count() == VoterRecord.objects.count() == 0


def test_an_empty_receipt_code_is_asked_for(client):
    edition = voting_edition()
    page = client.post(url("receipt", edition), {"code": "  "})
    assert page.status_code == 400
    assert "Enter the code from your receipt." in page.content.decode()
