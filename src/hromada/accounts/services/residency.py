"""Writes about settlements and residency claims: a resident's self-declaration, a proof
document for the desk, and the desk operator's decision. Each leaves an audit-trail row.
"""

from __future__ import annotations

import uuid
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.enums import ResidencyBasis, ResidencyMethod, ResidencyStatus
from hromada.accounts.models import ResidencyClaim, Settlement, User, VerifiedIdentity
from hromada.core.activity import changed_fields, log_activity, snapshot
from hromada.core.uploads import KIND_JPEG, KIND_PDF, KIND_PNG, MEGABYTE, check_upload

SETTLEMENT_FIELDS = ("code", "kind", "name_uk", "name_en", "is_active")
CLAIM_FIELDS = ("basis", "method", "settlement", "status", "decision_reason")
PROOF_KINDS = {KIND_PDF, KIND_JPEG, KIND_PNG}
MAX_PROOF_BYTES = 5 * MEGABYTE


def claim_snapshot(claim: ResidencyClaim) -> dict[str, Any]:
    return snapshot(claim, CLAIM_FIELDS)


def save_settlement(
    *, actor: User | None, settlement: Settlement | None = None, **values: Any
) -> Settlement:
    with transaction.atomic():
        is_new = settlement is None
        if settlement is None:
            settlement = Settlement()
            before = None
        else:
            settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
            before = snapshot(settlement, SETTLEMENT_FIELDS)
        for field in SETTLEMENT_FIELDS:
            if field in values:
                setattr(settlement, field, values[field])
        settlement.full_clean()
        settlement.save()
        after = snapshot(settlement, SETTLEMENT_FIELDS)
        if is_new or (before is not None and changed_fields(before, after)):
            log_activity(
                actor=actor,
                action="accounts.settlement.created" if is_new else "accounts.settlement.updated",
                target=settlement,
                before=before,
                after=after,
            )
    return settlement


def check_new_claim(identity: VerifiedIdentity, basis: str, settlement: Settlement) -> None:
    if basis not in ResidencyBasis.values:
        raise ValidationError(_("Choose why you count as a resident."), code="basis")
    if not settlement.is_active:
        raise ValidationError(_("Choose a settlement of the community."), code="settlement")
    if ResidencyClaim.objects.filter(
        identity=identity,
        basis=basis,
        settlement=settlement,
        status__in=[ResidencyStatus.PENDING, ResidencyStatus.APPROVED],
    ).exists():
        raise ValidationError(
            _("You already have a confirmed or pending claim on this basis for this settlement."),
            code="duplicate",
        )


def _lock(identity: VerifiedIdentity) -> VerifiedIdentity:
    # One claim at a time per person, so that a double submit cannot make two.
    return VerifiedIdentity.objects.select_for_update().get(pk=identity.pk)


def declare_residency(
    *, identity: VerifiedIdentity, basis: str, settlement: Settlement, actor: User
) -> ResidencyClaim:
    """A signed self-declaration: approved at once with method `self_declaration`.
    Whether that method counts is each edition's decision."""
    with transaction.atomic():
        identity = _lock(identity)
        check_new_claim(identity, basis, settlement)
        claim = ResidencyClaim.objects.create(
            identity=identity,
            basis=basis,
            method=ResidencyMethod.SELF_DECLARATION,
            settlement=settlement,
            status=ResidencyStatus.APPROVED,
            decided_at=timezone.now(),
        )
        log_activity(
            actor=actor,
            action="accounts.residency.declared",
            target=claim,
            after=claim_snapshot(claim),
        )
    return claim


def check_proof_file(file: IO[bytes]) -> str:
    """The stored file's extension; ValidationError unless a PDF, JPEG or PNG by content
    (not by name) of at most 5 MB."""
    return check_upload(file, allowed=PROOF_KINDS, max_bytes=MAX_PROOF_BYTES).extension


def submit_residency_proof(
    *,
    identity: VerifiedIdentity,
    basis: str,
    settlement: Settlement,
    file: IO[bytes],
    actor: User,
) -> ResidencyClaim:
    """A pending claim with its proof document, queued for a desk operator. The file is
    stored under a random name: the original name may itself be personal data."""
    extension = check_proof_file(file)
    with transaction.atomic():
        identity = _lock(identity)
        check_new_claim(identity, basis, settlement)
        claim = ResidencyClaim(
            identity=identity,
            basis=basis,
            method=ResidencyMethod.PROOF,
            settlement=settlement,
            status=ResidencyStatus.PENDING,
        )
        file.seek(0)
        claim.proof.save(f"{uuid.uuid4().hex}{extension}", File(file), save=False)
        try:
            claim.save()
            log_activity(
                actor=actor,
                action="accounts.residency.proof_submitted",
                target=claim,
                after=claim_snapshot(claim),
            )
        except Exception:
            claim.proof.delete(save=False)
            raise
    return claim


def decide_residency_claim(
    *, claim: ResidencyClaim, approve: bool, reason: str, actor: User
) -> ResidencyClaim:
    """The desk operator's decision on a pending claim; a rejection needs a reason (the
    resident reads it). The one function that changes a claim's status."""
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError(
            _("Give the reason for the rejection: the resident will read it."),
            code="reason_required",
        )
    with transaction.atomic():
        claim = (
            ResidencyClaim.objects.select_for_update().select_related("identity").get(pk=claim.pk)
        )
        if claim.status != ResidencyStatus.PENDING:
            raise ValidationError(_("This claim has already been decided."), code="decided")
        if claim.identity.user_id == actor.pk:
            raise ValidationError(
                _("You cannot decide your own residency claim: ask another operator."),
                code="own_claim",
            )
        before = claim_snapshot(claim)
        claim.status = ResidencyStatus.APPROVED if approve else ResidencyStatus.REJECTED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_reason = reason
        claim.save(
            update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
        )
        log_activity(
            actor=actor,
            action="accounts.residency.approved" if approve else "accounts.residency.rejected",
            target=claim,
            before=before,
            after=claim_snapshot(claim),
            reason=reason,
        )
    return claim
