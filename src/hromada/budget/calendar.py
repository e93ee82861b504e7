"""Dates of the budget in Kyiv time: a phase ending on a date closes at 23:59:59 that
day, and deadlines in working days skip weekends and the editable non-working days."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hromada.budget.models import NonWorkingDay

END_OF_DAY = time(23, 59, 59)


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date) -> datetime:
    """The last second of the day in the platform's time zone (Europe/Kyiv)."""
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def non_working_days(start: date, end: date) -> set[date]:
    return set(NonWorkingDay.objects.filter(day__range=(start, end)).values_list("day", flat=True))


def add_working_days(start: date, count: int) -> date:
    """The date `count` working days after `start` (start itself not counted)."""
    if count <= 0:
        return start
    # Enough room for weekends and a generous number of holidays in one query.
    holidays = non_working_days(start, start + timedelta(days=count * 3 + 30))
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            remaining -= 1
    return day


def working_days_deadline(start: datetime, count: int) -> datetime:
    """End of the `count`-th working day after the local date of `start`."""
    return end_of(add_working_days(timezone.localdate(start), count))


def calendar_days_deadline(start: datetime, count: int) -> datetime:
    return end_of(timezone.localdate(start) + timedelta(days=count))
