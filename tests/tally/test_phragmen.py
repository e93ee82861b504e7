"""Sequential Phragmén on small synthetic elections, worked out by hand (and checked
against the reference, pabutools 1.2.3, when these cases were written)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import pytest

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.outcome import Explanation
from hromada.tally.rules import RuleError, RuleOptions, run_rule
from hromada.tally.rules.phragmen import merged_ballots, phragmen, sequential_phragmen
from hromada.tally.tiebreak import TieBreak


def make_election(
    costs: Mapping[str, int | str],
    budget: int | str,
    ballots: Sequence[Sequence[str]],
    vote_type: VoteType = VoteType.APPROVAL,
) -> Election:
    return Election(
        meta={},
        projects={pid: Project(pid, Fraction(cost)) for pid, cost in costs.items()},
        ballots=[Ballot(str(i), tuple(listed)) for i, listed in enumerate(ballots)],
        vote_type=vote_type,
        budget=Fraction(budget),
    )


def chosen(round_: int, votes: int, cost: str, remaining: str, load: str) -> Explanation:
    return Explanation(
        "selected",
        {"round": round_, "votes": votes, "cost": cost, "remaining": remaining, "load": load},
    )


def worked_example() -> Election:
    # Round 1: a and b both 4/3 (tie: "a"), c 3/1, d 2/1 -> a; three voters carry 4/3.
    # Round 2: b (3*4/3 + 4)/3 = 8/3, c 3, d (4/3 + 2)/1 = 10/3 -> b; 2 left.
    # Round 3: c 3, d (8/3 + 2)/1 = 14/3 -> c, which costs 3 > 2: counting stops, and d
    # (cost 2, which would fit) is not reached.
    return make_election(
        {"a": 4, "b": 4, "c": 3, "d": 2},
        10,
        [["a", "b"], ["a", "b"], ["a", "b", "d"], ["c"]],
    )


def test_worked_example_with_exact_explanations():
    outcome = phragmen(worked_example(), RuleOptions())
    assert outcome.rule == "phragmen"
    assert outcome.selected == ["a", "b"]
    assert outcome.explanations == {
        "a": chosen(1, 3, "4", "6", "4/3"),
        "b": chosen(2, 3, "4", "2", "8/3"),
        "c": Explanation(
            "stopped_no_skip", {"round": 3, "votes": 1, "cost": "3", "remaining": "2"}
        ),
        "d": Explanation("not_reached", {"votes": 1}),
    }
    assert outcome.options == {"tie_break": "id"}


def test_run_rule_reaches_phragmen_through_the_registry():
    assert run_rule(worked_example(), "phragmen").selected == ["a", "b"]


@pytest.mark.parametrize("vote_type", [VoteType.CUMULATIVE, VoteType.SCORING, VoteType.ORDINAL])
def test_only_approval_and_choose_one_ballots(vote_type: VoteType):
    election = make_election({"a": 1}, 1, [["a"]], vote_type=vote_type)
    with pytest.raises(RuleError, match=f"approval and choose-1 ballots only, not {vote_type}"):
        phragmen(election, RuleOptions())


def test_choose_one_ballots():
    election = make_election(
        {"a": 5, "b": 3, "c": 3}, 6, [["a"]] * 3 + [["b"]] * 2 + [["c"]], VoteType.CHOOSE_1
    )
    # a 5/3, b 3/2, c 3 -> b (3 left); a 5/3 costs 5 > 3: stop.
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["b"]
    assert outcome.explanations["a"].code == "stopped_no_skip"
    assert outcome.explanations["c"] == Explanation("not_reached", {"votes": 1})


def test_projects_over_the_whole_budget_are_removed_first():
    election = make_election({"big": 11, "a": 4}, 10, [["big"]] * 5 + [["a"]])
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["a"]
    assert outcome.explanations["big"] == Explanation("over_budget", {"cost": "11", "budget": "10"})


def test_budget_exactly_equal_to_a_cost_passes():
    election = make_election({"a": 10, "b": 1}, 10, [["a"], ["a"], ["a"], ["b"]])
    # a 10/3, b 1 -> b first (9 left); a then costs 10 > 9: stop.
    assert phragmen(election, RuleOptions()).selected == ["b"]
    exact = make_election({"a": 10, "b": 1}, 11, [["a"], ["a"], ["a"], ["b"]])
    assert phragmen(exact, RuleOptions()).selected == ["b", "a"]
    assert phragmen(exact, RuleOptions()).explanations["a"] == chosen(2, 3, "10", "0", "10/3")


def test_a_tie_for_the_smallest_load_stops_when_any_tied_project_does_not_fit():
    # Round 1: c 1/2 -> c (5 left). Round 2: a 2/2 = 1 and b 6/6 = 1 tie; "a" would win the
    # tie and fits, but b (6 > 5) does not: the reference stops here.
    election = make_election({"a": 2, "b": 6, "c": 1}, 6, [["c"]] * 2 + [["a"]] * 2 + [["b"]] * 6)
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["c"]
    assert outcome.explanations["b"] == Explanation(
        "stopped_no_skip", {"round": 2, "votes": 6, "cost": "6", "remaining": "5"}
    )
    assert outcome.explanations["a"] == Explanation("not_reached", {"votes": 2})


def test_ties_follow_the_tie_break():
    # a 2/2 = 1 and b 3/3 = 1 tie; the budget takes only one.
    election = make_election({"b": 3, "a": 2}, 3, [["a"]] * 2 + [["b"]] * 3)
    assert phragmen(election, RuleOptions()).selected == ["a"]
    by_order = RuleOptions(tie_break=TieBreak("order", order=("b",)))
    assert phragmen(election, by_order).selected == ["b"]
    cost = RuleOptions(tie_break=TieBreak("cost"))
    assert phragmen(election, cost).selected == ["a"]
    assert phragmen(election, cost).options == {"tie_break": "cost"}


def test_ties_compare_ids_as_strings():
    election = make_election({"9": 1, "10": 1}, 1, [["9"], ["10"]])
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["10"]
    assert outcome.explanations["9"].code == "stopped_no_skip"


def test_a_supported_zero_cost_project_comes_first():
    election = make_election({"a": 4, "free": 0}, 4, [["a"], ["a"], ["free"]])
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["free", "a"]
    assert outcome.explanations["free"] == chosen(1, 1, "0", "4", "0")


def test_unsupported_projects_come_after_all_supported_ones_and_stop_on_the_first_misfit():
    # After a (4 left) only unsupported projects remain: they tie at an infinite load.
    # u, v, w all fit -> u (1 left); then v (1) and w (2) tie and w does not fit: stop.
    election = make_election({"a": 4, "u": 3, "v": 1, "w": 2}, 8, [["a"], ["a"]])
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["a", "u"]
    assert outcome.explanations["u"] == Explanation(
        "selected", {"round": 2, "votes": 0, "cost": "3", "remaining": "1"}
    )
    assert outcome.explanations["w"] == Explanation(
        "stopped_no_skip", {"round": 3, "votes": 0, "cost": "2", "remaining": "1"}
    )
    assert outcome.explanations["v"] == Explanation("no_supporters")


def test_unsupported_projects_are_not_reached_when_counting_stops_earlier():
    election = make_election({"a": 4, "b": 4, "u": 1}, 6, [["a"], ["b"]])
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["a"]
    assert outcome.explanations["b"].code == "stopped_no_skip"
    assert outcome.explanations["u"] == Explanation("no_supporters")


def test_empty_ballots_and_no_ballots():
    election = make_election({"a": 2, "b": 2}, 4, [[], ["a"], [], ["a", "b"]])
    # a 2/2 = 1, b 2/1 = 2 -> a; then b (1 + 2)/1 = 3 -> b.
    assert phragmen(election, RuleOptions()).selected == ["a", "b"]
    nobody = make_election({"a": 2, "b": 3}, 4, [[], []])
    # Both unsupported: they tie and both fit -> a (2 left); then b costs 3 > 2: stop.
    assert phragmen(nobody, RuleOptions()).selected == ["a"]
    assert phragmen(make_election({}, 4, []), RuleOptions()).selected == []


def test_fractional_costs_and_loads_are_exact():
    election = make_election({"a": "0.1", "b": "0.2"}, "0.3", [["a", "b"], ["b"], ["a"]])
    outcome = phragmen(election, RuleOptions())
    assert outcome.selected == ["a", "b"]
    assert outcome.explanations["a"] == chosen(1, 2, "0.1", "0.2", "0.05")
    # b: (0.05 + 0.2) / 2 = 0.125; everything fits exactly.
    assert outcome.explanations["b"] == chosen(2, 2, "0.2", "0", "0.125")


def test_merged_ballots_count_identical_sets():
    election = make_election({"a": 1, "b": 1}, 1, [["a", "b"], ["b", "a"], ["a"], [], ["a", "b"]])
    assert merged_ballots(election) == [(frozenset({"a", "b"}), 3), (frozenset({"a"}), 1)]


def test_merging_ballots_never_changes_the_outcome():
    election = worked_example()
    plain = sequential_phragmen(election, RuleOptions(), merge_ballots=False)
    assert plain == phragmen(election, RuleOptions())


def test_explanations_cover_every_project_in_the_elections_order():
    outcome = phragmen(worked_example(), RuleOptions())
    assert list(outcome.explanations) == ["a", "b", "c", "d"]
