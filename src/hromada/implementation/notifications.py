"""E-mails about a project's delivery: the project's followers hear of every public
update of its timeline (a change of status, progress, new photos), once each."""

from __future__ import annotations

from hromada.budget.notifications import notify_project_followers
from hromada.implementation.models import Update

UPDATE_TEMPLATE = "implementation/email/update"


def notify_followers_of_update(update: Update) -> None:
    """Queue the followers' e-mail about a public update (sent after the commit; the key
    makes a repeated call send nothing more). Call it inside the transaction that saved
    the update. Internal updates are for staff only and tell no one."""
    if not update.is_public:
        return
    notify_project_followers(
        update.record.project_id,
        key=f"implementation-update:{update.pk}",
        template=UPDATE_TEMPLATE,
        context={
            "update_id": update.pk,
            "status": update.status,
            "progress": update.progress,
            "text": update.text,
        },
    )
