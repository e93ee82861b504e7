"""Projects and their money split by one attribute (category, pool, territory): how many
were submitted and admitted, what they asked for, how many won and for how much."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from hromada.budget.enums import ProjectState
from hromada.portal.statistics.selectors import ProjectFact
from hromada.portal.statistics.tables import COUNT, MONEY, TEXT, Column, Row, Table

ZERO = Decimal("0.00")


@dataclass
class Tally:
    submitted: int = 0
    requested: Decimal = ZERO
    admitted: int = 0
    admitted_sum: Decimal = ZERO
    winners: int = 0
    winners_sum: Decimal = ZERO

    def add_project(self, fact: ProjectFact) -> None:
        self.submitted += 1
        self.requested += fact.cost
        if fact.state == ProjectState.ADMITTED:
            self.admitted += 1
            self.admitted_sum += fact.cost

    def add_winner(self, cost: Decimal) -> None:
        self.winners += 1
        self.winners_sum += cost

    def cells(self, label: str, with_winners: bool) -> dict[str, object]:
        cells: dict[str, object] = {
            "name": label,
            "submitted": self.submitted,
            "requested": self.requested,
            "admitted": self.admitted,
            "admitted_sum": self.admitted_sum,
        }
        if with_winners:
            cells.update(winners=self.winners, winners_sum=self.winners_sum)
        return cells


def breakdown_columns(heading: str, with_winners: bool) -> list[Column]:
    columns = [
        Column("name", heading, TEXT),
        Column("submitted", _("Submitted"), COUNT),
        Column("requested", _("Sum requested, UAH"), MONEY),
        Column("admitted", _("Admitted to the vote"), COUNT),
        Column("admitted_sum", _("Sum of the admitted, UAH"), MONEY),
    ]
    if with_winners:
        columns += [
            Column("winners", _("Winners"), COUNT),
            Column("winners_sum", _("Sum of the winners, UAH"), MONEY),
        ]
    return columns


def breakdown_table(
    *,
    slug: str,
    title: str,
    heading: str,
    groups: Sequence[tuple[Hashable, str]],
    facts: Iterable[ProjectFact],
    key_of: Callable[[ProjectFact], Hashable],
    winners: Iterable[tuple[Hashable, Decimal]] | None,
    unassigned_label: str,
    note: str = "",
) -> Table:
    """One row per group in the given order, then a row for projects without one (only
    when there are such), then the total. `winners`: (group key, cost) of each winning
    project, or None while the voting results are not public (no winner columns)."""
    tallies: dict[Hashable, Tally] = {key: Tally() for key, _label in groups}
    total = Tally()
    for fact in facts:
        key = key_of(fact)
        tallies.setdefault(key if key in tallies else None, Tally()).add_project(fact)
        total.add_project(fact)
    with_winners = winners is not None
    for key, cost in winners or ():
        tallies.setdefault(key if key in tallies else None, Tally()).add_winner(cost)
        total.add_winner(cost)
    labelled = [*groups, *([(None, unassigned_label)] if None in tallies else [])]
    return Table(
        slug=slug,
        title=title,
        columns=breakdown_columns(heading, with_winners),
        rows=[Row(tallies[key].cells(label, with_winners)) for key, label in labelled],
        chart="submitted",
        note=note,
        total=Row(total.cells(_("Total"), with_winners)),
    )
