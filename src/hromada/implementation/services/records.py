"""Writes of an implementation record: creating the records of an edition's winners,
the plan (department and dates), status changes, progress, procurement and the author's
sign-off. Each write locks the record (`select_for_update`) and leaves an audit row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import Department, User
from hromada.budget.models import Edition, Project
from hromada.core.activity import changed_fields, log_activity, snapshot
from hromada.implementation import prozorro
from hromada.implementation.enums import FINISHED_STATUSES, ImplementationStatus
from hromada.implementation.models import ImplementationRecord, Update
from hromada.implementation.notifications import notify_followers_of_update
from hromada.implementation.selectors import winner_ids
from hromada.implementation.workflow import transition

PLAN_FIELDS = ("department", "planned_start", "planned_end")
PROCUREMENT_FIELDS = ("tender_id", "contract_id", "contract_sum", "contractor")
CENT = Decimal("0.01")


def lock(record: ImplementationRecord) -> ImplementationRecord:
    return (
        # Only the record's row: PostgreSQL cannot lock the nullable side of the join
        # to the department, and the related rows need no lock.
        ImplementationRecord.objects.select_for_update(of=("self",))
        .select_related("project__edition", "department")
        .get(pk=record.pk)
    )


def create_records(edition: Edition, actor: User) -> list[ImplementationRecord]:
    """One record for each project the approved count selected, with the estimate it won
    with and the department responsible for the edition's programme measure. Projects
    that already have a record are left as they are, so running it again adds only what
    is missing."""
    with transaction.atomic():
        # One creator at a time per edition: the second waits and finds the records.
        edition = (
            Edition.objects.select_for_update(of=("self",))
            .select_related("measure")
            .get(pk=edition.pk)
        )
        winners = winner_ids(edition)
        if winners is None:
            raise ValidationError(
                _("The results of this edition are not approved yet: there are no winners."),
                code="no_approved_results",
            )
        existing = set(
            ImplementationRecord.objects.filter(project_id__in=winners).values_list(
                "project_id", flat=True
            )
        )
        projects = {
            project.pk: project
            for project in Project.objects.filter(pk__in=winners, edition=edition)
        }
        department = edition.measure.responsible_department if edition.measure else None
        created = []
        for project_id in winners:
            project = projects.get(project_id)
            if project is None or project_id in existing:
                continue
            record = ImplementationRecord.objects.create(
                project=project, estimate=project.total_cost, department=department
            )
            log_activity(
                actor=actor,
                action="implementation.record.created",
                target=record,
                after={
                    "project": project.pk,
                    "estimate": record.estimate,
                    "department": record.department_id,
                },
            )
            created.append(record)
    return created


def assign(
    record: ImplementationRecord,
    *,
    actor: User,
    department: Department | None,
    planned_start: date | None,
    planned_end: date | None,
) -> ImplementationRecord:
    """The responsible department and the planned dates."""
    if department is not None and not department.is_active:
        raise ValidationError(
            {"department": _("The department “%(name)s” is closed.") % {"name": department}}
        )
    if planned_start and planned_end and planned_end < planned_start:
        raise ValidationError(
            {"planned_end": _("The planned completion cannot be before the planned start.")}
        )
    with transaction.atomic():
        record = lock(record)
        before = snapshot(record, PLAN_FIELDS)
        record.department = department
        record.planned_start = planned_start
        record.planned_end = planned_end
        after = snapshot(record, PLAN_FIELDS)
        changed = changed_fields(before, after)
        if changed:
            record.save(update_fields=[*PLAN_FIELDS, "updated_at"])
            log_activity(
                actor=actor,
                action="implementation.record.planned",
                target=record,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )
    return record


def change_status(
    record: ImplementationRecord,
    *,
    actor: User,
    to_status: str,
    reason: str = "",
    happened_on: date | None = None,
    now: datetime | None = None,
) -> Update:
    with transaction.atomic():
        record = lock(record)
        return transition(
            record, to_status, actor=actor, reason=reason, happened_on=happened_on, now=now
        )


def _check_progress(progress: int) -> None:
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        raise ValidationError(
            {"progress": _("The progress is a whole number from 0 to 100.")},
            code="progress_range",
        )


def _check_not_future(day: date, field: str, now: datetime | None) -> None:
    if day > timezone.localdate(now):
        raise ValidationError({field: _("The date cannot be in the future.")}, code="future_date")


def record_progress(
    record: ImplementationRecord,
    *,
    actor: User,
    progress: int,
    note: str = "",
    happened_on: date | None = None,
    is_public: bool = True,
    now: datetime | None = None,
) -> Update:
    """The progress in per cent, with a note for the timeline."""
    _check_progress(progress)
    happened_on = happened_on or timezone.localdate(now)
    _check_not_future(happened_on, "happened_on", now)
    note = note.strip()
    with transaction.atomic():
        record = lock(record)
        if record.status in FINISHED_STATUSES:
            raise ValidationError(
                _("The project is “%(status)s”: its progress can no longer change.")
                % {"status": record.get_status_display()},
                code="finished",
            )
        if progress == record.progress and not note:
            raise ValidationError(
                {"note": _("The progress is unchanged: write what happened, or change it.")},
                code="nothing_to_record",
            )
        before = record.progress
        record.progress = progress
        record.save(update_fields=["progress", "updated_at"])
        update = Update.objects.create(
            record=record,
            happened_on=happened_on,
            text=note,
            status=record.status,
            progress=progress,
            is_public=is_public,
            author=actor,
        )
        log_activity(
            actor=actor,
            action="implementation.record.progress",
            target=record,
            before={"progress": before},
            after={"progress": progress, "update": update.pk, "public": is_public},
        )
        notify_followers_of_update(update)
    return update


def record_procurement(
    record: ImplementationRecord,
    *,
    actor: User,
    tender_id: str,
    contract_id: str,
    contract_sum: Decimal | None,
    contractor: str,
) -> ImplementationRecord:
    """The Prozorro tender and contract, the contract sum and the contractor. The ids are
    stored in their canonical form; a contract id without a tender id gives the tender."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        tender_id = prozorro.clean_tender_id(tender_id)
    except ValidationError as error:
        errors["tender_id"] = [error]
        tender_id = ""
    try:
        contract_id = prozorro.clean_contract_id(
            contract_id, tender_id if "tender_id" not in errors else ""
        )
    except ValidationError as error:
        errors["contract_id"] = [error]
        contract_id = ""
    if contract_sum is not None and (
        contract_sum < 0 or contract_sum != contract_sum.quantize(CENT)
    ):
        errors["contract_sum"] = [
            ValidationError(
                _("The contract sum is an amount in hryvnias and kopecks, not below zero.")
            )
        ]
    if errors:
        raise ValidationError(errors)
    if contract_id and not tender_id:
        tender_id = prozorro.tender_of_contract(contract_id)
    with transaction.atomic():
        record = lock(record)
        before = snapshot(record, PROCUREMENT_FIELDS)
        record.tender_id = tender_id
        record.contract_id = contract_id
        record.contract_sum = contract_sum
        record.contractor = " ".join(contractor.split())[:255]
        after = snapshot(record, PROCUREMENT_FIELDS)
        changed = changed_fields(before, after)
        if changed:
            record.save(update_fields=[*PROCUREMENT_FIELDS, "updated_at"])
            log_activity(
                actor=actor,
                action="implementation.record.procurement",
                target=record,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )
    return record


def sign_off(
    record: ImplementationRecord,
    *,
    author: User,
    accepts: bool,
    remarks: str = "",
    now: datetime | None = None,
) -> ImplementationRecord:
    """The author's word on the delivered project: accepted, or not with remarks."""
    remarks = remarks.strip()
    with transaction.atomic():
        record = lock(record)
        if record.project.author_id != author.pk:
            raise ValidationError(
                _("Only the author of the project may sign off its result."), code="not_author"
            )
        if record.status != ImplementationStatus.IMPLEMENTED:
            raise ValidationError(
                _("The result can be signed off once the project is implemented."),
                code="not_implemented",
            )
        if record.author_signed_off_at is not None:
            raise ValidationError(
                _("You have already signed off this result."), code="already_signed_off"
            )
        if not accepts and not remarks:
            raise ValidationError(
                {"remarks": _("Say what is wrong with the result.")}, code="remarks_required"
            )
        record.author_accepts_result = accepts
        record.author_sign_off_text = remarks
        record.author_signed_off_at = now or timezone.now()
        record.save(
            update_fields=[
                "author_accepts_result",
                "author_sign_off_text",
                "author_signed_off_at",
                "updated_at",
            ]
        )
        log_activity(
            actor=author,
            action="implementation.record.signed_off",
            target=record,
            after={"accepts": accepts, "remarks": remarks},
        )
    return record
