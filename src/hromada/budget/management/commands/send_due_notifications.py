from typing import Any

from django.core.management.base import BaseCommand

from hromada.budget.notifications import send_due_notifications


class Command(BaseCommand):
    help = (
        "Queue and send what is due now: phase openings and closings for edition "
        "subscribers, reminders of overdue reviews, and outbox messages not yet delivered. "
        "Safe to run at any time and repeatedly (e.g. from cron without a Celery worker)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_notifications()
        self.stdout.write(
            f"phase messages queued: {result.phase_messages}; "
            f"review reminders queued: {result.reminders}; "
            f"waiting messages delivered: {result.delivered}"
        )
