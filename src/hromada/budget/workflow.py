"""The project's lifecycle: which state may follow which, and the one function that
changes a project's state. Services decide who may ask for a transition and check the
guards of the domain (deadlines, completeness); `transition` checks that the move is
allowed, saves it, records it in the project's public history and the audit trail, and
queues the author's e-mail after the commit."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.enums import ProjectState
from hromada.budget.models import Project, ProjectEvent
from hromada.budget.tasks import notify_author_of_state_change
from hromada.core.activity import log_activity

S = ProjectState

ALLOWED: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.RETURNED, S.IN_REVIEW, S.REJECTED, S.WITHDRAWN},
    S.RETURNED: {S.SUBMITTED, S.REJECTED, S.WITHDRAWN},
    S.IN_REVIEW: {S.REVISION_REQUESTED, S.REVIEWED, S.WITHDRAWN},
    S.REVISION_REQUESTED: {S.IN_REVIEW, S.REJECTED, S.WITHDRAWN},
    S.REVIEWED: {S.ADMITTED, S.REJECTED, S.IN_REVIEW, S.WITHDRAWN},
    S.ADMITTED: {S.WITHDRAWN},
    S.REJECTED: {S.APPEALED},
    S.APPEALED: {S.ADMITTED, S.REJECTED},
    S.WITHDRAWN: set(),
}

# Every submitted project is public once past the completeness check, rejected ones with
# their reasons and the expert opinions.
PUBLIC_STATES = frozenset(
    {
        S.IN_REVIEW,
        S.REVISION_REQUESTED,
        S.REVIEWED,
        S.ADMITTED,
        S.REJECTED,
        S.APPEALED,
    }
)
# States in which the author may change the application.
EDITABLE_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.REVISION_REQUESTED})


def transition(
    project: Project,
    to_state: str,
    *,
    actor: User | None,
    reason_code: str = "",
    text: str = "",
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> ProjectEvent:
    """Move the project (locked by the caller with select_for_update) to `to_state`."""
    from_state = project.state
    if to_state not in ALLOWED.get(from_state, set()):
        raise ValidationError(
            _("A project cannot go from “%(from)s” to “%(to)s”.")
            % {"from": S(from_state).label, "to": S(to_state).label},
            code="transition_not_allowed",
        )
    now = now or timezone.now()
    project.state = to_state
    project.step_deadline = deadline
    project.save(update_fields=["state", "step_deadline", "updated_at"])
    event = ProjectEvent.objects.create(
        project=project,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        reason_code=reason_code,
        text=text,
        deadline=deadline,
        created_at=now,
    )
    log_activity(
        actor=actor,
        action="budget.project.state_changed",
        target=project,
        before={"state": from_state},
        after={
            "state": to_state,
            "reason_code": reason_code,
            "deadline": deadline.isoformat() if deadline else None,
        },
        reason=text,
    )
    event_id = event.pk
    # robust: a broker outage must not turn a committed state change into an error page
    # (Django logs the failure; the change and its public history are kept).
    transaction.on_commit(lambda: notify_author_of_state_change.delay(event_id), robust=True)
    return event
