"""The commission's approval of a count: the latest draft becomes the public result and
an earlier approved count is superseded."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import log_activity
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import ResultsSnapshot

PROTOCOL_NUMBER_MAX_LENGTH = ResultsSnapshot._meta.get_field("protocol_number").max_length or 40
MAX_COMMISSION_VOTES = 32767  # the columns are small integers


def _approval_problems(
    *,
    snapshot: ResultsSnapshot,
    protocol_number: str,
    decided_on: date | None,
    members_present: str,
    votes: dict[str, Any],
    now: datetime,
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = defaultdict(list)
    if not protocol_number:
        problems["protocol_number"].append(_("Enter the number of the commission's protocol."))
    elif len(protocol_number) > PROTOCOL_NUMBER_MAX_LENGTH:
        problems["protocol_number"].append(
            _("The protocol number can be at most %(count)s characters long.")
            % {"count": PROTOCOL_NUMBER_MAX_LENGTH}
        )
    if decided_on is None:
        problems["decided_on"].append(_("Enter the date of the commission's decision."))
    elif decided_on > timezone.localdate(now):
        problems["decided_on"].append(_("The decision date cannot be in the future."))
    elif decided_on < timezone.localdate(snapshot.counted_at):
        problems["decided_on"].append(_("The decision cannot come before the count."))
    if not members_present:
        problems["members_present"].append(_("List the commission members present."))
    for field_name, value in votes.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems[field_name].append(_("Enter a whole number, 0 or more."))
        elif value > MAX_COMMISSION_VOTES:
            problems[field_name].append(
                _("Enter a number from 0 to %(max)s.") % {"max": MAX_COMMISSION_VOTES}
            )
    if not problems and votes["votes_for"] <= votes["votes_against"]:
        problems["votes_for"].append(
            _(
                "The commission did not approve the results: the votes for must outnumber "
                "the votes against."
            )
        )
    return dict(problems)


def approve_snapshot(
    *,
    snapshot: ResultsSnapshot,
    protocol_number: str,
    decided_on: date | None,
    members_present: str,
    votes_for: int,
    votes_against: int,
    votes_abstained: int,
    actor: User,
    now: datetime | None = None,
) -> ResultsSnapshot:
    """The commission approves the latest count (a draft): it becomes the public result,
    and an earlier approved count is superseded."""
    now = now or timezone.now()
    protocol_number = (protocol_number or "").strip()
    members_present = (members_present or "").strip()
    votes = {
        "votes_for": votes_for,
        "votes_against": votes_against,
        "votes_abstained": votes_abstained,
    }
    problems = _approval_problems(
        snapshot=snapshot,
        protocol_number=protocol_number,
        decided_on=decided_on,
        members_present=members_present,
        votes=votes,
        now=now,
    )
    if problems:
        raise ValidationError(problems, code="invalid")
    with transaction.atomic():
        counts = list(
            ResultsSnapshot.objects.select_for_update()
            .filter(edition_id=snapshot.edition_id)
            .order_by("-sequence")
        )
        current = next((row for row in counts if row.pk == snapshot.pk), None)
        if current is None or counts[0].pk != current.pk:
            raise ValidationError(
                _("Only the latest count can be approved: this one has been replaced."),
                code="not_latest",
            )
        if current.status != SnapshotStatus.DRAFT:
            raise ValidationError(
                _("This count is not awaiting approval (it is %(status)s).")
                % {"status": current.get_status_display()},
                code="not_draft",
            )
        previous = next((row for row in counts if row.status == SnapshotStatus.APPROVED), None)
        if previous is not None:
            previous.status = SnapshotStatus.SUPERSEDED
            previous.save(update_fields=["status"])
        current.status = SnapshotStatus.APPROVED
        current.protocol_number = protocol_number
        current.decided_on = decided_on
        current.members_present = members_present
        current.votes_for = votes_for
        current.votes_against = votes_against
        current.votes_abstained = votes_abstained
        current.approved_at = now
        current.approved_by = actor
        current.save()
        log_activity(
            actor=actor,
            action="voting.approved",
            target=current,
            before={"status": SnapshotStatus.DRAFT.value},
            after={
                "status": current.status,
                "sequence": current.sequence,
                "checksum": current.checksum,
                "protocol_number": protocol_number,
                "decided_on": decided_on,
                "votes_for": votes_for,
                "votes_against": votes_against,
                "votes_abstained": votes_abstained,
                "superseded": previous.sequence if previous is not None else None,
            },
        )
    snapshot.refresh_from_db()
    return snapshot
