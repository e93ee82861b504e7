"""Reads of the council programmes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.db.models.functions import ExtractYear

from hromada.programmes.models import Direction, Expenditure, Measure, Programme, Task

ZERO = Decimal("0.00")


def programmes_in_force(on: date) -> QuerySet[Programme]:
    return Programme.objects.filter(starts_on__lte=on, ends_on__gte=on)


def current_programme() -> Programme | None:
    """The most recent programme (the one in force, or else the latest)."""
    return Programme.objects.order_by("-starts_on", "slug").prefetch_related("directions").first()


def _structure_queryset() -> QuerySet[Programme]:
    measures = Measure.objects.select_related("responsible_department").prefetch_related(
        "planned_amounts", "indicators"
    )
    tasks = Task.objects.prefetch_related(Prefetch("measures", queryset=measures))
    directions = Direction.objects.prefetch_related(Prefetch("tasks", queryset=tasks))
    return Programme.objects.select_related("coordinating_department").prefetch_related(
        Prefetch("directions", queryset=directions), "expected_results"
    )


def programme_structure(programme: Programme) -> Programme:
    """The programme with directions, tasks, measures, amounts and indicators loaded in a
    fixed number of queries."""
    return _structure_queryset().get(pk=programme.pk)


def programme_structure_by_slug(slug: str) -> Programme | None:
    """Like `programme_structure`, found by its slug (None if there is no such one)."""
    return _structure_queryset().filter(slug=slug).first()


def programmes_with_structure() -> QuerySet[Programme]:
    """Every programme with its structure loaded (a fixed number of queries in all)."""
    return _structure_queryset()


def measures_for_editing() -> QuerySet[Measure]:
    """Measures with what their pages and permission scope read (task → direction →
    programme, executor), for `get_object_for_user`."""
    return Measure.objects.select_related("task__direction__programme", "responsible_department")


def tasks_for_editing() -> QuerySet[Task]:
    return Task.objects.select_related("direction__programme__coordinating_department")


@dataclass(frozen=True)
class DirectionTotals:
    direction: Direction
    by_year: tuple[Decimal, ...]  # in the order of PlannedTotals.years
    total: Decimal


@dataclass(frozen=True)
class PlannedTotals:
    """Planned money of a programme (UAH) per year, per direction and in all."""

    years: tuple[int, ...]
    by_year: tuple[Decimal, ...]
    directions: tuple[DirectionTotals, ...]
    total: Decimal
    has_amounts: bool
    has_illustrative: bool

    def year_total(self, year: int) -> Decimal:
        return self.by_year[self.years.index(year)] if year in self.years else ZERO

    def direction_total(self, direction: Direction) -> Decimal:
        for row in self.directions:
            if row.direction.pk == direction.pk:
                return row.total
        return ZERO


def planned_totals(programme: Programme) -> PlannedTotals:
    """Sums of the planned amounts, exact in Decimal. Reads the programme's directions,
    tasks, measures and amounts through the related managers: pass a programme from
    `programme_structure()` and it costs no query."""
    per_direction: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    years: set[int] = set()
    has_illustrative = False
    directions = list(programme.directions.all())
    for direction in directions:
        for task in direction.tasks.all():
            for measure in task.measures.all():
                for planned in measure.planned_amounts.all():
                    per_direction[direction.pk][planned.year] += planned.amount
                    years.add(planned.year)
                    has_illustrative = has_illustrative or planned.is_illustrative
    ordered_years = tuple(sorted(years))
    rows = tuple(
        DirectionTotals(
            direction=direction,
            by_year=tuple(per_direction[direction.pk][year] for year in ordered_years),
            total=sum(per_direction[direction.pk].values(), ZERO),
        )
        for direction in directions
    )
    by_year = tuple(sum((row.by_year[i] for row in rows), ZERO) for i in range(len(years)))
    return PlannedTotals(
        years=ordered_years,
        by_year=by_year,
        directions=rows,
        total=sum(by_year, ZERO),
        has_amounts=bool(years),
        has_illustrative=has_illustrative,
    )


def actual_totals(programme: Programme) -> dict[tuple[int, int], Decimal]:
    """Money actually spent, per (measure id, year), summed from the expenditures
    recorded against the programme's measures (one query)."""
    rows = (
        Expenditure.objects.filter(measure__task__direction__programme=programme)
        .annotate(year=ExtractYear("spent_on"))
        .values("measure_id", "year")
        .annotate(total=Sum("amount"))
        .order_by("measure_id", "year")
    )
    return {(row["measure_id"], row["year"]): row["total"] for row in rows}
