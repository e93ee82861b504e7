"""Greedy counting: projects by votes (or points) descending, taken while they fit.

The rule most cities use ("Warsaw-style greedy"). It equals the reference's
`greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)` (rule id
`greedy_cost`), and with `by="points"` its `Points_Times_Cost_Sat` variant
(`greedy_points`). See docs/tally-greedy-phragmen.md for the details.

Ranking, best first:

1. projects that cost nothing and have a positive value (votes or points) — they cost
   nothing, so they are taken first (the reference gives them no priority, which changes
   only where they appear in the selection order, never the winners);
2. then by value descending;
3. ties by `options.tie_break.key(project)` (the smaller key wins).

Walking down the ranking: a project costing more than the whole budget is set aside
(`over_budget`); one whose value is below `options.min_votes` is never taken
(`below_minimum`); one that fits the money left (`cost <= remaining`, exact) is taken
(`selected`); one that does not fit is skipped (`skipped_does_not_fit`), or, with
`options.no_skip`, counting stops there (`stopped_no_skip` for it and every project
after it that the two checks above do not already explain). Projects nobody voted for
rank last and are taken when they fit, as in the reference; `min_votes=1` excludes them.
"""

from __future__ import annotations

from fractions import Fraction

from hromada.tally.model import Election, Project
from hromada.tally.outcome import Explanation, Outcome, exact_text
from hromada.tally.rules import RuleError, RuleOptions


def project_values(
    election: Election, by: str, votes: dict[str, int] | None = None
) -> dict[str, Fraction]:
    """The quantity greedy ranks by: votes (ballots listing the project) or total points.

    Points need cumulative or scoring ballots; on approval and choose-1 ballots a point
    is a vote. Ordinal ballots have no points (a rank is not a score)."""
    if by == "votes":
        counts = election.votes() if votes is None else votes
        return {pid: Fraction(count) for pid, count in counts.items()}
    if by == "points":
        if not (election.vote_type.has_points or election.vote_type.is_approval_like):
            raise RuleError(
                f"greedy by points needs cumulative or scoring ballots, "
                f"not {election.vote_type.value} ballots; use greedy by votes"
            )
        return election.points()
    raise RuleError(f"unknown ranking {by!r}: use votes or points")


def greedy_ranking(
    election: Election, values: dict[str, Fraction], options: RuleOptions
) -> list[Project]:
    """All projects in the order greedy considers them (see the module docstring)."""

    def rank(project: Project) -> tuple[object, ...]:
        value = values[project.project_id]
        free_and_supported = project.cost == 0 and value > 0
        return (0 if free_and_supported else 1, -value, options.tie_break.key(project))

    return sorted(election.projects.values(), key=rank)


def greedy(election: Election, options: RuleOptions) -> Outcome:
    votes = election.votes()
    values = project_values(election, options.by, votes)
    budget = election.budget
    remaining = budget
    selected: list[str] = []
    explanations: dict[str, Explanation] = {}
    stopped = False

    for project in greedy_ranking(election, values, options):
        pid = project.project_id
        value = values[pid]
        cost = project.cost
        if cost > budget:
            explanations[pid] = Explanation(
                "over_budget", {"cost": exact_text(cost), "budget": exact_text(budget)}
            )
        elif value < options.min_votes:
            explanations[pid] = Explanation(
                "below_minimum",
                {"value": _number(value), "minimum": _number(options.min_votes)},
            )
        elif not stopped and cost <= remaining:
            remaining -= cost
            selected.append(pid)
            numbers: dict[str, object] = {"round": len(selected), "votes": votes[pid]}
            if options.by == "points":
                numbers["points"] = _number(value)
            numbers.update({"cost": exact_text(cost), "remaining": exact_text(remaining)})
            explanations[pid] = Explanation("selected", numbers)
        else:
            stopped = stopped or options.no_skip
            code = "stopped_no_skip" if stopped else "skipped_does_not_fit"
            explanations[pid] = Explanation(
                code, {"cost": exact_text(cost), "remaining": exact_text(remaining)}
            )

    return Outcome(
        rule="greedy",
        budget=budget,
        selected=selected,
        explanations=explanations,
        options={
            "by": options.by,
            "min_votes": exact_text(options.min_votes),
            "tie_break": options.tie_break.describe(),
            "no_skip": options.no_skip,
        },
    )


def _number(value: Fraction) -> int | str:
    """An int when whole (votes, most points), else the exact decimal text."""
    return value.numerator if value.denominator == 1 else exact_text(value)
