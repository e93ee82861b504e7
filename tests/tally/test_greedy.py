"""Greedy counting on small synthetic elections: ranking, skipping, options and the
exact explanation of every project."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.outcome import Explanation
from hromada.tally.rules import RuleError, RuleOptions, run_rule
from hromada.tally.rules.greedy import greedy
from hromada.tally.tiebreak import TieBreak


def make_election(
    costs: Mapping[str, int | str],
    budget: int | str,
    ballots: Sequence[Sequence[str]],
    points: Sequence[Sequence[int | Fraction]] | None = None,
    vote_type: VoteType = VoteType.APPROVAL,
) -> Election:
    projects = {pid: Project(pid, Fraction(cost)) for pid, cost in costs.items()}
    made = []
    for index, listed in enumerate(ballots):
        given = None if points is None else tuple(Fraction(p) for p in points[index])
        made.append(Ballot(str(index), tuple(listed), given))
    return Election(
        meta={}, projects=projects, ballots=made, vote_type=vote_type, budget=Fraction(budget)
    )


def selected(code_round: int, votes: int, cost: str, remaining: str, **more: object) -> Explanation:
    numbers: dict[str, object] = {"round": code_round, "votes": votes, **more}
    numbers.update({"cost": cost, "remaining": remaining})
    return Explanation("selected", numbers)


def test_ranks_by_votes_skips_what_does_not_fit_and_takes_the_next_that_fits():
    election = make_election(
        {"a": 6, "b": 5, "c": 4},
        10,
        [["a", "b", "c"], ["a", "b"], ["a"]],
    )
    outcome = greedy(election, RuleOptions())
    assert outcome.rule == "greedy"
    assert outcome.selected == ["a", "c"]
    assert outcome.budget == 10
    assert outcome.explanations == {
        "a": selected(1, 3, "6", "4"),
        "b": Explanation("skipped_does_not_fit", {"cost": "5", "remaining": "4"}),
        "c": selected(2, 1, "4", "0"),
    }
    assert outcome.options == {
        "by": "votes",
        "min_votes": "0",
        "tie_break": "id",
        "no_skip": False,
    }


def test_run_rule_reaches_greedy_through_the_registry():
    election = make_election({"a": 1}, 1, [["a"]])
    assert run_rule(election, "greedy").selected == ["a"]


def test_a_budget_exactly_equal_to_the_cost_passes():
    election = make_election({"a": "295110", "b": 1}, "295110", [["a"], ["a"], ["b"]])
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["a"]
    assert outcome.explanations["a"] == selected(1, 2, "295110", "0")
    assert outcome.explanations["b"] == Explanation(
        "skipped_does_not_fit", {"cost": "1", "remaining": "0"}
    )


def test_exact_decimal_costs_and_budget_never_use_floats():
    # 0.1 + 0.2 == 0.3 exactly: the third project must still fit.
    election = make_election(
        {"a": "0.1", "b": "0.2", "c": "322239.25"},
        "322239.55",
        [["c", "a", "b"], ["c", "a", "b"], ["c", "a"], ["c"]],
    )
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["c", "a", "b"]
    assert outcome.explanations["c"] == selected(1, 4, "322239.25", "0.3")
    assert outcome.explanations["b"] == selected(3, 2, "0.2", "0")


def test_a_project_over_the_whole_budget_is_set_aside():
    election = make_election({"big": 100, "a": 5}, 10, [["big"], ["big"], ["a"]])
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["a"]
    assert outcome.explanations["big"] == Explanation(
        "over_budget", {"cost": "100", "budget": "10"}
    )


def test_a_project_over_the_whole_budget_does_not_stop_a_no_skip_count():
    election = make_election({"big": 100, "a": 5}, 10, [["big"], ["big"], ["a"]])
    outcome = greedy(election, RuleOptions(no_skip=True))
    assert outcome.selected == ["a"]
    assert outcome.explanations["big"].code == "over_budget"


def test_min_votes_excludes_projects_below_it():
    election = make_election(
        {"a": 1, "b": 1, "c": 1},
        10,
        [["a", "b", "c"], ["a", "b"], ["a"]],
    )
    outcome = greedy(election, RuleOptions(min_votes=Fraction(2)))
    assert outcome.selected == ["a", "b"]
    assert outcome.explanations["c"] == Explanation("below_minimum", {"value": 1, "minimum": 2})
    assert outcome.options["min_votes"] == "2"


def test_min_votes_is_compared_with_points_when_ranking_by_points():
    election = make_election(
        {"a": 1, "b": 1},
        10,
        [["a", "b"], ["a"]],
        points=[[1, 5], [2]],
        vote_type=VoteType.CUMULATIVE,
    )
    outcome = greedy(election, RuleOptions(by="points", min_votes=Fraction(4)))
    # a: 2 votes, 3 points (below 4); b: 1 vote, 5 points.
    assert outcome.selected == ["b"]
    assert outcome.explanations["a"] == Explanation("below_minimum", {"value": 3, "minimum": 4})
    assert outcome.explanations["b"] == selected(1, 1, "1", "9", points=5)


def test_no_skip_stops_at_the_first_project_that_does_not_fit():
    election = make_election(
        {"a": 6, "b": 5, "c": 4, "d": 1},
        10,
        [["a", "b", "c", "d"], ["a", "b", "c"], ["a", "b"], ["a"]],
    )
    outcome = greedy(election, RuleOptions(no_skip=True))
    assert outcome.selected == ["a"]
    stopped = {"cost": "5", "remaining": "4"}
    assert outcome.explanations == {
        "a": selected(1, 4, "6", "4"),
        "b": Explanation("stopped_no_skip", stopped),
        "c": Explanation("stopped_no_skip", {"cost": "4", "remaining": "4"}),
        "d": Explanation("stopped_no_skip", {"cost": "1", "remaining": "4"}),
    }
    assert outcome.options["no_skip"] is True


def test_no_skip_still_reports_projects_below_the_minimum_as_such():
    election = make_election(
        {"a": 6, "b": 5, "c": 1},
        10,
        [["a", "b", "c"], ["a", "b"], ["a", "b"]],
    )
    outcome = greedy(election, RuleOptions(no_skip=True, min_votes=Fraction(2)))
    assert outcome.selected == ["a"]
    assert outcome.explanations["b"].code == "stopped_no_skip"
    assert outcome.explanations["c"] == Explanation("below_minimum", {"value": 1, "minimum": 2})


def test_by_points_ranks_by_total_points_on_cumulative_ballots():
    election = make_election(
        {"a": 5, "b": 5},
        5,
        [["a", "b"], ["a"], ["b"]],
        points=[[1, 4], [1], [3]],
        vote_type=VoteType.CUMULATIVE,
    )
    by_votes = greedy(election, RuleOptions())
    by_points = greedy(election, RuleOptions(by="points"))
    assert by_votes.selected == ["a"]  # 2 votes each: tie, "a" < "b"
    assert by_points.selected == ["b"]  # 2 points against 7
    assert by_points.explanations["b"] == selected(1, 2, "5", "0", points=7)
    assert by_points.explanations["a"] == Explanation(
        "skipped_does_not_fit", {"cost": "5", "remaining": "0"}
    )


def test_points_on_approval_ballots_are_votes():
    election = make_election({"a": 1, "b": 1}, 1, [["b"], ["a", "b"]])
    outcome = greedy(election, RuleOptions(by="points"))
    assert outcome.selected == ["b"]
    assert outcome.explanations["b"] == selected(1, 2, "1", "0", points=2)


def test_fractional_points_are_written_exactly():
    election = make_election(
        {"a": 1},
        1,
        [["a"]],
        points=[[Fraction(5, 2)]],
        vote_type=VoteType.SCORING,
    )
    outcome = greedy(election, RuleOptions(by="points"))
    assert outcome.explanations["a"] == selected(1, 1, "1", "0", points="2.5")


def test_by_points_is_refused_on_ordinal_ballots():
    election = make_election({"a": 1}, 1, [["a"]], vote_type=VoteType.ORDINAL)
    with pytest.raises(RuleError, match="ordinal"):
        greedy(election, RuleOptions(by="points"))
    assert greedy(election, RuleOptions()).selected == ["a"]


def test_ordinal_and_cumulative_ballots_count_supporters_by_default():
    election = make_election(
        {"a": 1, "b": 1},
        1,
        [["a", "b"], ["b"]],
        points=[[9, 1], [1]],
        vote_type=VoteType.CUMULATIVE,
    )
    assert greedy(election, RuleOptions()).selected == ["b"]


def test_unknown_ranking_quantity_is_refused():
    election = make_election({"a": 1}, 1, [["a"]])
    with pytest.raises(RuleError, match="unknown ranking"):
        greedy(election, RuleOptions(by="score"))  # type: ignore[arg-type]


# Ties ----------------------------------------------------------------------------


def tied_election() -> Election:
    # Every project has one vote; costs differ; the budget takes only one of them.
    costs = {"9": 3, "10": 4, "b": 2, "a": 5}
    return make_election(costs, 5, [list(costs)])


def test_ties_by_id_compare_ids_as_strings():
    outcome = greedy(tied_election(), RuleOptions())
    # As strings "10" < "9" < "a" < "b": "10" (cost 4) is taken, 1 is left, nothing else
    # fits. Explanations are listed in ranking order.
    assert outcome.selected == ["10"]
    assert list(outcome.explanations) == ["10", "9", "a", "b"]


def test_ties_by_cost_take_the_cheaper_project_first():
    outcome = greedy(tied_election(), RuleOptions(tie_break=TieBreak("cost")))
    assert outcome.selected == ["b", "9"]
    assert outcome.options["tie_break"] == "cost"


def test_ties_by_a_given_order():
    order = TieBreak("order", order=("a", "b"))
    outcome = greedy(tied_election(), RuleOptions(tie_break=order))
    assert outcome.selected == ["a"]
    # Unlisted projects come after the listed ones, by id.
    assert list(outcome.explanations) == ["a", "b", "10", "9"]


def test_ties_by_a_seeded_lot_follow_sha256_of_seed_and_id():
    seed = "commission-2026"
    lot = TieBreak("lot", seed=seed)
    outcome = greedy(tied_election(), RuleOptions(tie_break=lot))
    expected_order = sorted(
        ["9", "10", "b", "a"],
        key=lambda pid: hashlib.sha256(f"{seed}:{pid}".encode()).hexdigest(),
    )
    assert list(outcome.explanations) == expected_order
    assert outcome.selected[0] == expected_order[0]
    assert greedy(tied_election(), RuleOptions(tie_break=lot)) == outcome


def test_ties_only_matter_between_equal_values():
    election = make_election({"9": 1, "10": 1}, 1, [["9"], ["9", "10"]])
    assert greedy(election, RuleOptions()).selected == ["9"]


# Zero cost, no supporters, empty ballots ------------------------------------------


def test_a_supported_zero_cost_project_is_selected_first():
    election = make_election(
        {"free": 0, "a": 10, "b": 0},
        10,
        [["a"], ["a"], ["a", "free"]],
    )
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["free", "a", "b"]
    assert outcome.explanations["free"] == selected(1, 1, "0", "10")
    # A zero-cost project nobody supports ranks with the unsupported ones, last.
    assert outcome.explanations["b"] == selected(3, 0, "0", "0")


def test_several_supported_zero_cost_projects_rank_by_votes_then_tie_break():
    election = make_election(
        {"z1": 0, "z2": 0, "z3": 0, "a": 1},
        1,
        [["a", "z2", "z3"], ["a", "z3"], ["a", "z1"], ["a"]],
    )
    assert greedy(election, RuleOptions()).selected == ["z3", "z1", "z2", "a"]


def test_a_zero_cost_project_below_the_minimum_is_not_taken():
    election = make_election({"free": 0, "a": 1}, 1, [["a", "free"], ["a"]])
    outcome = greedy(election, RuleOptions(min_votes=Fraction(2)))
    assert outcome.selected == ["a"]
    assert outcome.explanations["free"].code == "below_minimum"


def test_projects_nobody_voted_for_are_taken_last_when_money_is_left():
    election = make_election({"a": 3, "u": 2, "v": 5, "w": 1}, 6, [["a"]])
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["a", "u", "w"]
    assert outcome.explanations["u"] == selected(2, 0, "2", "1")
    assert outcome.explanations["v"] == Explanation(
        "skipped_does_not_fit", {"cost": "5", "remaining": "1"}
    )
    # min_votes=1 keeps them out.
    assert greedy(election, RuleOptions(min_votes=Fraction(1))).selected == ["a"]


def test_empty_ballots_count_for_nothing():
    election = make_election({"a": 2, "b": 2}, 2, [[], ["b"], [], []])
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["b"]
    assert outcome.explanations["a"] == Explanation(
        "skipped_does_not_fit", {"cost": "2", "remaining": "0"}
    )


def test_no_ballots_and_no_projects():
    assert greedy(make_election({}, 10, []), RuleOptions()).selected == []
    only_empty = make_election({"a": 1, "b": 1}, 1, [[], []])
    # Everything ties at 0 votes: the tie-break decides, as in the reference.
    assert greedy(only_empty, RuleOptions()).selected == ["a"]


def test_a_zero_budget_selects_only_free_projects():
    election = make_election({"a": 1, "free": 0}, 0, [["a"], ["free"]])
    outcome = greedy(election, RuleOptions())
    assert outcome.selected == ["free"]
    assert outcome.explanations["a"] == Explanation("over_budget", {"cost": "1", "budget": "0"})


def test_every_project_gets_an_explanation_and_the_outcome_is_deterministic():
    election = make_election(
        {str(i): i % 4 + 1 for i in range(12)},
        7,
        [[str(i) for i in range(12) if i % k == 0] for k in range(1, 6)],
    )
    first = greedy(election, RuleOptions())
    assert set(first.explanations) == set(election.projects)
    assert greedy(election, RuleOptions()) == first
