"""Properties of greedy and sequential Phragmén on random small elections (hypothesis):
the budget is never exceeded, greedy is maximal, the order of voters (and of projects in
the file) does not matter, ties resolve as documented."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.outcome import Outcome
from hromada.tally.rules import RuleOptions
from hromada.tally.rules.greedy import greedy, greedy_ranking, project_values
from hromada.tally.rules.phragmen import phragmen, sequential_phragmen
from hromada.tally.tiebreak import TieBreak

SETTINGS = settings(max_examples=100, deadline=None)

# Ids chosen so that string and number order disagree ("10" < "9").
IDS = ["1", "2", "9", "10", "11", "a", "B", "x7"]
COSTS = [Fraction(c) for c in (0, 1, 2, 3, 5, 8)] + [Fraction(5, 2), Fraction(1, 10)]


@dataclass(frozen=True)
class Drawn:
    election: Election
    seed: int


@st.composite
def elections(draw: st.DrawFn, vote_type: VoteType = VoteType.APPROVAL) -> Drawn:
    ids = draw(st.lists(st.sampled_from(IDS), min_size=0, max_size=6, unique=True))
    projects = {pid: Project(pid, draw(st.sampled_from(COSTS))) for pid in ids}
    budget = Fraction(draw(st.integers(0, 20)))
    ballots = []
    for index in range(draw(st.integers(0, 9))):
        listed = tuple(pid for pid in ids if draw(st.booleans()))
        points = None
        if vote_type.has_points:
            points = tuple(Fraction(draw(st.integers(0, 4))) for _ in listed)
        ballots.append(Ballot(f"v{index}", listed, points))
    election = Election(
        meta={}, projects=projects, ballots=ballots, vote_type=vote_type, budget=budget
    )
    return Drawn(election, draw(st.integers(0, 2**32)))


tie_breaks = st.sampled_from(
    [
        TieBreak(),
        TieBreak("cost"),
        TieBreak("order", order=("x7", "10", "B", "2")),
        TieBreak("lot", seed="2026"),
    ]
)
greedy_options = st.builds(
    RuleOptions,
    by=st.sampled_from(["votes", "points"]),
    min_votes=st.sampled_from([Fraction(0), Fraction(1), Fraction(2), Fraction(5, 2)]),
    tie_break=tie_breaks,
    no_skip=st.booleans(),
)
any_vote_type = st.sampled_from([VoteType.APPROVAL, VoteType.CUMULATIVE])


def spent(outcome: Outcome, election: Election) -> Fraction:
    return outcome.total_cost({pid: p.cost for pid, p in election.projects.items()})


def shuffled(election: Election, seed: int) -> Election:
    """The same election with voters and projects listed in another order."""
    rng = random.Random(seed)
    ballots = list(election.ballots)
    rng.shuffle(ballots)
    ids = list(election.projects)
    rng.shuffle(ids)
    return Election(
        meta={},
        projects={pid: election.projects[pid] for pid in ids},
        ballots=ballots,
        vote_type=election.vote_type,
        budget=election.budget,
    )


# Greedy ----------------------------------------------------------------------------


@SETTINGS
@given(data=st.data(), options=greedy_options)
def test_greedy_never_exceeds_the_budget(data: st.DataObject, options: RuleOptions):
    drawn = data.draw(elections(data.draw(any_vote_type)))
    outcome = greedy(drawn.election, options)
    assert spent(outcome, drawn.election) <= drawn.election.budget
    assert len(set(outcome.selected)) == len(outcome.selected)
    assert set(outcome.explanations) == set(drawn.election.projects)


@SETTINGS
@given(data=st.data(), options=greedy_options)
def test_greedy_without_no_skip_is_maximal(data: st.DataObject, options: RuleOptions):
    drawn = data.draw(elections(data.draw(any_vote_type)))
    election = drawn.election
    options = RuleOptions(by=options.by, min_votes=options.min_votes, tie_break=options.tie_break)
    outcome = greedy(election, options)
    left = election.budget - spent(outcome, election)
    values = project_values(election, options.by)
    for pid, project in election.projects.items():
        if pid not in outcome.selected and values[pid] >= options.min_votes:
            assert project.cost > left, f"{pid} still fits"


@SETTINGS
@given(data=st.data(), options=greedy_options)
def test_greedy_with_no_skip_takes_a_prefix_of_the_eligible_ranking(
    data: st.DataObject, options: RuleOptions
):
    drawn = data.draw(elections(data.draw(any_vote_type)))
    election = drawn.election
    options = RuleOptions(
        by=options.by, min_votes=options.min_votes, tie_break=options.tie_break, no_skip=True
    )
    values = project_values(election, options.by)
    eligible = [
        p.project_id
        for p in greedy_ranking(election, values, options)
        if p.cost <= election.budget and values[p.project_id] >= options.min_votes
    ]
    selected = greedy(election, options).selected
    assert selected == eligible[: len(selected)]


@SETTINGS
@given(data=st.data(), options=greedy_options)
def test_greedy_does_not_depend_on_the_order_of_voters_or_projects(
    data: st.DataObject, options: RuleOptions
):
    drawn = data.draw(elections(data.draw(any_vote_type)))
    outcome = greedy(drawn.election, options)
    again = greedy(shuffled(drawn.election, drawn.seed), options)
    assert again == outcome  # same selection, order and explanations (in ranking order)


@SETTINGS
@given(data=st.data(), options=greedy_options)
def test_greedy_selects_in_the_documented_ranking(data: st.DataObject, options: RuleOptions):
    """Selection order follows: supported free projects, then value descending, then the
    tie-break key (smaller first); explanations list every project in that ranking."""
    drawn = data.draw(elections(data.draw(any_vote_type)))
    election = drawn.election
    values = project_values(election, options.by)

    def rank(pid: str) -> tuple[object, ...]:
        project = election.projects[pid]
        free = project.cost == 0 and values[pid] > 0
        return (not free, -values[pid], options.tie_break.key(project))

    outcome = greedy(election, options)
    assert list(outcome.explanations) == sorted(election.projects, key=rank)
    assert outcome.selected == sorted(outcome.selected, key=rank)
    for position, pid in enumerate(outcome.selected, start=1):
        assert outcome.explanations[pid].numbers["round"] == position


# Phragmén --------------------------------------------------------------------------


def naive_phragmen(election: Election, tie_break: TieBreak) -> list[str]:
    """Straight from the definition, one load per voter: the oracle for the fast rule."""
    loads = [Fraction(0)] * len(election.ballots)
    supporters = {
        pid: [i for i, b in enumerate(election.ballots) if pid in b.projects]
        for pid in election.projects
    }
    left = election.budget
    remaining = [p for p in election.projects.values() if p.cost <= election.budget]
    chosen: list[str] = []
    while remaining:

        def new_load(project: Project) -> Fraction | None:
            who = supporters[project.project_id]
            if not who:
                return None  # infinite
            return (sum(loads[i] for i in who) + project.cost) / len(who)

        finite = [(new_load(p), p) for p in remaining if new_load(p) is not None]
        if finite:
            best = min(load for load, _p in finite if load is not None)
            tied = [p for load, p in finite if load == best]
        else:
            best, tied = None, list(remaining)
        if any(p.cost > left for p in tied):
            break
        pick = min(tied, key=tie_break.key)
        if best is not None:
            for i in supporters[pick.project_id]:
                loads[i] = best
        left -= pick.cost
        chosen.append(pick.project_id)
        remaining.remove(pick)
    return chosen


@SETTINGS
@given(drawn=elections(), tie_break=tie_breaks)
def test_phragmen_matches_its_definition_and_never_exceeds_the_budget(
    drawn: Drawn, tie_break: TieBreak
):
    outcome = phragmen(drawn.election, RuleOptions(tie_break=tie_break))
    assert spent(outcome, drawn.election) <= drawn.election.budget
    assert outcome.selected == naive_phragmen(drawn.election, tie_break)
    assert set(outcome.explanations) == set(drawn.election.projects)


@SETTINGS
@given(drawn=elections(), tie_break=tie_breaks)
def test_phragmen_does_not_depend_on_the_order_of_voters_or_on_merging(
    drawn: Drawn, tie_break: TieBreak
):
    options = RuleOptions(tie_break=tie_break)
    outcome = phragmen(drawn.election, options)
    again = phragmen(shuffled(drawn.election, drawn.seed), options)
    assert again.selected == outcome.selected
    assert again.explanations == outcome.explanations  # same content (dict order aside)
    plain = sequential_phragmen(drawn.election, options, merge_ballots=False)
    assert plain == outcome
