"""Loading a programme from its YAML file: the reference file, idempotency, what staff
own, and one exact `file:line: field: problem` message per kind of mistake."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hromada.accounts.models import Department
from hromada.core.models import ActivityLog
from hromada.programmes.models import (
    Direction,
    ExpectedResult,
    Indicator,
    Measure,
    PlannedAmount,
    Programme,
    Task,
)
from hromada.programmes.services import (
    ProgrammeFileError,
    load_programme_file,
    set_planned_amount,
    update_measure,
)
from tests.programmes.conftest import REFERENCE_FILE, SMALL_PROGRAMME

TASK_NUMBERS = [
    "1.1", "1.2", "1.3", "1.4", "1.5",
    "2.1", "2.2", "2.3", "2.4", "2.5",
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8",
]  # fmt: skip
MODELS = [
    Department,
    Programme,
    ExpectedResult,
    Direction,
    Task,
    Measure,
    PlannedAmount,
    Indicator,
    ActivityLog,
]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


# --- The reference file -----------------------------------------------------------------


@pytest.mark.django_db
def test_reference_file_loads_the_programme_with_its_decision_and_period():
    programme = load_programme_file(REFERENCE_FILE).programme
    assert programme.slug == "zdolbuniv-2024"
    assert programme.title_uk == (
        "Програма розвитку міжнародного та міжрегіонального співробітництва, організації та "
        "проведення конкурсів, проєктів розвитку Здолбунівської міської територіальної громади "
        "на 2024 рік"
    )
    assert programme.council_decision_number == "1955"
    assert programme.council_decision_date == date(2023, 12, 21)
    assert programme.council_decision_appendix == "18"
    assert (programme.starts_on, programme.ends_on) == (date(2024, 1, 1), date(2024, 12, 31))
    assert programme.coordinating_department.code == "project-development"
    assert programme.coordinating_department.name_uk == (
        "Відділ проектної діяльності, розвитку та міжнародного співробітництва"
    )


@pytest.mark.django_db
def test_reference_file_has_three_directions_and_the_eighteen_tasks():
    programme = load_programme_file(REFERENCE_FILE).programme
    assert list(programme.directions.values_list("number", flat=True)) == [1, 2, 3]
    numbers = Task.objects.filter(direction__programme=programme).order_by(
        "direction__number", "position"
    )
    assert list(numbers.values_list("number", flat=True)) == TASK_NUMBERS


@pytest.mark.django_db
def test_reference_file_has_one_measure_per_task_without_planned_amounts():
    programme = load_programme_file(REFERENCE_FILE).programme
    measures = Measure.objects.filter(task__direction__programme=programme).order_by(
        "task__direction__number", "task__position"
    )
    assert list(measures.values_list("number", flat=True)) == [f"{n}.1" for n in TASK_NUMBERS]
    assert {m.title_uk == m.task.title_uk for m in measures} == {True}
    assert {m.deadline for m in measures} == {date(2024, 12, 31)}
    assert {tuple(m.funding_sources) for m in measures} == {("community",)}
    assert {m.responsible_department.code for m in measures} == {"project-development"}
    assert PlannedAmount.objects.count() == 0


@pytest.mark.django_db
def test_reference_file_has_nine_expected_results():
    programme = load_programme_file(REFERENCE_FILE).programme
    results = list(programme.expected_results.all())
    assert [result.position for result in results] == list(range(1, 10))
    assert results[0].text_uk == (
        "створення ефективного механізму взаємодії виконавчих органів Здолбунівської міської "
        "ради та жителів громади в бюджетному процесі"
    )
    assert all(result.text_en for result in results)


@pytest.mark.django_db
def test_first_load_counts_everything_created_and_writes_one_loaded_row():
    summary = load_programme_file(REFERENCE_FILE)
    # 1 department + 1 programme + 9 results + 3 directions + 18 tasks + 18 measures
    assert (summary.created, summary.updated, summary.unchanged) == (50, 0, 0)
    loaded = ActivityLog.objects.get(action="programmes.programme.loaded")
    assert loaded.object_id == str(summary.programme.pk)
    assert loaded.after == {
        "file": "zdolbuniv-2024.yaml",
        "created": 50,
        "updated": 0,
        "unchanged": 0,
        "changes": {},
    }


@pytest.mark.django_db
def test_second_load_of_the_same_file_changes_nothing_and_writes_no_audit_row():
    load_programme_file(REFERENCE_FILE)
    counts = row_counts()
    summary = load_programme_file(REFERENCE_FILE)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 50)
    assert row_counts() == counts


@pytest.mark.django_db
def test_summary_reads_as_one_line():
    summary = load_programme_file(REFERENCE_FILE)
    assert (
        str(summary)
        == "zdolbuniv-2024 from zdolbuniv-2024.yaml: 50 created, 0 updated, 0 unchanged"
    )


# --- What the file decides and what staff own ---------------------------------------------


@pytest.mark.django_db
def test_a_changed_task_title_in_the_file_updates_the_task_with_an_audit_row(write_file):
    load_programme_file(write_file(SMALL_PROGRAMME))
    changed = SMALL_PROGRAMME.replace("title_uk: Перше завдання", "title_uk: Уточнене завдання")
    summary = load_programme_file(write_file(changed))
    assert (summary.created, summary.updated) == (0, 1)
    assert Task.objects.get(number="1.1").title_uk == "Уточнене завдання"
    row = ActivityLog.objects.filter(action="programmes.programme.loaded").order_by("-id")[0]
    assert row.before == {"changes": {"task 1.1": {"title_uk": "Перше завдання"}}}
    assert row.after["changes"] == {"task 1.1": {"title_uk": "Уточнене завдання"}}


@pytest.mark.django_db
def test_a_renamed_department_in_the_file_renames_the_department(write_file):
    load_programme_file(write_file(SMALL_PROGRAMME))
    changed = SMALL_PROGRAMME.replace("name_uk: Головний відділ", "name_uk: Новий відділ")
    summary = load_programme_file(write_file(changed))
    assert summary.updated == 1
    assert Department.objects.get(code="main").name_uk == "Новий відділ"
    assert ActivityLog.objects.filter(action="accounts.department.updated").count() == 1


@pytest.mark.django_db
def test_an_existing_measure_edited_by_staff_is_not_overwritten_by_the_file(write_file):
    path = write_file(SMALL_PROGRAMME)
    load_programme_file(path)
    measure = Measure.objects.get(number="1.1.1")
    update_measure(None, measure, title_uk="Захід у редакції відділу")
    summary = load_programme_file(path)
    assert (summary.created, summary.updated) == (0, 0)
    assert Measure.objects.get(number="1.1.1").title_uk == "Захід у редакції відділу"


@pytest.mark.django_db
def test_planned_amounts_of_an_existing_measure_are_not_overwritten_by_the_file(write_file):
    load_programme_file(write_file(SMALL_PROGRAMME))
    measure = Measure.objects.get(number="1.1.1")
    set_planned_amount(None, measure, 2024, "community", Decimal("2500.00"))
    changed = SMALL_PROGRAMME.replace('amount: "1000.00"', 'amount: "9999.00"')
    load_programme_file(write_file(changed))
    assert list(measure.planned_amounts.values_list("amount", "is_illustrative")) == [
        (Decimal("2500.00"), False)
    ]


@pytest.mark.django_db
def test_a_measure_added_to_the_file_is_created_on_the_next_load(write_file):
    load_programme_file(write_file(SMALL_PROGRAMME))
    extra = (
        "        measures:\n"
        '          - {number: "1.2.1", title_uk: Новий захід, responsible_department: main}\n'
    )
    summary = load_programme_file(write_file(SMALL_PROGRAMME + extra))
    assert summary.created == 1
    assert Measure.objects.get(number="1.2.1").position == 1


@pytest.mark.django_db
def test_a_new_measure_from_the_file_carries_its_amounts_and_indicators(write_file):
    load_programme_file(write_file(SMALL_PROGRAMME))
    measure = Measure.objects.get(number="1.1.1")
    assert list(
        measure.planned_amounts.values_list("year", "source", "amount", "is_illustrative")
    ) == [(2024, "community", Decimal("1000.00"), True)]
    assert list(measure.indicators.values_list("name_uk", "unit_uk", "planned_value")) == [
        ("Кількість заходів", "од.", Decimal("3.00"))
    ]


# --- Mistakes: one exact message each, and nothing written ---------------------------------

MISTAKES = [
    pytest.param(
        ("slug: test-2024", "slug: test: 2024"),
        "programme.yaml:5: YAML: mapping values are not allowed here",
        id="yaml-syntax",
    ),
    pytest.param(
        ("        title_uk: Перше завдання\n", ""),
        "programme.yaml:14: directions[0].tasks[0].title_uk: required",
        id="missing-field",
    ),
    pytest.param(
        ("title_uk: Тестова програма\n", "title_uk: Тестова програма\ntitel_en: Test\n"),
        "programme.yaml:7: titel_en: unknown field",
        id="unknown-field",
    ),
    pytest.param(
        ("  - number: 1\n", '  - number: "one"\n'),
        "programme.yaml:11: directions[0].number: must be a whole number",
        id="wrong-type",
    ),
    pytest.param(
        ('      - number: "1.1"\n', "      - number: 1.1\n"),
        'programme.yaml:14: directions[0].tasks[0].number: must be text in quotes, like "1.1"',
        id="unquoted-task-number",
    ),
    pytest.param(
        ("ends_on: 2024-12-31", "ends_on: 2024-02-30"),
        "programme.yaml:8: ends_on: 2024-02-30 is not a valid date",
        id="impossible-date",
    ),
    pytest.param(
        ("ends_on: 2024-12-31", "ends_on: 31.12.2024"),
        "programme.yaml:8: ends_on: must be a date like 2024-12-31",
        id="date-format",
    ),
    pytest.param(
        ("ends_on: 2024-12-31", "ends_on: 2023-12-31"),
        "programme.yaml:8: ends_on: must not be before starts_on",
        id="period-reversed",
    ),
    pytest.param(
        ("funding_sources: [community]", "funding_sources: [community, city]"),
        "programme.yaml:21: directions[0].tasks[0].measures[0].funding_sources[1]: "
        'unknown funding source "city" (one of: community, oblast, state, ita, other)',
        id="funding-source",
    ),
    pytest.param(
        ("                source: community\n", "                source: city\n"),
        "programme.yaml:24: directions[0].tasks[0].measures[0].planned_amounts[0].source: "
        'unknown funding source "city" (one of: community, oblast, state, ita, other)',
        id="planned-amount-source",
    ),
    pytest.param(
        ("responsible_department: main", "responsible_department: nowhere"),
        "programme.yaml:19: directions[0].tasks[0].measures[0].responsible_department: "
        'unknown department code "nowhere" (list it under departments)',
        id="unknown-department",
    ),
    pytest.param(
        ('      - number: "1.2"', '      - number: "1.1"'),
        "programme.yaml:31: directions[0].tasks[1].number: "
        "duplicate task number 1.1 (first at line 14)",
        id="duplicate-task",
    ),
    pytest.param(
        ('      - number: "1.2"', '      - number: "2.3"'),
        'programme.yaml:31: directions[0].tasks[1].number: task "2.3" does not belong to '
        'direction 1 (expected "1.<n>")',
        id="task-under-another-direction",
    ),
    pytest.param(
        ('          - number: "1.1.1"', '          - number: "1.2.1"'),
        'programme.yaml:17: directions[0].tasks[0].measures[0].number: measure "1.2.1" does '
        'not belong to task 1.1 (expected "1.1.<n>")',
        id="measure-under-another-task",
    ),
    pytest.param(
        ('amount: "1000.00"', 'amount: "-1000.00"'),
        "programme.yaml:25: directions[0].tasks[0].measures[0].planned_amounts[0].amount: "
        "must not be negative",
        id="negative-amount",
    ),
    pytest.param(
        ('amount: "1000.00"', "amount: 1000.005"),
        "programme.yaml:25: directions[0].tasks[0].measures[0].planned_amounts[0].amount: "
        "at most 2 decimal places",
        id="amount-decimals",
    ),
    pytest.param(
        ("              - year: 2024", "              - year: 1800"),
        "programme.yaml:23: directions[0].tasks[0].measures[0].planned_amounts[0].year: "
        "must be between 2000 and 2100",
        id="planned-year",
    ),
    pytest.param(
        ("slug: test-2024\n", "slug: test-2024\nslug: again\n"),
        "programme.yaml:6: slug: given twice",
        id="key-twice",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("replacement", "message"), MISTAKES)
def test_a_mistake_is_reported_with_file_line_and_field(write_file, replacement, message):
    old, new = replacement
    assert old in SMALL_PROGRAMME
    with pytest.raises(ProgrammeFileError) as error:
        load_programme_file(write_file(SMALL_PROGRAMME.replace(old, new, 1)))
    assert str(error.value) == message


@pytest.mark.django_db
@pytest.mark.parametrize(("replacement", "message"), MISTAKES)
def test_a_file_with_a_mistake_writes_nothing(write_file, replacement, message):
    old, new = replacement
    with pytest.raises(ProgrammeFileError):
        load_programme_file(write_file(SMALL_PROGRAMME.replace(old, new, 1)))
    assert set(row_counts().values()) == {0}


@pytest.mark.django_db
def test_duplicate_direction_number_is_reported(write_file):
    text = SMALL_PROGRAMME + "  - number: 1\n    title_uk: Повторний напрям\n"
    with pytest.raises(ProgrammeFileError) as error:
        load_programme_file(write_file(text))
    assert str(error.value) == (
        "programme.yaml:33: directions[1].number: duplicate direction number 1 (first at line 11)"
    )


@pytest.mark.django_db
def test_duplicate_measure_number_is_reported(write_file):
    text = SMALL_PROGRAMME + (
        "        measures:\n"
        '          - {number: "1.2.1", title_uk: А, responsible_department: main}\n'
        '          - {number: "1.2.1", title_uk: Б, responsible_department: main}\n'
    )
    with pytest.raises(ProgrammeFileError) as error:
        load_programme_file(write_file(text))
    assert str(error.value) == (
        "programme.yaml:35: directions[0].tasks[1].measures[1].number: "
        "duplicate measure number 1.2.1 (first at line 34)"
    )


@pytest.mark.django_db
def test_an_empty_file_is_reported(write_file):
    with pytest.raises(ProgrammeFileError) as error:
        load_programme_file(write_file(""))
    assert str(error.value) == "programme.yaml:1: (file): the file is empty"


@pytest.mark.django_db
def test_a_bad_update_leaves_the_loaded_programme_as_it_was(write_file):
    load_programme_file(write_file(SMALL_PROGRAMME))
    counts = row_counts()
    # A valid change early in the file, a mistake late in it: neither is applied.
    broken = SMALL_PROGRAMME.replace("title_uk: Тестова програма", "title_uk: Змінена").replace(
        'amount: "1000.00"', 'amount: "-1.00"'
    )
    with pytest.raises(ProgrammeFileError):
        load_programme_file(write_file(broken))
    assert Programme.objects.get(slug="test-2024").title_uk == "Тестова програма"
    assert row_counts() == counts
