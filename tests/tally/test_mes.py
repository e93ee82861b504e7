"""MES on small synthetic elections: explanations, ties, odd projects, utilities."""

from __future__ import annotations

from fractions import Fraction

import pytest

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.rules import RuleError, RuleOptions
from hromada.tally.rules.mes import compute, equal_shares, mes_engine, run_add1
from hromada.tally.tiebreak import TieBreak


def election(
    costs: dict[str, int],
    ballots: list[list[str]],
    budget: int,
    points: list[list[int]] | None = None,
) -> Election:
    vote_type = VoteType.CUMULATIVE if points is not None else VoteType.APPROVAL
    return Election(
        meta={},
        projects={pid: Project(pid, Fraction(cost)) for pid, cost in costs.items()},
        ballots=[
            Ballot(
                f"v{i}",
                tuple(listed),
                None if points is None else tuple(Fraction(p) for p in points[i]),
            )
            for i, listed in enumerate(ballots)
        ],
        vote_type=vote_type,
        budget=Fraction(budget),
    )


def test_equal_shares_selects_in_order_with_explanations() -> None:
    e = election({"a": 60, "b": 40, "c": 50}, [["a"], ["a"], ["b", "c"], ["c"]], 100)
    outcome = equal_shares(e, RuleOptions())
    # Each voter has 25: a's two supporters have 50 < 60, b's one has 25 < 40.
    assert outcome.selected == ["c"]
    assert outcome.explanations["c"].code == "selected"
    assert outcome.explanations["c"].numbers["payers"] == 2
    assert outcome.explanations["c"].numbers["rho"] == "0.5"  # 25 per voter = ρ·50
    assert outcome.explanations["a"].code == "not_affordable"
    assert outcome.explanations["b"].code == "not_affordable"


def test_ties_follow_the_tie_break() -> None:
    e = election({"9": 50, "10": 50}, [["9"], ["9"], ["10"], ["10"]], 100)
    assert equal_shares(e, RuleOptions()).selected == ["10", "9"]  # "10" < "9" as strings
    order = RuleOptions(tie_break=TieBreak("order", order=("9", "10")))
    assert equal_shares(e, order).selected == ["9", "10"]


def test_zero_cost_supported_project_is_selected_first() -> None:
    e = election({"free": 0, "a": 10, "lonely": 0}, [["a", "free"], ["a"]], 10)
    outcome = equal_shares(e, RuleOptions())
    assert outcome.selected == ["free", "a"]
    assert outcome.explanations["lonely"].code == "no_supporters"


def test_project_over_budget_is_never_chosen() -> None:
    e = election({"big": 200, "a": 50}, [["big"], ["big", "a"]], 100)
    outcome = equal_shares(e, RuleOptions(completion="add1"))
    assert "big" not in outcome.selected
    assert outcome.explanations["big"].code == "over_budget"


def test_empty_ballots_count_in_n() -> None:
    e = election({"a": 60}, [["a"], [], []], 90)
    # 30 each; the one supporter cannot pay 60.
    assert equal_shares(e, RuleOptions()).selected == []
    # Add1: raise the endowment until the supporter alone has 60 (outcome 60 <= 90).
    assert equal_shares(e, RuleOptions(completion="add1")).selected == ["a"]


def test_points_and_approval_utilities() -> None:
    e = election({"a": 50, "b": 50}, [["a", "b"], ["a", "b"]], 100, points=[[3, 1], [1, 3]])
    assert equal_shares(e, RuleOptions(utility="points")).selected == ["a", "b"]
    assert equal_shares(e, RuleOptions(utility="approval")).selected == ["a", "b"]
    with pytest.raises(RuleError):
        equal_shares(election({"a": 1}, [["a"]], 1), RuleOptions(utility="points"))


def test_add1_greedy_fills_with_the_most_supported() -> None:
    e = election({"a": 70, "b": 20, "c": 30}, [["a"], ["a"], ["c"], ["b", "c"]], 100)
    outcome = equal_shares(e, RuleOptions(completion="add1-greedy"))
    assert sum(e.projects[p].cost for p in outcome.selected) <= e.budget
    codes = {outcome.explanations[p].code for p in outcome.selected}
    assert codes <= {"selected", "selected_by_completion"}


def test_segments_agree_with_one_run_per_unit() -> None:
    e = election(
        {"a": 70, "b": 20, "c": 30, "d": 45},
        [["a", "d"], ["a"], ["c", "d"], ["b", "c"], ["d"], []],
        130,
    )
    engine = mes_engine(e, RuleOptions())
    fast = run_add1(engine, RuleOptions())
    slow = run_add1(engine, RuleOptions(), segments=False)
    assert fast.run.selected == slow.run.selected
    assert fast.increment == slow.increment


def test_merged_and_plain_paths_agree() -> None:
    e = election({"a": 40, "b": 35, "c": 25}, [["a"], ["a"], ["b", "c"], ["b", "c"], ["c"]], 100)
    for completion in ("none", "add1", "add1-greedy"):
        options = RuleOptions(completion=completion)  # type: ignore[arg-type]
        assert compute(e, options).selected == compute(e, options, merge=False).selected
