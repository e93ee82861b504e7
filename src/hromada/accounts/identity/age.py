"""Age in full years on a given day, as eligibility rules (for example "16 or older on
the first voting day") need it."""

from __future__ import annotations

import calendar
from datetime import date


def birthday_in(birth_date: date, year: int) -> date:
    """The day in `year` on which a person born on `birth_date` turns a year older.

    Someone born on 29 February turns a year older on 28 February in a common year: a
    term counted in years ends on the last day of the month when the month has no such
    date (Civil Code of Ukraine, art. 254).
    """
    last_day = calendar.monthrange(year, birth_date.month)[1]
    return date(year, birth_date.month, min(birth_date.day, last_day))


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on `day` (0 before the first birthday)."""
    years = day.year - birth_date.year
    if day < birthday_in(birth_date, day.year):
        years -= 1
    return max(years, 0)
