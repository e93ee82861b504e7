"""Staff edits of measures, their planned amounts and indicators. Each write runs in a
transaction that locks the edited measure (`select_for_update`) and leaves one audit row
with before and after, only when something changed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import changed_fields, log_activity, snapshot
from hromada.programmes.enums import FundingSource
from hromada.programmes.models import Indicator, Measure, PlannedAmount, Task
from hromada.programmes.programme_file import FIRST_PLANNED_YEAR, LAST_PLANNED_YEAR

CENT = Decimal("0.01")

MEASURE_FIELDS = (
    "number",
    "title_uk",
    "title_en",
    "responsible_department",
    "deadline",
    "funding_sources",
)
EDITABLE_MEASURE_FIELDS = frozenset(MEASURE_FIELDS) - {"number"}
PLANNED_AMOUNT_FIELDS = ("year", "source", "amount", "is_illustrative")
INDICATOR_FIELDS = (
    "name_uk",
    "name_en",
    "unit_uk",
    "unit_en",
    "planned_value",
    "is_illustrative",
)
INDICATOR_SNAPSHOT = ("position", *INDICATOR_FIELDS)


def ordered_sources(codes: Iterable[str]) -> list[str]:
    """Funding-source codes, checked, without repeats, in the order of FundingSource."""
    given = list(codes)
    unknown = [code for code in given if code not in FundingSource.values]
    if unknown:
        raise ValidationError(
            {
                "funding_sources": _("Unknown funding source: %(codes)s.")
                % {"codes": ", ".join(unknown)}
            }
        )
    return [code for code in FundingSource.values if code in given]


def _check_field_names(given: Iterable[str], allowed: Iterable[str], function: str) -> None:
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise TypeError(f"{function}() cannot set: {', '.join(unknown)}")


def next_measure_position(task: Task) -> int:
    last = task.measures.aggregate(last=models.Max("position"))["last"]
    return (last or 0) + 1


def _next_measure_number(task: Task) -> str:
    pattern = re.compile(rf"{re.escape(task.number)}\.(\d+)")
    suffixes = [
        int(match.group(1))
        for number in task.measures.values_list("number", flat=True)
        if (match := pattern.fullmatch(number))
    ]
    return f"{task.number}.{max(suffixes, default=0) + 1}"


def update_measure(actor: User | None, measure: Measure, **fields: Any) -> Measure:
    """Change a measure's titles, responsible executor, deadline or funding sources. Its
    number is its identity in the programme file and cannot change."""
    _check_field_names(fields, EDITABLE_MEASURE_FIELDS, "update_measure")
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        before = snapshot(measure, MEASURE_FIELDS)
        for name, value in fields.items():
            setattr(measure, name, ordered_sources(value) if name == "funding_sources" else value)
        measure.full_clean()
        after = snapshot(measure, MEASURE_FIELDS)
        if changed_fields(before, after):
            measure.save()
            log_activity(
                actor=actor,
                action="programmes.measure.updated",
                target=measure,
                before=before,
                after=after,
            )
    return measure


def create_measure(actor: User | None, task: Task, **fields: Any) -> Measure:
    """Add a measure to a task (e.g. splitting it), numbered on from the task's last
    measure. The executor defaults to the programme's coordinating department."""
    _check_field_names(fields, EDITABLE_MEASURE_FIELDS, "create_measure")
    with transaction.atomic():
        # Locking the task serialises the choice of the next number.
        task = (
            Task.objects.select_for_update().select_related("direction__programme").get(pk=task.pk)
        )
        values: dict[str, Any] = dict(fields)
        if "responsible_department" not in values:
            values["responsible_department_id"] = (
                task.direction.programme.coordinating_department_id
            )
        values["funding_sources"] = ordered_sources(values.get("funding_sources", []))
        measure = Measure(
            task=task,
            number=_next_measure_number(task),
            position=next_measure_position(task),
            **values,
        )
        measure.full_clean()
        measure.save()
        log_activity(
            actor=actor,
            action="programmes.measure.created",
            target=measure,
            after=snapshot(measure, MEASURE_FIELDS),
        )
    return measure


# --- Planned amounts and indicators ---------------------------------------------------


def _decimal(value: Decimal | int | str, field: str) -> Decimal:
    """A non-negative amount with at most two decimal places (money is never float)."""
    if isinstance(value, float | bool):
        raise TypeError(f"{field} must be a Decimal, not {type(value).__name__}")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number, for example 1200.50.")})
    if number < 0:
        raise ValidationError({field: _("The value cannot be negative.")})
    if number != number.quantize(CENT):
        raise ValidationError({field: _("Enter at most two decimal places.")})
    return number.quantize(CENT)


def _check_year(year: int) -> None:
    if not FIRST_PLANNED_YEAR <= year <= LAST_PLANNED_YEAR:
        raise ValidationError(
            {
                "year": _("Enter a year between %(first)d and %(last)d.")
                % {"first": FIRST_PLANNED_YEAR, "last": LAST_PLANNED_YEAR}
            }
        )


def set_planned_amount(
    actor: User | None,
    measure: Measure,
    year: int,
    source: str,
    amount: Decimal,
    is_illustrative: bool = False,
) -> PlannedAmount:
    """Set the planned amount of a measure for one year and funding source (created or
    replaced; zero is a valid plan)."""
    amount = _decimal(amount, "amount")
    _check_year(year)
    with transaction.atomic():
        # All writes to a measure's amounts lock the measure first.
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        planned = (
            PlannedAmount.objects.select_for_update()
            .filter(measure=measure, year=year, source=source)
            .first()
        )
        before = None if planned is None else snapshot(planned, PLANNED_AMOUNT_FIELDS)
        if planned is None:
            planned = PlannedAmount(measure=measure, year=year, source=source)
        planned.amount = amount
        planned.is_illustrative = is_illustrative
        planned.full_clean()
        after = snapshot(planned, PLANNED_AMOUNT_FIELDS)
        if before is None or changed_fields(before, after):
            planned.save()
            log_activity(
                actor=actor,
                action="programmes.planned_amount." + ("created" if before is None else "updated"),
                target=measure,
                before=before,
                after=after,
            )
    return planned


def remove_planned_amount(actor: User | None, planned_amount: PlannedAmount) -> None:
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=planned_amount.measure_id)
        planned = PlannedAmount.objects.select_for_update().filter(pk=planned_amount.pk).first()
        if planned is None:  # already removed
            return
        before = snapshot(planned, PLANNED_AMOUNT_FIELDS)
        planned.delete()
        log_activity(
            actor=actor,
            action="programmes.planned_amount.removed",
            target=measure,
            before=before,
        )


def save_indicator(
    actor: User | None, measure: Measure, indicator: Indicator | None = None, **fields: Any
) -> Indicator:
    """Add an indicator to a measure (indicator=None) or change one of its indicators."""
    _check_field_names(fields, INDICATOR_FIELDS, "save_indicator")
    if "planned_value" in fields:
        fields["planned_value"] = _decimal(fields["planned_value"], "planned_value")
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=measure.pk)
        if indicator is None:
            before = None
            last = measure.indicators.aggregate(last=models.Max("position"))["last"]
            indicator = Indicator(measure=measure, position=(last or 0) + 1)
        else:
            found = (
                Indicator.objects.select_for_update()
                .filter(pk=indicator.pk, measure=measure)
                .first()
            )
            if found is None:
                raise ValueError("The indicator does not belong to this measure.")
            indicator = found
            before = snapshot(indicator, INDICATOR_SNAPSHOT)
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.full_clean()
        after = snapshot(indicator, INDICATOR_SNAPSHOT)
        if before is None or changed_fields(before, after):
            indicator.save()
            log_activity(
                actor=actor,
                action="programmes.indicator." + ("created" if before is None else "updated"),
                target=measure,
                before=before,
                after=after,
            )
    return indicator


def remove_indicator(actor: User | None, indicator: Indicator) -> None:
    with transaction.atomic():
        measure = Measure.objects.select_for_update().get(pk=indicator.measure_id)
        found = Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
        if found is None:  # already removed
            return
        before = snapshot(found, INDICATOR_SNAPSHOT)
        found.delete()
        log_activity(
            actor=actor, action="programmes.indicator.removed", target=measure, before=before
        )
