"""Reads of the implementation records: winners of an edition, what staff and the public
see, overdue records, counters and money, the programme measure a payment counts
against."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from hromada.budget.models import Edition, Project
from hromada.implementation.enums import (
    FINISHED_STATUSES,
    ONGOING_STATUSES,
    ImplementationStatus,
    PhotoKind,
)
from hromada.implementation.models import ImplementationRecord, Payment, Photo, Update
from hromada.programmes.models import MONEY_DIGITS, MONEY_PLACES, Measure
from hromada.voting.selectors import approved_snapshot

ZERO = Decimal("0.00")
# Shown on the public map: delivered and being delivered.
MAPPED_STATUSES = (ImplementationStatus.IMPLEMENTED, *ONGOING_STATUSES)


def winner_ids(edition: Edition) -> list[int] | None:
    """Ids of the projects selected by the approved count, in the order of the count;
    None while no count is approved."""
    snapshot = approved_snapshot(edition)
    if snapshot is None:
        return None
    return [
        row["project"]
        for pool in snapshot.outcome.get("pools", [])
        for row in pool.get("projects", [])
        if row.get("selected")
    ]


def _money_sum(field: str) -> Any:
    return Coalesce(
        Sum(field),
        Value(ZERO),
        output_field=DecimalField(max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES),
    )


def records_of(edition: Edition) -> QuerySet[ImplementationRecord]:
    """The edition's records with what a list row shows (project, its edition for the
    permission scope, department, money paid) in one query."""
    return (
        ImplementationRecord.objects.filter(project__edition=edition)
        .select_related("project__edition", "project__pool", "department")
        .annotate(paid=_money_sum("payments__amount"))
        .order_by("project__number", "pk")
    )


def record_for_staff(edition: Edition) -> QuerySet[ImplementationRecord]:
    """For `get_object_for_user`: a record of this edition with its updates, photos and
    payments."""
    return records_of(edition).prefetch_related(
        Prefetch(
            "updates",
            queryset=Update.objects.select_related("author").order_by("-happened_on", "-pk"),
        ),
        Prefetch("updates__photos", queryset=Photo.objects.order_by("pk")),
        Prefetch(
            "payments",
            queryset=Payment.objects.select_related("measure", "recorded_by").order_by(
                "paid_on", "pk"
            ),
        ),
    )


def is_overdue(record: ImplementationRecord, today: date) -> bool:
    return (
        record.planned_end is not None
        and record.planned_end < today
        and record.status not in FINISHED_STATUSES
    )


def days_overdue(record: ImplementationRecord, today: date) -> int:
    return (today - record.planned_end).days if is_overdue(record, today) else 0  # type: ignore[operator]


def overdue_filter(today: date) -> Q:
    return Q(planned_end__lt=today) & ~Q(status__in=FINISHED_STATUSES)


@dataclass(frozen=True)
class Counters:
    winners: int
    implemented: int
    in_progress: int
    planned: int
    not_implemented: int
    estimate: Decimal
    contract: Decimal
    paid: Decimal


def counters(edition: Edition) -> Counters:
    """The edition's delivery in figures (two queries)."""
    records = ImplementationRecord.objects.filter(project__edition=edition).order_by()
    statuses = records.aggregate(
        winners=Count("pk"),
        implemented=Count("pk", filter=Q(status=ImplementationStatus.IMPLEMENTED)),
        in_progress=Count("pk", filter=Q(status__in=ONGOING_STATUSES)),
        planned=Count("pk", filter=Q(status=ImplementationStatus.PLANNED)),
        not_implemented=Count("pk", filter=Q(status=ImplementationStatus.NOT_IMPLEMENTED)),
        estimate=_money_sum("estimate"),
        contract=_money_sum("contract_sum"),
    )
    paid = Payment.objects.filter(record__project__edition=edition).aggregate(
        paid=_money_sum("amount")
    )["paid"]
    return Counters(paid=paid, **statuses)


def public_records(edition: Edition) -> QuerySet[ImplementationRecord]:
    return records_of(edition).select_related("project__territory", "project__category")


def map_records(edition: Edition) -> QuerySet[ImplementationRecord]:
    return (
        ImplementationRecord.objects.filter(
            project__edition=edition,
            status__in=MAPPED_STATUSES,
            project__latitude__isnull=False,
            project__longitude__isnull=False,
        )
        .select_related("project__edition")
        .order_by("project__number", "pk")
    )


def public_record(edition_slug: str, project_id: int) -> ImplementationRecord | None:
    """The record of a project of a published edition, with its public updates and
    their photos, and its payments."""
    return (
        ImplementationRecord.objects.filter(
            project_id=project_id,
            project__edition__slug=edition_slug,
            project__edition__is_published=True,
        )
        .select_related("project__edition", "project__author", "department")
        .annotate(paid=_money_sum("payments__amount"))
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=Update.objects.filter(is_public=True)
                .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("pk")))
                .order_by("-happened_on", "-pk"),
                to_attr="public_updates",
            ),
            Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk")),
        )
        .first()
    )


def public_photo(edition_slug: str, project_id: int, photo_id: int) -> Photo | None:
    return Photo.objects.filter(
        pk=photo_id,
        update__is_public=True,
        update__record__project_id=project_id,
        update__record__project__edition__slug=edition_slug,
        update__record__project__edition__is_published=True,
    ).first()


def before_and_after(updates: list[Update]) -> tuple[list[Photo], list[Photo]]:
    """The photos of the given (already loaded) updates that show the place before and
    after the works, oldest first: compared side by side when both exist."""
    before: list[Photo] = []
    after: list[Photo] = []
    for update in sorted(updates, key=lambda u: (u.happened_on, u.pk)):
        for photo in update.photos.all():
            if photo.kind == PhotoKind.BEFORE:
                before.append(photo)
            elif photo.kind == PhotoKind.AFTER:
                after.append(photo)
    return before, after


def record_of_project(project: Project) -> ImplementationRecord | None:
    return ImplementationRecord.objects.filter(project=project).first()


def payment_measure(edition: Edition, paid_on: date) -> Measure | None:
    """The programme measure a payment of `paid_on` counts against: the edition's own
    measure while its programme is in force, else a measure that funds a budget edition
    in a programme in force on that day (the next year's programme takes over the
    projects still being paid for)."""
    own = edition.measure
    if own is not None:
        programme = own.task.direction.programme
        if programme.starts_on <= paid_on <= programme.ends_on:
            return own
    return (
        Measure.objects.filter(
            pk__in=Edition.objects.filter(measure__isnull=False).values("measure_id"),
            task__direction__programme__starts_on__lte=paid_on,
            task__direction__programme__ends_on__gte=paid_on,
        )
        .select_related("task__direction__programme")
        .order_by(
            "-task__direction__programme__starts_on", "task__direction__programme__slug", "pk"
        )
        .first()
    )


def paid_total(record: ImplementationRecord) -> Decimal:
    return Payment.objects.filter(record=record).aggregate(total=_money_sum("amount"))["total"]
