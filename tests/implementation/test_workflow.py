"""Status changes of an implementation record: allowed and refused moves, their guards,
the timeline entry, the audit trail and the followers' e-mail."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.core.models import ActivityLog
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import Update
from hromada.implementation.services import change_status
from tests.factories.accounts import DepartmentFactory, make_user
from tests.factories.implementation import make_record

pytestmark = pytest.mark.django_db

S = ImplementationStatus
CHAIN = [S.PLANNED, S.PROCUREMENT, S.CONTRACTING, S.IN_PROGRESS]


def refused(record, to_status, actor=None, **options):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        change_status(
            record, actor=actor or make_user(Role.ADMINISTRATOR), to_status=to_status, **options
        )
    return caught.value


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.pairwise(CHAIN)))
def test_a_record_moves_forward_one_step(from_status, to_status):
    record = make_record(status=from_status)
    change_status(record, actor=make_user(Role.ADMINISTRATOR), to_status=to_status)
    record.refresh_from_db()
    assert record.status == to_status


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [
        (S.PLANNED, S.CONTRACTING),
        (S.PLANNED, S.IN_PROGRESS),
        (S.PLANNED, S.IMPLEMENTED),
        (S.PROCUREMENT, S.PLANNED),
        (S.IN_PROGRESS, S.PROCUREMENT),
        (S.IMPLEMENTED, S.IN_PROGRESS),
        (S.IMPLEMENTED, S.NOT_IMPLEMENTED),
        (S.NOT_IMPLEMENTED, S.IN_PROGRESS),
    ],
)
def test_other_moves_are_refused(from_status, to_status):
    record = make_record(status=from_status, progress=100)
    error = refused(record, to_status, reason="причина")
    with translation.override("en"):
        expected = (
            f"An implementation cannot go from “{S(from_status).label}” to “{S(to_status).label}”."
        )
    assert error.messages == [expected]
    record.refresh_from_db()
    assert record.status == from_status


@pytest.mark.parametrize("from_status", CHAIN)
def test_any_unfinished_record_may_end_as_not_implemented(from_status):
    record = make_record(status=from_status)
    change_status(
        record,
        actor=make_user(Role.ADMINISTRATOR),
        to_status=S.NOT_IMPLEMENTED,
        reason="Ділянка виявилася приватною.",
    )
    record.refresh_from_db()
    assert (record.status, record.not_implemented_reason) == (
        S.NOT_IMPLEMENTED,
        "Ділянка виявилася приватною.",
    )


def test_not_implemented_needs_a_reason():
    record = make_record(status=S.PROCUREMENT)
    error = refused(record, S.NOT_IMPLEMENTED, reason="  ")
    assert error.message_dict == {"reason": ["Say why the project was not implemented."]}


def test_implemented_needs_progress_of_100():
    record = make_record(status=S.IN_PROGRESS, progress=90)
    error = refused(record, S.IMPLEMENTED)
    assert error.messages == [
        "The progress is 90 %. Record the progress of 100 % before marking the project implemented."
    ]


def test_implemented_sets_the_actual_completion():
    record = make_record(status=S.IN_PROGRESS, progress=100)
    change_status(
        record,
        actor=make_user(Role.ADMINISTRATOR),
        to_status=S.IMPLEMENTED,
        happened_on=date(2024, 11, 20),
    )
    record.refresh_from_db()
    assert record.actual_end == date(2024, 11, 20)


def test_in_progress_sets_the_actual_start():
    record = make_record(status=S.CONTRACTING)
    change_status(
        record,
        actor=make_user(Role.ADMINISTRATOR),
        to_status=S.IN_PROGRESS,
        happened_on=date(2024, 9, 2),
    )
    record.refresh_from_db()
    assert record.actual_start == date(2024, 9, 2)


def test_a_status_change_dated_in_the_future_is_refused():
    error = refused(
        make_record(), S.PROCUREMENT, happened_on=timezone.localdate() + timedelta(days=1)
    )
    assert error.message_dict == {"happened_on": ["The date cannot be in the future."]}


def test_a_coordinator_reopens_with_a_reason():
    record = make_record(status=S.NOT_IMPLEMENTED, not_implemented_reason="Немає підрядника.")
    coordinator = make_user(Role.BUDGET_COORDINATOR, scope=record.project.edition)
    change_status(
        record, actor=coordinator, to_status=S.PLANNED, reason="Знайшли кошти і підрядника."
    )
    record.refresh_from_db()
    assert (record.status, record.not_implemented_reason) == (S.PLANNED, "")


def test_reopening_needs_a_reason():
    record = make_record(status=S.NOT_IMPLEMENTED, not_implemented_reason="x")
    error = refused(record, S.PLANNED)
    assert error.message_dict == {"reason": ["Say why the project is reopened."]}


def test_a_department_officer_may_not_reopen():
    department = DepartmentFactory()
    record = make_record(
        status=S.NOT_IMPLEMENTED, department=department, not_implemented_reason="x"
    )
    officer = make_user(Role.DEPARTMENT_OFFICER, department=department)
    error = refused(record, S.PLANNED, actor=officer, reason="Спробуємо ще раз.")
    assert error.messages == [
        "Only the budget coordinator may reopen a project that was not implemented."
    ]


def test_a_status_change_adds_a_public_timeline_entry():
    record = make_record(status=S.PLANNED, progress=0)
    actor = make_user(Role.ADMINISTRATOR)
    update = change_status(
        record,
        actor=actor,
        to_status=S.PROCUREMENT,
        reason="Оголошено тендер.",
        happened_on=date(2024, 8, 5),
    )
    assert Update.objects.get() == update
    assert (update.happened_on, update.status, update.progress, update.text, update.is_public) == (
        date(2024, 8, 5),
        S.PROCUREMENT,
        0,
        "Оголошено тендер.",
        True,
    )
    assert update.author == actor


def test_a_status_change_is_logged_with_before_and_after():
    record = make_record(status=S.PLANNED)
    actor = make_user(Role.ADMINISTRATOR)
    update = change_status(
        record, actor=actor, to_status=S.PROCUREMENT, happened_on=date(2024, 8, 5)
    )
    entry = ActivityLog.objects.get(action="implementation.record.status_changed")
    assert (entry.actor, entry.before, entry.after) == (
        actor,
        {"status": "planned"},
        {"status": "procurement", "happened_on": "2024-08-05", "update": update.pk},
    )


def test_a_status_change_records_when_it_changed():
    record = make_record(status=S.PLANNED)
    change_status(record, actor=make_user(Role.ADMINISTRATOR), to_status=S.PROCUREMENT)
    record.refresh_from_db()
    assert record.status_changed_at is not None


def test_a_refused_change_leaves_no_timeline_entry_and_no_audit_row():
    record = make_record(status=S.PLANNED)
    refused(record, S.IMPLEMENTED)
    assert not Update.objects.exists()
    assert not ActivityLog.objects.filter(action="implementation.record.status_changed").exists()
