"""The commission's key: the public half is registered before voting opens; the private
half never reaches the server except, for a moment, during an annulment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.models import Edition
from hromada.budget.selectors import has_voting_opened
from hromada.core.activity import log_activity
from hromada.voting.ballot import forget_ballot_boxes
from hromada.voting.models import CommissionKey, VoterRecord
from hromada.voting.sealing import SealingError, fingerprint_of


def register_public_key(
    *, edition: Edition, public_key_pem: str, parts: int, actor: User
) -> CommissionKey:
    """Register (or, before voting opens, replace) the commission's public key."""
    try:
        fingerprint = fingerprint_of(public_key_pem)
    except SealingError as error:
        raise ValidationError({"public_key_pem": str(error)}) from error
    if not 1 <= parts <= 9:
        raise ValidationError({"parts": _("From 1 to 9 parts.")})
    with transaction.atomic():
        existing = CommissionKey.objects.select_for_update().filter(edition=edition).first()
        if existing is not None and (
            has_voting_opened(edition) or VoterRecord.objects.filter(edition=edition).exists()
        ):
            raise ValidationError(
                _("The key cannot be replaced once voting has opened."), code="frozen"
            )
        before = {"fingerprint": existing.fingerprint} if existing is not None else None
        if existing is not None:
            existing.delete()
        key = CommissionKey.objects.create(
            edition=edition,
            public_key_pem=public_key_pem.strip() + "\n",
            fingerprint=fingerprint,
            parts=parts,
            created_by=actor,
        )
        log_activity(
            actor=actor,
            action="voting.key.registered",
            target=edition,
            before=before,
            after={"fingerprint": fingerprint, "parts": parts},
        )
    forget_ballot_boxes()
    return key


def destroy_key(*, edition: Edition, actor: User) -> CommissionKey:
    """The results are final: the commission has destroyed its private key. The sealed
    links are emptied too, so no backup taken from now on holds them."""
    with transaction.atomic():
        key = CommissionKey.objects.select_for_update().filter(edition=edition).first()
        if key is None:
            raise ValidationError(_("This edition has no commission key."), code="no_key")
        if key.destroyed_at is not None:
            raise ValidationError(_("The key has already been destroyed."), code="destroyed")
        key.destroyed_at = timezone.now()
        key.destroyed_by = actor
        key.save(update_fields=["destroyed_at", "destroyed_by"])
        emptied = (
            VoterRecord.objects.filter(edition=edition)
            .exclude(sealed_ballot="")
            .update(sealed_ballot="")
        )
        log_activity(
            actor=actor,
            action="voting.key.destroyed",
            target=edition,
            after={"fingerprint": key.fingerprint, "links_emptied": emptied},
        )
    forget_ballot_boxes()
    return key
