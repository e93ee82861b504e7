"""What a ballot of an edition looks like and whether a set of choices is a valid one:
approval (up to N projects per pool or in total), knapsack (projects within each pool's
money) or cumulative points (up to N points per pool or in total). Plain data in, plain
data out; the services and views share it."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hromada.budget.enums import BallotKind, ProjectState, VotesScope
from hromada.budget.models import Edition, Pool, Project


@dataclass(frozen=True)
class BallotProject:
    pk: int
    pool_id: int
    cost: Decimal
    author_key: str | None


@dataclass
class BallotPool:
    pool: Pool
    projects: list[Project] = field(default_factory=list)


@dataclass(frozen=True)
class BallotRules:
    kind: str
    scope: str
    allowance: int
    authors_may_vote_for_own: bool
    pool_money: Mapping[int, Decimal]

    @classmethod
    def of(cls, edition: Edition, pools: Iterable[Pool]) -> BallotRules:
        return cls(
            kind=edition.ballot_kind,
            scope=edition.votes_scope,
            allowance=edition.votes_per_voter,
            authors_may_vote_for_own=edition.authors_may_vote_for_own,
            pool_money={pool.pk: pool.amount for pool in pools},
        )

    @property
    def uses_points(self) -> bool:
        return self.kind == BallotKind.CUMULATIVE


class BallotError(ValueError):
    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class BallotBox:
    """What casting needs to know about an edition, read in four queries: its pools in
    order (with the settlements of a territorial pool), the territories' settlements,
    the admitted projects and the commission's public key. Kept on the edition object,
    so one request reads it once."""

    pools: list[Pool]
    pool_settlements: dict[int, frozenset[int] | None]
    territories: list[tuple[int, frozenset[int]]]
    projects: dict[int, BallotProject]
    public_key_pem: str | None

    def pools_for(self, settlement_ids: set[int]) -> list[Pool]:
        return [
            pool
            for pool in self.pools
            if (allowed := self.pool_settlements[pool.pk]) is None or allowed & settlement_ids
        ]

    def territory_for(self, settlement_ids: set[int]) -> int | None:
        for territory_id, settlements in self.territories:
            if settlements & settlement_ids:
                return territory_id
        return None


_BOX_ATTRIBUTE = "_voting_ballot_box"
# While voting is open the services freeze what a ballot box holds (pool money and
# limits, the admitted projects, the commission's key), so each server process keeps
# it for a short while instead of reading it on every cast. Keyed by the edition's id
# and creation time, so a new edition never meets an old entry.
BOX_SECONDS = 30.0
_boxes: dict[tuple[int, str], tuple[float, BallotBox]] = {}
_boxes_lock = threading.Lock()


def ballot_box(edition: Edition, *, frozen: bool = False) -> BallotBox:
    """`frozen`: the caller knows voting is open, so a recent copy may be used."""
    cached = getattr(edition, _BOX_ATTRIBUTE, None)
    if isinstance(cached, BallotBox):
        return cached
    key = (edition.pk, edition.created_at.isoformat())
    if frozen:
        with _boxes_lock:
            kept = _boxes.get(key)
        if kept is not None and kept[0] > time.monotonic():
            setattr(edition, _BOX_ATTRIBUTE, kept[1])
            return kept[1]
    box = _read_box(edition)
    if frozen:
        with _boxes_lock:
            if len(_boxes) > 100:
                _boxes.clear()
            _boxes[key] = (time.monotonic() + BOX_SECONDS, box)
    setattr(edition, _BOX_ATTRIBUTE, box)
    return box


def forget_ballot_boxes() -> None:
    with _boxes_lock:
        _boxes.clear()


def _read_box(edition: Edition) -> BallotBox:
    from hromada.budget.models import Territory
    from hromada.voting.models import CommissionKey

    pools = list(Pool.objects.filter(edition=edition).order_by("position", "name_uk"))
    members: dict[int, set[int]] = defaultdict(set)
    for territory_id, settlement_id in Territory.settlements.through.objects.filter(
        territory__edition=edition
    ).values_list("territory_id", "settlement_id"):
        members[territory_id].add(settlement_id)
    territories = [
        (territory_id, frozenset(members[territory_id]))
        for territory_id in Territory.objects.filter(edition=edition)
        .order_by("position", "name_uk")
        .values_list("pk", flat=True)
    ]
    projects = {
        pk: BallotProject(pk=pk, pool_id=pool_id, cost=cost, author_key=author_key)
        for pk, pool_id, cost, author_key in Project.objects.filter(
            edition=edition, state=ProjectState.ADMITTED, pool__isnull=False
        ).values_list("pk", "pool_id", "total_cost", "author__identity__person_key")
    }
    key = (
        CommissionKey.objects.filter(edition=edition, destroyed_at__isnull=True)
        .values_list("public_key_pem", flat=True)
        .first()
    )
    return BallotBox(
        pools=pools,
        pool_settlements={
            pool.pk: frozenset(members[pool.territory_id]) if pool.territory_id else None
            for pool in pools
        },
        territories=territories,
        projects=projects,
        public_key_pem=key,
    )


def ballot_projects(edition: Edition) -> list[Project]:
    """The admitted projects of the edition, in their public order."""
    return list(
        Project.objects.filter(edition=edition, state=ProjectState.ADMITTED, pool__isnull=False)
        .select_related("pool", "category", "author__identity")
        .order_by("pool__position", "number", "pk")
    )


def ballot_project(project: Project) -> BallotProject:
    identity = getattr(project.author, "identity", None) if project.author_id else None
    return BallotProject(
        pk=project.pk,
        pool_id=project.pool_id or 0,  # admitted projects always have a pool
        cost=project.total_cost,
        author_key=identity.person_key if identity is not None else None,
    )


def check_choices(
    rules: BallotRules,
    projects: Mapping[int, BallotProject],
    allowed_pools: set[int],
    chosen: Mapping[int, int],
    person_key: str | None,
) -> list[tuple[int, int, int]]:
    """The choices as sorted (project, pool, points) triples, or BallotError listing every
    problem. `projects` are the admitted projects of the edition; `chosen` maps a project
    id to points (1 on approval and knapsack ballots)."""
    problems: list[str] = []
    picked: list[tuple[int, int, int]] = []
    for project_id, points in sorted(chosen.items()):
        if points == 0:
            continue
        project = projects.get(project_id)
        if project is None:
            problems.append(_("A chosen project is not on this ballot (it is not admitted)."))
            continue
        if project.pool_id not in allowed_pools:
            problems.append(_("A chosen project belongs to a pool you may not vote in."))
            continue
        if points < 0 or (not rules.uses_points and points != 1):
            problems.append(_("At most one vote per project."))
            continue
        if (
            not rules.authors_may_vote_for_own
            and person_key is not None
            and project.author_key == person_key
        ):
            problems.append(_("Authors cannot vote for their own project."))
            continue
        picked.append((project_id, project.pool_id, points))
    if not picked and not problems:
        problems.append(_("Choose at least one project."))
    if problems:
        raise BallotError(sorted(set(problems), key=problems.index))
    problems.extend(_limits(rules, projects, picked))
    if problems:
        raise BallotError(problems)
    return picked


def _limits(
    rules: BallotRules, projects: Mapping[int, BallotProject], picked: list[tuple[int, int, int]]
) -> list[str]:
    problems: list[str] = []
    if rules.kind == BallotKind.KNAPSACK:
        spent: dict[int, Decimal] = defaultdict(Decimal)
        for project_id, pool_id, _points in picked:
            spent[pool_id] += projects[project_id].cost
        for pool_id, total in spent.items():
            if total > rules.pool_money[pool_id]:
                problems.append(
                    _("The chosen projects cost more than the pool's money (%(money)s UAH).")
                    % {"money": f"{rules.pool_money[pool_id]:,.0f}".replace(",", " ")}
                )
        return problems
    used: dict[int | None, int] = defaultdict(int)
    for _project_id, pool_id, points in picked:
        used[pool_id if rules.scope == VotesScope.PER_POOL else None] += points
    if not any(total > rules.allowance for total in used.values()):
        return problems
    per_pool = rules.scope == VotesScope.PER_POOL
    if rules.uses_points and per_pool:
        template = ngettext(
            "You have %(count)s point to distribute in each pool.",
            "You have %(count)s points to distribute in each pool.",
            rules.allowance,
        )
    elif rules.uses_points:
        template = ngettext(
            "You have %(count)s point to distribute.",
            "You have %(count)s points to distribute.",
            rules.allowance,
        )
    elif per_pool:
        template = ngettext(
            "Choose at most %(count)s project in each pool.",
            "Choose at most %(count)s projects in each pool.",
            rules.allowance,
        )
    else:
        template = ngettext(
            "Choose at most %(count)s project.",
            "Choose at most %(count)s projects.",
            rules.allowance,
        )
    problems.append(template % {"count": rules.allowance})
    return problems
