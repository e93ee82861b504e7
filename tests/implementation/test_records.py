"""Creating the records of the winners, the plan, progress, procurement and the author's
sign-off (services)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from hromada.core.models import ActivityLog
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import ImplementationRecord, Update
from hromada.implementation.services import (
    assign,
    create_records,
    record_procurement,
    record_progress,
    sign_off,
)
from tests.factories.accounts import DepartmentFactory, make_user
from tests.factories.budget import make_edition
from tests.factories.implementation import make_measure, make_record, winning_edition

pytestmark = pytest.mark.django_db

S = ImplementationStatus


def error_of(call, **kwargs):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return caught.value


# --- Creating the records -------------------------------------------------------------


def test_each_selected_project_gets_a_record_with_its_estimate():
    edition, winners = winning_edition(winners=2, losers=1)
    created = create_records(edition, make_user())
    assert [(r.project_id, r.estimate, r.status) for r in created] == [
        (winners[0].pk, Decimal("40000.00"), S.PLANNED),
        (winners[1].pk, Decimal("40000.00"), S.PLANNED),
    ]


def test_projects_not_selected_get_no_record():
    edition, _winners = winning_edition(winners=1, losers=2)
    create_records(edition, make_user())
    assert ImplementationRecord.objects.count() == 1


def test_creating_again_adds_nothing():
    edition, _winners = winning_edition()
    create_records(edition, make_user())
    assert create_records(edition, make_user()) == []
    assert ImplementationRecord.objects.count() == 2


def test_the_department_of_the_editions_measure_is_the_default():
    department = DepartmentFactory()
    edition, _winners = winning_edition(measure=make_measure(department=department))
    created = create_records(edition, make_user())
    assert {record.department_id for record in created} == {department.pk}


def test_without_a_measure_no_department_is_assigned():
    edition, _winners = winning_edition()
    assert {r.department_id for r in create_records(edition, make_user())} == {None}


def test_without_approved_results_nothing_is_created():
    edition = make_edition(slug="2024", year=2024, submission_start=date(2024, 3, 1))
    error = error_of(create_records, edition=edition, actor=make_user())
    assert error.messages == [
        "The results of this edition are not approved yet: there are no winners."
    ]


def test_each_created_record_is_in_the_audit_trail():
    edition, _winners = winning_edition()
    actor = make_user()
    create_records(edition, actor)
    assert (
        ActivityLog.objects.filter(action="implementation.record.created", actor=actor).count() == 2
    )


# --- The plan -------------------------------------------------------------------------


def test_the_department_and_dates_are_saved_and_logged():
    record = make_record()
    department = DepartmentFactory()
    assign(
        record,
        actor=make_user(),
        department=department,
        planned_start=date(2024, 8, 1),
        planned_end=date(2024, 11, 30),
    )
    record.refresh_from_db()
    assert (record.department_id, record.planned_start, record.planned_end) == (
        department.pk,
        date(2024, 8, 1),
        date(2024, 11, 30),
    )
    entry = ActivityLog.objects.get(action="implementation.record.planned")
    assert entry.after == {
        "department": department.pk,
        "planned_start": "2024-08-01",
        "planned_end": "2024-11-30",
    }


def test_a_completion_before_the_start_is_refused():
    error = error_of(
        assign,
        record=make_record(),
        actor=make_user(),
        department=None,
        planned_start=date(2024, 8, 1),
        planned_end=date(2024, 7, 31),
    )
    assert error.message_dict == {
        "planned_end": ["The planned completion cannot be before the planned start."]
    }


def test_a_closed_department_is_refused():
    department = DepartmentFactory(is_active=False, name_en="Old department")
    error = error_of(
        assign,
        record=make_record(),
        actor=make_user(),
        department=department,
        planned_start=None,
        planned_end=None,
    )
    assert error.message_dict == {"department": ["The department “Old department” is closed."]}


# --- Progress -------------------------------------------------------------------------


def test_progress_is_saved_with_a_timeline_entry():
    record = make_record(status=S.IN_PROGRESS)
    update = record_progress(record, actor=make_user(), progress=40, note="Фундамент готовий.")
    record.refresh_from_db()
    assert record.progress == 40
    assert (update.status, update.progress, update.text, update.is_public) == (
        S.IN_PROGRESS,
        40,
        "Фундамент готовий.",
        True,
    )


@pytest.mark.parametrize("progress", [-1, 101, 150])
def test_progress_outside_0_to_100_is_refused(progress):
    record = make_record(status=S.IN_PROGRESS)
    error = error_of(record_progress, record=record, actor=make_user(), progress=progress)
    assert error.message_dict == {"progress": ["The progress is a whole number from 0 to 100."]}
    assert Update.objects.count() == 0


def test_the_database_refuses_progress_above_100():
    record = make_record()
    with pytest.raises(IntegrityError), transaction.atomic():
        ImplementationRecord.objects.filter(pk=record.pk).update(progress=101)


def test_the_database_refuses_an_update_with_progress_above_100():
    record = make_record()
    with pytest.raises(IntegrityError), transaction.atomic():
        Update.objects.create(
            record=record,
            happened_on=date(2024, 9, 1),
            text="x",
            status=S.PLANNED,
            progress=101,
            author=make_user(),
        )


def test_progress_of_a_finished_record_is_refused():
    record = make_record(status=S.IMPLEMENTED, progress=100)
    error = error_of(record_progress, record=record, actor=make_user(), progress=90)
    assert error.messages == ["The project is “implemented”: its progress can no longer change."]


def test_progress_dated_in_the_future_is_refused():
    error = error_of(
        record_progress,
        record=make_record(),
        actor=make_user(),
        progress=10,
        happened_on=timezone.localdate() + timedelta(days=1),
    )
    assert error.message_dict == {"happened_on": ["The date cannot be in the future."]}


def test_an_internal_progress_entry_is_not_public():
    update = record_progress(make_record(), actor=make_user(), progress=5, is_public=False)
    assert update.is_public is False


# --- Procurement ----------------------------------------------------------------------


def test_procurement_is_stored_in_canonical_form():
    record = make_record()
    record_procurement(
        record,
        actor=make_user(),
        tender_id=" ua-2024-11-12-000006-A ",
        contract_id="UA-2024-11-12-000006-a-A1",
        contract_sum=Decimal("38500.00"),
        contractor="ТОВ  «Будсервіс»",
    )
    record.refresh_from_db()
    assert (record.tender_id, record.contract_id, record.contract_sum, record.contractor) == (
        "UA-2024-11-12-000006-a",
        "UA-2024-11-12-000006-a-a1",
        Decimal("38500.00"),
        "ТОВ «Будсервіс»",
    )


def test_a_contract_without_a_tender_gives_the_tender():
    record = make_record()
    record_procurement(
        record,
        actor=make_user(),
        tender_id="",
        contract_id="UA-2024-11-12-000006-a-a1",
        contract_sum=None,
        contractor="",
    )
    record.refresh_from_db()
    assert record.tender_id == "UA-2024-11-12-000006-a"


def test_malformed_ids_are_refused_each_next_to_its_field():
    record = make_record()
    error = error_of(
        record_procurement,
        record=record,
        actor=make_user(),
        tender_id="UA-2024-11-12-6-a",
        contract_id="12345",
        contract_sum=None,
        contractor="",
    )
    assert error.message_dict == {
        "tender_id": ["A Prozorro tender id looks like UA-2024-11-12-000006-a."],
        "contract_id": [
            "A Prozorro contract id is the tender id followed by the contract's letter and "
            "number, like UA-2024-11-12-000006-a-a1."
        ],
    }
    record.refresh_from_db()
    assert (record.tender_id, record.contract_id) == ("", "")


def test_a_contract_of_another_tender_is_refused():
    error = error_of(
        record_procurement,
        record=make_record(),
        actor=make_user(),
        tender_id="UA-2024-11-12-000006-a",
        contract_id="UA-2024-11-13-000001-a-a1",
        contract_sum=None,
        contractor="",
    )
    assert list(error.message_dict) == ["contract_id"]


def test_an_unchanged_procurement_writes_no_audit_row():
    record = make_record(tender_id="UA-2024-11-12-000006-a")
    record_procurement(
        record,
        actor=make_user(),
        tender_id="UA-2024-11-12-000006-a",
        contract_id="",
        contract_sum=None,
        contractor="",
    )
    assert not ActivityLog.objects.filter(action="implementation.record.procurement").exists()


# --- The author's sign-off ------------------------------------------------------------


def test_the_author_accepts_the_implemented_result():
    record = make_record(status=S.IMPLEMENTED, progress=100)
    author = record.project.author
    sign_off(record, author=author, accepts=True)
    record.refresh_from_db()
    assert record.author_accepts_result is True
    assert record.author_signed_off_at is not None


def test_the_author_may_refuse_with_remarks():
    record = make_record(status=S.IMPLEMENTED, progress=100)
    sign_off(record, author=record.project.author, accepts=False, remarks="Лавок лише 8, а не 10.")
    record.refresh_from_db()
    assert (record.author_accepts_result, record.author_sign_off_text) == (
        False,
        "Лавок лише 8, а не 10.",
    )


def test_refusing_without_remarks_is_refused():
    record = make_record(status=S.IMPLEMENTED, progress=100)
    error = error_of(sign_off, record=record, author=record.project.author, accepts=False)
    assert error.message_dict == {"remarks": ["Say what is wrong with the result."]}


def test_only_the_author_signs_off():
    record = make_record(status=S.IMPLEMENTED, progress=100)
    error = error_of(sign_off, record=record, author=make_user(), accepts=True)
    assert error.messages == ["Only the author of the project may sign off its result."]


def test_no_sign_off_before_the_project_is_implemented():
    record = make_record(status=S.IN_PROGRESS, progress=80)
    error = error_of(sign_off, record=record, author=record.project.author, accepts=True)
    assert error.messages == ["The result can be signed off once the project is implemented."]


def test_a_second_sign_off_is_refused():
    record = make_record(status=S.IMPLEMENTED, progress=100)
    sign_off(record, author=record.project.author, accepts=True)
    error = error_of(
        sign_off, record=record, author=record.project.author, accepts=False, remarks="x"
    )
    assert error.messages == ["You have already signed off this result."]
