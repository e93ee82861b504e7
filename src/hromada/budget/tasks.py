"""Background work of the budget: thin, load by id and call the notification."""

from celery import shared_task

from hromada.budget.notifications import send_state_change_to_author


@shared_task(name="hromada.budget.tasks.notify_author_of_state_change", ignore_result=True)
def notify_author_of_state_change(event_id: int) -> bool:
    return send_state_change_to_author(event_id)
