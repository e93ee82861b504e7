"""The reads behind the statistics: a few queries for any number of editions, turned
into plain records the table builders work on.

Voting figures come only from the count the commission approved (its `outcome` and
`statistics` JSON), so that every published number equals the one on the results page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language

from hromada.budget.models import Category, Edition, Project
from hromada.implementation.models import ImplementationRecord
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import ResultsSnapshot


@dataclass(frozen=True)
class ProjectFact:
    """A project that has been submitted at least once (withdrawn ones included)."""

    pk: int
    edition_id: int
    state: str
    pool_id: int | None
    category_id: int | None
    territory_id: int | None
    cost: Decimal
    submitted_at: datetime
    author_id: int
    author_birth_date: date | None


@dataclass(frozen=True)
class Winner:
    """A project the approved count selected, as the count recorded it."""

    project_id: int
    number: int
    title: str
    pool_id: int | None
    pool_name: str
    votes: int
    points: int
    cost: Decimal


@dataclass(frozen=True)
class PoolVoting:
    pool_id: int | None
    name: str
    voters: int
    votes: int
    points: int
    is_by_points: bool


def submitted_projects(editions: Iterable[Edition]) -> list[ProjectFact]:
    rows = (
        Project.objects.filter(edition__in=list(editions), first_submitted_at__isnull=False)
        .order_by("edition_id", "number", "pk")
        .values_list(
            "pk",
            "edition_id",
            "state",
            "pool_id",
            "category_id",
            "territory_id",
            "total_cost",
            "first_submitted_at",
            "author_id",
            "author__identity__birth_date",
        )
    )
    # first_submitted_at is never None here (filtered above); the stubs cannot know it.
    return [ProjectFact(*row) for row in rows]  # type: ignore[arg-type]


def approved_snapshots(editions: Iterable[Edition]) -> dict[int, ResultsSnapshot]:
    """The approved count of each edition that has one (the same condition as
    `hromada.voting.selectors.approved_snapshot`, in one query for many editions)."""
    snapshots = ResultsSnapshot.objects.filter(
        edition__in=list(editions), status=SnapshotStatus.APPROVED
    )
    return {snapshot.edition_id: snapshot for snapshot in snapshots}


def implementation_statuses(project_ids: Iterable[int]) -> dict[int, str]:
    ids = list(project_ids)
    if not ids:
        return {}
    return dict(
        ImplementationRecord.objects.filter(project_id__in=ids).values_list("project_id", "status")
    )


def categories_of(editions: Iterable[Edition]) -> list[Category]:
    return list(
        Category.objects.filter(edition__in=list(editions)).order_by(
            "edition_id", "position", "name_uk", "pk"
        )
    )


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value is not None else Decimal("0")
    except InvalidOperation:
        return Decimal("0")


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def localized(item: dict[str, Any], base: str = "name") -> str:
    """`<base>_<language>` of a JSON record (a snapshot's pool), falling back to Ukrainian."""
    language = (get_language() or "uk").split("-")[0]
    return str(item.get(f"{base}_{language}") or item.get(f"{base}_uk") or item.get(base) or "")


def outcome_pools(snapshot: ResultsSnapshot) -> list[dict[str, Any]]:
    return list((snapshot.outcome or {}).get("pools", []))


def winners_of(snapshot: ResultsSnapshot) -> list[Winner]:
    """The selected projects, pool by pool, in the order of the count."""
    found = []
    for pool in outcome_pools(snapshot):
        for project in pool.get("projects", []):
            if not project.get("selected"):
                continue
            found.append(
                Winner(
                    project_id=_int(project.get("project")),
                    number=_int(project.get("number")),
                    title=str(project.get("title") or ""),
                    pool_id=pool.get("pool"),
                    pool_name=localized(pool) or str(pool.get("code") or ""),
                    votes=_int(project.get("votes")),
                    points=_int(project.get("points")),
                    cost=_decimal(project.get("cost")),
                )
            )
    return found


def pool_voting(snapshot: ResultsSnapshot) -> list[PoolVoting]:
    """Per pool: the voters who chose at least one of its projects (the count's own
    figure, shown on the results page) and the votes its projects received."""
    return [
        PoolVoting(
            pool_id=pool.get("pool"),
            name=localized(pool) or str(pool.get("code") or ""),
            voters=_int(pool.get("voters")),
            votes=sum(_int(project.get("votes")) for project in pool.get("projects", [])),
            points=sum(_int(project.get("points")) for project in pool.get("projects", [])),
            is_by_points=pool.get("by") == "points",
        )
        for pool in outcome_pools(snapshot)
    ]


def voters_total(snapshot: ResultsSnapshot) -> int:
    """People who voted (annulled ones left out), as the results page says it."""
    statistics = snapshot.statistics or {}
    if "total" in statistics:
        return _int(statistics.get("total"))
    return snapshot.ballots_counted
