"""Annulling ballots by a commission decision (e.g. identities later found fake).

Only the commission's private key opens the sealed voter-record → ballot links; it is
given for this one request and never stored. Exactly the ballots of the named voter
records are removed, the voter records stay (marked annulled, so the person cannot vote
again), the audit trail names the voter records only, and when the edition has been
counted a new count is made that states how many ballots were annulled."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.selectors import phase_closes_at, phase_of_kind
from hromada.core.activity import log_activity
from hromada.voting.models import Annulment, Ballot, CommissionKey, ResultsSnapshot, VoterRecord
from hromada.voting.sealing import (
    PART_PREFIX,
    SealingError,
    join_private_key,
    load_private_key,
    private_key_matches,
    unseal,
)


@dataclass(frozen=True)
class AnnulmentResult:
    annulment: Annulment
    snapshot: ResultsSnapshot | None


def parse_record_numbers(text: str) -> list[int]:
    """Voter record numbers separated by spaces, commas, semicolons or lines ("#" allowed)."""
    numbers = []
    for word in re.split(r"[\s,;]+", text.strip()):
        if not word:
            continue
        cleaned = word.removeprefix("#").removeprefix("№")
        if not cleaned.isdigit():
            raise ValidationError(
                {"records": _("“%(word)s” is not a voter record number.") % {"word": word}}
            )
        numbers.append(int(cleaned))
    if not numbers:
        raise ValidationError({"records": _("List the voter records to annul.")})
    return sorted(set(numbers))


def split_key_texts(text: str) -> list[str]:
    """One pasted text may hold several parts one after another."""
    text = text.strip()
    if PART_PREFIX not in text:
        return [text] if text else []
    pieces = text.split(PART_PREFIX)
    return [PART_PREFIX + piece for piece in pieces if piece.strip()]


def _private_key(edition: Edition, key_texts: list[str]) -> object:
    key = CommissionKey.objects.filter(edition=edition).first()
    if key is None:
        raise ValidationError(_("This edition has no commission key."), code="no_key")
    if key.destroyed_at is not None:
        raise ValidationError(
            _(
                "The commission destroyed its key when the results became final: "
                "ballots can no longer be annulled."
            ),
            code="destroyed",
        )
    try:
        pem = join_private_key(key_texts)
        if not private_key_matches(pem, key.public_key_pem):
            raise ValidationError(
                {"key": _("This is not the private key of this edition's commission key.")}
            )
        return load_private_key(pem)
    except SealingError as error:
        raise ValidationError({"key": str(error)}) from error


def annul_ballots(
    *,
    edition: Edition,
    record_numbers: list[int],
    key_texts: list[str],
    protocol_number: str,
    decided_on: date | None,
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> AnnulmentResult:
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if not protocol_number.strip():
        errors["protocol_number"] = _("Enter the number of the commission's protocol.")
    if decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision.")
    elif decided_on > timezone.localdate(now):
        errors["decided_on"] = _("The decision cannot be dated in the future.")
    if not reason.strip():
        errors["reason"] = _("Give the reason recorded in the decision.")
    if not key_texts:
        errors["key"] = _("The commission's private key is needed to annul ballots.")
    if errors or decided_on is None:
        raise ValidationError(errors)
    private_key = _private_key(edition, key_texts)

    with transaction.atomic():
        records = list(
            VoterRecord.objects.select_for_update()
            .filter(edition=edition, pk__in=record_numbers)
            .order_by("pk")
        )
        found = {record.pk for record in records}
        missing = [n for n in record_numbers if n not in found]
        if missing:
            raise ValidationError(
                {
                    "records": _("No voter record %(numbers)s in this edition.")
                    % {"numbers": ", ".join(f"#{n}" for n in missing)}
                }
            )
        done = [f"#{r.pk}" for r in records if r.annulment_id is not None]
        if done:
            raise ValidationError(
                {"records": _("Already annulled: %(numbers)s.") % {"numbers": ", ".join(done)}}
            )
        if any(not record.sealed_ballot for record in records):
            raise ValidationError(
                {"records": _("A listed voter record has no sealed link to its ballot.")}
            )
        try:
            ballot_ids = [unseal(private_key, r.sealed_ballot) for r in records]  # type: ignore[arg-type]
        except SealingError as error:
            raise ValidationError({"key": str(error)}) from error
        removed, _by_model = Ballot.objects.filter(edition=edition, pk__in=ballot_ids).delete()
        if removed != len(records):
            raise ValidationError(
                {"records": _("A listed voter record's ballot is no longer in the ballot box.")}
            )
        annulment = Annulment.objects.create(
            edition=edition,
            protocol_number=protocol_number.strip(),
            decided_on=decided_on,
            reason=reason.strip(),
            ballots_removed=removed,
            recorded_by=actor,
        )
        VoterRecord.objects.filter(pk__in=found).update(annulment=annulment)
        log_activity(
            actor=actor,
            action="voting.annulled",
            target=annulment,
            after={"voter_records": sorted(found), "ballots_removed": removed},
            reason=reason.strip(),
        )
    return AnnulmentResult(annulment, _recount_if_counted(edition, annulment, actor, now))


def _recount_if_counted(
    edition: Edition, annulment: Annulment, actor: User, now: datetime
) -> ResultsSnapshot | None:
    """After the close, a new count replaces the earlier one (the commission approves it
    as before); during voting there is nothing to recount yet."""
    voting = phase_of_kind(edition, PhaseKind.VOTING)
    if voting is None or phase_closes_at(voting) >= now:
        return None
    if not ResultsSnapshot.objects.filter(edition=edition).exists():
        return None
    from hromada.voting.services.counting import count_edition, latest_snapshot

    previous = latest_snapshot(edition)
    return count_edition(
        edition=edition,
        actor=actor,
        reason=_("Recount after annulment by decision № %(number)s of %(date)s.")
        % {"number": annulment.protocol_number, "date": annulment.decided_on.strftime("%d.%m.%Y")},
        lot_seed=previous.lot_seed if previous is not None else "",
        now=now,
    )
