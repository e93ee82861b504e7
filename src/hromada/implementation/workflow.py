"""The delivery of a winning project: which status may follow which, and the one function
that changes an implementation record's status. `transition` checks the move and its
guards, saves it, adds an entry to the project's public timeline, writes the audit trail
and queues the followers' e-mail after the commit."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import log_activity
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import ImplementationRecord, Update
from hromada.implementation.notifications import notify_followers_of_update

S = ImplementationStatus
MANAGE = "implementation.manage_records"

# Forward one step at a time; any unfinished record may end as not implemented; a
# record that was not implemented may start again from the plan (the coordinator's
# decision, with a reason). An implemented project is final.
ALLOWED: dict[str, tuple[str, ...]] = {
    S.PLANNED: (S.PROCUREMENT, S.NOT_IMPLEMENTED),
    S.PROCUREMENT: (S.CONTRACTING, S.NOT_IMPLEMENTED),
    S.CONTRACTING: (S.IN_PROGRESS, S.NOT_IMPLEMENTED),
    S.IN_PROGRESS: (S.IMPLEMENTED, S.NOT_IMPLEMENTED),
    S.IMPLEMENTED: (),
    S.NOT_IMPLEMENTED: (S.PLANNED,),
}
# Moves that need a written reason.
REASON_REQUIRED = frozenset({S.NOT_IMPLEMENTED, S.PLANNED})


def next_statuses(record: ImplementationRecord) -> tuple[str, ...]:
    return ALLOWED.get(record.status, ())


def _label(status: str) -> str:
    return str(S(status).label)


def transition(
    record: ImplementationRecord,
    to_status: str,
    *,
    actor: User,
    reason: str = "",
    happened_on: date | None = None,
    now: datetime | None = None,
) -> Update:
    """Move the record (locked by the caller with select_for_update) to `to_status`.
    `reason` is required to end a record as not implemented and to reopen one; for the
    other moves it is an optional note shown on the timeline."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    happened_on = happened_on or today
    from_status = record.status
    reason = reason.strip()
    if to_status not in ALLOWED.get(from_status, ()):
        raise ValidationError(
            _("An implementation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": _label(from_status),
                "to": _label(to_status) if to_status in S.values else to_status,
            },
            code="transition_not_allowed",
        )
    if happened_on > today:
        raise ValidationError(
            {"happened_on": _("The date cannot be in the future.")}, code="future_date"
        )
    if from_status == S.NOT_IMPLEMENTED and not actor.has_perm(MANAGE, record):
        raise ValidationError(
            _("Only the budget coordinator may reopen a project that was not implemented."),
            code="reopen_not_allowed",
        )
    if to_status in REASON_REQUIRED and not reason:
        message = (
            _("Say why the project was not implemented.")
            if to_status == S.NOT_IMPLEMENTED
            else _("Say why the project is reopened.")
        )
        raise ValidationError({"reason": message}, code="reason_required")
    if to_status == S.IMPLEMENTED and record.progress != 100:
        raise ValidationError(
            _(
                "The progress is %(progress)s %%. Record the progress of 100 %% before "
                "marking the project implemented."
            )
            % {"progress": record.progress},
            code="progress_not_complete",
        )

    changed = ["status", "status_changed_at", "updated_at"]
    record.status = to_status
    record.status_changed_at = now
    if to_status == S.IN_PROGRESS and record.actual_start is None:
        record.actual_start = happened_on
        changed.append("actual_start")
    if to_status == S.IMPLEMENTED:
        record.actual_end = happened_on
        changed.append("actual_end")
    if to_status == S.NOT_IMPLEMENTED:
        record.not_implemented_reason = reason
        changed.append("not_implemented_reason")
    if from_status == S.NOT_IMPLEMENTED:
        # The reason stays on the timeline and in the audit trail.
        record.not_implemented_reason = ""
        changed.append("not_implemented_reason")
    record.save(update_fields=changed)

    update = Update.objects.create(
        record=record,
        happened_on=happened_on,
        text=reason,
        status=to_status,
        progress=record.progress,
        is_public=True,
        author=actor,
    )
    log_activity(
        actor=actor,
        action="implementation.record.status_changed",
        target=record,
        before={"status": from_status},
        after={
            "status": to_status,
            "happened_on": happened_on,
            "update": update.pk,
        },
        reason=reason,
    )
    notify_followers_of_update(update)
    return update
