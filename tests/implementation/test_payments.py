"""Payments: the programme measure in force on the payment's date, the contract limit
and its reason, the expenditure written with each payment and counted by
`actual_totals`."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hromada.core.models import ActivityLog
from hromada.implementation.models import Payment
from hromada.implementation.services import record_payment
from hromada.programmes.enums import FundingSource
from hromada.programmes.models import Expenditure
from hromada.programmes.selectors import actual_totals
from hromada.programmes.services.expenditures import record_expenditure
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition
from tests.factories.implementation import make_measure, make_record, winning_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure_2024():
    return make_measure(slug="programme-2024")


@pytest.fixture
def record(measure_2024):
    """A winner of the 2024 edition (estimate 40 000) whose edition implements a measure
    of the 2024 programme."""
    _edition, winners = winning_edition(winners=1, losers=0, measure=measure_2024)
    return make_record(winners[0])


def pay(record, **fields):
    values = {"actor": make_user(), "paid_on": date(2024, 10, 1), "amount": Decimal("10000.00")}
    values.update(fields)
    return record_payment(record, **values)


def refused(record, **fields):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        pay(record, **fields)
    return caught.value


def test_a_payment_counts_against_the_editions_measure(record, measure_2024):
    payment = pay(record, document="ПД-17")
    assert (payment.measure, payment.amount, payment.paid_on, payment.document) == (
        measure_2024,
        Decimal("10000.00"),
        date(2024, 10, 1),
        "ПД-17",
    )


def test_a_payment_writes_an_expenditure_of_the_measure(record, measure_2024):
    payment = pay(record, document="ПД-17")
    expenditure = Expenditure.objects.get()
    assert payment.expenditure == expenditure
    assert (
        expenditure.measure,
        expenditure.spent_on,
        expenditure.amount,
        expenditure.source,
        expenditure.description,
    ) == (
        measure_2024,
        date(2024, 10, 1),
        Decimal("10000.00"),
        FundingSource.COMMUNITY_BUDGET,
        "№ 1 Проєкт 1 ПД-17",
    )


def test_the_programmes_actual_money_sums_the_payments(record, measure_2024):
    pay(record, paid_on=date(2024, 10, 1), amount=Decimal("10000.00"))
    pay(record, paid_on=date(2024, 11, 5), amount=Decimal("2500.50"))
    programme = measure_2024.task.direction.programme
    assert actual_totals(programme) == {(measure_2024.pk, 2024): Decimal("12500.50")}


def test_actual_totals_are_per_measure_and_year():
    first = make_measure(slug="long", starts_on=date(2024, 1, 1), ends_on=date(2025, 12, 31))
    second = make_measure(slug="long", number="1.1.2")
    for measure, day, amount in (
        (first, date(2024, 3, 1), "100.00"),
        (first, date(2024, 9, 1), "50.00"),
        (first, date(2025, 2, 1), "70.00"),
        (second, date(2025, 2, 1), "30.00"),
    ):
        record_expenditure(measure, day, Decimal(amount), FundingSource.COMMUNITY_BUDGET, "x")
    make_measure(slug="other").expenditures.create(
        spent_on=date(2024, 3, 1), amount=Decimal("999.00"), description="y"
    )
    assert actual_totals(first.task.direction.programme) == {
        (first.pk, 2024): Decimal("150.00"),
        (first.pk, 2025): Decimal("70.00"),
        (second.pk, 2025): Decimal("30.00"),
    }


def test_actual_totals_of_a_programme_without_spending_are_empty(measure_2024):
    assert actual_totals(measure_2024.task.direction.programme) == {}


def test_an_expenditure_outside_the_programme_period_is_refused(measure_2024):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        record_expenditure(
            measure_2024, date(2025, 1, 2), Decimal("1.00"), FundingSource.COMMUNITY_BUDGET, "x"
        )
    assert caught.value.message_dict == {
        "spent_on": [
            "The programme “Programme programme-2024” is in force from 01/01/2024 to "
            "12/31/2024; money spent on 01/02/2025 cannot be counted against it."
        ]
    }


def test_after_the_editions_programme_ends_the_next_programme_of_the_budget_pays(record):
    measure_2025 = make_measure(
        slug="programme-2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    make_edition(slug="2025", year=2025, submission_start=date(2025, 3, 1), measure=measure_2025)
    payment = pay(record, paid_on=date(2025, 2, 10))
    assert payment.measure == measure_2025
    assert payment.expenditure.measure == measure_2025


def test_a_measure_of_a_programme_in_force_but_funding_no_edition_is_not_used(record):
    make_measure(slug="roads-2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    error = refused(record, paid_on=date(2025, 2, 10))
    assert error.message_dict == {
        "paid_on": [
            "No council programme is in force on 02/10/2025; a payment must count against a "
            "measure of the programme in force on its date. Ask the programme coordinator to "
            "add the programme that covers this date."
        ]
    }


def test_without_any_programme_in_force_the_payment_is_refused():
    _edition, winners = winning_edition(winners=1, losers=0)
    error = refused(make_record(winners[0]), paid_on=date(2024, 10, 1))
    assert list(error.message_dict) == ["paid_on"]
    assert not Payment.objects.exists()
    assert not Expenditure.objects.exists()


def test_payments_over_the_contract_need_a_reason(record):
    record.contract_sum = Decimal("38000.00")
    record.save()
    pay(record, amount=Decimal("30000.00"))
    error = refused(record, amount=Decimal("8000.01"))
    assert error.message_dict == {
        "reason": [
            "With this payment the project would be paid 38,000.01 UAH, more than the contract "
            "sum of 38,000.00 UAH. Say why, or correct the amount."
        ]
    }
    assert Payment.objects.count() == 1
    assert Expenditure.objects.count() == 1


def test_payments_over_the_contract_with_a_reason_are_accepted(record):
    record.contract_sum = Decimal("38000.00")
    record.save()
    payment = pay(
        record,
        amount=Decimal("39000.00"),
        reason="Додаткова угода № 2: збільшено обсяг робіт.",
    )
    assert payment.over_contract_reason == "Додаткова угода № 2: збільшено обсяг робіт."
    entry = ActivityLog.objects.get(action="implementation.payment.recorded")
    assert entry.reason == "Додаткова угода № 2: збільшено обсяг робіт."


def test_payments_up_to_the_contract_need_no_reason(record):
    record.contract_sum = Decimal("38000.00")
    record.save()
    payment = pay(record, amount=Decimal("38000.00"))
    assert payment.over_contract_reason == ""


def test_without_a_contract_the_estimate_is_the_limit(record):
    error = refused(record, amount=Decimal("40000.01"))
    assert error.message_dict == {
        "reason": [
            "With this payment the project would be paid 40,000.01 UAH, more than the estimate "
            "of 40,000.00 UAH. Say why, or correct the amount."
        ]
    }


def test_a_payment_dated_in_the_future_is_refused(record):
    error = refused(record, paid_on=timezone.localdate() + timedelta(days=1))
    assert error.message_dict == {"paid_on": ["A payment cannot be dated in the future."]}


@pytest.mark.parametrize("amount", ["0", "-5.00", "0.001"])
def test_an_amount_that_is_not_positive_money_is_refused(record, amount):
    error = refused(record, amount=Decimal(amount))
    assert error.message_dict == {
        "amount": ["The amount must be more than zero, in hryvnias and kopecks."]
    }


def test_a_payment_is_in_the_audit_trail(record, measure_2024):
    actor = make_user()
    payment = pay(record, actor=actor, document="ПД-1")
    entry = ActivityLog.objects.get(action="implementation.payment.recorded")
    assert (entry.actor, entry.after) == (
        actor,
        {
            "payment": payment.pk,
            "paid_on": "2024-10-01",
            "amount": "10000.00",
            "document": "ПД-1",
            "measure": measure_2024.pk,
            "paid_in_all": "10000.00",
        },
    )
