"""The statistics of one edition: projects and money by category, pool and territory,
authors by age band, and once the commission has approved the count, voters and votes
by pool and channel, the winners and how their delivery goes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from hromada.accounts.identity.age import age_on
from hromada.budget.models import Edition
from hromada.implementation.enums import ONGOING_STATUSES, ImplementationStatus
from hromada.portal.statistics.breakdown import breakdown_table
from hromada.portal.statistics.selectors import (
    ProjectFact,
    Winner,
    implementation_statuses,
    pool_voting,
    submitted_projects,
    voters_total,
    winners_of,
)
from hromada.portal.statistics.tables import (
    COUNT,
    MONEY,
    TEXT,
    Column,
    Row,
    Table,
    find_table,
    published,
)
from hromada.voting.enums import AgeBand, Channel, age_band
from hromada.voting.models import ResultsSnapshot
from hromada.voting.selectors import approved_snapshot
from hromada.voting.statistics import min_cell, suppress


@dataclass(frozen=True)
class Counters:
    """The counters of "N submitted, N winners, N implemented, N in progress". Everything
    after `submitted` is None while the voting results are not public."""

    submitted: int
    winners: int | None = None
    implemented: int | None = None
    in_progress: int | None = None
    planned: int | None = None
    not_implemented: int | None = None

    @property
    def has_results(self) -> bool:
        return self.winners is not None


@dataclass
class EditionStatistics:
    edition: Edition
    snapshot: ResultsSnapshot | None
    counters: Counters
    voters: int | None
    tables: list[Table]

    def table(self, slug: str) -> Table | None:
        return find_table(self.tables, slug)


def counters_for(
    facts: list[ProjectFact], winners: list[Winner] | None, statuses: dict[int, str]
) -> Counters:
    """Statuses of the winners' implementation records; a winner without a record has
    not started, so it counts as planned."""
    submitted = len(facts)
    if winners is None:
        return Counters(submitted=submitted)
    counted = Counter(
        statuses.get(winner.project_id, ImplementationStatus.PLANNED) for winner in winners
    )
    ongoing = {str(status) for status in ONGOING_STATUSES}
    return Counters(
        submitted=submitted,
        winners=len(winners),
        implemented=counted[ImplementationStatus.IMPLEMENTED],
        in_progress=sum(count for status, count in counted.items() if status in ongoing),
        planned=counted[ImplementationStatus.PLANNED],
        not_implemented=counted[ImplementationStatus.NOT_IMPLEMENTED],
    )


def implementation_url(edition: Edition, project_id: int) -> str:
    """The public page of a project's delivery; empty while that page does not exist."""
    try:
        return reverse(
            "implementation:public_record",
            kwargs={"edition": edition.slug, "project_id": project_id},
        )
    except NoReverseMatch:
        return ""


def suppression_note(threshold: int) -> str:
    return _(
        "Groups of fewer than %(threshold)s people are shown as “<%(threshold)s”, so that "
        "no one can be recognised; where the total would then give such a group away, "
        "one more group is hidden."
    ) % {"threshold": threshold}


# ------------------------------------------------------------------------- projects


def _project_tables(
    edition: Edition, facts: list[ProjectFact], winners: list[Winner] | None
) -> list[Table]:
    by_pk = {fact.pk: fact for fact in facts}

    def winner_keys(attribute: str) -> list[tuple[Any, Any]] | None:
        if winners is None:
            return None
        keys = []
        for winner in winners:
            fact = by_pk.get(winner.project_id)
            key = winner.pool_id if attribute == "pool_id" else None
            if fact is not None:
                key = getattr(fact, attribute)
            keys.append((key, winner.cost))
        return keys

    note = _(
        "Submitted: every project ever submitted, including those later withdrawn or "
        "rejected. Sums are the estimated costs; for the winners, the costs the count used."
    )
    unassigned = _("Not specified")
    return [
        breakdown_table(
            slug="categories",
            title=_("Projects by category"),
            heading=_("Category"),
            groups=[(item.pk, str(item.name)) for item in edition.categories.all()],
            facts=facts,
            key_of=lambda fact: fact.category_id,
            winners=winner_keys("category_id"),
            unassigned_label=unassigned,
            note=note,
        ),
        breakdown_table(
            slug="pools",
            title=_("Projects by pool"),
            heading=_("Pool"),
            groups=[(item.pk, str(item.name)) for item in edition.pools.all()],
            facts=facts,
            key_of=lambda fact: fact.pool_id,
            winners=winner_keys("pool_id"),
            unassigned_label=unassigned,
            note=note,
        ),
        breakdown_table(
            slug="territories",
            title=_("Projects by territory"),
            heading=_("Territory"),
            groups=[(item.pk, str(item.name)) for item in edition.territories.all()],
            facts=facts,
            key_of=lambda fact: fact.territory_id,
            winners=winner_keys("territory_id"),
            unassigned_label=unassigned,
            note=note,
        ),
    ]


def _band_at(fact: ProjectFact) -> str:
    if fact.author_birth_date is None:
        return AgeBand.UNKNOWN.value
    submitted_on = timezone.localdate(fact.submitted_at)
    return age_band(age_on(fact.author_birth_date, submitted_on))


def author_ages_table(facts: list[ProjectFact], threshold: int) -> Table:
    """Authors (each once, at their first submission in the edition) and projects (at
    each one's first submission) by the author's age band, small cells hidden."""
    projects = Counter(_band_at(fact) for fact in facts)
    first: dict[int, ProjectFact] = {}
    for fact in sorted(facts, key=lambda item: (item.submitted_at, item.pk)):
        first.setdefault(fact.author_id, fact)
    authors = Counter(_band_at(fact) for fact in first.values())
    bands = list(AgeBand)
    shown_authors = suppress([authors[band.value] for band in bands], threshold)
    shown_projects = suppress([projects[band.value] for band in bands], threshold)
    rows = [
        Row(
            {
                "band": capfirst(str(band.label)),
                "authors": published(author_count),
                "projects": published(project_count),
            }
        )
        for band, author_count, project_count in zip(
            bands, shown_authors, shown_projects, strict=True
        )
    ]
    return Table(
        slug="author-ages",
        title=_("Authors by age"),
        columns=[
            Column("band", _("Age band"), TEXT),
            Column("authors", _("Authors"), COUNT),
            Column("projects", _("Projects"), COUNT),
        ],
        rows=rows,
        chart="authors",
        note=" ".join(
            [
                _(
                    "Age on the day the project was first submitted; an author of several "
                    "projects is counted once, at the first. Unknown: the author's birth "
                    "date is not known."
                ),
                suppression_note(threshold),
            ]
        ),
        total=Row({"band": _("Total"), "authors": len(first), "projects": len(facts)}),
        threshold=threshold,
    )


# --------------------------------------------------------------------------- voting


def pool_voters_table(snapshot: ResultsSnapshot) -> Table:
    pools = pool_voting(snapshot)
    by_points = any(pool.is_by_points for pool in pools)
    columns = [
        Column("pool", _("Pool"), TEXT),
        Column("voters", _("Voters"), COUNT),
        Column("votes", _("Votes"), COUNT),
    ]
    if by_points:
        columns.append(Column("points", _("Points"), COUNT))
    rows = []
    for pool in pools:
        cells: dict[str, Any] = {"pool": pool.name, "voters": pool.voters, "votes": pool.votes}
        if by_points:
            cells["points"] = pool.points
        rows.append(Row(cells))
    return Table(
        slug="pool-voters",
        title=_("Voters and votes by pool"),
        columns=columns,
        rows=rows,
        chart="voters",
        note=_(
            "A voter counts in a pool when their ballot chose at least one of its projects, "
            "so one person can count in several pools."
        ),
    )


def channels_table(snapshot: ResultsSnapshot) -> Table:
    statistics = snapshot.statistics or {}
    threshold = int(statistics.get("threshold") or min_cell())
    labels = dict(Channel.choices)
    rows = [
        Row(
            {
                "channel": capfirst(str(labels.get(item.get("key"), item.get("key", "")))),
                "voters": published(item.get("count")),
            }
        )
        for item in statistics.get("by_channel", [])
    ]
    return Table(
        slug="channels",
        title=_("Voters by channel"),
        columns=[Column("channel", _("Channel"), TEXT), Column("voters", _("Voters"), COUNT)],
        rows=rows,
        chart="voters",
        note=suppression_note(threshold),
        total=Row({"channel": _("Total"), "voters": voters_total(snapshot)}),
        threshold=threshold,
    )


def winners_table(edition: Edition, winners: list[Winner], statuses: dict[int, str]) -> Table:
    labels = dict(ImplementationStatus.choices)
    rows = []
    for winner in winners:
        status = statuses.get(winner.project_id)
        links = {
            "title": reverse(
                "budget:project",
                kwargs={"edition": edition.slug, "project_id": winner.project_id},
            )
        }
        if status is not None:
            url = implementation_url(edition, winner.project_id)
            if url:
                links["status"] = url
        rows.append(
            Row(
                {
                    "title": winner.title,
                    "number": winner.number,
                    "pool": winner.pool_name,
                    "votes": winner.votes,
                    "cost": winner.cost,
                    "status": capfirst(
                        str(labels.get(status or ImplementationStatus.PLANNED, status))
                    ),
                },
                links=links,
            )
        )
    return Table(
        slug="winners",
        title=_("Winning projects"),
        columns=[
            Column("title", _("Project"), TEXT),
            Column("number", _("No."), COUNT),
            Column("pool", _("Pool"), TEXT),
            Column("votes", _("Votes"), COUNT),
            Column("cost", _("Cost, UAH"), MONEY),
            Column("status", _("Implementation"), TEXT),
        ],
        rows=rows,
        chart="votes",
    )


def implementation_table(counters: Counters) -> Table:
    figures = [
        (_("Submitted"), counters.submitted),
        (_("Winners"), counters.winners),
        (_("Implemented"), counters.implemented),
        (_("In progress"), counters.in_progress),
        (_("Planned"), counters.planned),
        (_("Not implemented"), counters.not_implemented),
    ]
    return Table(
        slug="implementation",
        title=_("From submission to delivery"),
        columns=[
            Column("stage", _("Stage"), TEXT),
            Column("count", _("Number of projects"), COUNT),
        ],
        rows=[Row({"stage": label, "count": count}) for label, count in figures],
        chart="count",
        note=_(
            "In progress: procurement, contracting and works under way. Planned: winners "
            "whose delivery has not started yet."
        ),
    )


def edition_statistics(edition: Edition) -> EditionStatistics:
    facts = submitted_projects([edition])
    snapshot = approved_snapshot(edition)
    winners = winners_of(snapshot) if snapshot is not None else None
    statuses = implementation_statuses(winner.project_id for winner in winners or [])
    counters = counters_for(facts, winners, statuses)
    tables = [*_project_tables(edition, facts, winners), author_ages_table(facts, min_cell())]
    if snapshot is not None and winners is not None:
        tables += [
            pool_voters_table(snapshot),
            channels_table(snapshot),
            winners_table(edition, winners, statuses),
            implementation_table(counters),
        ]
    return EditionStatistics(
        edition=edition,
        snapshot=snapshot,
        counters=counters,
        voters=voters_total(snapshot) if snapshot is not None else None,
        tables=tables,
    )
