"""Planned totals per year, per direction and for the programme: exact Decimal sums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hromada.programmes.models import Measure, Programme
from hromada.programmes.selectors import planned_totals, programme_structure
from hromada.programmes.services import set_planned_amount


def plan(programme: Programme, number: str, year: int, source: str, amount: str) -> None:
    measure = Measure.objects.get(task__direction__programme=programme, number=number)
    set_planned_amount(None, measure, year, source, Decimal(amount))


@pytest.mark.django_db
def test_totals_without_amounts_are_zero_and_say_so(programme):
    totals = planned_totals(programme_structure(programme))
    assert totals.has_amounts is False
    assert totals.years == ()
    assert totals.total == Decimal("0.00")
    assert [row.total for row in totals.directions] == [Decimal("0.00")] * 3


@pytest.mark.django_db
def test_totals_sum_per_year_per_direction_and_in_all(programme):
    plan(programme, "1.1.1", 2024, "community", "0.10")
    plan(programme, "1.2.1", 2024, "community", "0.20")
    plan(programme, "1.2.1", 2025, "oblast", "1000.00")
    plan(programme, "3.8.1", 2024, "ita", "12345.67")
    totals = planned_totals(programme_structure(programme))
    assert totals.years == (2024, 2025)
    assert totals.by_year == (Decimal("12345.97"), Decimal("1000.00"))
    assert [row.by_year for row in totals.directions] == [
        (Decimal("0.30"), Decimal("1000.00")),
        (Decimal("0.00"), Decimal("0.00")),
        (Decimal("12345.67"), Decimal("0.00")),
    ]
    assert [row.total for row in totals.directions] == [
        Decimal("1000.30"),
        Decimal("0.00"),
        Decimal("12345.67"),
    ]
    assert totals.total == Decimal("13345.97")


@pytest.mark.django_db
def test_totals_are_exact_where_floats_would_drift(programme):
    for number in ("1.1.1", "1.2.1", "1.3.1"):
        plan(programme, number, 2024, "community", "0.10")
    totals = planned_totals(programme_structure(programme))
    assert totals.total == Decimal("0.30")
    assert totals.year_total(2024) == Decimal("0.30")


@pytest.mark.django_db
def test_totals_read_the_loaded_structure_without_queries(programme, django_assert_num_queries):
    plan(programme, "1.1.1", 2024, "community", "10.00")
    structure = programme_structure(programme)
    with django_assert_num_queries(0):
        planned_totals(structure)


@pytest.mark.django_db
def test_totals_note_illustrative_figures(programme):
    measure = Measure.objects.get(task__direction__programme=programme, number="2.1.1")
    set_planned_amount(None, measure, 2024, "community", Decimal("5.00"), is_illustrative=True)
    assert planned_totals(programme_structure(programme)).has_illustrative is True
