"""Reading a programme file field by field: each problem is one ProgrammeFileError that
names the file, the line and the field path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from hromada.programmes.enums import FundingSource
from hromada.programmes.programme_file.fields import Fields
from hromada.programmes.programme_file.specs import (
    FIRST_PLANNED_YEAR,
    LAST_PLANNED_YEAR,
    DepartmentSpec,
    DirectionSpec,
    ExpectedResultSpec,
    IndicatorSpec,
    MeasureSpec,
    PlannedAmountSpec,
    ProgrammeFileError,
    ProgrammeSpec,
    TaskSpec,
)
from hromada.programmes.programme_file.yaml_lines import load_document

TASK_NUMBER_PATTERN = re.compile(r"^([1-9]\d*)\.([1-9]\d*)$")


DEPARTMENT_FIELDS = {"code", "name_uk", "name_en"}
RESULT_FIELDS = {"text_uk", "text_en"}
DIRECTION_FIELDS = {"number", "title_uk", "title_en", "tasks"}
TASK_FIELDS = {"number", "title_uk", "title_en", "measures"}
MEASURE_FIELDS = {
    "number",
    "title_uk",
    "title_en",
    "responsible_department",
    "deadline",
    "funding_sources",
    "planned_amounts",
    "indicators",
}
AMOUNT_FIELDS = {"year", "source", "amount", "illustrative"}
INDICATOR_FIELDS = {"name_uk", "name_en", "unit_uk", "unit_en", "planned_value", "illustrative"}
PROGRAMME_FIELDS = {
    "departments",
    "slug",
    "title_uk",
    "title_en",
    "goal_uk",
    "goal_en",
    "council_decision_number",
    "council_decision_date",
    "council_decision_appendix",
    "starts_on",
    "ends_on",
    "coordinating_department",
    "expected_results",
    "directions",
}


class _Checker:
    """Reads a whole document; remembers what it has seen to refuse duplicates and
    references to departments the file does not list."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self.department_codes: dict[str, int] = {}

    def department_reference(self, fields: Fields, key: str) -> str:
        code = fields.text(key, required=True)
        if code not in self.department_codes:
            fields.fail(
                fields.line_of(key),
                fields.field_path(key),
                f'unknown department code "{code}" (list it under departments)',
            )
        return code

    def department(self, fields: Fields, index: int) -> DepartmentSpec:
        code = fields.code("code", max_length=60)
        if code in self.department_codes:
            fields.fail(
                fields.line_of("code"),
                fields.field_path("code"),
                f'duplicate department code "{code}" (first at line {self.department_codes[code]})',
            )
        self.department_codes[code] = fields.line_of("code")
        return DepartmentSpec(
            code=code,
            name_uk=fields.text("name_uk", required=True, max_length=255),
            name_en=fields.text("name_en", max_length=255),
        )

    def expected_result(self, fields: Fields, index: int) -> ExpectedResultSpec:
        return ExpectedResultSpec(
            text_uk=fields.text("text_uk", required=True, paragraphs=True),
            text_en=fields.text("text_en", paragraphs=True),
        )

    def planned_amount(self, fields: Fields, index: int) -> PlannedAmountSpec:
        source = fields.text("source", required=True)
        if source not in FundingSource.values:
            fields.fail(
                fields.line_of("source"),
                fields.field_path("source"),
                f'unknown funding source "{source}" (one of: {", ".join(FundingSource.values)})',
            )
        return PlannedAmountSpec(
            year=fields.integer("year", minimum=FIRST_PLANNED_YEAR, maximum=LAST_PLANNED_YEAR),
            source=source,
            amount=fields.decimal("amount"),
            is_illustrative=fields.boolean("illustrative"),
        )

    def indicator(self, fields: Fields, index: int) -> IndicatorSpec:
        return IndicatorSpec(
            name_uk=fields.text("name_uk", required=True, max_length=255),
            name_en=fields.text("name_en", max_length=255),
            unit_uk=fields.text("unit_uk", required=True, max_length=40),
            unit_en=fields.text("unit_en", max_length=40),
            planned_value=fields.decimal("planned_value"),
            is_illustrative=fields.boolean("illustrative"),
        )

    def measure(self, fields: Fields, task_number: str) -> MeasureSpec:
        number = fields.number_text("number", max_length=16, example=f"{task_number}.1")
        if not re.fullmatch(rf"{re.escape(task_number)}\.[1-9]\d*", number):
            fields.fail(
                fields.line_of("number"),
                fields.field_path("number"),
                f'measure "{number}" does not belong to task {task_number} '
                f'(expected "{task_number}.<n>")',
            )
        measure = MeasureSpec(
            number=number,
            title_uk=fields.text("title_uk", required=True),
            title_en=fields.text("title_en"),
            responsible_department=self.department_reference(fields, "responsible_department"),
            deadline=fields.optional_date("deadline"),
            funding_sources=fields.codes(
                "funding_sources", list(FundingSource.values), "funding source"
            ),
            planned_amounts=fields.items("planned_amounts", self.planned_amount, AMOUNT_FIELDS),
            indicators=fields.items("indicators", self.indicator, INDICATOR_FIELDS),
        )
        seen: dict[tuple[int, str], int] = {}
        for index, amount in enumerate(measure.planned_amounts):
            key = (amount.year, amount.source)
            line = fields.data["planned_amounts"].item_lines[index]
            if key in seen:
                fields.fail(
                    line,
                    f"{fields.field_path('planned_amounts')}[{index}]",
                    f"duplicate planned amount for {amount.year} / {amount.source} "
                    f"(first at line {seen[key]})",
                )
            seen[key] = line
        return measure

    def task(self, fields: Fields, direction_number: int) -> TaskSpec:
        number = fields.number_text("number", max_length=10, example=f"{direction_number}.1")
        match = TASK_NUMBER_PATTERN.match(number)
        if match is None:
            fields.fail(
                fields.line_of("number"),
                fields.field_path("number"),
                f'must look like "{direction_number}.1"',
            )
        elif int(match.group(1)) != direction_number:
            fields.fail(
                fields.line_of("number"),
                fields.field_path("number"),
                f'task "{number}" does not belong to direction {direction_number} '
                f'(expected "{direction_number}.<n>")',
            )
        title_uk = fields.text("title_uk", required=True)
        title_en = fields.text("title_en")
        measures = fields.items(
            "measures", lambda item, _index: self.measure(item, number), MEASURE_FIELDS
        )
        self._refuse_duplicates(fields, "measures", [m.number for m in measures], "measure")
        return TaskSpec(number=number, title_uk=title_uk, title_en=title_en, measures=measures)

    def direction(self, fields: Fields, index: int) -> DirectionSpec:
        number = fields.integer("number", minimum=1, maximum=99)
        title_uk = fields.text("title_uk", required=True)
        title_en = fields.text("title_en")
        tasks = fields.items("tasks", lambda item, _index: self.task(item, number), TASK_FIELDS)
        self._refuse_duplicates(fields, "tasks", [task.number for task in tasks], "task")
        return DirectionSpec(number=number, title_uk=title_uk, title_en=title_en, tasks=tasks)

    def _refuse_duplicates(self, fields: Fields, key: str, numbers: list[Any], what: str) -> None:
        first: dict[Any, int] = {}
        for index, number in enumerate(numbers):
            line = fields.data[key][index].key_lines["number"]
            if number in first:
                fields.fail(
                    line,
                    f"{fields.field_path(key)}[{index}].number",
                    f"duplicate {what} number {number} (first at line {first[number]})",
                )
            first[number] = line

    def programme(self, fields: Fields) -> ProgrammeSpec:
        departments = fields.items("departments", self.department, DEPARTMENT_FIELDS)
        slug = fields.code("slug", max_length=80)
        title_uk = fields.text("title_uk", required=True)
        title_en = fields.text("title_en")
        goal_uk = fields.text("goal_uk", paragraphs=True)
        goal_en = fields.text("goal_en", paragraphs=True)
        decision_number = fields.text("council_decision_number", max_length=40)
        decision_date = fields.optional_date("council_decision_date")
        decision_appendix = fields.text("council_decision_appendix", max_length=40)
        starts_on = fields.required_date("starts_on")
        ends_on = fields.required_date("ends_on")
        if ends_on < starts_on:
            fields.fail(
                fields.line_of("ends_on"),
                fields.field_path("ends_on"),
                "must not be before starts_on",
            )
        coordinating = self.department_reference(fields, "coordinating_department")
        results = fields.items("expected_results", self.expected_result, RESULT_FIELDS)
        directions = fields.items("directions", self.direction, DIRECTION_FIELDS, required=True)
        self._refuse_duplicates(
            fields, "directions", [direction.number for direction in directions], "direction"
        )
        return ProgrammeSpec(
            file_name=self.file_name,
            slug=slug,
            title_uk=title_uk,
            title_en=title_en,
            goal_uk=goal_uk,
            goal_en=goal_en,
            council_decision_number=decision_number,
            council_decision_date=decision_date,
            council_decision_appendix=decision_appendix,
            starts_on=starts_on,
            ends_on=ends_on,
            coordinating_department=coordinating,
            departments=departments,
            expected_results=results,
            directions=directions,
        )


def parse_programme_text(text: str, file_name: str) -> ProgrammeSpec:
    """The checked content of a programme file's text (no database access)."""
    document = load_document(text, file_name)
    if document is None:
        raise ProgrammeFileError(f"{file_name}:1: (file): the file is empty")
    checker = _Checker(file_name)
    return checker.programme(Fields(file_name, document, "", 1, PROGRAMME_FIELDS))


def read_programme_file(path: str | Path) -> ProgrammeSpec:
    """Read and check a programme file (no database access)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ProgrammeFileError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ProgrammeFileError(f"{path.name}:{line}: YAML: not UTF-8 text") from error
    return parse_programme_text(text, path.name)
