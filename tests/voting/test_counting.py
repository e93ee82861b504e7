"""Counting an edition after the close, and the commission's approval of a count."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hromada.budget.calendar import end_of
from hromada.budget.enums import PhaseKind, ProjectState
from hromada.budget.models import Edition, Pool, Project
from hromada.core.models import ActivityLog
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import Ballot, CastRequest, ResultsSnapshot, SnapshotFile
from hromada.voting.publication import sha256_of
from hromada.voting.services.approval import approve_snapshot
from hromada.voting.services.counting import (
    count_edition,
    latest_snapshot,
    public_snapshot,
)
from tests.factories.accounts import make_user
from tests.factories.budget_projects import make_project
from tests.factories.voting import cast, project_by_number, village, voter, voting_edition

pytestmark = pytest.mark.django_db


def after_close(edition: Edition) -> datetime:
    phase = edition.phases.get(kind=PhaseKind.VOTING)
    return end_of(phase.ends_on) + timedelta(seconds=1)


def count(edition: Edition, **options: Any) -> ResultsSnapshot:
    if "actor" not in options:
        options["actor"] = make_user()
    if "now" not in options:
        options["now"] = after_close(edition)
    return count_edition(edition=edition, **options)


def votes(edition: Edition, number: int, times: int, **options: Any) -> None:
    for _ in range(times):
        cast(edition, {number: 1}, **options)


def pool_result(snapshot: ResultsSnapshot, code: str) -> dict[str, Any]:
    return next(pool for pool in snapshot.outcome["pools"] if pool["code"] == code)


def selected(snapshot: ResultsSnapshot, code: str) -> list[int]:
    return [p["number"] for p in pool_result(snapshot, code)["projects"] if p["selected"]]


def project_result(snapshot: ResultsSnapshot, number: int) -> dict[str, Any]:
    for pool in snapshot.outcome["pools"]:
        for project in pool["projects"]:
            if project["number"] == number:
                return dict(project)
    raise AssertionError(number)


def add_project(edition: Edition, pool_code: str, cost: str, title: str = "Проєкт") -> Project:
    return make_project(
        edition,
        state=ProjectState.ADMITTED,
        title=title,
        pool_code=pool_code,
        cost_items=[("Роботи", "посл.", Decimal("1"), Decimal(cost))],
    )


def set_pool_amount(edition: Edition, code: str, amount: str) -> None:
    Pool.objects.filter(edition=edition, code=code).update(amount=Decimal(amount))


def large_pool_that_overflows(**settings: Any) -> Edition:
    """Large pool 300 000: № 4 (250 000, 3 votes), № 6 (100 000, 2 votes) does not fit
    after it, № 7 (40 000, 1 vote) would."""
    edition = voting_edition(**settings)
    add_project(edition, "large", "100000")  # № 6
    add_project(edition, "large", "40000")  # № 7
    votes(edition, 4, 3)
    votes(edition, 6, 2)
    votes(edition, 7, 1)
    return edition


# ------------------------------------------------------------------------- refusals


def test_count_is_refused_while_voting_is_open():
    edition = voting_edition()
    cast(edition, {1: 1})
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        count(edition, now=timezone.now())
    assert raised.value.code == "voting_open"
    assert raised.value.messages[0].startswith(
        "Voting has not closed yet: the votes can be counted after "
    )
    assert ResultsSnapshot.objects.count() == 0
    assert CastRequest.objects.filter(edition=edition).count() == 1


def test_count_is_refused_at_the_last_second_of_voting():
    edition = voting_edition()
    with pytest.raises(ValidationError) as raised:
        count(edition, now=after_close(edition) - timedelta(seconds=1))
    assert raised.value.code == "voting_open"


def test_count_is_allowed_once_voting_was_closed_early():
    edition = voting_edition()
    cast(edition, {1: 1})
    closed_at = timezone.now()
    edition.phases.filter(kind=PhaseKind.VOTING).update(closed_early_at=closed_at)
    snapshot = count(edition, now=closed_at + timedelta(seconds=1))
    assert snapshot.ballots_counted == 1


def test_count_is_refused_without_a_voting_phase():
    edition = voting_edition()
    edition.phases.filter(kind=PhaseKind.VOTING).delete()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        count(edition, now=timezone.now() + timedelta(days=60))
    assert raised.value.messages == [
        "This edition has no voting phase, so there are no votes to count."
    ]
    assert ResultsSnapshot.objects.count() == 0


def test_count_with_a_lot_is_refused_without_the_seed():
    edition = voting_edition(tie_break="lot")
    cast(edition, {1: 1})
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        count(edition, lot_seed="   ")
    assert raised.value.message_dict == {
        "lot_seed": [
            "Ties are broken by a lot in this edition: enter the lot the commission drew "
            "before counting."
        ]
    }
    assert ResultsSnapshot.objects.count() == 0
    assert CastRequest.objects.filter(edition=edition).count() == 1


def test_count_is_refused_with_an_overlong_seed():
    edition = voting_edition(tie_break="lot")
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        count(edition, lot_seed="7" * 101)
    assert raised.value.message_dict == {
        "lot_seed": ["The lot can be at most 100 characters long."]
    }


def test_count_is_refused_without_admitted_projects():
    edition = voting_edition(projects=False)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        count(edition)
    assert raised.value.messages == [
        "This edition has no projects admitted to the vote: there is nothing to count."
    ]
    assert ResultsSnapshot.objects.count() == 0


def test_counting_again_needs_a_reason():
    edition = voting_edition()
    cast(edition, {1: 1})
    count(edition)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        count(edition, reason=" ")
    assert raised.value.message_dict == {
        "reason": ["The votes have been counted before: say why they are counted again."]
    }
    assert ResultsSnapshot.objects.filter(edition=edition).count() == 1


# ------------------------------------------------------------------ what a count keeps


def test_count_keeps_a_draft_snapshot_with_its_numbers():
    edition = voting_edition()
    cast(edition, {1: 1, 4: 1})
    cast(edition, {2: 1})
    actor = make_user()
    moment = after_close(edition)
    snapshot = count(edition, actor=actor, now=moment)
    assert (
        snapshot.sequence,
        snapshot.status,
        snapshot.counted_by,
        snapshot.counted_at,
        snapshot.ballots_counted,
        snapshot.ballots_annulled,
    ) == (1, SnapshotStatus.DRAFT, actor, moment, 2, 0)


def test_count_deletes_the_idempotency_keys_of_the_edition_only():
    edition = voting_edition()
    other = voting_edition(slug="2024-youth")
    cast(edition, {1: 1})
    cast(other, {1: 1})
    count(edition)
    assert CastRequest.objects.filter(edition=edition).count() == 0
    assert CastRequest.objects.filter(edition=other).count() == 1


def test_count_stores_the_files_with_their_hashes_and_the_checksum():
    edition = voting_edition()
    cast(edition, {1: 1})
    snapshot = count(edition)
    files = {f.name: f for f in SnapshotFile.objects.filter(snapshot=snapshot)}
    assert sorted(files) == [
        "SHA256SUMS",
        "large-tiebreak.txt",
        "large.csv",
        "large.pb",
        "receipts.txt",
        "small-tiebreak.txt",
        "small.csv",
        "small.pb",
        "villages-tiebreak.txt",
        "villages.csv",
        "villages.pb",
    ]
    assert all(f.sha256 == sha256_of(f.content) for f in files.values())
    assert snapshot.checksum == sha256_of(files["SHA256SUMS"].content)


def test_count_writes_an_activity_row():
    edition = voting_edition()
    cast(edition, {1: 1})
    snapshot = count(edition)
    entry = ActivityLog.objects.get(action="voting.counted")
    assert (entry.object_type, entry.object_id) == ("budget.edition", str(edition.pk))
    assert entry.after == {
        "sequence": 1,
        "checksum": snapshot.checksum,
        "ballots_counted": 1,
        "ballots_annulled": 0,
    }


def test_a_new_count_supersedes_the_earlier_draft():
    edition = voting_edition()
    cast(edition, {1: 1})
    first = count(edition)
    second = count(edition, reason="Перевірка після анулювання")
    first.refresh_from_db()
    assert (first.status, second.status, second.sequence, second.reason) == (
        SnapshotStatus.SUPERSEDED,
        SnapshotStatus.DRAFT,
        2,
        "Перевірка після анулювання",
    )


def test_count_keeps_the_participation_statistics():
    edition = voting_edition()
    cast(edition, {1: 1})
    snapshot = count(edition)
    assert snapshot.statistics["total"] == 1


def test_outcome_of_a_pool_has_every_field():
    edition = voting_edition()
    cast(edition, {1: 1, 4: 1})
    cast(edition, {1: 1})
    snapshot = count(edition)
    small = pool_result(snapshot, "small")
    assert {key: value for key, value in small.items() if key != "projects"} == {
        "pool": Pool.objects.get(edition=edition, code="small").pk,
        "code": "small",
        "name_uk": "Малі проєкти",
        "name_en": "",
        "budget": "600000.00",
        "transferred_in": "0.00",
        "transferred_from": None,
        "effective_budget": "600000.00",
        "used": "40000.00",
        "leftover": "560000.00",
        "leftover_to": "budget",
        "voters": 2,
        "rule": "greedy",
        "by": "votes",
        "minimum_votes": 1,
        "leftover_rule": "skip",
        "files": {"pb": "small.pb", "csv": "small.csv", "tiebreak": "small-tiebreak.txt"},
        "command": "python -m hromada.tally small.pb --rule greedy --min-votes 1 "
        "--tie-break order:small-tiebreak.txt",
    }


def test_outcome_of_a_project_has_every_field():
    edition = voting_edition()
    cast(edition, {1: 1})
    cast(edition, {1: 1})
    snapshot = count(edition)
    assert project_result(snapshot, 1) == {
        "project": project_by_number(edition, 1).pk,
        "number": 1,
        "title": "Лавки у сквері",
        "cost": "40000.00",
        "votes": 2,
        "points": 2,
        "selected": True,
        "rank": 1,
        "explanation": {
            "code": "selected",
            "numbers": {"round": 1, "votes": 2, "cost": "40000", "remaining": "560000"},
        },
    }


def test_outcome_totals():
    edition = voting_edition()
    cast(edition, {1: 1, 4: 1})
    snapshot = count(edition)
    outcome = snapshot.outcome
    assert (
        outcome["ballots"],
        outcome["annulled"],
        outcome["total_budget"],
        outcome["total_used"],
    ) == (1, 0, "1000000.00", "290000.00")


def test_pools_are_counted_in_position_order():
    edition = voting_edition()
    Pool.objects.filter(edition=edition, code="villages").update(position=0)
    snapshot = count(edition)
    assert [pool["code"] for pool in snapshot.outcome["pools"]] == ["villages", "small", "large"]


def test_projects_are_ranked_winners_first_then_by_votes():
    edition = voting_edition()
    set_pool_amount(edition, "small", "100000")
    votes(edition, 3, 3)  # 90 000, taken
    votes(edition, 2, 2)  # 60 000, does not fit
    votes(edition, 1, 1)  # 40 000, does not fit either
    snapshot = count(edition)
    ranking = [(p["number"], p["rank"]) for p in pool_result(snapshot, "small")["projects"]]
    assert ranking == [(3, 1), (2, 2), (1, 3)]


# --------------------------------------------------------------------- leftover money


def test_greedy_skips_a_project_that_does_not_fit_and_takes_the_next():
    snapshot = count(large_pool_that_overflows())
    assert selected(snapshot, "large") == [4, 7]
    assert project_result(snapshot, 6)["explanation"] == {
        "code": "skipped_does_not_fit",
        "numbers": {"cost": "100000", "remaining": "50000"},
    }


def test_return_stops_at_the_first_project_that_does_not_fit():
    snapshot = count(large_pool_that_overflows(leftover_rule="return"))
    large = pool_result(snapshot, "large")
    assert selected(snapshot, "large") == [4]
    assert project_result(snapshot, 7)["explanation"]["code"] == "stopped_no_skip"
    assert (large["leftover"], large["leftover_to"]) == ("50000.00", "budget")
    assert "--no-skip" in large["command"]


def transfer_chain(**settings: Any) -> Edition:
    """Small pool 100 000: № 1 (40 000, 2 votes) taken, № 3 (90 000, 1 vote) does not
    fit: counting stops and 60 000 moves on. Large pool 300 000 + 60 000: № 4 (250 000,
    2 votes) and № 6 (100 000, 1 vote), which fits only thanks to the transfer."""
    edition = voting_edition(**settings)
    set_pool_amount(edition, "small", "100000")
    add_project(edition, "large", "100000")  # № 6
    cast(edition, {1: 1, 4: 1})
    cast(edition, {1: 1, 4: 1})
    cast(edition, {3: 1, 6: 1})
    return edition


def test_transfer_moves_the_leftover_to_the_next_pool():
    snapshot = count(transfer_chain(leftover_rule="transfer"))
    small, large = pool_result(snapshot, "small"), pool_result(snapshot, "large")
    assert (small["leftover"], small["leftover_to"]) == ("60000.00", "large")
    assert (large["transferred_in"], large["transferred_from"], large["effective_budget"]) == (
        "60000.00",
        "small",
        "360000.00",
    )
    assert selected(snapshot, "large") == [4, 6]


def test_transfer_goes_on_down_the_pools():
    snapshot = count(transfer_chain(leftover_rule="transfer"))
    large, villages = pool_result(snapshot, "large"), pool_result(snapshot, "villages")
    assert (large["leftover"], large["leftover_to"]) == ("10000.00", "villages")
    assert (villages["transferred_in"], villages["effective_budget"]) == (
        "10000.00",
        "110000.00",
    )


def test_transfer_is_noted_in_the_next_pools_file():
    snapshot = count(transfer_chain(leftover_rule="transfer"))
    content = snapshot.files.get(name="large.pb").content
    assert "budget;360000\n" in content
    assert "budget_transferred_in;60000 from small\n" in content


def test_without_a_transfer_the_next_pool_keeps_its_own_money():
    snapshot = count(transfer_chain(leftover_rule="return"))
    large = pool_result(snapshot, "large")
    assert (large["transferred_in"], large["transferred_from"]) == ("0.00", None)
    assert selected(snapshot, "large") == [4]
    assert "budget_transferred_in" not in snapshot.files.get(name="large.pb").content


def test_the_last_pools_leftover_returns_to_the_budget_under_transfer():
    edition = voting_edition(leftover_rule="transfer")
    cast(edition, {5: 1}, who=voter(settlement_obj=village()))
    snapshot = count(edition)
    assert pool_result(snapshot, "villages")["leftover_to"] == "budget"


def test_a_pool_that_spends_everything_has_no_leftover_destination():
    edition = voting_edition()
    set_pool_amount(edition, "small", "40000")
    cast(edition, {1: 1})
    snapshot = count(edition)
    small = pool_result(snapshot, "small")
    assert (small["leftover"], small["leftover_to"]) == ("0.00", None)


# ------------------------------------------------------------------- minimum votes


def test_a_project_below_the_pools_minimum_votes_is_not_selected():
    edition = voting_edition()
    Pool.objects.filter(edition=edition, code="small").update(minimum_votes=3)
    votes(edition, 1, 3)
    votes(edition, 2, 2)
    snapshot = count(edition)
    assert selected(snapshot, "small") == [1]
    assert project_result(snapshot, 2)["explanation"] == {
        "code": "below_minimum",
        "numbers": {"value": 2, "minimum": 3},
    }
    assert "--min-votes 3" in pool_result(snapshot, "small")["command"]


def test_a_project_without_votes_is_never_selected_even_when_it_fits():
    edition = voting_edition()
    cast(edition, {1: 1})
    snapshot = count(edition)
    assert selected(snapshot, "small") == [1]
    assert project_result(snapshot, 3)["explanation"]["code"] == "below_minimum"


def test_a_pool_nobody_voted_in_selects_nothing():
    edition = voting_edition()
    cast(edition, {1: 1})
    snapshot = count(edition)
    villages = pool_result(snapshot, "villages")
    assert (villages["voters"], villages["used"], villages["leftover"]) == (0, "0.00", "100000.00")
    assert [(p["number"], p["votes"], p["selected"]) for p in villages["projects"]] == [
        (5, 0, False)
    ]


# ------------------------------------------------------------------------ tie-breaks


def tied_pair(**settings: Any) -> Edition:
    """№ 1 (40 000) and № 2 (60 000) with one vote each in a pool of 70 000: only one
    fits. № 2 was submitted first."""
    edition = voting_edition(**settings)
    set_pool_amount(edition, "small", "70000")
    first = timezone.now() - timedelta(days=50)
    Project.objects.filter(edition=edition, number=2).update(first_submitted_at=first)
    Project.objects.filter(edition=edition, number=1).update(
        first_submitted_at=first + timedelta(hours=1)
    )
    Project.objects.filter(edition=edition, number=3).update(
        first_submitted_at=first + timedelta(hours=2)
    )
    votes(edition, 1, 1)
    votes(edition, 2, 1)
    return edition


def test_tie_goes_to_the_earlier_submission():
    snapshot = count(tied_pair(tie_break="earlier_submission"))
    assert selected(snapshot, "small") == [2]
    assert snapshot.files.get(name="small-tiebreak.txt").content == "2\n1\n3\n"


def test_tie_goes_to_the_lower_cost():
    snapshot = count(tied_pair(tie_break="lower_cost"))
    assert selected(snapshot, "small") == [1]
    assert snapshot.files.get(name="small-tiebreak.txt").content == "1\n2\n3\n"


def lot_order(seed: str, numbers: list[int]) -> list[int]:
    return sorted(numbers, key=lambda n: hashlib.sha256(f"{seed}:{n}".encode()).hexdigest())


@pytest.mark.parametrize("seed", ["17-42-03", "a"])
def test_tie_goes_to_the_project_the_lot_favours(seed: str):
    edition = tied_pair(tie_break="lot")
    expected = lot_order(seed, [1, 2])[0]
    snapshot = count(edition, lot_seed=seed)
    assert selected(snapshot, "small") == [expected]
    assert snapshot.lot_seed == seed
    order = snapshot.files.get(name="small-tiebreak.txt").content
    assert order == "".join(f"{n}\n" for n in lot_order(seed, [1, 2, 3]))


def test_the_two_seeds_of_the_lot_test_favour_different_projects():
    # Otherwise the parametrised lot test could not tell a lot from a fixed order.
    assert lot_order("17-42-03", [1, 2])[0] != lot_order("a", [1, 2])[0]


# ------------------------------------------------------------ points, MES, territories


def test_cumulative_ballots_are_counted_by_points():
    edition = voting_edition(ballot_kind="cumulative", votes_per_voter=5)
    set_pool_amount(edition, "small", "60000")
    cast(edition, {1: 5})  # № 1: one voter, 5 points
    cast(edition, {2: 1})  # № 2: two voters, 2 points
    cast(edition, {2: 1})
    snapshot = count(edition)
    small = pool_result(snapshot, "small")
    assert selected(snapshot, "small") == [1]
    assert [(p["number"], p["votes"], p["points"]) for p in small["projects"][:2]] == [
        (1, 1, 5),
        (2, 2, 2),
    ]
    assert (small["by"], "--by points" in small["command"]) == ("points", True)


def test_cumulative_pool_file_says_so():
    edition = voting_edition(ballot_kind="cumulative", votes_per_voter=5)
    cast(edition, {1: 3, 2: 2})
    snapshot = count(edition)
    content = snapshot.files.get(name="small.pb").content
    assert "vote_type;cumulative\nrule;greedy\nmax_sum_points;5\n" in content
    assert "project_id;cost;votes;name;score\n1;40000;1;Лавки у сквері;3\n" in content


def test_equal_shares_funds_the_project_its_supporters_can_pay_for():
    """Greedy would take № 3 (3 votes, 90 000) from a pool of 100 000; with equal shares
    each of the 5 voters has 20 000, so № 3's supporters cannot pay 90 000, but № 1's
    two supporters can pay 40 000."""
    edition = voting_edition(counting_rule="mes")
    set_pool_amount(edition, "small", "100000")
    votes(edition, 3, 3)
    votes(edition, 1, 2)
    snapshot = count(edition)
    small = pool_result(snapshot, "small")
    assert selected(snapshot, "small") == [1]
    assert (small["rule"], small["minimum_votes"]) == ("mes", 0)
    assert small["command"] == (
        "python -m hromada.tally small.pb --rule mes --utility cost --completion add1 "
        "--tie-break order:small-tiebreak.txt"
    )
    assert project_result(snapshot, 3)["explanation"]["code"] == "not_affordable"


def test_equal_shares_on_cumulative_ballots_uses_points():
    edition = voting_edition(counting_rule="mes", ballot_kind="cumulative", votes_per_voter=3)
    cast(edition, {1: 3})
    snapshot = count(edition)
    small = pool_result(snapshot, "small")
    assert "--utility points" in small["command"]
    assert selected(snapshot, "small") == [1]


def test_a_territorial_pool_counts_only_the_ballots_that_chose_in_it():
    edition = voting_edition()
    cast(edition, {1: 1, 5: 1}, who=voter(settlement_obj=village()))
    cast(edition, {5: 1}, who=voter(settlement_obj=village()))
    cast(edition, {1: 1})
    cast(edition, {4: 1})
    snapshot = count(edition)
    voters = {pool["code"]: pool["voters"] for pool in snapshot.outcome["pools"]}
    assert voters == {"small": 2, "large": 1, "villages": 2}
    assert project_result(snapshot, 5)["votes"] == 2


def test_only_admitted_projects_are_listed():
    edition = voting_edition()
    make_project(edition, state=ProjectState.REJECTED, title="Відхилений", pool_code="small")
    snapshot = count(edition)
    assert [p["number"] for p in pool_result(snapshot, "small")["projects"]] == [1, 2, 3]


def test_ballots_counted_is_the_number_of_ballots_of_the_edition():
    edition = voting_edition()
    for _ in range(3):
        cast(edition, {1: 1})
    Ballot.objects.filter(edition=edition).first().delete()  # e.g. annulled
    snapshot = count(edition)
    assert (snapshot.ballots_counted, project_result(snapshot, 1)["votes"]) == (2, 2)


# -------------------------------------------------------------------------- approval


def approve(snapshot: ResultsSnapshot, **overrides: Any) -> ResultsSnapshot:
    values: dict[str, Any] = {
        "protocol_number": "7",
        "members_present": "Петренко О. І., Коваль М. С., Шевчук Т. В.",
        "votes_for": 5,
        "votes_against": 1,
        "votes_abstained": 1,
        "actor": make_user(),
    }
    values.update(overrides)
    values.setdefault("now", snapshot.counted_at + timedelta(days=1))
    values.setdefault("decided_on", timezone.localdate(values["now"]))
    return approve_snapshot(snapshot=snapshot, **values)


def counted() -> ResultsSnapshot:
    edition = voting_edition()
    cast(edition, {1: 1})
    return count(edition)


def test_approval_makes_the_count_public():
    snapshot = counted()
    actor = make_user()
    approved = approve(snapshot, actor=actor)
    assert (approved.status, approved.approved_by, approved.protocol_number) == (
        SnapshotStatus.APPROVED,
        actor,
        "7",
    )
    assert public_snapshot(snapshot.edition) == approved


def test_nothing_is_public_before_approval():
    snapshot = counted()
    assert public_snapshot(snapshot.edition) is None
    assert latest_snapshot(snapshot.edition) == snapshot


def test_approval_writes_an_activity_row():
    snapshot = counted()
    approve(snapshot)
    entry = ActivityLog.objects.get(action="voting.approved")
    assert (entry.object_id, entry.before, entry.after["protocol_number"]) == (
        str(snapshot.pk),
        {"status": "draft"},
        "7",
    )


def test_approving_a_new_count_supersedes_the_approved_one():
    snapshot = counted()
    approve(snapshot)
    second = count(snapshot.edition, reason="Анулювання бюлетенів")
    approve(second)
    snapshot.refresh_from_db()
    assert (snapshot.status, public_snapshot(snapshot.edition)) == (
        SnapshotStatus.SUPERSEDED,
        second,
    )


def test_only_the_latest_count_can_be_approved():
    snapshot = counted()
    count(snapshot.edition, reason="Перерахунок")
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot)
    assert raised.value.messages == [
        "Only the latest count can be approved: this one has been replaced."
    ]
    assert public_snapshot(snapshot.edition) is None


def test_an_approved_count_cannot_be_approved_again():
    snapshot = counted()
    approve(snapshot)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot, protocol_number="8")
    assert raised.value.messages == [
        "This count is not awaiting approval (it is approved by the commission)."
    ]
    snapshot.refresh_from_db()
    assert snapshot.protocol_number == "7"


@pytest.mark.parametrize(("votes_for", "votes_against"), [(3, 3), (2, 4)])
def test_without_a_majority_the_count_is_not_approved(votes_for: int, votes_against: int):
    snapshot = counted()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot, votes_for=votes_for, votes_against=votes_against)
    assert raised.value.message_dict == {
        "votes_for": [
            "The commission did not approve the results: the votes for must outnumber the "
            "votes against."
        ]
    }
    snapshot.refresh_from_db()
    assert snapshot.status == SnapshotStatus.DRAFT


def test_approval_needs_the_protocol_number_and_the_members():
    snapshot = counted()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot, protocol_number=" ", members_present="")
    assert raised.value.message_dict == {
        "protocol_number": ["Enter the number of the commission's protocol."],
        "members_present": ["List the commission members present."],
    }
    snapshot.refresh_from_db()
    assert (snapshot.status, snapshot.protocol_number) == (SnapshotStatus.DRAFT, "")


def test_approval_refuses_negative_votes():
    snapshot = counted()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot, votes_abstained=-1)
    assert raised.value.message_dict == {"votes_abstained": ["Enter a whole number, 0 or more."]}


def test_approval_refuses_a_decision_date_in_the_future():
    snapshot = counted()
    now = snapshot.counted_at + timedelta(days=1)
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot, now=now, decided_on=timezone.localdate(now) + timedelta(days=1))
    assert raised.value.message_dict == {
        "decided_on": ["The decision date cannot be in the future."]
    }


def test_approval_refuses_a_decision_before_the_count():
    snapshot = counted()
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        approve(snapshot, decided_on=date(2000, 1, 1))
    assert raised.value.message_dict == {
        "decided_on": ["The decision cannot come before the count."]
    }
