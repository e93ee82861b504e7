"""Background work of the budget: thin, load by id and call the notification. Every task
may run twice (a retry, a redelivered message): the outbox keys make the second run
queue nothing."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from hromada.budget.notifications import (
    notify_due_phase_changes,
    remind_overdue_reviewers,
    send_state_change_to_author,
    send_state_change_to_followers,
    send_to_project_followers,
)

RETRYING: dict[str, Any] = {
    "ignore_result": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 30,
    "retry_backoff_max": 1800,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="hromada.budget.tasks.notify_author_of_state_change", **RETRYING)
def notify_author_of_state_change(event_id: int) -> bool:
    """The author's and the followers' messages about a state change (the name is the
    one workflow.transition queues)."""
    queued = send_state_change_to_author(event_id)
    send_state_change_to_followers(event_id)
    return queued


@shared_task(name="hromada.budget.tasks.notify_followers", **RETRYING)
def notify_followers(
    project_id: int, key: str, template: str, context: dict[str, str | int]
) -> int:
    return send_to_project_followers(project_id, key=key, template=template, context=context)


@shared_task(name="hromada.budget.tasks.send_due_notifications", **RETRYING)
def send_due_notifications() -> int:
    """Run by Celery beat every five minutes: phase changes and reviewer reminders."""
    now = timezone.now()
    return notify_due_phase_changes(now) + remind_overdue_reviewers(now)
