"""Casting a ballot: one transaction writes the voter record (unique per edition and
person key in the database), the ballot (nothing about the person), the idempotency
record (receipt against the form's random key) and an audit row about the voter record.

A repeated request with the same form key gets the same receipt; a second ballot by the
same person, through any channel, is refused by the database and reported clearly."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.models import Edition
from hromada.core.activity import log_activity
from hromada.voting.ballot import BallotError, BallotRules, ballot_box, check_choices
from hromada.voting.eligibility import Voter, band_of, window_problems
from hromada.voting.enums import Channel
from hromada.voting.models import Ballot, CastRequest, VoterRecord
from hromada.voting.receipts import new_receipt_code, receipt_hash
from hromada.voting.sealing import seal


@dataclass(frozen=True)
class Receipt:
    code: str
    repeated: bool = False


def refusal(messages: list[str], code: str) -> ValidationError:
    """Several messages that keep their code (a ValidationError made from a plain list
    would drop it)."""
    return ValidationError([ValidationError(message, code=code) for message in messages])


def refusal_code(error: ValidationError) -> str | None:
    """The code of a refusal raised here, whether it carries one message or several."""
    if getattr(error, "code", None):
        return str(error.code)
    items = getattr(error, "error_list", [])
    return str(items[0].code) if items and items[0].code else None


def key_hash(idempotency_key: str) -> str:
    return hashlib.sha256(idempotency_key.encode()).hexdigest()


def earlier_receipt(edition: Edition, idempotency_key: str) -> Receipt | None:
    found = CastRequest.objects.filter(edition=edition, key_hash=key_hash(idempotency_key)).first()
    return Receipt(found.receipt_code, repeated=True) if found is not None else None


def already_voted_message(record: VoterRecord) -> str:
    return _("This person has already voted in this edition (%(when)s, %(channel)s).") % {
        "when": date_format(record.cast_on, "SHORT_DATE_FORMAT"),
        "channel": record.get_channel_display(),
    }


def existing_record(edition: Edition, person_key: str) -> VoterRecord | None:
    return VoterRecord.objects.filter(edition=edition, person_key=person_key).first()


def cast_ballot(
    *,
    edition: Edition,
    voter: Voter,
    chosen: Mapping[int, int],
    channel: str,
    idempotency_key: str,
    actor: User | None,
    operator: User | None = None,
    paper_serial: str = "",
    paper_filled_on: date | None = None,
    now: datetime | None = None,
    replay_checked: bool = False,
) -> Receipt:
    """`replay_checked`: the caller has just looked the form's key up (earlier_receipt)."""
    now = now or timezone.now()
    if len(idempotency_key) < 16:
        raise ValidationError(
            _("This form is not valid: start again from the ballot."), code="form"
        )
    if not replay_checked:
        repeated = earlier_receipt(edition, idempotency_key)
        if repeated is not None:
            return repeated
    problems = window_problems(edition, channel, now) or list(voter.problems)
    if problems:
        raise refusal(problems, "not_eligible")
    box = ballot_box(edition, frozen=True)  # the window is open: see ballot_box
    if box.public_key_pem is None:
        raise ValidationError(
            _("Voting is not ready: the commission's key has not been set up."), code="no_key"
        )
    # Whether this person has voted is left to the database (the unique voter record):
    # one query less on every cast, and the only check that holds under concurrency.
    allowed = box.pools_for(voter.settlement_ids)
    try:
        picked = check_choices(
            BallotRules.of(edition, allowed),
            box.projects,
            {pool.pk for pool in allowed},
            chosen,
            voter.person_key,
        )
    except BallotError as error:
        raise refusal(error.messages, "ballot") from error

    today = timezone.localdate(now)
    code = new_receipt_code()
    ballot_id = uuid.uuid4()
    try:
        with transaction.atomic():
            record = VoterRecord.objects.create(
                edition=edition,
                person_key=voter.person_key,
                channel=channel,
                cast_on=today,
                desk_operator=operator,
                age_band=band_of(voter, today),
                territory_id=box.territory_for(voter.settlement_ids),
                paper_serial=paper_serial,
                paper_filled_on=paper_filled_on,
                sealed_ballot=seal(box.public_key_pem, ballot_id),
            )
            Ballot.objects.create(
                id=ballot_id,
                edition=edition,
                choices=[list(choice) for choice in picked],
                pools=sorted({pool_id for _project, pool_id, _points in picked}),
                receipt_hash=receipt_hash(edition.slug, code),
            )
            CastRequest.objects.create(
                key_hash=key_hash(idempotency_key), edition=edition, receipt_code=code
            )
            log_activity(
                actor=actor,
                action=f"voting.cast.{channel}",
                target=record,
                after=_record_summary(record),
            )
    except IntegrityError:
        # A parallel request won the race: the same form gets the same receipt; anything
        # else is a second ballot by the same person.
        repeated = earlier_receipt(edition, idempotency_key)
        if repeated is not None:
            return repeated
        previous = existing_record(edition, voter.person_key)
        if previous is not None:
            raise ValidationError(already_voted_message(previous), code="already_voted") from None
        if (
            paper_serial
            and VoterRecord.objects.filter(edition=edition, paper_serial=paper_serial).exists()
        ):
            raise ValidationError(
                _("A form with serial number %(serial)s has already been entered.")
                % {"serial": paper_serial},
                code="paper_serial",
            ) from None
        raise
    return Receipt(code)


def _record_summary(record: VoterRecord) -> dict[str, object]:
    summary: dict[str, object] = {"channel": record.channel, "cast_on": record.cast_on}
    if record.paper_serial:
        summary["paper_serial"] = record.paper_serial
        summary["paper_filled_on"] = record.paper_filled_on
    return summary


def log_refused_paper(
    *, edition: Edition, operator: User, paper_serial: str, previous: VoterRecord
) -> None:
    """A paper form of someone who had already voted: refused, and the refusal kept."""
    log_activity(
        actor=operator,
        action="voting.paper_refused",
        target=previous,
        after={"paper_serial": paper_serial, "first_channel": previous.channel},
        reason=_("The person had already voted."),
    )


__all__ = [
    "Channel",
    "Receipt",
    "already_voted_message",
    "cast_ballot",
    "earlier_receipt",
    "existing_record",
    "log_refused_paper",
]
