"""What a ballot of an edition looks like and whether a set of choices is a valid one:
approval (up to N projects per pool or in total), knapsack (projects within each pool's
money) or cumulative points (up to N points per pool or in total). Plain data in, plain
data out; the services and views share it."""

from __future__ import annotations

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
