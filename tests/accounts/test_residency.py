"""Residency claims: self-declaration, proof upload, the desk decision, the queue."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hromada.accounts.enums import ResidencyBasis, ResidencyMethod, ResidencyStatus
from hromada.accounts.models import ResidencyClaim
from hromada.accounts.selectors import (
    expected_residency_turnaround,
    pending_residency_claims,
    queue_position,
)
from hromada.accounts.services import (
    decide_residency_claim,
    declare_residency,
    submit_residency_proof,
)
from hromada.accounts.services.residency import MAX_PROOF_BYTES, check_proof_file
from hromada.core.models import ActivityLog
from tests.factories.identity import make_identity, make_settlement

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(content: bytes = PDF, name: str = "довідка.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def proof_claim(identity=None, settlement=None, **values) -> ResidencyClaim:
    identity = identity or make_identity()
    return submit_residency_proof(
        identity=identity,
        basis=values.pop("basis", ResidencyBasis.WORK),
        settlement=settlement or make_settlement(),
        file=upload(),
        actor=identity.user,
    )


# --- services -----------------------------------------------------------------------


@pytest.mark.django_db
def test_declaration_is_approved_at_once_as_a_self_declaration():
    identity = make_identity()
    claim = declare_residency(
        identity=identity,
        basis=ResidencyBasis.IDP,
        settlement=make_settlement(),
        actor=identity.user,
    )
    assert (claim.status, claim.method, claim.basis) == (
        ResidencyStatus.APPROVED,
        ResidencyMethod.SELF_DECLARATION,
        ResidencyBasis.IDP,
    )


@pytest.mark.django_db
def test_declaration_is_audited():
    identity = make_identity()
    claim = declare_residency(
        identity=identity,
        basis=ResidencyBasis.IDP,
        settlement=make_settlement(),
        actor=identity.user,
    )
    entry = ActivityLog.objects.get(action="accounts.residency.declared")
    assert (entry.actor_id, entry.object_id) == (identity.user_id, str(claim.pk))
    assert entry.after["method"] == "self_declaration"


@pytest.mark.django_db
def test_same_declaration_twice_is_refused():
    identity = make_identity()
    settlement = make_settlement()
    declare_residency(
        identity=identity, basis=ResidencyBasis.WORK, settlement=settlement, actor=identity.user
    )
    with pytest.raises(ValidationError) as caught:
        declare_residency(
            identity=identity, basis=ResidencyBasis.WORK, settlement=settlement, actor=identity.user
        )
    assert caught.value.code == "duplicate"
    assert ResidencyClaim.objects.count() == 1


@pytest.mark.django_db
def test_declaration_for_an_inactive_settlement_is_refused():
    identity = make_identity()
    with pytest.raises(ValidationError) as caught:
        declare_residency(
            identity=identity,
            basis=ResidencyBasis.WORK,
            settlement=make_settlement(is_active=False),
            actor=identity.user,
        )
    assert caught.value.code == "settlement"


@pytest.mark.django_db
def test_proof_is_stored_under_a_random_name_and_the_claim_waits():
    claim = proof_claim()
    assert claim.status == ResidencyStatus.PENDING
    assert claim.method == ResidencyMethod.PROOF
    assert claim.proof.name.startswith("residency-proofs/")
    assert claim.proof.name.endswith(".pdf")
    assert "довідка" not in claim.proof.name
    with claim.proof.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.django_db
def test_proof_submission_is_audited():
    claim = proof_claim()
    entry = ActivityLog.objects.get(action="accounts.residency.proof_submitted")
    assert entry.object_id == str(claim.pk)
    assert entry.after["status"] == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "code"), [(b"hello, world", "unknown_type"), (b"", "empty")])
def test_proof_that_is_not_pdf_jpeg_or_png_is_refused(content, code):
    identity = make_identity()
    with pytest.raises(ValidationError) as caught:
        submit_residency_proof(
            identity=identity,
            basis=ResidencyBasis.WORK,
            settlement=make_settlement(),
            file=upload(content),
            actor=identity.user,
        )
    assert caught.value.code == code
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_webp_image_is_refused_as_a_proof():
    webp = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 16
    with pytest.raises(ValidationError) as caught:
        check_proof_file(io.BytesIO(webp))
    assert caught.value.code == "type_not_allowed"


@pytest.mark.parametrize(("content", "extension"), [(PDF, ".pdf"), (PNG, ".png"), (JPEG, ".jpg")])
def test_pdf_png_and_jpeg_are_accepted(content, extension):
    assert check_proof_file(io.BytesIO(content)) == extension


def test_proof_over_5_mb_is_refused():
    with pytest.raises(ValidationError) as caught:
        check_proof_file(io.BytesIO(PDF + b"0" * (MAX_PROOF_BYTES - len(PDF) + 1)))
    assert caught.value.code == "too_large"


def test_proof_of_exactly_5_mb_is_accepted():
    assert check_proof_file(io.BytesIO(PDF + b"0" * (MAX_PROOF_BYTES - len(PDF)))) == ".pdf"


@pytest.mark.django_db
def test_approval_records_who_and_when(make_user):
    operator = make_user("desk_operator")
    claim = decide_residency_claim(claim=proof_claim(), approve=True, reason="", actor=operator)
    assert (claim.status, claim.decided_by_id) == (ResidencyStatus.APPROVED, operator.pk)
    assert claim.decided_at is not None


@pytest.mark.django_db
def test_rejection_is_audited_with_its_reason(make_user):
    operator = make_user("desk_operator")
    claim = decide_residency_claim(
        claim=proof_claim(), approve=False, reason="Довідка прострочена", actor=operator
    )
    entry = ActivityLog.objects.get(action="accounts.residency.rejected")
    assert (entry.actor_id, entry.reason) == (operator.pk, "Довідка прострочена")
    assert (entry.before["status"], entry.after["status"]) == ("pending", "rejected")
    assert claim.decision_reason == "Довідка прострочена"


@pytest.mark.django_db
def test_rejection_without_a_reason_is_refused_and_nothing_changes(make_user):
    claim = proof_claim()
    with pytest.raises(ValidationError) as caught:
        decide_residency_claim(claim=claim, approve=False, reason="  ", actor=make_user())
    assert caught.value.code == "reason_required"
    claim.refresh_from_db()
    assert claim.status == ResidencyStatus.PENDING
    assert not ActivityLog.objects.filter(action="accounts.residency.rejected").exists()


@pytest.mark.django_db
def test_deciding_a_decided_claim_is_refused(make_user):
    operator = make_user("desk_operator")
    claim = decide_residency_claim(claim=proof_claim(), approve=True, reason="", actor=operator)
    with pytest.raises(ValidationError) as caught:
        decide_residency_claim(claim=claim, approve=False, reason="Передумав", actor=operator)
    assert caught.value.code == "decided"
    claim.refresh_from_db()
    assert claim.status == ResidencyStatus.APPROVED


@pytest.mark.django_db
def test_operator_cannot_decide_their_own_claim(make_user):
    operator = make_user("desk_operator")
    claim = proof_claim(identity=make_identity(operator))
    with pytest.raises(ValidationError) as caught:
        decide_residency_claim(claim=claim, approve=True, reason="", actor=operator)
    assert caught.value.code == "own_claim"


# --- selectors: queue and turnaround ------------------------------------------------


@pytest.mark.django_db
def test_queue_is_oldest_first_and_positions_follow_it(make_user):
    first, second = proof_claim(), proof_claim()
    assert list(pending_residency_claims()) == [first, second]
    assert (queue_position(first), queue_position(second)) == (1, 2)


@pytest.mark.django_db
def test_position_moves_up_when_an_earlier_claim_is_decided(make_user):
    first, second = proof_claim(), proof_claim()
    decide_residency_claim(claim=first, approve=True, reason="", actor=make_user())
    assert queue_position(second) == 1
    first.refresh_from_db()
    assert queue_position(first) is None


@pytest.mark.django_db
def test_turnaround_falls_back_to_the_setting(settings):
    settings.RESIDENCY_REVIEW_DAYS = 4
    assert expected_residency_turnaround() == timedelta(days=4)


def _decided(days_taken: float, decided_days_ago: float, operator) -> None:
    claim = proof_claim()
    decide_residency_claim(claim=claim, approve=True, reason="", actor=operator)
    decided_at = timezone.now() - timedelta(days=decided_days_ago)
    ResidencyClaim.objects.filter(pk=claim.pk).update(
        decided_at=decided_at, created_at=decided_at - timedelta(days=days_taken)
    )


@pytest.mark.django_db
def test_turnaround_is_the_median_of_decided_proofs(make_user):
    operator = make_user()
    for days_taken in (1, 2, 6):
        _decided(days_taken, 1, operator)
    assert expected_residency_turnaround() == timedelta(days=2)


@pytest.mark.django_db
def test_turnaround_looks_at_the_last_50_decisions_only(make_user):
    operator = make_user()
    _decided(100, 30, operator)  # the 51st most recent: left out
    for _ in range(25):
        _decided(10, 20, operator)
    for _ in range(25):
        _decided(1, 1, operator)
    assert expected_residency_turnaround() == timedelta(days=5.5)
