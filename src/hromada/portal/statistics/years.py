"""The statistics of all published editions side by side: one row per edition, the
categories matched across years by their code, and participation over the years."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from hromada.budget.enums import ProjectState
from hromada.budget.models import Edition
from hromada.budget.selectors import public_editions
from hromada.portal.statistics.breakdown import ZERO, breakdown_table
from hromada.portal.statistics.edition import Counters, counters_for
from hromada.portal.statistics.selectors import (
    ProjectFact,
    Winner,
    approved_snapshots,
    categories_of,
    implementation_statuses,
    submitted_projects,
    voters_total,
    winners_of,
)
from hromada.portal.statistics.tables import COUNT, MONEY, TEXT, Column, Row, Table, find_table


@dataclass
class EditionSummary:
    edition: Edition
    counters: Counters
    voters: int | None
    winners_sum: Decimal | None


@dataclass
class Overview:
    summaries: list[EditionSummary]
    counters: Counters
    tables: list[Table]

    def table(self, slug: str) -> Table | None:
        return find_table(self.tables, slug)


def _total(values: list[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def total_counters(summaries: list[EditionSummary]) -> Counters:
    """The sums over all editions; the voting figures over those with public results."""
    counters = [summary.counters for summary in summaries]
    return Counters(
        submitted=sum(item.submitted for item in counters),
        winners=_total([item.winners for item in counters]),
        implemented=_total([item.implemented for item in counters]),
        in_progress=_total([item.in_progress for item in counters]),
        planned=_total([item.planned for item in counters]),
        not_implemented=_total([item.not_implemented for item in counters]),
    )


def editions_table(summaries: list[EditionSummary], facts: list[ProjectFact]) -> Table:
    admitted: dict[int, int] = defaultdict(int)
    for fact in facts:
        if fact.state == ProjectState.ADMITTED:
            admitted[fact.edition_id] += 1
    rows = [
        Row(
            {
                "edition": str(summary.edition.title),
                "year": summary.edition.year,
                "total_amount": summary.edition.total_amount,
                "submitted": summary.counters.submitted,
                "admitted": admitted[summary.edition.pk],
                "winners": summary.counters.winners,
                "voters": summary.voters,
                "implemented": summary.counters.implemented,
                "in_progress": summary.counters.in_progress,
                "winners_sum": summary.winners_sum,
            },
            links={
                "edition": reverse("portal:edition_stats", kwargs={"edition": summary.edition.slug})
            },
        )
        for summary in summaries
    ]
    sums = [summary.winners_sum for summary in summaries if summary.winners_sum is not None]
    total = Row(
        {
            "edition": _("All editions"),
            "year": None,
            "total_amount": sum((s.edition.total_amount for s in summaries), ZERO),
            "submitted": sum(s.counters.submitted for s in summaries),
            "admitted": sum(admitted.values()),
            "winners": _total([s.counters.winners for s in summaries]),
            "voters": _total([s.voters for s in summaries]),
            "implemented": _total([s.counters.implemented for s in summaries]),
            "in_progress": _total([s.counters.in_progress for s in summaries]),
            "winners_sum": sum(sums, ZERO) if sums else None,
        }
    )
    return Table(
        slug="editions",
        title=_("Editions"),
        columns=[
            Column("edition", _("Edition"), TEXT),
            Column("year", _("Year"), TEXT),
            Column("total_amount", _("Total amount, UAH"), MONEY),
            Column("submitted", _("Submitted"), COUNT),
            Column("admitted", _("Admitted to the vote"), COUNT),
            Column("winners", _("Winners"), COUNT),
            Column("voters", _("Voters"), COUNT),
            Column("implemented", _("Implemented"), COUNT),
            Column("in_progress", _("In progress"), COUNT),
            Column("winners_sum", _("Sum of the winners, UAH"), MONEY),
        ],
        rows=rows,
        chart="submitted",
        note=_(
            "Winners, voters and delivery are shown once the commission has approved the "
            "results of the vote; until then the cell reads “—”."
        ),
        total=total,
    )


def categories_table(
    editions: list[Edition], facts: list[ProjectFact], winners: dict[int, list[Winner]]
) -> Table:
    """Categories of different editions are the same category when their codes match;
    the name shown is the one of the latest edition that has it."""
    code_of: dict[int, str] = {}
    names: dict[str, str] = {}
    order: list[str] = []
    rank = {edition.pk: index for index, edition in enumerate(editions)}  # oldest first
    for category in sorted(categories_of(editions), key=lambda item: rank[item.edition_id]):
        code_of[category.pk] = category.code
        if category.code not in names:
            order.append(category.code)
        names[category.code] = str(category.name)  # the latest edition's name wins
    by_pk = {fact.pk: fact for fact in facts}

    def key_of(fact: ProjectFact) -> Hashable:
        return code_of.get(fact.category_id) if fact.category_id is not None else None

    winner_keys: list[tuple[Hashable, Decimal]] | None = None
    if winners:
        winner_keys = []
        for edition_winners in winners.values():
            for winner in edition_winners:
                fact = by_pk.get(winner.project_id)
                winner_keys.append((key_of(fact) if fact is not None else None, winner.cost))
    return breakdown_table(
        slug="categories",
        title=_("Projects by category, all editions"),
        heading=_("Category"),
        groups=[(code, names[code]) for code in order],
        facts=facts,
        key_of=key_of,
        winners=winner_keys,
        unassigned_label=_("Not specified"),
        note=_(
            "Categories of different editions are matched by their code. Winners: the "
            "editions whose voting results are published."
        ),
    )


def participation_table(summaries: list[EditionSummary]) -> Table:
    return Table(
        slug="participation",
        title=_("Participation over the years"),
        columns=[
            Column("edition", _("Edition"), TEXT),
            Column("year", _("Year"), TEXT),
            Column("voters", _("Voters"), COUNT),
        ],
        rows=[
            Row(
                {
                    "edition": str(summary.edition.title),
                    "year": summary.edition.year,
                    "voters": summary.voters,
                },
                links={
                    "edition": reverse(
                        "portal:edition_stats", kwargs={"edition": summary.edition.slug}
                    )
                },
            )
            for summary in summaries
            if summary.voters is not None
        ],
        chart="voters",
        note=_("People who voted in each edition whose voting results are published."),
    )


def overview_statistics() -> Overview:
    # Oldest first: the tables and charts read as a story over the years.
    editions = list(public_editions().prefetch_related(None).order_by("year", "slug"))
    facts = submitted_projects(editions)
    snapshots = approved_snapshots(editions)
    winners = {edition_id: winners_of(snapshot) for edition_id, snapshot in snapshots.items()}
    statuses = implementation_statuses(
        winner.project_id for edition_winners in winners.values() for winner in edition_winners
    )
    facts_of: dict[int, list[ProjectFact]] = defaultdict(list)
    for fact in facts:
        facts_of[fact.edition_id].append(fact)
    summaries = []
    for edition in editions:
        edition_winners = winners.get(edition.pk)
        snapshot = snapshots.get(edition.pk)
        summaries.append(
            EditionSummary(
                edition=edition,
                counters=counters_for(facts_of[edition.pk], edition_winners, statuses),
                voters=voters_total(snapshot) if snapshot is not None else None,
                winners_sum=(
                    sum((winner.cost for winner in edition_winners), ZERO)
                    if edition_winners is not None
                    else None
                ),
            )
        )
    return Overview(
        summaries=summaries,
        counters=total_counters(summaries),
        tables=[
            editions_table(summaries, facts),
            categories_table(editions, facts, winners),
            participation_table(summaries),
        ],
    )
