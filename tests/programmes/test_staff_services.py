"""Staff edits of measures, planned amounts and indicators: each change leaves one audit
row with before and after; a save that changes nothing leaves none."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hromada.accounts.models import Department
from hromada.core.models import ActivityLog
from hromada.programmes.models import Indicator, Measure, PlannedAmount, Programme, Task
from hromada.programmes.services import (
    create_measure,
    remove_indicator,
    remove_planned_amount,
    save_indicator,
    set_planned_amount,
    update_measure,
)


def measure_of(programme: Programme, number: str = "1.1.1") -> Measure:
    return Measure.objects.get(task__direction__programme=programme, number=number)


def rows(action: str) -> list[ActivityLog]:
    return list(ActivityLog.objects.filter(action=action).order_by("id"))


# --- Measures ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_update_measure_writes_an_audit_row_with_before_and_after(programme, coordinator):
    measure = measure_of(programme)
    update_measure(
        coordinator, measure, title_en="Information campaign", deadline=date(2024, 6, 30)
    )
    [row] = rows("programmes.measure.updated")
    assert row.actor_id == coordinator.pk
    assert row.object_type == "programmes.measure"
    assert row.object_id == str(measure.pk)
    assert row.before["title_en"] == "Conducting an information and promotion campaign"
    assert row.before["deadline"] == "2024-12-31"
    assert row.after["title_en"] == "Information campaign"
    assert row.after["deadline"] == "2024-06-30"


@pytest.mark.django_db
def test_update_measure_without_a_change_writes_no_audit_row(programme, coordinator):
    measure = measure_of(programme)
    update_measure(coordinator, measure, title_uk=measure.title_uk, funding_sources=["community"])
    assert rows("programmes.measure.updated") == []


@pytest.mark.django_db
def test_update_measure_keeps_funding_sources_in_the_order_of_the_list(programme, coordinator):
    measure = update_measure(
        coordinator, measure_of(programme), funding_sources=["ita", "community", "ita"]
    )
    assert Measure.objects.get(pk=measure.pk).funding_sources == ["community", "ita"]


@pytest.mark.django_db
def test_update_measure_refuses_an_unknown_funding_source(programme, coordinator):
    measure = measure_of(programme)
    with pytest.raises(ValidationError) as error:
        update_measure(coordinator, measure, funding_sources=["city"])
    assert list(error.value.message_dict) == ["funding_sources"]
    assert Measure.objects.get(pk=measure.pk).funding_sources == ["community"]


@pytest.mark.django_db
def test_update_measure_refuses_an_empty_title(programme, coordinator):
    measure = measure_of(programme)
    with pytest.raises(ValidationError):
        update_measure(coordinator, measure, title_uk="")
    assert rows("programmes.measure.updated") == []


@pytest.mark.django_db
def test_update_measure_cannot_change_the_number(programme, coordinator):
    with pytest.raises(TypeError):
        update_measure(coordinator, measure_of(programme), number="1.1.9")


@pytest.mark.django_db
def test_update_measure_changes_the_responsible_executor(programme, coordinator):
    department = Department.objects.create(code="culture", name_uk="Відділ культури")
    measure = update_measure(coordinator, measure_of(programme), responsible_department=department)
    assert Measure.objects.get(pk=measure.pk).responsible_department == department
    [row] = rows("programmes.measure.updated")
    assert row.after["responsible_department"] == department.pk


@pytest.mark.django_db
def test_create_measure_takes_the_next_number_and_position_of_the_task(programme, coordinator):
    task = Task.objects.get(direction__programme=programme, number="1.1")
    first = create_measure(coordinator, task, title_uk="Друга частина")
    second = create_measure(coordinator, task, title_uk="Третя частина")
    assert (first.number, first.position) == ("1.1.2", 2)
    assert (second.number, second.position) == ("1.1.3", 3)


@pytest.mark.django_db
def test_create_measure_defaults_to_the_coordinating_department(programme, coordinator):
    task = Task.objects.get(direction__programme=programme, number="2.4")
    measure = create_measure(coordinator, task, title_uk="Частина", funding_sources=["oblast"])
    assert measure.responsible_department == programme.coordinating_department
    assert measure.funding_sources == ["oblast"]


@pytest.mark.django_db
def test_create_measure_writes_an_audit_row_with_the_new_measure(programme, coordinator):
    task = Task.objects.get(direction__programme=programme, number="1.1")
    measure = create_measure(coordinator, task, title_uk="Друга частина")
    [row] = rows("programmes.measure.created")
    assert row.before is None
    assert row.after == {
        "number": "1.1.2",
        "title_uk": "Друга частина",
        "title_en": "",
        "responsible_department": programme.coordinating_department_id,
        "deadline": None,
        "funding_sources": [],
    }
    assert row.object_id == str(measure.pk)


# --- Planned amounts --------------------------------------------------------------------


@pytest.mark.django_db
def test_set_planned_amount_creates_the_amount_with_an_audit_row(programme, coordinator):
    measure = measure_of(programme)
    set_planned_amount(coordinator, measure, 2024, "community", Decimal("15000.5"))
    assert list(measure.planned_amounts.values_list("year", "source", "amount")) == [
        (2024, "community", Decimal("15000.50"))
    ]
    [row] = rows("programmes.planned_amount.created")
    assert row.object_id == str(measure.pk)
    assert row.before is None
    assert row.after == {
        "year": 2024,
        "source": "community",
        "amount": "15000.50",
        "is_illustrative": False,
    }


@pytest.mark.django_db
def test_set_planned_amount_replaces_the_amount_of_the_same_year_and_source(programme, coordinator):
    measure = measure_of(programme)
    set_planned_amount(coordinator, measure, 2024, "community", Decimal("100.00"))
    set_planned_amount(coordinator, measure, 2024, "community", Decimal("250.00"), True)
    assert list(measure.planned_amounts.values_list("amount", "is_illustrative")) == [
        (Decimal("250.00"), True)
    ]
    [row] = rows("programmes.planned_amount.updated")
    assert (row.before["amount"], row.after["amount"]) == ("100.00", "250.00")
    assert (row.before["is_illustrative"], row.after["is_illustrative"]) == (False, True)


@pytest.mark.django_db
def test_set_planned_amount_with_the_same_values_writes_no_audit_row(programme, coordinator):
    measure = measure_of(programme)
    set_planned_amount(coordinator, measure, 2024, "community", Decimal("100"))
    set_planned_amount(coordinator, measure, 2024, "community", Decimal("100.00"))
    assert len(rows("programmes.planned_amount.created")) == 1
    assert rows("programmes.planned_amount.updated") == []


@pytest.mark.django_db
def test_set_planned_amount_accepts_zero(programme, coordinator):
    planned = set_planned_amount(coordinator, measure_of(programme), 2024, "state", Decimal("0"))
    assert PlannedAmount.objects.get(pk=planned.pk).amount == Decimal("0.00")


@pytest.mark.django_db
def test_set_planned_amount_refuses_a_negative_amount(programme, coordinator):
    with pytest.raises(ValidationError) as error:
        set_planned_amount(coordinator, measure_of(programme), 2024, "state", Decimal("-1"))
    assert list(error.value.message_dict) == ["amount"]
    assert PlannedAmount.objects.count() == 0


@pytest.mark.django_db
def test_set_planned_amount_refuses_a_year_out_of_range(programme, coordinator):
    with pytest.raises(ValidationError) as error:
        set_planned_amount(coordinator, measure_of(programme), 1800, "state", Decimal("1"))
    assert list(error.value.message_dict) == ["year"]


@pytest.mark.django_db
def test_set_planned_amount_refuses_an_unknown_source(programme, coordinator):
    with pytest.raises(ValidationError) as error:
        set_planned_amount(coordinator, measure_of(programme), 2024, "city", Decimal("1"))
    assert list(error.value.message_dict) == ["source"]


@pytest.mark.django_db
def test_set_planned_amount_refuses_a_float(programme, coordinator):
    with pytest.raises(TypeError):
        set_planned_amount(coordinator, measure_of(programme), 2024, "state", 0.1)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_remove_planned_amount_deletes_it_with_an_audit_row(programme, coordinator):
    measure = measure_of(programme)
    planned = set_planned_amount(coordinator, measure, 2024, "ita", Decimal("99.90"))
    remove_planned_amount(coordinator, planned)
    assert PlannedAmount.objects.count() == 0
    [row] = rows("programmes.planned_amount.removed")
    assert row.before == {
        "year": 2024,
        "source": "ita",
        "amount": "99.90",
        "is_illustrative": False,
    }
    assert row.after is None


# --- Indicators -------------------------------------------------------------------------


@pytest.mark.django_db
def test_save_indicator_adds_indicators_in_order_with_audit_rows(programme, coordinator):
    measure = measure_of(programme)
    first = save_indicator(
        coordinator,
        measure,
        name_uk="Кількість публікацій",
        unit_uk="од.",
        planned_value=Decimal("12"),
    )
    second = save_indicator(
        coordinator, measure, name_uk="Охоплення", unit_uk="осіб", planned_value=Decimal("500")
    )
    assert (first.position, second.position) == (1, 2)
    created = rows("programmes.indicator.created")
    assert [row.after["name_uk"] for row in created] == ["Кількість публікацій", "Охоплення"]
    assert created[0].after["planned_value"] == "12.00"


@pytest.mark.django_db
def test_save_indicator_changes_an_indicator_with_before_and_after(programme, coordinator):
    measure = measure_of(programme)
    indicator = save_indicator(
        coordinator, measure, name_uk="Кількість", unit_uk="од.", planned_value=Decimal("3")
    )
    save_indicator(coordinator, measure, indicator, planned_value=Decimal("4.5"))
    assert Indicator.objects.get(pk=indicator.pk).planned_value == Decimal("4.50")
    [row] = rows("programmes.indicator.updated")
    assert (row.before["planned_value"], row.after["planned_value"]) == ("3.00", "4.50")


@pytest.mark.django_db
def test_save_indicator_without_a_change_writes_no_audit_row(programme, coordinator):
    measure = measure_of(programme)
    indicator = save_indicator(
        coordinator, measure, name_uk="Кількість", unit_uk="од.", planned_value=Decimal("3")
    )
    save_indicator(coordinator, measure, indicator, name_uk="Кількість")
    assert rows("programmes.indicator.updated") == []


@pytest.mark.django_db
def test_save_indicator_refuses_an_indicator_of_another_measure(programme, coordinator):
    indicator = save_indicator(
        coordinator,
        measure_of(programme),
        name_uk="Кількість",
        unit_uk="од.",
        planned_value=Decimal("3"),
    )
    with pytest.raises(ValueError, match="does not belong"):
        save_indicator(coordinator, measure_of(programme, "1.2.1"), indicator, name_uk="Інше")


@pytest.mark.django_db
def test_save_indicator_refuses_a_negative_planned_value(programme, coordinator):
    with pytest.raises(ValidationError) as error:
        save_indicator(
            coordinator,
            measure_of(programme),
            name_uk="Кількість",
            unit_uk="од.",
            planned_value=Decimal("-3"),
        )
    assert list(error.value.message_dict) == ["planned_value"]
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_remove_indicator_deletes_it_with_an_audit_row(programme, coordinator):
    indicator = save_indicator(
        coordinator,
        measure_of(programme),
        name_uk="Кількість",
        unit_uk="од.",
        planned_value=Decimal("3"),
    )
    remove_indicator(coordinator, indicator)
    assert Indicator.objects.count() == 0
    [row] = rows("programmes.indicator.removed")
    assert row.before["name_uk"] == "Кількість"
    assert row.before["position"] == 1
