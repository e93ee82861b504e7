"""Messages of the participatory budget (docs/notifications.md). Each function decides
who should hear of an event and hands the people to `notify_users`, which keeps to
their choices and languages and queues one outbox row per message key, so that running
a function twice (a retried task) sends nothing more.

- the author, on every state change of their project (topic own_projects);
- the project's followers, on every public state change and whatever another app
  announces through `notify_project_followers` (followed_projects);
- an edition's subscribers, when a phase opens or closes (edition_phases);
- reviewers, once a day for each overdue expert review (review_reminders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hromada.accounts.enums import Role
from hromada.accounts.models import Membership, User
from hromada.accounts.notifications import notify_users
from hromada.budget.enums import AssignmentStatus, ProjectState
from hromada.budget.followers import edition_subscribers, project_followers
from hromada.budget.models import Phase, Project, ProjectEvent, ReviewAssignment
from hromada.budget.selectors import phase_closes_at, phase_opens_at
from hromada.core.notifications import deliver_pending

EMAIL = "budget/email/"
# A phase change older than this is never announced: a new installation, or one whose
# worker was down for long, must not mail residents about the past.
ANNOUNCE_WITHIN = timedelta(days=3)
# Names `notify_project_followers` fills in itself.
RESERVED_CONTEXT = frozenset(
    {"project", "recipient", "topic", "site_url", "unsubscribe_url", "preferences_url"}
)


def send_state_change_to_author(event_id: int) -> bool:
    """Queue the author's message about a state change; True if one was queued."""
    with transaction.atomic():
        claimed = ProjectEvent.objects.filter(pk=event_id, author_notified_at__isnull=True).update(
            author_notified_at=timezone.now()
        )
        if not claimed:
            return False
        event = ProjectEvent.objects.select_related("project__author", "project__edition").get(
            pk=event_id
        )
        author = event.project.author
        queued = notify_users(
            [author],
            topic="own_projects",
            key=f"state-changed:{event.pk}",
            template=f"{EMAIL}state_changed",
            context={"event": event, "project": event.project, "author": author},
        )
    return bool(queued)


def is_public_change(event: ProjectEvent) -> bool:
    """A change the public sees: into a public state, or the withdrawal of a public
    project."""
    # Imported here: workflow queues the tasks that import this module.
    from hromada.budget.workflow import PUBLIC_STATES

    return event.to_state in PUBLIC_STATES or (
        event.from_state in PUBLIC_STATES and event.to_state == ProjectState.WITHDRAWN
    )


def send_state_change_to_followers(event_id: int) -> int:
    """Queue the followers' messages about a public state change; how many queued."""
    event = ProjectEvent.objects.select_related("project__edition").filter(pk=event_id).first()
    if event is None or not is_public_change(event):
        return 0
    with transaction.atomic():
        return len(
            notify_users(
                project_followers(event.project),
                topic="followed_projects",
                key=f"followed-state-changed:{event.pk}",
                template=f"{EMAIL}followed_state_changed",
                context={"event": event, "project": event.project},
            )
        )


def notify_project_followers(
    project_id: int, *, key: str, template: str, context: dict[str, str | int]
) -> None:
    """For other apps: after the current transaction commits, e-mail each follower of
    the project (people who follow it and its supporters with an account, not its
    author) who wants news of followed projects.

    `template` is a template name prefix: `<template>_subject.txt` and `<template>.txt`
    (optional `<template>_sms.txt`) are rendered per recipient in their language with
    `context` plus `project`, `recipient`, `site_url`, `unsubscribe_url` and
    `preferences_url`; the footer with the one-click link is added. Each message's key
    is f"{key}:{user id}", so calling this again with the same key sends nothing more.
    `context` travels through the task queue: strings and integers only."""
    for name, value in context.items():
        if name in RESERVED_CONTEXT:
            raise ValueError(f"context name {name!r} is filled in by notify_project_followers")
        if not isinstance(value, str | int):
            raise TypeError(f"context value {name!r} must be a string or an integer")
    # Imported here: the tasks module imports this one.
    from hromada.budget.tasks import notify_followers

    payload = dict(context)
    transaction.on_commit(
        lambda: notify_followers.delay(project_id, key, template, payload), robust=True
    )


def send_to_project_followers(
    project_id: int, *, key: str, template: str, context: dict[str, str | int]
) -> int:
    """The work of `notify_project_followers`, run by the task; how many queued."""
    project = Project.objects.select_related("edition").filter(pk=project_id).first()
    if project is None:
        return 0
    with transaction.atomic():
        return len(
            notify_users(
                project_followers(project),
                topic="followed_projects",
                key=key,
                template=template,
                context={**context, "project": project},
            )
        )


# --- Phases of an edition ---------------------------------------------------------------

OPENED = "opened"
CLOSED = "closed"


@dataclass(frozen=True)
class PhaseChange:
    phase: Phase
    change: str  # OPENED or CLOSED
    at: datetime


def due_phase_changes(now: datetime) -> list[PhaseChange]:
    """Phases of published editions that opened or closed within ANNOUNCE_WITHIN
    before `now` and whose subscribers were not told yet, oldest first."""
    today = timezone.localdate(now)
    earliest = today - ANNOUNCE_WITHIN - timedelta(days=1)
    candidates = Phase.objects.filter(edition__is_published=True).filter(
        Q(opening_notified_at__isnull=True, starts_on__range=(earliest, today))
        | Q(closing_notified_at__isnull=True, ends_on__range=(earliest, today))
        | Q(closing_notified_at__isnull=True, closed_early_at__gte=now - ANNOUNCE_WITHIN)
    )
    due: list[PhaseChange] = []
    for phase in candidates.select_related("edition"):
        opens, closes = phase_opens_at(phase), phase_closes_at(phase)
        # A phase closed early before its start never opened.
        if (
            phase.opening_notified_at is None
            and closes > opens
            and now - ANNOUNCE_WITHIN < opens <= now
        ):
            due.append(PhaseChange(phase, OPENED, opens))
        if phase.closing_notified_at is None and now - ANNOUNCE_WITHIN < closes <= now:
            due.append(PhaseChange(phase, CLOSED, closes))
    return sorted(due, key=lambda item: (item.at, item.phase.pk))


def _next_phase(phase: Phase, after: datetime) -> Phase | None:
    later = [
        other
        for other in Phase.objects.filter(edition_id=phase.edition_id).exclude(pk=phase.pk)
        if phase_opens_at(other) >= after
    ]
    return min(later, key=lambda other: (other.starts_on, other.pk), default=None)


def announce_phase_change(item: PhaseChange, now: datetime) -> int:
    """Claim the change (so that it is announced once) and queue the subscribers'
    messages; how many queued (0 if another run claimed it)."""
    field = "opening_notified_at" if item.change == OPENED else "closing_notified_at"
    phase = item.phase
    with transaction.atomic():
        claimed = Phase.objects.filter(pk=phase.pk, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
        if not claimed:
            return 0
        context: dict[str, Any] = {"phase": phase, "edition": phase.edition, "when": item.at}
        if item.change == CLOSED:
            context["next_phase"] = _next_phase(phase, item.at)
        return len(
            notify_users(
                edition_subscribers(phase.edition_id),
                topic="edition_phases",
                key=f"phase-{item.change}:{phase.pk}",
                template=f"{EMAIL}phase_{item.change}",
                context=context,
            )
        )


def notify_due_phase_changes(now: datetime | None = None) -> int:
    """Announce every due phase change; how many messages were queued."""
    now = now or timezone.now()
    return sum(announce_phase_change(item, now) for item in due_phase_changes(now))


# --- Reviewers ---------------------------------------------------------------------------


def overdue_assignments(now: datetime) -> list[ReviewAssignment]:
    """Expert reviews past their deadline without an opinion, of projects still under
    review."""
    return list(
        ReviewAssignment.objects.filter(
            status=AssignmentStatus.PENDING,
            completed_at__isnull=True,
            deadline__lt=now,
            project__state=ProjectState.IN_REVIEW,
        )
        .select_related("project__edition", "department")
        .order_by("deadline", "pk")
    )


def reviewers_of(assignment: ReviewAssignment) -> list[User]:
    """The department's reviewers, and the reviewer named on the assignment if any."""
    members = Membership.objects.filter(
        team__role=Role.REVIEWER, team__department_id=assignment.department_id
    ).values("user_id")
    named = Q(pk=assignment.reviewer_id) if assignment.reviewer_id else Q(pk__in=[])
    return list(User.objects.filter(Q(pk__in=members) | named, is_active=True).order_by("pk"))


def remind_overdue_reviewers(now: datetime | None = None) -> int:
    """One reminder a day per overdue assignment and reviewer; how many queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    queued = 0
    for assignment in overdue_assignments(now):
        with transaction.atomic():
            queued += len(
                notify_users(
                    reviewers_of(assignment),
                    topic="review_reminders",
                    key=f"review-overdue:{assignment.pk}:{today.isoformat()}",
                    template=f"{EMAIL}review_overdue",
                    context={
                        "assignment": assignment,
                        "project": assignment.project,
                        "days_overdue": (today - timezone.localdate(assignment.deadline)).days,
                    },
                )
            )
    return queued


@dataclass(frozen=True)
class DueResult:
    phase_messages: int
    reminders: int
    delivered: int


def send_due_notifications(now: datetime | None = None, *, deliver_limit: int = 500) -> DueResult:
    """What the clock makes due (Celery beat, `manage.py send_due_notifications`, and in
    the embedded default the end of a request): phase changes, reviewer reminders, and
    up to `deliver_limit` outbox rows whose delivery was lost."""
    now = now or timezone.now()
    return DueResult(
        phase_messages=notify_due_phase_changes(now),
        reminders=remind_overdue_reviewers(now),
        delivered=deliver_pending(now, limit=deliver_limit),
    )
