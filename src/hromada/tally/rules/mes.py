"""The Method of Equal Shares (MES), with the Add1 and Add1 + greedy completions.

Computes exactly what pabutools 1.2.3 `method_of_equal_shares` computes (see
docs/tally-mes.md): every voter gets the endowment budget/n (n = all ballots, empty
ones included); in each round the project whose supporters can pay for it at the
lowest price ρ per unit of utility (each paying min(their money, ρ·utility)) is bought,
ties broken by the tie-break; counting stops when no project is affordable.

Exact arithmetic only (ints and Fractions). Speed comes from three things:

- identical ballots are merged into weighted groups (`merge=True`, the default);
- voters are kept in *budget classes*: every voter of a class has the same money, so a
  project's price only needs the number of its supporters per class (ints), and buying
  a project splits a class into payers and non-payers without touching other projects;
- lazy evaluation: a project's price can only grow as money is spent, so each round
  only the cheapest candidates by their last known price are recomputed.

The Add1 completion raises the endowment by one currency unit per voter until the
outcome is exhaustive (or the next one would exceed the budget). Instead of running
MES once per unit, a run is made once per *segment*: the run at endowment budget/n + k
is done with every amount written as an affine function of the increment t, and every
comparison it makes records the first integer t > k at which its result could change.
Up to that integer, every run would take exactly the same decisions, so it has the
same outcome and the search can jump there directly (see `_Horizon`). Only the
comparisons that decide something are recorded: which project wins a round (against
the lower bounds in the heap), which supporters of the winner pay all they have, and
which projects are dropped as unaffordable. The poor/rich split inside the price of a
project that does not win is not recorded: whatever split is used, the affine formula
(cost - money of the poor) / (number of the rich) is a lower bound of the true price
(Σ min(m_i, α) <= Σ_poor m_i + |rich|·α), so the comparison with the winner stays a
valid proof. On top of the horizon, `MesEngine.certify` tries to jump further (by
doubling steps): for a fixed sequence of decisions money only grows with t and every
price only falls, so the decisions at k hold up to `top` when, replayed at `top`, no
other project is cheaper than the winner was at k.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hromada.tally.model import Election
from hromada.tally.outcome import Explanation, Outcome, exact_text
from hromada.tally.rules import RuleError, RuleOptions

_ONE = Fraction(1)
_ZERO = Fraction(0)

__all__ = ["MesRun", "equal_shares", "mes_engine", "run_add1", "run_plain"]


# --------------------------------------------------------------------------------------
# Affine amounts for the Add1 search.


class _Horizon:
    """The first integer increment (> k) at which some recorded comparison may flip."""

    __slots__ = ("k", "next")

    def __init__(self, k: int) -> None:
        self.k = k
        self.next: int | None = None

    def saturated(self) -> bool:
        """True when nothing recorded from now on can bring the horizon closer."""
        return self.next == self.k + 1

    def record(self, d0: Fraction, d1: Fraction) -> None:
        """A comparison of two amounts whose difference is d0 + d1·(t - k)."""
        if d1 == 0:
            return
        if d0 == 0:
            candidate = self.k + 1
        elif (d0 > 0) == (d1 > 0):
            return
        else:
            # The difference reaches 0 at t = k - d0/d1 > k; from the first integer at
            # or after that point on, the result of the comparison may be different.
            candidate = math.ceil(self.k - d0 / d1)
        if self.next is None or candidate < self.next:
            self.next = candidate


# --------------------------------------------------------------------------------------
# The engine: ballots grouped, supporters per project, one MES run per endowment.


@dataclass
class MesRun:
    """One run of MES at one endowment (`selected` in order, in project indices)."""

    selected: list[int]
    rho: dict[int, Fraction]
    payers: dict[int, int]
    # Projects found unaffordable: index -> (supporters with money, their money).
    unaffordable: dict[int, tuple[int, Fraction]]
    endowment: Fraction


class MesEngine:
    """The election prepared for MES: voters merged into weighted groups (or one group
    per ballot), and for each project its supporters with their utilities."""

    def __init__(self, election: Election, utility: str, merge: bool) -> None:
        if utility not in {"cost", "points", "approval"}:
            raise RuleError(f"unknown utility {utility!r}: use cost, points or approval")
        if utility == "points" and not election.vote_type.has_points:
            raise RuleError(
                f"--utility points needs cumulative or scoring ballots, "
                f"not {election.vote_type.value}"
            )
        self.election = election
        self.utility = utility
        self.ids = list(election.projects)
        index = {project_id: i for i, project_id in enumerate(self.ids)}
        self.costs = [election.projects[pid].cost for pid in self.ids]
        self.n = len(election.ballots)
        self.budget = election.budget
        # Group identical ballots (as far as the utilities can tell).
        count = len(self.ids)
        self.votes = [0] * count
        votes = self.votes
        keys: dict[object, int] = {}
        weights: list[int] = []
        group_items: list[tuple[int, ...]] = []
        group_points: list[tuple[Fraction, ...]] = []
        points_utility = utility == "points"
        for number, ballot in enumerate(election.ballots):
            listed = [index[project_id] for project_id in ballot.projects]
            for j in listed:
                votes[j] += 1
            points: tuple[Fraction, ...] = ()
            if points_utility:
                assert ballot.points is not None
                pairs = sorted((j, p) for j, p in zip(listed, ballot.points, strict=True) if p > 0)
                items = tuple(j for j, _p in pairs)
                points = tuple(p for _j, p in pairs)
                key: object = (items, points) if merge else number
            else:
                items = tuple(sorted(set(listed)))
                key = items if merge else number
            group = keys.get(key)
            if group is None:
                keys[key] = group = len(weights)
                weights.append(0)
                group_items.append(items)
                group_points.append(points)
            weights[group] += 1
        self.weights = weights
        self.uniform = not points_utility
        # Supporters of each project (group indices) and, for points, their utilities.
        self.supporters: list[list[int]] = [[] for _ in range(count)]
        self.supporter_utils: list[list[Fraction]] = [[] for _ in range(count)]
        supporters = self.supporters
        for group, items in enumerate(group_items):
            for j in items:
                supporters[j].append(group)
        # The utility of a supporter when uniform: the cost, or 1.
        self.unit = [(cost if utility == "cost" else _ONE) for cost in self.costs]
        if points_utility:
            for items, points in zip(group_items, group_points, strict=True):
                for j, p in zip(items, points, strict=True):
                    self.supporter_utils[j].append(p)
            self.total_util = [
                sum((weights[g] * u for g, u in zip(sup, utils, strict=True)), Fraction(0))
                for sup, utils in zip(supporters, self.supporter_utils, strict=True)
            ]
        else:
            self.total_util = [
                self.unit[j] * sum(weights[g] for g in supporters[j]) for j in range(count)
            ]
        # Supported projects that cost nothing are selected first (in tie-break order).
        self.free: list[int] = []
        # Projects MES considers: with utility for somebody, positive cost.
        self.candidates: list[int] = []
        for j, cost in enumerate(self.costs):
            if votes[j] == 0:
                continue
            if cost == 0:
                self.free.append(j)
            elif self.total_util[j] > 0:
                self.candidates.append(j)

    def tie_keys(self, options: RuleOptions) -> list[tuple[object, ...]]:
        return [options.tie_break.key(self.election.projects[pid]) for pid in self.ids]

    # ----------------------------------------------------------------------------------

    def run(
        self,
        endowment: Fraction,
        keys: Sequence[tuple[object, ...]],
        horizon: _Horizon | None = None,
    ) -> MesRun:
        """One MES run where every voter starts with `endowment`. With a horizon, the
        endowment is read as endowment + (t - k) and every decision records when it
        could change (the Add1 search)."""
        state = _State(self, endowment, horizon)
        costs = self.costs
        heap: list[tuple[Fraction, tuple[object, ...], int]] = []
        slopes: dict[int, Fraction] = {}
        zero = Fraction(0)
        for j in self.candidates:
            # A lower bound of its price: everybody's utility at the start.
            heap.append((costs[j] / self.total_util[j], keys[j], j))
            slopes[j] = zero
        heapq.heapify(heap)
        fresh = dict.fromkeys(self.candidates, -1)
        run = MesRun([], {}, {}, {}, endowment)
        round_number = 0
        while heap:
            price, _key, j = heap[0]
            if fresh[j] == round_number:
                heapq.heappop(heap)
                if horizon is not None and not horizon.saturated():
                    slope = slopes[j]
                    for other, _other_key, q in heap:
                        horizon.record(other - price, slopes[q] - slope)
                    state.record_winner(j)
                run.selected.append(j)
                run.rho[j] = price
                run.payers[j] = state.charge(j, price, slopes[j])
                round_number += 1
                continue
            heapq.heappop(heap)
            found = state.price(j)
            if found[0] is None:
                run.unaffordable[j] = (found[2], found[3])
                continue
            fresh[j] = round_number
            slopes[j] = found[1]
            heapq.heappush(heap, (found[0], keys[j], j))
        return run

    def certify(self, run: MesRun, keys: Sequence[tuple[object, ...]], k: int, top: int) -> bool:
        """True when MES takes exactly the decisions of `run` (made at endowment
        base + k) at every endowment base + t, k <= t <= top.

        For a fixed sequence of decisions, every voter's money at every round can only
        grow with t, so every price can only fall: on [k, top] the winner of a round
        pays at most its price at k, and any other project costs at least its price at
        top (or is unaffordable throughout when it is unaffordable at top). So it is
        enough to replay the decisions at top and check, round by round, that no other
        project is cheaper at top than the winner was at k (ties by the tie-break), and
        that after the last round nothing is affordable at top. Lazy: lower bounds of
        the prices at top, recomputed only when below the winner's price at k."""
        state = _State(self, _endowment(self) + top, None)
        costs = self.costs
        heap = [(costs[j] / self.total_util[j], keys[j], j) for j in self.candidates]
        heapq.heapify(heap)
        fresh = dict.fromkeys(self.candidates, -1)
        winners = set(run.selected)
        done: set[int] = set()
        for round_number, w in enumerate(run.selected):
            limit = (run.rho[w], keys[w])
            done.add(w)
            while heap and heap[0][:2] < limit:
                _bound, _key, q = heapq.heappop(heap)
                if q in done:
                    continue
                if fresh[q] == round_number:
                    return False
                found = state.price(q)
                if found[0] is None:
                    continue
                fresh[q] = round_number
                heapq.heappush(heap, (found[0], keys[q], q))
            found = state.price(w)
            if found[0] is None:  # cannot happen: money only grows with t
                return False
            state.charge(w, found[0], _ZERO)
        # Nothing else may become affordable at the end.
        for _bound, _key, q in heap:
            if q in winners:
                continue
            if state.price(q)[0] is not None:
                return False
        return True


class _State:
    """Voters' money during one run, by budget class: every voter of a class has the
    same money `value[c]` (plus `slope[c]`·(t - k) in the Add1 search). Numerators and
    denominators are kept as ints for fast exact comparisons."""

    def __init__(self, engine: MesEngine, endowment: Fraction, horizon: _Horizon | None):
        self.engine = engine
        self.group_class = [0] * len(engine.weights)
        self.value = [endowment]
        self.num = [endowment.numerator]
        self.den = [endowment.denominator]
        self.slope = [Fraction(1)]
        self.horizon = horizon
        self.last: dict[int, tuple[list[tuple[int, Fraction, int]], Fraction, Fraction]] = {}

    def record_winner(self, j: int) -> None:
        """The payments of the winner keep their form while no supporter's money
        crosses its share."""
        horizon = self.horizon
        assert horizon is not None
        levels, rho, slope = self.last[j]
        value, cslope = self.value, self.slope
        for c, u, _count in levels:
            horizon.record(value[c] - rho * u, cslope[c] - slope * u)

    def _new_class(self, value: Fraction, slope: Fraction) -> int:
        self.value.append(value)
        self.num.append(value.numerator)
        self.den.append(value.denominator)
        self.slope.append(slope)
        return len(self.value) - 1

    def _levels(self, j: int) -> list[tuple[int, Fraction, int]]:
        """Supporters of j with money, as (class, utility, number of voters)."""
        engine = self.engine
        weights = engine.weights
        group_class = self.group_class
        num = self.num
        if engine.uniform:
            counts: dict[int, int] = {}
            get = counts.get
            for g in engine.supporters[j]:
                c = group_class[g]
                counts[c] = get(c, 0) + weights[g]
            return [(c, _ONE, count) for c, count in counts.items() if num[c] > 0]
        pairs: dict[tuple[int, Fraction], int] = {}
        get_pair = pairs.get
        for g, u in zip(engine.supporters[j], engine.supporter_utils[j], strict=True):
            key = (group_class[g], u)
            pairs[key] = get_pair(key, 0) + weights[g]
        return [(c, u, count) for (c, u), count in pairs.items() if num[c] > 0]

    def price(self, j: int) -> tuple[Fraction | None, Fraction, int, Fraction]:
        """(ρ, its slope, 0, 0) for the lowest price ρ per unit of utility at which
        project j's supporters can pay for it, each paying min(money, ρ·utility); or
        (None, 0, supporters with money, their money) when they cannot."""
        engine = self.engine
        num, den, value = self.num, self.den, self.value
        uniform = engine.uniform
        cost = engine.costs[j]
        rich = self._levels(j)
        levels = rich
        rich_util: Fraction | int = (
            sum(count for _c, _u, count in rich)
            if uniform
            else sum((u * count for _c, u, count in rich), Fraction(0))
        )
        poor_money = Fraction(0)
        poor: list[tuple[int, Fraction, int]] = []
        if not rich:
            return self._unaffordable(levels, cost)
        # ρ with utilities per supporter (uniform: α per voter, ρ = α / utility).
        rho = cost / rich_util
        while True:
            pn, pd = rho.numerator, rho.denominator
            if uniform:
                now = [lv for lv in rich if num[lv[0]] * pd < pn * den[lv[0]]]
            else:
                now = [
                    lv
                    for lv in rich
                    if num[lv[0]] * pd * lv[1].denominator < pn * lv[1].numerator * den[lv[0]]
                ]
            if not now:
                break
            poor.extend(now)
            gone = {id(lv) for lv in now}
            rich = [lv for lv in rich if id(lv) not in gone]
            poor_money += sum((value[c] * count for c, _u, count in now), Fraction(0))
            rich_util -= (
                sum(count for _c, _u, count in now)
                if uniform
                else sum((u * count for _c, u, count in now), Fraction(0))
            )
            if not rich:
                return self._unaffordable(levels, cost)
            rho = (cost - poor_money) / rich_util
        slope = Fraction(0)
        horizon = self.horizon
        if horizon is not None:
            poor_slope = sum((self.slope[c] * count for c, _u, count in poor), Fraction(0))
            slope = -poor_slope / rich_util
            self.last[j] = (levels, rho, slope)
        if uniform:
            unit = engine.unit[j]
            return rho / unit, slope / unit, 0, Fraction(0)
        return rho, slope, 0, Fraction(0)

    def _unaffordable(
        self, levels: list[tuple[int, Fraction, int]], cost: Fraction
    ) -> tuple[None, Fraction, int, Fraction]:
        money = sum((self.value[c] * count for c, _u, count in levels), Fraction(0))
        if self.horizon is not None and not self.horizon.saturated():
            # Dropped for good: valid while its supporters cannot pay, at this round
            # (and so at every later one, where they have less).
            slope = sum((self.slope[c] * count for c, _u, count in levels), Fraction(0))
            self.horizon.record(money - cost, slope)
        return None, Fraction(0), sum(count for _c, _u, count in levels), money

    def charge(self, j: int, rho: Fraction, rho_slope: Fraction) -> int:
        """Every supporter of j pays min(money, ρ·utility); returns how many paid."""
        engine = self.engine
        weights = engine.weights
        group_class = self.group_class
        num, den, value, slope = self.num, self.den, self.value, self.slope
        moved: dict[Any, int] = {}
        paid = 0
        if engine.uniform:
            unit = engine.unit[j]
            alpha = rho * unit
            alpha_slope = rho_slope * unit
            an, ad = alpha.numerator, alpha.denominator
            zero = Fraction(0)
            for g in engine.supporters[j]:
                c = group_class[g]
                new = moved.get(c)
                if new is None:
                    if num[c] <= 0:
                        new = c
                    elif num[c] * ad <= an * den[c]:
                        new = self._new_class(zero, zero)
                    else:
                        new = self._new_class(value[c] - alpha, slope[c] - alpha_slope)
                    moved[c] = new
                if new != c:
                    paid += weights[g]
                group_class[g] = new
            return paid
        for g, u in zip(engine.supporters[j], engine.supporter_utils[j], strict=True):
            c = group_class[g]
            key = (c, u)
            new = moved.get(key)
            if new is None:
                share = rho * u
                if num[c] <= 0:
                    new = c
                elif value[c] <= share:
                    new = self._new_class(Fraction(0), Fraction(0))
                else:
                    new = self._new_class(value[c] - share, slope[c] - rho_slope * u)
                moved[key] = new
            if new != c:
                paid += weights[g]
            group_class[g] = new
        return paid


def mes_engine(election: Election, options: RuleOptions, *, merge: bool = True) -> MesEngine:
    return MesEngine(election, options.utility, merge)


def run_plain(engine: MesEngine, options: RuleOptions) -> MesRun:
    """MES at the endowment budget/n."""
    keys = engine.tie_keys(options)
    return engine.run(_endowment(engine), keys)


def _endowment(engine: MesEngine) -> Fraction:
    if engine.n == 0:
        return Fraction(0)
    return engine.budget / engine.n


@dataclass
class Add1Result:
    run: MesRun
    increment: int  # the k of the returned outcome (endowment budget/n + k)
    runs: int  # MES runs actually made (segments)
    reason: str  # "exhaustive", "over_budget" or "nothing_to_fund"


def run_add1(
    engine: MesEngine, options: RuleOptions, *, segments: bool = True, limit: int | None = None
) -> Add1Result:
    """MES with pabutools' `voter_budget_increment=1`: endowment budget/n + k for
    k = 0, 1, 2, …; returns the first exhaustive outcome, or the previous outcome when
    one costs more than the budget. With `segments`, runs are made only where the
    outcome can change (see `_Horizon`); without, once per k (slow, for cross-checks)."""
    keys = engine.tie_keys(options)
    base = _endowment(engine)
    budget = engine.budget
    free_cost = sum((engine.costs[j] for j in engine.free), Fraction(0))
    candidates = engine.candidates
    previous: MesRun | None = None
    previous_k = -1
    k = 0
    runs = 0
    step = 2
    while True:
        runs += 1
        if limit is not None and runs > limit:
            raise RuleError(f"Add1 did not finish within {limit} runs")
        if segments:
            horizon = _Horizon(k)
            current = engine.run(base + k, keys, horizon)
            next_k = horizon.next
        else:
            current = engine.run(base + k, keys)
            next_k = k + 1
        total = free_cost + sum((engine.costs[j] for j in current.selected), Fraction(0))
        if total > budget:
            if previous is None:  # cannot happen at k = 0: MES stays within budget/n·n
                return Add1Result(_empty_run(base), -1, runs, "over_budget")
            # The outcome at k - 1 (equal to `previous`, which covers all of k - 1).
            return Add1Result(previous, previous_k, runs, "over_budget")
        chosen = set(current.selected)
        if all(total + engine.costs[j] > budget for j in candidates if j not in chosen):
            return Add1Result(current, k, runs, "exhaustive")
        if segments:
            # Try to jump further than the horizon: the same decisions up to k + step?
            # (Skipped while the last tries failed: `step` stays 0 until the horizon
            # itself jumps by more than one unit.)
            top = k + step
            if step and (next_k is None or top >= next_k):
                if engine.certify(current, keys, k, top):
                    next_k = top + 1 if next_k is None else max(next_k, top + 1)
                    step *= 2
                else:
                    step //= 4
            elif not step and next_k is not None and next_k > k + 1:
                step = 2
        if next_k is None:
            raise RuleError("Add1 would never end: no outcome changes with the endowment")
        previous = current
        previous_k = next_k - 1
        k = next_k


def _empty_run(e: Fraction) -> MesRun:
    return MesRun([], {}, {}, {}, e)


# --------------------------------------------------------------------------------------
# Greedy completion (pabutools greedy_utilitarian_welfare with Cost_Sat, starting from
# the Add1 outcome): by number of supporters, descending; ties by the tie-break; skip
# what does not fit.


def _greedy_completion(
    engine: MesEngine, keys: Sequence[tuple[object, ...]], chosen: list[int]
) -> list[int]:
    taken = set(chosen)
    remaining = engine.budget - sum((engine.costs[j] for j in chosen), Fraction(0))
    order = sorted(
        (j for j in range(len(engine.ids)) if j not in taken),
        key=lambda j: (-_density(engine, j), keys[j]),
    )
    added: list[int] = []
    for j in order:
        if engine.costs[j] <= remaining:
            added.append(j)
            remaining -= engine.costs[j]
    return added


def _density(engine: MesEngine, j: int) -> Fraction | float:
    """Cost_Sat satisfaction per unit of cost: the number of supporters (a supported
    project costing nothing comes first)."""
    votes = engine.votes[j]
    if votes == 0:
        return 0
    if engine.costs[j] == 0:
        return math.inf
    return Fraction(votes)


# --------------------------------------------------------------------------------------
# The rule.


def equal_shares(election: Election, options: RuleOptions) -> Outcome:
    return compute(election, options)


def compute(election: Election, options: RuleOptions, *, merge: bool = True) -> Outcome:
    """`equal_shares` with the choice of merging identical ballots (`merge=False` is
    the plain path, one group per ballot, for cross-checks)."""
    engine = mes_engine(election, options, merge=merge)
    keys = engine.tie_keys(options)
    free = sorted(engine.free, key=lambda j: keys[j])
    record: dict[str, Any] = {
        "utility": options.utility,
        "completion": options.completion,
        "tie_break": options.tie_break.describe(),
    }
    if options.completion == "none":
        run = run_plain(engine, options)
    elif options.completion in {"add1", "add1-greedy"}:
        result = run_add1(engine, options)
        run = result.run
        record["add1_increment"] = result.increment
        record["add1_runs"] = result.runs
        record["add1_stop"] = result.reason
    else:
        raise RuleError(f"unknown completion {options.completion!r}: use none, add1 or add1-greedy")
    record["endowment"] = exact_text(run.endowment)
    chosen = free + run.selected
    completion: list[int] = []
    if options.completion == "add1-greedy":
        completion = _greedy_completion(engine, keys, chosen)
    return _outcome(engine, options, run, free, completion, record)


def _outcome(
    engine: MesEngine,
    options: RuleOptions,
    run: MesRun,
    free: list[int],
    completion: list[int],
    record: dict[str, Any],
) -> Outcome:
    ids = engine.ids
    explanations: dict[str, Explanation] = {}
    remaining = engine.budget
    selected: list[str] = []
    round_number = 0
    for j in free + run.selected:
        round_number += 1
        remaining -= engine.costs[j]
        selected.append(ids[j])
        explanations[ids[j]] = Explanation(
            "selected",
            {
                "round": round_number,
                "votes": engine.votes[j],
                "cost": exact_text(engine.costs[j]),
                "remaining": exact_text(remaining),
                "payers": run.payers.get(j, 0),
                "rho": exact_text(run.rho.get(j, Fraction(0))),
            },
        )
    for j in completion:
        round_number += 1
        remaining -= engine.costs[j]
        selected.append(ids[j])
        explanations[ids[j]] = Explanation(
            "selected_by_completion",
            {
                "round": round_number,
                "votes": engine.votes[j],
                "cost": exact_text(engine.costs[j]),
                "remaining": exact_text(remaining),
            },
        )
    for j, project_id in enumerate(ids):
        if project_id in explanations:
            continue
        cost = engine.costs[j]
        if engine.votes[j] == 0 or engine.total_util[j] == 0:
            explanations[project_id] = Explanation("no_supporters")
        elif cost > engine.budget:
            explanations[project_id] = Explanation(
                "over_budget",
                {"cost": exact_text(cost), "budget": exact_text(engine.budget)},
            )
        else:
            count, money = run.unaffordable.get(j, (0, Fraction(0)))
            explanations[project_id] = Explanation(
                "not_affordable",
                {
                    "cost": exact_text(cost),
                    "supporters": engine.votes[j],
                    "supporters_with_money": count,
                    "money": exact_text(money),
                },
            )
    return Outcome(
        rule="mes",
        budget=engine.budget,
        selected=selected,
        explanations=explanations,
        options=record,
    )
