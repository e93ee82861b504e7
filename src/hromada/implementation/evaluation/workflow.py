"""The one function that changes a rating comment's state: a moderator publishes or
rejects a pending comment, once. The score itself never changes."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import log_activity
from hromada.implementation.enums import CommentState
from hromada.implementation.models import Rating

ALLOWED = {
    CommentState.PENDING: {CommentState.PUBLISHED, CommentState.REJECTED},
}


def moderate_comment(
    *, rating: Rating, to_state: str, actor: User, now: datetime | None = None
) -> Rating:
    now = now or timezone.now()
    with transaction.atomic():
        locked = Rating.objects.select_for_update().get(pk=rating.pk)
        previous = locked.comment_state
        if to_state not in ALLOWED.get(CommentState(previous), set()):
            if previous in (CommentState.PUBLISHED, CommentState.REJECTED):
                raise ValidationError(
                    _("This comment has already been moderated: it is %(state)s.")
                    % {"state": locked.get_comment_state_display()},
                    code="moderated",
                )
            raise ValidationError(_("This rating has no comment to moderate."), code="state")
        locked.comment_state = to_state
        locked.moderated_by = actor
        locked.moderated_at = now
        locked.save(update_fields=["comment_state", "moderated_by", "moderated_at", "updated_at"])
        log_activity(
            actor=actor,
            action=f"implementation.rating.comment_{to_state}",
            target=locked,
            before={"comment_state": previous},
            after={"comment_state": to_state, "record": locked.record_id},
        )
    return locked
