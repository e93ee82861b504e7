"""Sequential Phragmén, as the reference (`pabutools.rules.sequential_phragmen`) does it.

Every voter carries a *load* (money spent on her behalf), 0 at the start. A project's
supporters could buy it at the moment their loads, all raised to one common level, pay
for it: the new load is (cost + the supporters' current loads) / number of supporters.
Each round the project with the smallest such load wins (ties: `options.tie_break`), and
its supporters' loads become that value. Details matching the reference:

- projects costing more than the whole budget are removed before the first round
  (`over_budget`);
- a project nobody supports has an infinite load: it can only come after every supported
  project;
- counting STOPS at the first round where a project with the smallest load does not fit
  the money left — if several projects tie for the smallest load, it stops when any of
  them does not fit. That project gets `stopped_no_skip`; the others still in the race
  `not_reached` (or `no_supporters`). The rule is therefore not exhaustive.

Identical ballots are merged first (the rule only sees each voter's set of projects), and
the supporters' summed loads are kept per project and updated only for the voters whose
load changed, with integer counts per load level, so large cities take well under a
second.
"""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from math import lcm

from hromada.tally.model import Election, Project
from hromada.tally.outcome import Explanation, Outcome, exact_text
from hromada.tally.rules import RuleError, RuleOptions


def merged_ballots(election: Election) -> list[tuple[frozenset[str], int]]:
    """Each distinct approval set with the number of voters who cast it, in order of
    first appearance (empty sets dropped: they support nothing and carry no load)."""
    groups: Counter[frozenset[str]] = Counter()
    for ballot in election.ballots:
        if ballot.projects:
            groups[frozenset(ballot.projects)] += 1
    return list(groups.items())


def phragmen(election: Election, options: RuleOptions) -> Outcome:
    """Sequential Phragmén on merged identical ballots (see the module docstring)."""
    return sequential_phragmen(election, options)


def sequential_phragmen(
    election: Election, options: RuleOptions, *, merge_ballots: bool = True
) -> Outcome:
    """`merge_ballots=False` keeps one group per voter: the plain path, slower, kept to
    cross-check that merging never changes the outcome."""
    if not election.vote_type.is_approval_like:
        raise RuleError(
            f"phragmen applies to approval and choose-1 ballots only, "
            f"not {election.vote_type.value} ballots"
        )
    budget = election.budget
    projects = election.projects
    explanations: dict[str, Explanation] = {}

    candidates: set[str] = set()
    for pid, project in projects.items():
        if project.cost > budget:
            explanations[pid] = Explanation(
                "over_budget", {"cost": exact_text(project.cost), "budget": exact_text(budget)}
            )
        else:
            candidates.add(pid)

    # Voter groups: identical ballots, restricted to the projects still in the race.
    group_projects: list[tuple[str, ...]] = []
    group_size: list[int] = []
    if merge_ballots:
        ballot_groups = merged_ballots(election)
    else:
        ballot_groups = [(frozenset(b.projects), 1) for b in election.ballots if b.projects]
    for ballot, size in ballot_groups:
        listed = tuple(pid for pid in ballot if pid in candidates)
        if listed:
            group_projects.append(listed)
            group_size.append(size)
    supporters: dict[str, list[int]] = {pid: [] for pid in candidates}
    # Voters approving each project (approval ballots are sets: each voter counts once).
    votes = dict.fromkeys(projects, 0)
    for index, listed in enumerate(group_projects):
        for pid in listed:
            supporters[pid].append(index)
            votes[pid] += group_size[index]

    # Loads take few distinct values (one per round): each group points at its level.
    levels: list[Fraction] = [Fraction(0)]
    group_level = [0] * len(group_projects)
    # Sum of the loads of each candidate's supporters (voters, not groups).
    load_sum: dict[str, Fraction] = {pid: Fraction(0) for pid in candidates}

    tie_key = options.tie_break.key
    remaining = budget
    selected: list[str] = []
    while candidates:
        best: Fraction | None = None
        tied: list[Project] = []
        unsupported: list[Project] = []
        for pid in candidates:
            if votes[pid] == 0:
                unsupported.append(projects[pid])
                continue
            new_load = (load_sum[pid] + projects[pid].cost) / votes[pid]
            if best is None or new_load < best:
                best = new_load
                tied = [projects[pid]]
            elif new_load == best:
                tied.append(projects[pid])
        if best is None:
            tied = unsupported  # only unsupported projects are left: an infinite load

        blocking = sorted((p for p in tied if p.cost > remaining), key=tie_key)
        if blocking:
            for project in blocking:
                explanations[project.project_id] = Explanation(
                    "stopped_no_skip",
                    {
                        "round": len(selected) + 1,
                        "votes": votes[project.project_id],
                        "cost": exact_text(project.cost),
                        "remaining": exact_text(remaining),
                    },
                )
                candidates.discard(project.project_id)
            break

        chosen = min(tied, key=tie_key)
        cid = chosen.project_id
        candidates.discard(cid)
        remaining -= chosen.cost
        selected.append(cid)
        numbers: dict[str, object] = {
            "round": len(selected),
            "votes": votes[cid],
            "cost": exact_text(chosen.cost),
            "remaining": exact_text(remaining),
        }
        if best is not None:
            numbers["load"] = exact_text(best)
            _raise_loads(
                supporters[cid],
                best,
                levels,
                group_level,
                group_size,
                group_projects,
                load_sum,
                candidates,
            )
        explanations[cid] = Explanation("selected", numbers)

    for pid in candidates:
        if votes[pid] == 0:
            explanations[pid] = Explanation("no_supporters")
        else:
            explanations[pid] = Explanation("not_reached", {"votes": votes[pid]})

    return Outcome(
        rule="phragmen",
        budget=budget,
        selected=selected,
        explanations={pid: explanations[pid] for pid in projects},
        options={"tie_break": options.tie_break.describe()},
    )


def _raise_loads(
    groups: list[int],
    new_load: Fraction,
    levels: list[Fraction],
    group_level: list[int],
    group_size: list[int],
    group_projects: list[tuple[str, ...]],
    load_sum: dict[str, Fraction],
    candidates: set[str],
) -> None:
    """Set the load of every voter in `groups` to `new_load` and update the candidates'
    load sums. Voters are counted with integers per (old load level, candidate); the
    raises `new_load - level` are put over one common denominator, so each candidate's
    sum takes a single exact addition per round."""
    by_level: dict[int, list[int]] = {}
    for group in groups:
        by_level.setdefault(group_level[group], []).append(group)

    raises = {old: new_load - levels[old] for old in by_level}
    denominator = lcm(*(raise_.denominator for raise_ in raises.values()))
    numerators: dict[str, int] = {}
    for old, members in by_level.items():
        counts: Counter[str] = Counter()
        single: list[str] = []  # groups of one voter: counted in C by Counter.update
        for group in members:
            size = group_size[group]
            if size == 1:
                single.extend(group_projects[group])
            else:
                for pid in group_projects[group]:
                    counts[pid] += size
        counts.update(single)
        raise_ = raises[old]
        scaled = raise_.numerator * (denominator // raise_.denominator)
        for pid, count in counts.items():
            if pid in candidates:
                numerators[pid] = numerators.get(pid, 0) + count * scaled
    for pid, numerator in numerators.items():
        load_sum[pid] += Fraction(numerator, denominator)

    levels.append(new_load)
    level = len(levels) - 1
    for group in groups:
        group_level[group] = level
