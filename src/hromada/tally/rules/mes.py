"""The Method of Equal Shares (MES), with the Add1 and Add1 + greedy completions.

Computes exactly what pabutools 1.2.3 `method_of_equal_shares` computes (see
docs/tally-mes.md): every voter gets the endowment budget/n (n = all ballots, empty
ones included); in each round the project whose supporters can pay for it at the
lowest price ρ per unit of utility (each paying min(their money, ρ·utility)) is bought,
ties broken by the tie-break; counting stops when no project is affordable.

Exact arithmetic only: money is integers over one common denominator per run (see
`_State`), prices are Fractions. Speed comes from:

- identical ballots are merged into weighted groups (`merge=True`, the default);
- voters are kept in *budget classes*: every voter of a class has the same money, so a
  project's price only needs the number of its supporters per class (counted in C),
  and buying a project splits a class into payers and non-payers;
- lazy evaluation: a project's price can only grow as money is spent, so each round
  only the cheapest candidates by their last known price are recomputed, and a price
  is reused while no project sharing a supporter with it has been bought.

The Add1 completion raises the endowment by one currency unit per voter until the
outcome is exhaustive (or the next one would exceed the budget). Only the order between
projects with a common supporter matters: buying a project changes only the prices of
projects sharing a supporter with it, so any order that always buys a project cheaper
than every remaining project sharing a supporter with it buys the same projects with
the same payments (docs/tally-mes.md). Instead of running MES once per unit, a run is
made once per *segment*: the run at endowment budget/n + k is done with every amount
written as an affine function of the increment t, and every comparison it makes
records the first integer t > k at which its result could change. Up to that integer,
every run would buy the same projects, so the search can jump there directly (see
`_Horizon`). Only the comparisons that decide something are recorded: which project
wins a round (against the lower bounds in the heap of the projects sharing a
supporter with it), which supporters of the winner pay all they have, and which
projects are dropped as unaffordable. The poor/rich split inside the price of a
project that does not win is not recorded: whatever split is used, the affine formula
(cost - money of the poor) / (number of the rich) is a lower bound of the true price
(Σ min(m_i, α) <= Σ_poor m_i + |rich|·α), so the comparison with the winner stays a
valid proof. Beyond the horizon, `MesEngine.certify` jumps further: for a fixed
sequence of decisions money only grows with t and every price only falls, so the
decisions made at a hold up to `top` when, replayed at `top`, no project sharing a
supporter with a round's winner is cheaper than the winner was at a.
"""

from __future__ import annotations

import functools
import heapq
import math
import operator
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import chain, repeat
from typing import Any

from hromada.tally.model import Election
from hromada.tally.outcome import Explanation, Outcome, exact_text
from hromada.tally.rules import RuleError, RuleOptions

_ONE = Fraction(1)
_PROJECTS = operator.attrgetter("projects")
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

    def record(self, p: int, q: int) -> None:
        """A comparison of two amounts whose difference is c·(p + q·(t - k)), for some
        constant c > 0."""
        if q == 0:
            return
        if p == 0:
            candidate = self.k + 1
        elif (p > 0) == (q > 0):
            return
        else:
            # The difference reaches 0 at t = k - p/q > k; from the first integer at or
            # after that point on, the result of the comparison may be different.
            num, den = (-p, q) if q > 0 else (p, -q)
            candidate = self.k - (-num // den)
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
    # With a horizon: d(rho)/dt of each winner, exact up to the horizon.
    rho_slope: dict[int, Fraction] = field(default_factory=dict)


def _approval_groups(
    election: Election, index: dict[str, int], merge: bool
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Ballots as groups of sorted project indices with their weights: identical
    sets merged when `merge`, else one group per ballot. Counted in C as far as
    possible (almost every ballot of a large election is distinct)."""
    to_indices = functools.partial(map, index.__getitem__)
    listed = map(_PROJECTS, election.ballots)
    if not merge:
        groups = list(map(tuple, map(sorted, map(set, map(to_indices, listed)))))
        return groups, [1] * len(groups)
    counted = Counter(listed)
    canonical = map(tuple, map(sorted, map(set, map(to_indices, counted))))
    merged: dict[tuple[int, ...], int] = {}
    get = merged.get
    for items, weight in zip(canonical, counted.values(), strict=True):
        merged[items] = get(items, 0) + weight
    return list(merged), list(merged.values())


def _point_groups(
    election: Election, index: dict[str, int], merge: bool
) -> tuple[list[tuple[int, ...]], list[tuple[Fraction, ...]], list[int]]:
    """The same for points utilities: only projects given points > 0 count, and a
    group's points are parallel to its items."""
    keys: dict[object, int] = {}
    weights: list[int] = []
    group_items: list[tuple[int, ...]] = []
    group_points: list[tuple[Fraction, ...]] = []
    for number, ballot in enumerate(election.ballots):
        assert ballot.points is not None
        pairs = sorted(
            (index[pid], p) for pid, p in zip(ballot.projects, ballot.points, strict=True) if p > 0
        )
        items = tuple(j for j, _p in pairs)
        points = tuple(p for _j, p in pairs)
        key: object = (items, points) if merge else number
        group = keys.get(key)
        if group is None:
            keys[key] = group = len(weights)
            weights.append(0)
            group_items.append(items)
            group_points.append(points)
        weights[group] += 1
    return group_items, group_points, weights


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
        # Group identical ballots (as far as the utilities can tell): the items of a
        # group are its projects as sorted indices (and, for points, their points).
        count = len(self.ids)
        points_utility = utility == "points"
        group_items: list[tuple[int, ...]]
        group_points: list[tuple[Fraction, ...]] = []
        weights: list[int]
        if points_utility:
            group_items, group_points, weights = _point_groups(election, index, merge)
        else:
            group_items, weights = _approval_groups(election, index, merge)
        self.weights = weights
        self.uniform = not points_utility
        # Supporters of each project (group indices, ascending) and overlap[j]: bit q
        # set when some ballot supports both j and q (a bit mask).
        self.supporters: list[list[int]] = [[] for _ in range(count)]
        self.overlap = [0] * count
        supporters, overlap = self.supporters, self.overlap
        bit = [1 << j for j in range(count)]
        masks = map(sum, map(functools.partial(map, bit.__getitem__), group_items))
        for group, (items, mask) in enumerate(zip(group_items, masks, strict=True)):
            for j in items:
                supporters[j].append(group)
                overlap[j] |= mask
        unit_weights = all(weight == 1 for weight in weights) if merge else True
        weight_of = weights.__getitem__
        if points_utility:
            # Votes: ballots listing the project, with zero points too.
            listed = election.votes()
            self.votes = [listed[pid] for pid in self.ids]
        elif unit_weights:
            self.votes = list(map(len, supporters))
        else:
            self.votes = [sum(map(weight_of, sup)) for sup in supporters]
        votes = self.votes
        self.supporter_utils: list[list[Fraction]] = [[] for _ in range(count)]
        if points_utility:
            for items, points in zip(group_items, group_points, strict=True):
                for j, p in zip(items, points, strict=True):
                    self.supporter_utils[j].append(p)
        # The utility of a supporter is `unit[j]` times an integer weight: when
        # uniform, the weight is 1 and the unit the cost (or 1, approval); for points,
        # the weight is the points times a common multiple of their denominators.
        self.unit = [(cost if utility == "cost" else _ONE) for cost in self.costs]
        self.supporter_w: list[list[int]] = [[] for _ in range(count)]
        if points_utility:
            for j, utils in enumerate(self.supporter_utils):
                common = math.lcm(*(u.denominator for u in utils)) if utils else 1
                self.unit[j] = Fraction(1, common)
                self.supporter_w[j] = [int(u * common) for u in utils]
            self.total_util = [
                sum((weights[g] * u for g, u in zip(sup, utils, strict=True)), Fraction(0))
                for sup, utils in zip(supporters, self.supporter_utils, strict=True)
            ]
        else:
            self.total_util = [self.unit[j] * votes[j] for j in range(count)]
        # For counting supporters per class in C (uniform utilities): a function
        # returning, from the class of every group, the class of every supporter.
        self.voter_groups: list[Callable[[list[int]], Sequence[int]]] = []
        # The same, once per group.
        self.group_picker = list(map(_picker, supporters))
        if not points_utility:
            for sup in supporters:
                if not unit_weights:
                    sup = list(chain.from_iterable(map(repeat, sup, map(weight_of, sup))))
                self.voter_groups.append(_picker(sup))
        self.cost_parts = [(cost.numerator, cost.denominator) for cost in self.costs]
        self.unit_parts = [(unit.numerator, unit.denominator) for unit in self.unit]
        self.cost_lcm = math.lcm(*(den for _num, den in self.cost_parts)) if count else 1
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
        heap: list[_Entry] = []
        slopes: dict[int, Fraction] = {}
        zero = Fraction(0)
        for j in self.candidates:
            # A lower bound of its price: everybody's utility at the start.
            heap.append(_entry(costs[j] / self.total_util[j], keys[j], j))
            slopes[j] = zero
        heapq.heapify(heap)
        fresh = dict.fromkeys(self.candidates, -1)
        overlap = self.overlap
        # Bit q set while q's price in the heap may be out of date: a project's price
        # changes only when a project sharing a supporter with it is bought.
        dirty = (1 << len(self.costs)) - 1
        run = MesRun([], {}, {}, {}, endowment)
        round_number = 0
        while heap:
            _coarse, price, _key, j = heap[0]
            if (
                fresh[j] != round_number
                and not dirty >> j & 1
                and (horizon is None or horizon.saturated())
            ):
                fresh[j] = round_number  # still exact (not while slopes are tracked)
            if fresh[j] == round_number:
                heapq.heappop(heap)
                if horizon is not None and not horizon.saturated():
                    # Only projects sharing a supporter with j: the order between
                    # projects without common supporters does not change what is
                    # bought nor who pays what (see `run_add1`).
                    # The winner is cheapest now (other - price >= 0): the order can
                    # only change where another project's price falls faster.
                    slope = slopes[j]
                    sn, sd = slope.numerator, slope.denominator
                    pn, pd = price.numerator, price.denominator
                    mask = overlap[j]
                    for _c, other, _other_key, q in heap:
                        if mask >> q & 1:
                            other_slope = slopes[q]
                            qd = other_slope.denominator
                            n1 = other_slope.numerator * sd - sn * qd
                            if n1 < 0:
                                od = other.denominator
                                n0 = other.numerator * pd - pn * od
                                horizon.record(n0 * qd * sd, n1 * od * pd)
                    state.record_winner(j)
                run.selected.append(j)
                run.rho[j] = price
                if horizon is not None:
                    run.rho_slope[j] = slopes[j]
                run.payers[j] = state.charge(j)
                dirty |= overlap[j]
                round_number += 1
                continue
            heapq.heappop(heap)
            found = state.price(j)
            dirty &= ~(1 << j)
            if found[0] is None:
                run.unaffordable[j] = (found[2], found[3])
                continue
            fresh[j] = round_number
            slopes[j] = found[1]
            heapq.heappush(heap, _entry(found[0], keys[j], j))
        return run

    def certify(
        self,
        selected: Sequence[int],
        rho_at: dict[int, Fraction],
        keys: Sequence[tuple[object, ...]],
        top: int,
    ) -> dict[int, Fraction] | None:
        """When MES buys `selected` (in this order) at every endowment base + t for
        a <= t <= top, given that it does at base + a with the prices `rho_at`: the
        prices at base + top. Otherwise (or when this cannot be shown) None.

        For a fixed sequence of decisions, every voter's money at every round can only
        grow with t, so every price can only fall: on [a, top] the winner of a round
        pays at most its price at a, and any other project costs at least its price at
        top (or is unaffordable throughout when it is unaffordable at top). So it is
        enough to replay the decisions at top and check, round by round, that no other
        project sharing a supporter with the winner is cheaper at top than the winner
        was at a (ties by the tie-break; the order between projects without common
        supporters changes nothing, see `run_add1`), and that after the last round
        nothing is affordable at top. Lazy: lower bounds of the prices at top,
        recomputed only when below the winner's price at a."""
        state = _State(self, _endowment(self) + top, None)
        costs = self.costs
        heap = [_entry(costs[j] / self.total_util[j], keys[j], j) for j in self.candidates]
        heapq.heapify(heap)
        fresh = dict.fromkeys(self.candidates, -1)
        winners = set(selected)
        done: set[int] = set()
        prices: dict[int, Fraction] = {}
        overlap = self.overlap
        dirty = (1 << len(costs)) - 1  # as in `run`
        for round_number, w in enumerate(selected):
            limit = _entry(rho_at[w], keys[w], -1)[:3]
            done.add(w)
            mask = self.overlap[w]
            aside = []
            while heap and heap[0][:3] < limit:
                entry = heapq.heappop(heap)
                q = entry[3]
                if q in done:
                    continue
                if not mask >> q & 1:
                    aside.append(entry)  # no common supporter: its order is free
                    continue
                if fresh[q] == round_number or not dirty >> q & 1:
                    return None  # its exact price is below the winner's
                found = state.price(q)
                dirty &= ~(1 << q)
                if found[0] is None:
                    continue
                fresh[q] = round_number
                heapq.heappush(heap, _entry(found[0], keys[q], q))
            for entry in aside:
                heapq.heappush(heap, entry)
            price = state.price(w)[0]
            if price is None:  # cannot happen: money only grows with t
                return None
            prices[w] = price
            state.charge(w)
            dirty |= overlap[w]
        # Nothing else may become affordable at the end.
        remaining = [q for _coarse, _bound, _key, q in heap if q not in winners]
        if self.uniform and remaining:
            # Affordable exactly when its supporters have, together, at least its cost:
            # their money summed in C from every group's money.
            group_money = state.group_money()
            cost_parts, dv = self.cost_parts, state.dv
            for q in remaining:
                cost_num, cost_den = cost_parts[q]
                if sum(self.voter_groups[q](group_money)) >= cost_num * (dv // cost_den):
                    return None
            return prices
        for q in remaining:
            if state.price(q)[0] is not None:
                return None
        return prices


def _linked(start: int, projects: list[int], overlap: list[int]) -> set[int]:
    """The projects of `projects` reachable from `start` through common supporters."""
    found = {start}
    frontier = [start]
    while frontier:
        mask = overlap[frontier.pop()]
        for q in projects:
            if q not in found and mask >> q & 1:
                found.add(q)
                frontier.append(q)
    return found


class _Side:
    """One end of the range in `_certify_range`: the voters' money there and lower
    bounds of the prices (a heap of entries, exact where `fresh` says so)."""

    __slots__ = ("dirty", "fresh", "heap", "state")

    def __init__(self, state: _State, heap: list[_Entry], fresh: dict[int, int], dirty: int):
        self.state, self.heap, self.fresh, self.dirty = state, heap, fresh, dirty

    def copy(self) -> _Side:
        return _Side(self.state.copy(), self.heap.copy(), self.fresh.copy(), self.dirty)

    def refresh(self, j: int, round_number: int, keys: Sequence[tuple[object, ...]]) -> bool:
        """Recomputes j's exact price; pushes it and returns True when affordable."""
        found = self.state.price(j)
        self.dirty &= ~(1 << j)
        if found[0] is None:
            return False
        self.fresh[j] = round_number
        heapq.heappush(self.heap, _entry(found[0], keys[j], j))
        return True

    def exact(self, j: int, round_number: int) -> bool:
        return self.fresh[j] == round_number or not self.dirty >> j & 1


def _certify_range(
    engine: MesEngine,
    low: Fraction,
    high: Fraction,
    keys: Sequence[tuple[object, ...]],
    stops: Callable[[list[int]], bool],
    cap: int,
) -> tuple[bool, int]:
    """(True, work) when, for every endowment e in [low, high], the projects MES buys
    at e (as a set) are one for which `stops` is False; (False, work) when that cannot
    be shown within `cap` rounds of work. `work`: the rounds followed.

    For a fixed sequence of decisions money only grows with e, so every price only
    falls: on [low, high] a project costs between its price at high and at low. A
    round is therefore won, somewhere in the range, only by a project whose price at
    high is not above the lowest price at low (ties by the tie-break); the search
    follows every such project (a tree of prefixes, both ends replayed side by side)
    and checks every outcome it can end in. Only those linked to the cheapest project
    at low by common supporters are followed: at every e, the cheapest of them at e is
    cheaper than every remaining project sharing a supporter with it, and buying such
    a project first leads to the outcome of MES (see `run_add1`). A project
    unaffordable at high is so everywhere in the range. One affordable at high but not
    at low wins only where it has become affordable; there its supporters keep at
    least nothing, so at the low end they pay all they have, and the money at low
    stays at most the money at every e of that branch (and at high, at least). Where
    nothing is affordable at low the count may end: that outcome is checked too."""
    candidates = engine.candidates
    costs = engine.costs

    def start(endowment: Fraction) -> _Side:
        heap = [_entry(costs[j] / engine.total_util[j], keys[j], j) for j in candidates]
        heapq.heapify(heap)
        return _Side(
            _State(engine, endowment, None),
            heap,
            dict.fromkeys(candidates, -1),
            (1 << len(costs)) - 1,
        )

    # A node: both ends, the projects gone (bought or unaffordable), those bought.
    stack: list[tuple[_Side, _Side, set[int], list[int]]] = [(start(low), start(high), set(), [])]
    work = 0
    while stack:
        side_a, side_b, gone, bought = stack.pop()
        round_number = len(bought)
        work += 1
        if work > cap:
            return False, work
        # The lowest exact price at low (None: nothing is affordable there).
        heap_a = side_a.heap
        best: _Entry | None = None
        while heap_a:
            entry = heap_a[0]
            j = entry[3]
            if j in gone:
                heapq.heappop(heap_a)
            elif side_a.exact(j, round_number):
                side_a.fresh[j] = round_number
                best = entry
                break
            else:
                heapq.heappop(heap_a)
                side_a.refresh(j, round_number, keys)
        # Every project whose exact price at high is not above it.
        heap_b = side_b.heap
        limit = best[:3] if best is not None else None
        winners: list[_Entry] = []
        while heap_b and (limit is None or heap_b[0][:3] <= limit):
            entry = heapq.heappop(heap_b)
            j = entry[3]
            if j in gone:
                continue
            if side_b.exact(j, round_number):
                side_b.fresh[j] = round_number
                winners.append(entry)
            elif not side_b.refresh(j, round_number, keys):
                gone = gone | {j}  # unaffordable at high: everywhere, from here on
        for entry in winners:
            heapq.heappush(heap_b, entry)
        if best is None:
            # Nothing is affordable everywhere in the range: the count may end here.
            if stops(bought):
                return False, work
        else:
            # Only the projects linked to the cheapest one at low by common supporters
            # (through projects that can win): at every e in the range, the cheapest
            # of them is cheaper than every project sharing a supporter with it, and
            # buying such a project first gives the same outcome as MES (`run_add1`).
            linked = _linked(best[3], [entry[3] for entry in winners], engine.overlap)
            winners = [entry for entry in winners if entry[3] in linked]
        for index, entry in enumerate(winners):
            q = entry[3]
            last = index == len(winners) - 1
            a, b = (side_a, side_b) if last else (side_a.copy(), side_b.copy())
            if a.state.price(q)[0] is None:
                # q wins only where it has become affordable; there its supporters keep
                # at least nothing, so paying all keeps low a lower end of the money.
                a.state.charge_all(q)
            else:
                a.state.charge(q)
            b.state.charge(q)
            overlap = engine.overlap[q]
            a.dirty |= overlap
            b.dirty |= overlap
            stack.append((a, b, gone | {q}, [*bought, q]))
    return True, work


def _picker(indices: list[int]) -> Callable[[list[int]], Sequence[int]]:
    """items[i] for every i of `indices`, as a tuple (operator.itemgetter, whose
    result is not a tuple for fewer than two indices)."""
    if len(indices) >= 2:
        return operator.itemgetter(*indices)
    if indices:
        only = indices[0]
        return lambda items: (items[only],)
    return lambda items: ()


# A level of supporters: (money per unit of weight, weight, voters, class).
_Level = tuple[int | Fraction, int, int, int]
_first = operator.itemgetter(0)
_third = operator.itemgetter(2)


# A heap entry: (⌊price·2^64⌋, price, tie-break key, project). The integer first
# decides most comparisons without Fraction arithmetic; the order is that of (price,
# key), exactly, since the floor never reverses an order.
_Entry = tuple[int, Fraction, tuple[object, ...], int]


def _entry(price: Fraction, key: tuple[object, ...], j: int) -> _Entry:
    return ((price.numerator << 64) // price.denominator, price, key, j)


class _State:
    """Voters' money during one run, by budget class: every voter of a class has the
    same money. Exact and integer-only: every class's money is `value[c] / dv`, with
    one common denominator `dv` for all classes, made finer when a payment needs it.
    Values are rescaled lazily: `value[c]` is over the denominator of its epoch,
    `epoch[c]`, and `scale[e]` turns epoch e's into the current one (a class is brought
    up to date when it is read). In the Add1 search, money is affine in the increment
    t: `value[c] / dv + slope[c] / ds · (t - k)` (slopes are rescaled at once).

    Per project j, supporters carry an integer weight w (1 for cost and approval
    utilities; the points times a common multiple of their denominators for points
    utilities) and `engine.unit[j]` turns it into utility: a supporter pays
    min(money, β·w) with β = ρ·unit."""

    def __init__(self, engine: MesEngine, endowment: Fraction, horizon: _Horizon | None):
        self.engine = engine
        self.group_class = [0] * len(engine.weights)
        # A denominator for the endowment and every cost.
        self.dv = math.lcm(endowment.denominator, engine.cost_lcm)
        self.value = [int(endowment * self.dv)]
        self.epoch = [0]
        self.scale = [1]
        self.current = 0
        self.ds = 1
        self.slope = [1]
        # Classes with money: class -> number of voters in it.
        self.live: dict[int, int] = {0: engine.n} if endowment > 0 else {}
        self.horizon = horizon
        # The last price found per project: (levels, A, RW, PS) with β = A / (RW·dv)
        # and dβ/dt = -PS / (RW·ds).
        self.last: dict[int, tuple[list[_Level], int, int, int, int]] = {}

    def copy(self) -> _State:
        """An independent copy (no horizon)."""
        other = object.__new__(_State)
        other.engine = self.engine
        other.group_class = self.group_class.copy()
        other.dv, other.ds, other.current = self.dv, self.ds, self.current
        other.value = self.value.copy()
        other.epoch = self.epoch.copy()
        other.scale = self.scale.copy()
        other.slope = self.slope.copy()
        other.live = self.live.copy()
        other.horizon = None
        other.last = self.last.copy()
        return other

    def _levels(self, j: int, ordered: bool = True) -> list[_Level]:
        """Supporters of j with money, as (money per weight, weight, number of voters,
        class), poorest first (in no particular order unless `ordered`)."""
        engine = self.engine
        group_class = self.group_class
        live = self.live
        value = self.value
        epoch, scale, current = self.epoch, self.scale, self.current
        levels: list[_Level]
        if engine.uniform:
            # Voters per class, counted in C: each group appears once per voter.
            counts = Counter(engine.voter_groups[j](group_class))
            for c in [c for c in counts if epoch[c] != current and c in live]:
                value[c] *= scale[epoch[c]]
                epoch[c] = current
            levels = [(value[c], 1, count, c) for c, count in counts.items() if c in live]
        else:
            weights = engine.weights
            pairs: dict[tuple[int, int], int] = {}
            get_pair = pairs.get
            for g, w in zip(engine.supporters[j], engine.supporter_w[j], strict=True):
                key = (group_class[g], w)
                pairs[key] = get_pair(key, 0) + weights[g]
            for c in {c for c, _w in pairs if epoch[c] != current and c in live}:
                value[c] *= scale[epoch[c]]
                epoch[c] = current
            levels = [
                (Fraction(value[c], w), w, count, c) for (c, w), count in pairs.items() if c in live
            ]
        if ordered:
            levels.sort()
        return levels

    def price(self, j: int) -> tuple[Fraction | None, Fraction, int, Fraction]:
        """(ρ, its slope in t, 0, 0) for the lowest price ρ per unit of utility at which
        project j's supporters can pay for it, each paying min(money, ρ·utility); or
        (None, 0, supporters with money, their money) when they cannot."""
        engine = self.engine
        value = self.value
        dv = self.dv
        cost_num, cost_den = engine.cost_parts[j]
        cv = cost_num * (dv // cost_den)  # the cost over dv (cost_den divides dv)
        if engine.uniform:
            # Affordable exactly when the supporters' money adds up to the cost: checked
            # before sorting (most prices computed late in a run, and in certificates,
            # are of projects no longer affordable).
            levels = self._levels(j, ordered=False)
            money = sum(map(operator.mul, map(_first, levels), map(_third, levels)))
            if money < cv:
                return self._unaffordable(levels, cv, money)
            levels.sort()
            rw = sum(map(_third, levels))
        else:
            levels = self._levels(j)
            if not levels:
                return self._unaffordable(levels, cv, 0)
            rw = sum(w * count for _m, w, count, _c in levels)
        # β = a / (rw·dv) with a = cv - (money of those who pay all they have); a
        # supporter of class c and weight w pays all when value[c]/dv < β·w, i.e.
        # value[c]·rw < a·w. Those are the poorest (per weight): scan them in order;
        # β only grows as they are taken out, so the first one who can pay ends it.
        a = cv
        poor = 0
        size = len(levels)
        while poor < size:
            _m, w, count, c = levels[poor]
            v = value[c]
            if v * rw >= a * w:
                break
            a -= v * count
            rw -= w * count
            poor += 1
        if poor == size:
            return self._unaffordable(levels, cv, cv - a)  # everybody pays all
        un, ud = engine.unit_parts[j]
        rho = Fraction(a * ud, rw * dv * un)  # β / unit
        rho_slope = _ZERO
        horizon = self.horizon
        if horizon is not None and not horizon.saturated():
            # (Once the horizon is saturated nothing more is recorded: slopes are no
            # longer kept up to date.)
            slope = self.slope
            ps = sum(slope[c] * count for _m, _w, count, c in levels[:poor])
            self.last[j] = (levels, a, rw, ps, self.current)
            if ps:
                rho_slope = Fraction(-ps * ud, rw * self.ds * un)
        else:
            self.last[j] = (levels, a, rw, 0, self.current)
        return rho, rho_slope, 0, _ZERO

    def _unaffordable(
        self, levels: list[_Level], cv: int, money: int
    ) -> tuple[None, Fraction, int, Fraction]:
        """`money`: that of all the supporters of the project, over dv."""
        horizon = self.horizon
        if horizon is not None and not horizon.saturated():
            # Dropped for good: valid while its supporters cannot pay, at this round
            # (and so at every later one, where they have less).
            slope = self.slope
            money_slope = sum(slope[c] * count for _m, _w, count, c in levels)
            horizon.record((money - cv) * self.ds, money_slope * self.dv)
        count = sum(map(_third, levels))
        return None, _ZERO, count, Fraction(money, self.dv)

    def charge_all(self, j: int) -> int:
        """Every supporter of j pays all their money (a lower bound of what they keep
        where j is affordable)."""
        levels = self._levels(j)
        most = max((self.value[c] for _m, _w, _count, c in levels), default=0)
        self.last[j] = (levels, most, 1, 0, self.current)
        return self.charge(j)

    def group_money(self) -> list[int]:
        """Every group's money per voter, over the current denominator `dv`."""
        value, epoch, scale = self.value, self.epoch, self.scale
        class_money = [0] * len(value)
        for c in self.live:
            class_money[c] = value[c] * scale[epoch[c]]
        return list(map(class_money.__getitem__, self.group_class))

    def record_winner(self, j: int) -> None:
        """The payments of the winner keep their form while no supporter's money
        crosses its share."""
        horizon = self.horizon
        assert horizon is not None
        levels, a, rw, ps, _computed = self.last[j]
        value, slope, dv, ds = self.value, self.slope, self.dv, self.ds
        for _m, w, _count, c in levels:
            # money - β·w = (value·rw - a·w)/(rw·dv) + (slope·rw + ps·w)/(rw·ds)·(t - k)
            horizon.record((value[c] * rw - a * w) * ds, (slope[c] * rw + ps * w) * dv)

    def _rescale_values(self, factor: int) -> None:
        self.dv *= factor
        self.scale = [s * factor for s in self.scale]
        self.scale.append(1)
        self.current = len(self.scale) - 1

    def _rescale_slopes(self, factor: int) -> None:
        self.ds *= factor
        slope = self.slope
        for c in self.live:
            slope[c] *= factor

    def charge(self, j: int) -> int:
        """Every supporter of j pays min(money, β·w) at the price last found for j;
        returns how many voters paid."""
        engine = self.engine
        levels, a, rw, ps, computed = self.last[j]
        if computed != self.current:  # found before the last rescaling
            a *= self.scale[computed]
        # The share per unit of weight, a / (rw·dv), over a (possibly finer) dv.
        g = math.gcd(a, rw)
        share, factor = a // g, rw // g
        if factor > 1:
            self._rescale_values(factor)
        track = self.horizon is not None and not self.horizon.saturated()
        share_slope = 0
        if track and ps:
            g = math.gcd(ps, rw)
            share_slope, factor = ps // g, rw // g
            if factor > 1:
                self._rescale_slopes(factor)
        value, slope, live = self.value, self.slope, self.live
        epoch, scale, current = self.epoch, self.scale, self.current
        # New classes, from the levels found with the price (voters with money only).
        moved: dict[Any, int] = {}
        paid = 0
        for _m, w, count, c in levels:
            left = value[c] * scale[epoch[c]] - share * w
            new = len(value)
            epoch.append(current)
            if left <= 0:
                value.append(0)
                slope.append(0)
            else:
                value.append(left)
                # Money grows with t by its slope less the share's slope (which is
                # -ps·w/(rw·ds)); without a horizon, slopes are not used.
                slope.append(slope[c] + share_slope * w if track else 0)
                live[new] = count
            moved[(c, w)] = new
            paid += count
            remaining = live[c] - count
            if remaining:
                live[c] = remaining
            else:
                del live[c]
        group_class = self.group_class
        if engine.uniform:
            # Each supporter's class, moved where it has a new one (in C).
            by_class = {c: new for (c, _w), new in moved.items()}
            supporters = engine.supporters[j]
            old = engine.group_picker[j](group_class)
            for _ in map(group_class.__setitem__, supporters, map(by_class.get, old, old)):
                pass
        else:
            get_pair = moved.get
            for g, w in zip(engine.supporters[j], engine.supporter_w[j], strict=True):
                target = get_pair((group_class[g], w))
                if target is not None:
                    group_class[g] = target
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
    runs: int  # MES runs and certified replays made
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
    costs = engine.costs

    def stops(bought: list[int]) -> bool:
        """Whether the search stops at an outcome buying `bought` (in any order)."""
        total = free_cost + sum((costs[j] for j in bought), Fraction(0))
        if total > budget:
            return True
        chosen = set(bought)
        return all(total + costs[j] > budget for j in candidates if j not in chosen)

    previous: MesRun | None = None
    previous_k = -1
    k = 0
    runs = 0
    step = 2
    # Back-offs: where the outcome changes at almost every unit, a horizon (or a
    # certified jump) rarely pays for itself; after a failure they are skipped for a
    # number of runs that doubles with each further failure.
    horizon_skip, horizon_backoff = 0, 1
    jump_skip, jump_backoff = 0, 1
    range_skip, range_backoff, span = 0, 1, 16
    while True:
        runs += 1
        if limit is not None and runs > limit:
            raise RuleError(f"Add1 did not finish within {limit} runs")
        horizon: _Horizon | None = None
        if segments and not horizon_skip:
            horizon = _Horizon(k)
            current = engine.run(base + k, keys, horizon)
            next_k = horizon.next
            if next_k == k + 1:
                horizon_skip, horizon_backoff = horizon_backoff, min(2 * horizon_backoff, 16)
            else:
                horizon_backoff = 1
        else:
            horizon_skip = max(0, horizon_skip - 1)
            current = engine.run(base + k, keys)
            next_k = k + 1
        total = free_cost + sum((engine.costs[j] for j in current.selected), Fraction(0))
        if total > budget:
            if previous is None:  # cannot happen at k = 0: MES stays within budget/n·n
                return Add1Result(_empty_run(base), -1, runs, "over_budget")
            # The outcome at k - 1: `previous` bought the same projects with the same
            # payments, but projects without common supporters may come in another
            # order there, so the run is made again at k - 1 itself.
            if previous.endowment != base + previous_k:
                previous = engine.run(base + previous_k, keys)
                runs += 1
            return Add1Result(previous, previous_k, runs, "over_budget")
        chosen = set(current.selected)
        if all(total + engine.costs[j] > budget for j in candidates if j not in chosen):
            return Add1Result(current, k, runs, "exhaustive")
        if next_k is None:
            raise RuleError("Add1 would never end: no outcome changes with the endowment")
        if segments and jump_skip:
            jump_skip -= 1
        elif segments:
            # The decisions hold up to next_k - 1, where the winners' prices follow
            # from their slopes. Then certified jumps, each from the last certified
            # point (`MesEngine.certify`), with a step that doubles after a success and
            # shrinks after a failure (down to one unit; a first failure ends it).
            last = next_k - 1
            if horizon is None:
                rho_last = dict(current.rho)
            else:
                rho_last = {
                    w: current.rho[w] + current.rho_slope[w] * (last - k) for w in current.selected
                }
            jumped = False
            while True:
                top = last + step
                runs += 1
                if limit is not None and runs > limit:
                    raise RuleError(f"Add1 did not finish within {limit} runs")
                prices = engine.certify(current.selected, rho_last, keys, top)
                if prices is not None:
                    last, rho_last, jumped = top, prices, True
                    step *= 2
                    if step > _NEVER_ENDS:
                        raise RuleError(
                            "Add1 would never end: no outcome changes with the endowment"
                        )
                elif jumped and step > 1:
                    step = max(1, step // 4)
                else:
                    break
            if jumped:
                jump_backoff = 1
            else:
                jump_skip, jump_backoff = jump_backoff, min(2 * jump_backoff, 16)
            step = max(1, step // 2)
            next_k = last + 1
        if segments and range_skip:
            range_skip -= 1
        elif segments and k >= _RANGES_FROM:
            # In long searches, where jumps stop at close races between projects:
            # ranges [low, low + span - 1] certified by following every project that
            # can win a round somewhere in them (`_certify_range`), with a span that
            # doubles after a success and shrinks after a failure; tried less and less
            # often while they certify nothing. A range's work is counted in runs: the
            # rounds it follows, on both of its ends, over the rounds of a run.
            rounds = len(current.selected) + 1
            cap = 4 * (rounds + 1)
            low = next_k
            while span >= 2:
                high = low + span - 1
                certified, done = _certify_range(engine, base + low, base + high, keys, stops, cap)
                runs += -(-2 * done // rounds)
                if limit is not None and runs > limit:
                    raise RuleError(f"Add1 did not finish within {limit} runs")
                if certified:
                    low = high + 1
                    span *= 2
                    if span > _NEVER_ENDS:
                        raise RuleError(
                            "Add1 would never end: no outcome changes with the endowment"
                        )
                elif low > next_k:
                    span //= 4
                else:
                    break
            if low > next_k:
                range_backoff = 1
            else:
                range_skip, range_backoff = range_backoff, min(2 * range_backoff, 64)
            span = max(2, span // 2)
            next_k = low
        previous = current
        previous_k = next_k - 1
        k = next_k


# Ranges are tried from this increment on (`run_add1`).
_RANGES_FROM = 1024

# More units than this in one certified jump: the outcome does not change any more.
_NEVER_ENDS = 1 << 64


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
