"""What a valid programme file holds: plain frozen values, checked and database-free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

FIRST_PLANNED_YEAR = 2000
LAST_PLANNED_YEAR = 2100
MONEY_LIMIT = Decimal("1000000000000")  # max_digits=14, decimal_places=2
CENT = Decimal("0.01")


class ProgrammeFileError(Exception):
    """A programme file that cannot be loaded: one line, `<file>:<line>: <path>: <problem>`."""


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name_uk: str
    name_en: str


@dataclass(frozen=True)
class PlannedAmountSpec:
    year: int
    source: str
    amount: Decimal
    is_illustrative: bool


@dataclass(frozen=True)
class IndicatorSpec:
    name_uk: str
    name_en: str
    unit_uk: str
    unit_en: str
    planned_value: Decimal
    is_illustrative: bool


@dataclass(frozen=True)
class MeasureSpec:
    number: str
    title_uk: str
    title_en: str
    responsible_department: str
    deadline: date | None
    funding_sources: tuple[str, ...]
    planned_amounts: tuple[PlannedAmountSpec, ...]
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class TaskSpec:
    number: str
    title_uk: str
    title_en: str
    measures: tuple[MeasureSpec, ...]


@dataclass(frozen=True)
class DirectionSpec:
    number: int
    title_uk: str
    title_en: str
    tasks: tuple[TaskSpec, ...]


@dataclass(frozen=True)
class ExpectedResultSpec:
    text_uk: str
    text_en: str


@dataclass(frozen=True)
class ProgrammeSpec:
    file_name: str
    slug: str
    title_uk: str
    title_en: str
    goal_uk: str
    goal_en: str
    council_decision_number: str
    council_decision_date: date | None
    council_decision_appendix: str
    starts_on: date
    ends_on: date
    coordinating_department: str
    departments: tuple[DepartmentSpec, ...]
    expected_results: tuple[ExpectedResultSpec, ...]
    directions: tuple[DirectionSpec, ...]
