from __future__ import annotations

from datetime import date

import pytest

from hromada.accounts.identity.age import age_on


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2009, 6, 15), date(2025, 6, 14), 15),
        (date(2009, 6, 15), date(2025, 6, 15), 16),
        (date(2009, 6, 15), date(2025, 12, 31), 16),
        (date(1985, 3, 14), date(2026, 1, 1), 40),
        (date(2025, 1, 1), date(2025, 1, 1), 0),
    ],
)
def test_age_in_full_years(born, day, age):
    assert age_on(born, day) == age


def test_born_on_29_february_is_a_year_older_on_28_february_of_a_common_year():
    assert age_on(date(2008, 2, 29), date(2025, 2, 27)) == 16
    assert age_on(date(2008, 2, 29), date(2025, 2, 28)) == 17


def test_born_on_29_february_turns_older_on_29_february_of_a_leap_year():
    assert age_on(date(2008, 2, 29), date(2024, 2, 28)) == 15
    assert age_on(date(2008, 2, 29), date(2024, 2, 29)) == 16


def test_birth_date_after_the_day_gives_zero():
    assert age_on(date(2030, 1, 1), date(2025, 1, 1)) == 0
