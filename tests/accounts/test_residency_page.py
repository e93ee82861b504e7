"""The resident's identity-and-residency page: declaring, uploading, the queue."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape

from hromada.accounts.enums import ResidencyBasis, ResidencyStatus
from hromada.accounts.identity.age import age_on
from hromada.accounts.models import ResidencyClaim
from hromada.accounts.services import (
    decide_residency_claim,
    declare_residency,
    submit_residency_proof,
)
from hromada.accounts.services.residency import MAX_PROOF_BYTES, check_proof_file
from tests.factories.identity import make_identity, make_settlement

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(content: bytes = PDF, name: str = "довідка.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal_of(content: bytes) -> str:
    """The message the upload check gives for this content, as the page shows it."""
    with translation.override("uk"), pytest.raises(ValidationError) as caught:
        check_proof_file(io.BytesIO(content))
    return escape(caught.value.messages[0])


def uk(text: str) -> str:
    with translation.override("uk"):
        return escape(translation.gettext(text))


def proof_claim(identity=None, settlement=None, **values) -> ResidencyClaim:
    identity = identity or make_identity()
    return submit_residency_proof(
        identity=identity,
        basis=values.pop("basis", ResidencyBasis.WORK),
        settlement=settlement or make_settlement(),
        file=upload(),
        actor=identity.user,
    )


@pytest.mark.django_db
def test_residency_page_requires_sign_in(client):
    response = client.get("/accounts/residency/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_unverified_resident_is_offered_the_ways_to_verify(client, make_user, settings):
    settings.DEMO_MODE = True
    client.force_login(make_user())
    html = client.get("/accounts/residency/").content.decode()
    assert 'href="/accounts/demo-identity/"' in html
    assert 'href="/accounts/id-gov-ua/start/"' not in html  # no client credentials


@pytest.mark.django_db
def test_verified_resident_sees_identity_and_age(client, make_user):
    user = make_user()
    identity = make_identity(user, family_name="Ткачук", given_name="Ірина", patronymic="")
    client.force_login(user)
    html = client.get("/en/accounts/residency/").content.decode()
    assert "Ткачук Ірина" in html
    assert identity.get_provider_display() in html
    years = age_on(date(1985, 3, 14), timezone.localdate())
    assert f"<dt>Age</dt><dd>{years} years</dd>" in html


@pytest.mark.django_db
def test_declaring_on_the_page_records_a_claim(client, make_user):
    user = make_user()
    make_identity(user)
    settlement = make_settlement("Здовбиця")
    client.force_login(user)
    response = client.post(
        "/accounts/residency/declare/",
        {"declare-basis": "study", "declare-settlement": settlement.pk, "declare-confirm": "on"},
    )
    assert response.status_code == 302
    claim = ResidencyClaim.objects.get()
    assert (claim.basis, claim.settlement_id, claim.identity.user_id) == (
        "study",
        settlement.pk,
        user.pk,
    )


@pytest.mark.django_db
def test_declaration_without_the_confirmation_is_refused_with_a_message(client, make_user):
    user = make_user()
    make_identity(user)
    settlement = make_settlement()
    client.force_login(user)
    response = client.post(
        "/accounts/residency/declare/",
        {"declare-basis": "study", "declare-settlement": settlement.pk},
    )
    assert response.status_code == 400
    assert uk("Tick the box to confirm your declaration.") in response.content.decode()
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_declaration_on_the_page_keeps_the_first(client, make_user):
    user = make_user()
    identity = make_identity(user)
    settlement = make_settlement()
    declare_residency(identity=identity, basis="study", settlement=settlement, actor=user)
    client.force_login(user)
    response = client.post(
        "/accounts/residency/declare/",
        {"declare-basis": "study", "declare-settlement": settlement.pk, "declare-confirm": "on"},
    )
    assert response.status_code == 400
    assert (
        uk("You already have a confirmed or pending claim on this basis for this settlement.")
        in response.content.decode()
    )
    assert ResidencyClaim.objects.count() == 1


@pytest.mark.django_db
def test_declaration_without_identity_sends_back_to_verify(client, make_user):
    client.force_login(make_user())
    response = client.post(
        "/accounts/residency/declare/",
        {
            "declare-basis": "study",
            "declare-settlement": make_settlement().pk,
            "declare-confirm": "on",
        },
    )
    assert response["Location"] == "/accounts/residency/"
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_uploading_a_proof_on_the_page_queues_a_claim(client, make_user):
    user = make_user()
    make_identity(user)
    settlement = make_settlement()
    client.force_login(user)
    response = client.post(
        "/accounts/residency/proof/",
        {"proof-basis": "idp", "proof-settlement": settlement.pk, "proof-proof": upload()},
    )
    assert response.status_code == 302
    assert ResidencyClaim.objects.get().status == ResidencyStatus.PENDING


@pytest.mark.django_db
def test_wrong_file_type_is_refused_next_to_the_field(client, make_user):
    user = make_user()
    make_identity(user)
    client.force_login(user)
    response = client.post(
        "/accounts/residency/proof/",
        {
            "proof-basis": "idp",
            "proof-settlement": make_settlement().pk,
            "proof-proof": upload(b"MZ\x90\x00 not a document", "довідка.pdf"),
        },
    )
    assert response.status_code == 400
    assert refusal_of(b"MZ\x90\x00 not a document") in response.content.decode()
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_oversized_file_is_refused_and_nothing_is_stored(client, make_user, settings):
    user = make_user()
    make_identity(user)
    client.force_login(user)
    too_big = PDF + b"0" * MAX_PROOF_BYTES
    response = client.post(
        "/accounts/residency/proof/",
        {
            "proof-basis": "idp",
            "proof-settlement": make_settlement().pk,
            "proof-proof": upload(too_big),
        },
    )
    assert response.status_code == 400
    assert refusal_of(too_big) in response.content.decode()
    assert ResidencyClaim.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "residency-proofs").exists()


@pytest.mark.django_db
def test_pending_claim_shows_queue_position_and_expected_time(client, make_user, settings):
    settings.RESIDENCY_REVIEW_DAYS = 3
    proof_claim()
    user = make_user()
    proof_claim(identity=make_identity(user))
    client.force_login(user)
    html = client.get("/en/accounts/residency/").content.decode()
    assert "Number 2 in the queue." in html
    assert "Proofs are usually checked within 3 days." in html


@pytest.mark.django_db
def test_resident_reads_the_rejection_reason(client, make_user):
    user = make_user()
    claim = proof_claim(identity=make_identity(user))
    decide_residency_claim(
        claim=claim, approve=False, reason="Документ нечитабельний", actor=make_user()
    )
    client.force_login(user)
    assert "Документ нечитабельний" in client.get("/accounts/residency/").content.decode()
