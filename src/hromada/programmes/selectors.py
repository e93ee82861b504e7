"""Reads of the council programmes."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from hromada.programmes.models import Direction, Measure, Programme, Task


def programmes_in_force(on: date) -> QuerySet[Programme]:
    return Programme.objects.filter(starts_on__lte=on, ends_on__gte=on)


def current_programme() -> Programme | None:
    """The most recent programme (the one in force, or else the latest)."""
    return Programme.objects.order_by("-starts_on", "slug").prefetch_related("directions").first()


def programme_structure(programme: Programme) -> Programme:
    """The programme with directions, tasks, measures, amounts and indicators loaded in a
    fixed number of queries."""
    measures = Measure.objects.select_related("responsible_department").prefetch_related(
        "planned_amounts", "indicators"
    )
    tasks = Task.objects.prefetch_related(Prefetch("measures", queryset=measures))
    directions = Direction.objects.prefetch_related(Prefetch("tasks", queryset=tasks))
    return (
        Programme.objects.select_related("coordinating_department")
        .prefetch_related(Prefetch("directions", queryset=directions), "expected_results")
        .get(pk=programme.pk)
    )
