"""Properties of MES on random small elections (hypothesis)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.rules import RuleOptions
from hromada.tally.rules import mes as mes_module
from hromada.tally.rules.mes import _certify_range, compute, mes_engine, run_add1, run_plain

PROJECTS = [str(i) for i in range(1, 7)]


def _election(
    costs: dict[str, Fraction], ballots: list[Ballot], vote_type: VoteType, budget: Fraction
) -> Election:
    return Election(
        meta={},
        projects={pid: Project(pid, cost) for pid, cost in costs.items()},
        ballots=ballots,
        vote_type=vote_type,
        budget=budget,
    )


@st.composite
def elections(draw: st.DrawFn) -> Election:
    count = draw(st.integers(2, 6))
    ids = PROJECTS[:count]
    costs = {pid: Fraction(draw(st.integers(0, 60))) for pid in ids}
    ballots = draw(st.lists(st.lists(st.sampled_from(ids), unique=True), max_size=9))
    return _election(
        costs,
        [Ballot(f"v{i}", tuple(b)) for i, b in enumerate(ballots)],
        VoteType.APPROVAL,
        Fraction(draw(st.integers(1, 120))),
    )


COMPLETIONS = st.sampled_from(["none", "add1", "add1-greedy"])


@settings(max_examples=100, deadline=None)
@given(elections(), COMPLETIONS)
def test_total_never_exceeds_budget(e: Election, completion: str) -> None:
    outcome = compute(e, RuleOptions(completion=completion))  # type: ignore[arg-type]
    assert sum((e.projects[p].cost for p in outcome.selected), Fraction(0)) <= e.budget


@settings(max_examples=100, deadline=None)
@given(elections())
def test_supporters_can_pay_replay(e: Election) -> None:
    """Replay the payments: every selected project is paid in full by its supporters,
    each paying min(money, ρ·cost), and nobody pays more than the endowment."""
    engine = mes_engine(e, RuleOptions())
    run = run_plain(engine, RuleOptions())
    money = [run.endowment] * len(e.ballots)
    for j in run.selected:
        pid = engine.ids[j]
        alpha = run.rho[j] * e.projects[pid].cost
        paid = Fraction(0)
        for i, ballot in enumerate(e.ballots):
            if pid in ballot.projects:
                share = min(money[i], alpha)
                money[i] -= share
                paid += share
        assert paid == e.projects[pid].cost
    assert all(m >= 0 for m in money)


@settings(max_examples=100, deadline=None)
@given(elections(), COMPLETIONS, st.randoms(use_true_random=False))
def test_voter_order_does_not_matter(e: Election, completion: str, rng: object) -> None:
    options = RuleOptions(completion=completion)  # type: ignore[arg-type]
    shuffled = list(e.ballots)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    other = Election(e.meta, e.projects, shuffled, e.vote_type, e.budget)
    assert compute(e, options).selected == compute(other, options).selected
    assert compute(e, options).selected == compute(e, options, merge=False).selected


@settings(max_examples=100, deadline=None)
@given(elections())
def test_ties_are_deterministic_and_add1_segments_exact(e: Election) -> None:
    assert compute(e, RuleOptions()).selected == compute(e, RuleOptions()).selected
    engine = mes_engine(e, RuleOptions())
    fast = run_add1(engine, RuleOptions())
    slow = run_add1(engine, RuleOptions(), segments=False, limit=5000)
    assert fast.run.selected == slow.run.selected


@settings(max_examples=100, deadline=None)
@given(elections(), st.sampled_from(["cost", "approval"]))
def test_add1_jumps_agree_with_one_run_per_unit(e: Election, utility: str) -> None:
    """The horizon and the certified jumps (`MesEngine.certify`) give the outcome and
    the stopping k of the one-unit-at-a-time search."""
    options = RuleOptions(utility=utility)  # type: ignore[arg-type]
    engine = mes_engine(e, options)
    fast = run_add1(engine, options)
    slow = run_add1(engine, options, segments=False, limit=5000)
    assert (fast.run.selected, fast.increment) == (slow.run.selected, slow.increment)


@st.composite
def district_elections(draw: st.DrawFn) -> Election:
    """Two districts whose projects share no supporter, and sometimes a city-wide
    project: the Add1 search ignores the order between projects without common
    supporters, which must not change the outcome or where the search stops."""
    districts = [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    ids = [pid for district in districts for pid in district]
    if draw(st.booleans()):
        ids.append("c")
    costs = {pid: Fraction(draw(st.integers(1, 40))) for pid in ids}
    ballots = []
    for i in range(draw(st.integers(1, 12))):
        district = districts[draw(st.integers(0, 1))]
        items = draw(st.lists(st.sampled_from(district), unique=True, max_size=3))
        if "c" in ids and draw(st.booleans()):
            items.append("c")
        ballots.append(Ballot(f"v{i}", tuple(items)))
    return _election(costs, ballots, VoteType.APPROVAL, Fraction(draw(st.integers(10, 150))))


@settings(max_examples=150, deadline=None)
@given(district_elections(), st.sampled_from(["cost", "approval"]))
def test_add1_jumps_agree_with_one_run_per_unit_in_districts(e: Election, utility: str) -> None:
    assert_jumps_match_one_run_per_unit(e, RuleOptions(utility=utility))  # type: ignore[arg-type]


def assert_jumps_match_one_run_per_unit(e: Election, options: RuleOptions) -> None:
    """The Add1 search with horizons and certified jumps stops where the one-unit-at-a-
    time search does, with the same outcome, reason and selection order."""
    engine = mes_engine(e, options)
    fast = run_add1(engine, options)
    slow = run_add1(engine, options, segments=False, limit=5000)
    assert (fast.run.selected, fast.increment, fast.reason) == (
        slow.run.selected,
        slow.increment,
        slow.reason,
    )
    # The outcome returned is the run at its own endowment (not at the start of the
    # segment it belongs to, where projects without common supporters may come in
    # another order).
    if fast.increment >= 0:
        assert fast.run.endowment == e.budget / len(e.ballots) + fast.increment


@st.composite
def cumulative_elections(draw: st.DrawFn) -> Election:
    """Cumulative ballots: MES with points utilities, where supporters of one project
    carry different weights."""
    count = draw(st.integers(2, 5))
    ids = PROJECTS[:count]
    costs = {pid: Fraction(draw(st.integers(1, 50))) for pid in ids}
    ballots = []
    for i in range(draw(st.integers(1, 8))):
        listed = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1, max_size=count))
        points = tuple(Fraction(draw(st.integers(1, 4)), draw(st.integers(1, 3))) for _ in listed)
        ballots.append(Ballot(f"v{i}", tuple(listed), points))
    return _election(costs, ballots, VoteType.CUMULATIVE, Fraction(draw(st.integers(10, 120))))


@settings(max_examples=100, deadline=None)
@given(cumulative_elections())
def test_add1_with_points_utilities_agrees_with_one_run_per_unit(e: Election) -> None:
    assert_jumps_match_one_run_per_unit(e, RuleOptions(utility="points"))
    merged = compute(e, RuleOptions(utility="points", completion="add1"))
    assert (
        merged.selected
        == compute(e, RuleOptions(utility="points", completion="add1"), merge=False).selected
    )


# --------------------------------------------------------------------------------------
# Certified ranges (`_certify_range`): the tree of possible decisions over a range of
# endowments must reach the outcome of every endowment in it.


@st.composite
def any_elections(draw: st.DrawFn) -> tuple[Election, str]:
    kind = draw(st.sampled_from(["approval", "districts", "points"]))
    if kind == "points":
        return draw(cumulative_elections()), "points"
    e = draw(elections() if kind == "approval" else district_elections())
    return e, draw(st.sampled_from(["cost", "approval"]))


@settings(max_examples=200, deadline=None)
@given(any_elections(), st.integers(0, 30), st.integers(0, 12), st.data())
def test_a_certified_range_reaches_every_outcome_in_it(
    case: tuple[Election, str], low: int, length: int, data: st.DataObject
) -> None:
    e, utility = case
    if not e.ballots:
        return
    options = RuleOptions(utility=utility)  # type: ignore[arg-type]
    engine = mes_engine(e, options)
    keys = engine.tie_keys(options)
    base = e.budget / len(e.ballots)
    high = low + length
    # Without any stopping outcome, the tree is followed to the end.
    assert _certify_range(engine, base + low, base + high, keys, lambda _b: False, 10**6)[0]
    # Stopping exactly at the outcome of one endowment of the range: never certified.
    t = data.draw(st.integers(low, high))
    target = frozenset(engine.run(base + t, keys).selected)
    certified, _work = _certify_range(
        engine, base + low, base + high, keys, lambda bought: frozenset(bought) == target, 10**6
    )
    assert not certified


@settings(max_examples=100, deadline=None)
@given(any_elections())
def test_add1_with_ranges_from_the_start_agrees_with_one_run_per_unit(
    case: tuple[Election, str],
) -> None:
    """Ranges are tried only in long searches; here from the first unit on."""
    e, utility = case
    if not e.ballots:
        return
    original = mes_module._RANGES_FROM
    mes_module._RANGES_FROM = 0
    try:
        assert_jumps_match_one_run_per_unit(e, RuleOptions(utility=utility))  # type: ignore[arg-type]
    finally:
        mes_module._RANGES_FROM = original
