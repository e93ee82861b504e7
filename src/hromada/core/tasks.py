from celery import shared_task

from hromada.core.activity_chain import link_pending_entries


@shared_task(name="hromada.core.tasks.link_activity_log", ignore_result=True)
def link_activity_log() -> int:
    return link_pending_entries()
