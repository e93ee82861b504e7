"""Staff pages of programmes: a coordinator edits measures, amounts and indicators; bad
input is refused with a message next to the field; a coordinator of another programme
gets 404 and an auditor 403, and neither changes anything."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hromada.core.models import ActivityLog
from hromada.programmes.models import Indicator, Measure, PlannedAmount, Task
from hromada.programmes.services import save_indicator, set_planned_amount


def measure_of(programme, number: str = "1.1.1") -> Measure:
    return Measure.objects.get(task__direction__programme=programme, number=number)


def measure_post(measure: Measure, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title_uk": measure.title_uk,
        "title_en": measure.title_en,
        "responsible_department": measure.responsible_department_id,
        "deadline": "2024-12-31",
        "funding_sources": ["community"],
    }
    data.update(changes)
    return data


def snapshot(measure: Measure) -> tuple[object, ...]:
    fresh = Measure.objects.get(pk=measure.pk)
    return (fresh.title_uk, fresh.deadline, fresh.funding_sources, fresh.updated_at)


# --- Overview ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_sees_the_overview_with_edit_links(client, programme, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("programmes:staff_overview"))
    assert response.status_code == 200
    measure = measure_of(programme)
    assert reverse("programmes:staff_measure_edit", args=[measure.pk]) in response.content.decode()
    assert len(response.context["editable_measure_ids"]) == 18
    assert len(response.context["editable_task_ids"]) == 18


@pytest.mark.django_db
def test_auditor_sees_the_overview_without_edit_links(client, programme, auditor):
    client.force_login(auditor)
    response = client.get(reverse("programmes:staff_overview"))
    assert response.status_code == 200
    html = response.content.decode()
    assert measure_of(programme).title_uk in html
    assert "/staff/programme/measures/" not in html
    assert "/staff/programme/tasks/" not in html


@pytest.mark.django_db
def test_coordinator_of_another_programme_does_not_see_this_one(
    client, programme, coordinator_elsewhere
):
    client.force_login(coordinator_elsewhere)
    response = client.get(reverse("programmes:staff_overview"))
    assert [p.slug for p in response.context["programmes"]] == ["other-2024"]


@pytest.mark.django_db
def test_overview_queries_do_not_grow_with_measures(
    client, programme, coordinator, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(reverse("programmes:staff_overview"))  # session and role caches warm
    with django_assert_max_num_queries(14):
        client.get(reverse("programmes:staff_overview"))


# --- Measure edit -----------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_edits_a_measure(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    url = reverse("programmes:staff_measure_edit", args=[measure.pk])
    response = client.post(
        url, measure_post(measure, title_en="Campaign", funding_sources=["community", "oblast"])
    )
    assert response.status_code == 302
    assert response["Location"] == f"/staff/programme/#measure-{measure.pk}"
    fresh = Measure.objects.get(pk=measure.pk)
    assert (fresh.title_en, fresh.funding_sources) == ("Campaign", ["community", "oblast"])
    row = ActivityLog.objects.get(action="programmes.measure.updated")
    assert row.actor_id == coordinator.pk


@pytest.mark.django_db
def test_measure_edit_shows_the_form(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    response = client.get(reverse("programmes:staff_measure_edit", args=[measure.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["title_uk"] == measure.title_uk


@pytest.mark.django_db
def test_measure_edit_with_an_empty_title_is_refused_with_a_message(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    before = snapshot(measure)
    response = client.post(
        reverse("programmes:staff_measure_edit", args=[measure.pk]),
        measure_post(measure, title_uk="   "),
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("title_uk", code="required")
    assert 'class="errorlist"' in response.content.decode()
    assert snapshot(measure) == before


@pytest.mark.django_db
def test_measure_edit_with_a_bad_date_and_source_is_refused(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    before = snapshot(measure)
    response = client.post(
        reverse("programmes:staff_measure_edit", args=[measure.pk]),
        measure_post(measure, deadline="2024-02-30", funding_sources=["city"]),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.has_error("deadline", code="invalid")
    assert form.has_error("funding_sources", code="invalid_choice")
    assert snapshot(measure) == before
    assert ActivityLog.objects.filter(action="programmes.measure.updated").count() == 0


@pytest.mark.django_db
def test_coordinator_of_another_programme_gets_404_and_changes_nothing(
    client, programme, coordinator_elsewhere
):
    client.force_login(coordinator_elsewhere)
    measure = measure_of(programme)
    before = snapshot(measure)
    url = reverse("programmes:staff_measure_edit", args=[measure.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, measure_post(measure, title_uk="Чужа правка")).status_code == 404
    assert snapshot(measure) == before
    assert ActivityLog.objects.filter(action="programmes.measure.updated").count() == 0


@pytest.mark.django_db
def test_auditor_posting_a_measure_edit_gets_403_and_changes_nothing(client, programme, auditor):
    client.force_login(auditor)
    measure = measure_of(programme)
    before = snapshot(measure)
    response = client.post(
        reverse("programmes:staff_measure_edit", args=[measure.pk]),
        measure_post(measure, title_uk="Правка аудитора"),
    )
    assert response.status_code == 403
    assert snapshot(measure) == before


@pytest.mark.django_db
def test_anonymous_measure_edit_is_sent_to_sign_in(client, programme):
    response = client.get(reverse("programmes:staff_measure_edit", args=[measure_of(programme).pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_unknown_measure_is_not_found(client, programme, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("programmes:staff_measure_edit", args=[999999])).status_code == 404


# --- New measure ------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_splits_a_task_into_a_new_measure(client, programme, coordinator):
    client.force_login(coordinator)
    task = Task.objects.get(direction__programme=programme, number="3.2")
    response = client.post(
        reverse("programmes:staff_measure_create", args=[task.pk]),
        {
            "title_uk": "Візит делегації до міста-партнера",
            "responsible_department": programme.coordinating_department_id,
            "deadline": "2024-09-30",
            "funding_sources": ["community"],
        },
    )
    assert response.status_code == 302
    assert list(task.measures.values_list("number", "title_uk")) == [
        ("3.2.1", task.title_uk),
        ("3.2.2", "Візит делегації до міста-партнера"),
    ]


@pytest.mark.django_db
def test_new_measure_without_a_title_is_refused(client, programme, coordinator):
    client.force_login(coordinator)
    task = Task.objects.get(direction__programme=programme, number="3.2")
    response = client.post(
        reverse("programmes:staff_measure_create", args=[task.pk]),
        {"title_uk": "", "responsible_department": programme.coordinating_department_id},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("title_uk", code="required")
    assert task.measures.count() == 1


@pytest.mark.django_db
def test_new_measure_under_another_programme_is_not_found(client, programme, coordinator_elsewhere):
    client.force_login(coordinator_elsewhere)
    task = Task.objects.get(direction__programme=programme, number="3.2")
    url = reverse("programmes:staff_measure_create", args=[task.pk])
    assert client.post(url, {"title_uk": "Чужий захід"}).status_code == 404
    assert task.measures.count() == 1


# --- Planned amounts --------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_adds_a_planned_amount(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    url = reverse("programmes:staff_planned_amounts", args=[measure.pk])
    response = client.post(url, {"year": "2024", "source": "community", "amount": "12000.50"})
    assert response.status_code == 302
    assert response["Location"] == url
    assert list(measure.planned_amounts.values_list("year", "source", "amount")) == [
        (2024, "community", Decimal("12000.50"))
    ]


@pytest.mark.django_db
def test_planned_amount_accepts_a_decimal_comma_in_ukrainian(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    client.post(
        reverse("programmes:staff_planned_amounts", args=[measure.pk]),
        {"year": "2024", "source": "state", "amount": "99,90", "is_illustrative": "on"},
    )
    assert list(measure.planned_amounts.values_list("amount", "is_illustrative")) == [
        (Decimal("99.90"), True)
    ]


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("amount", "-5", "negative"),
        ("amount", "1.005", "max_decimal_places"),
        ("amount", "", "required"),
        ("year", "1800", "year_range"),
        ("year", "2200", "year_range"),
        ("source", "city", "invalid_choice"),
    ],
)
@pytest.mark.django_db
def test_bad_planned_amount_is_refused_with_a_message(
    client, programme, coordinator, field, value, code
):
    client.force_login(coordinator)
    measure = measure_of(programme)
    data = {"year": "2024", "source": "community", "amount": "100", field: value}
    response = client.post(reverse("programmes:staff_planned_amounts", args=[measure.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].has_error(field, code=code)
    assert PlannedAmount.objects.count() == 0


@pytest.mark.django_db
def test_coordinator_removes_a_planned_amount(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    planned = set_planned_amount(None, measure, 2024, "community", Decimal("10"))
    response = client.post(
        reverse("programmes:staff_planned_amount_remove", args=[measure.pk, planned.pk])
    )
    assert response.status_code == 302
    assert PlannedAmount.objects.count() == 0


@pytest.mark.django_db
def test_removing_a_planned_amount_needs_post(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    planned = set_planned_amount(None, measure, 2024, "community", Decimal("10"))
    url = reverse("programmes:staff_planned_amount_remove", args=[measure.pk, planned.pk])
    assert client.get(url).status_code == 405
    assert PlannedAmount.objects.count() == 1


@pytest.mark.django_db
def test_planned_amount_of_another_programme_cannot_be_removed(
    client, programme, coordinator_elsewhere
):
    client.force_login(coordinator_elsewhere)
    measure = measure_of(programme)
    planned = set_planned_amount(None, measure, 2024, "community", Decimal("10"))
    url = reverse("programmes:staff_planned_amount_remove", args=[measure.pk, planned.pk])
    assert client.post(url).status_code == 404
    assert list(measure.planned_amounts.all()) == [planned]


@pytest.mark.django_db
def test_planned_amount_is_removed_only_through_its_own_measure(client, programme, coordinator):
    client.force_login(coordinator)
    planned = set_planned_amount(None, measure_of(programme), 2024, "community", Decimal("10"))
    other_measure = measure_of(programme, "1.2.1")
    url = reverse("programmes:staff_planned_amount_remove", args=[other_measure.pk, planned.pk])
    assert client.post(url).status_code == 404
    assert PlannedAmount.objects.count() == 1


# --- Indicators -------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_adds_an_indicator(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    url = reverse("programmes:staff_indicators", args=[measure.pk])
    response = client.post(
        url, {"name_uk": "Кількість публікацій", "unit_uk": "од.", "planned_value": "12"}
    )
    assert response.status_code == 302
    assert list(measure.indicators.values_list("name_uk", "planned_value")) == [
        ("Кількість публікацій", Decimal("12.00"))
    ]


@pytest.mark.django_db
def test_indicator_with_a_negative_value_is_refused(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    response = client.post(
        reverse("programmes:staff_indicators", args=[measure.pk]),
        {"name_uk": "Кількість", "unit_uk": "од.", "planned_value": "-1"},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("planned_value", code="negative")
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_coordinator_edits_an_indicator(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    indicator = save_indicator(
        None, measure, name_uk="Кількість", unit_uk="од.", planned_value=Decimal("3")
    )
    url = reverse("programmes:staff_indicator_edit", args=[measure.pk, indicator.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name_uk": "Кількість", "unit_uk": "од.", "planned_value": "4"})
    assert response.status_code == 302
    assert Indicator.objects.get(pk=indicator.pk).planned_value == Decimal("4.00")


@pytest.mark.django_db
def test_coordinator_removes_an_indicator(client, programme, coordinator):
    client.force_login(coordinator)
    measure = measure_of(programme)
    indicator = save_indicator(
        None, measure, name_uk="Кількість", unit_uk="од.", planned_value=Decimal("3")
    )
    url = reverse("programmes:staff_indicator_remove", args=[measure.pk, indicator.pk])
    assert client.post(url).status_code == 302
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_indicators_of_another_programme_are_not_found(client, programme, coordinator_elsewhere):
    client.force_login(coordinator_elsewhere)
    measure = measure_of(programme)
    url = reverse("programmes:staff_indicators", args=[measure.pk])
    response = client.post(url, {"name_uk": "Чужий", "unit_uk": "од.", "planned_value": "1"})
    assert response.status_code == 404
    assert measure.indicators.count() == 0


@pytest.mark.django_db
def test_auditor_cannot_open_the_planned_amounts_of_a_measure(client, programme, auditor):
    client.force_login(auditor)
    measure = measure_of(programme)
    url = reverse("programmes:staff_planned_amounts", args=[measure.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"year": "2024", "source": "state", "amount": "1"}).status_code == 403
    assert PlannedAmount.objects.count() == 0
