"""The desk operators' residency queue, the claim page with its decision, the proof."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from hromada.accounts.enums import ResidencyStatus, Role
from hromada.accounts.models import ResidencyClaim
from hromada.accounts.services import decide_residency_claim, submit_residency_proof
from hromada.core.models import ActivityLog
from tests.factories.identity import make_identity, make_settlement

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def uk(text: str) -> str:
    with translation.override("uk"):
        return escape(translation.gettext(text))


def pending_claim(family_name: str = "Коваленко", content: bytes = PDF) -> ResidencyClaim:
    identity = make_identity(family_name=family_name)
    return submit_residency_proof(
        identity=identity,
        basis="work",
        settlement=make_settlement(),
        file=SimpleUploadedFile("proof.pdf", content),
        actor=identity.user,
    )


@pytest.fixture
def operator_client(client, make_user):
    client.force_login(make_user(Role.DESK_OPERATOR))
    return client


@pytest.mark.django_db
def test_queue_lists_pending_claims_oldest_first(operator_client, make_user):
    pending_claim("Перша")
    decided = pending_claim("Вирішена")
    pending_claim("Друга")
    decide_residency_claim(claim=decided, approve=True, reason="", actor=make_user())
    html = operator_client.get("/staff/residency/").content.decode()
    assert html.index("Перша") < html.index("Друга")
    assert "Вирішена" not in html


@pytest.mark.django_db
def test_queue_does_not_query_per_claim(operator_client):
    pending_claim()
    with CaptureQueriesContext(connection) as few:
        assert operator_client.get("/staff/residency/").status_code == 200
    for _ in range(10):
        pending_claim()
    with CaptureQueriesContext(connection) as many:
        assert operator_client.get("/staff/residency/").status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_claim_page_shows_the_person_and_links_the_proof(operator_client):
    claim = pending_claim("Гнатюк")
    html = operator_client.get(f"/staff/residency/{claim.pk}/").content.decode()
    assert "Гнатюк Олена Петрівна" in html
    assert f'href="/staff/residency/{claim.pk}/proof/"' in html


@pytest.mark.django_db
def test_operator_approves_a_claim(operator_client):
    claim = pending_claim()
    response = operator_client.post(f"/staff/residency/{claim.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ResidencyStatus.APPROVED
    assert ActivityLog.objects.filter(action="accounts.residency.approved").count() == 1


@pytest.mark.django_db
def test_operator_rejects_with_a_reason(operator_client):
    claim = pending_claim()
    operator_client.post(
        f"/staff/residency/{claim.pk}/", {"decision": "reject", "reason": "Не та адреса"}
    )
    claim.refresh_from_db()
    assert (claim.status, claim.decision_reason) == (ResidencyStatus.REJECTED, "Не та адреса")


@pytest.mark.django_db
def test_rejection_without_reason_is_refused_on_the_page(operator_client):
    claim = pending_claim()
    response = operator_client.post(f"/staff/residency/{claim.pk}/", {"decision": "reject"})
    assert response.status_code == 400
    assert uk("Give the reason for the rejection: the resident will read it.") in (
        response.content.decode()
    )
    claim.refresh_from_db()
    assert claim.status == ResidencyStatus.PENDING


@pytest.mark.django_db
def test_missing_decision_is_refused_on_the_page(operator_client):
    claim = pending_claim()
    response = operator_client.post(f"/staff/residency/{claim.pk}/", {"reason": "?"})
    assert response.status_code == 400
    assert uk("Choose whether to confirm or reject the claim.") in response.content.decode()


@pytest.mark.django_db
def test_deciding_a_decided_claim_is_refused_on_the_page(operator_client, make_user):
    claim = pending_claim()
    decide_residency_claim(claim=claim, approve=True, reason="", actor=make_user())
    response = operator_client.post(
        f"/staff/residency/{claim.pk}/", {"decision": "reject", "reason": "Пізно"}
    )
    assert response.status_code == 400
    assert uk("This claim has already been decided.") in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ResidencyStatus.APPROVED


@pytest.mark.django_db
def test_unknown_claim_is_404(operator_client):
    assert operator_client.get("/staff/residency/999999/").status_code == 404


@pytest.mark.django_db
def test_proof_download_serves_the_file_as_an_attachment(operator_client):
    claim = pending_claim()
    response = operator_client.get(f"/staff/residency/{claim.pk}/proof/")
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="residency-proof-{claim.pk}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_proof_download_is_on_the_record(operator_client):
    claim = pending_claim()
    operator_client.get(f"/staff/residency/{claim.pk}/proof/")
    entry = ActivityLog.objects.get(action="accounts.residency.proof_viewed")
    assert entry.object_id == str(claim.pk)


@pytest.mark.django_db
def test_claim_without_a_proof_has_no_download(operator_client):
    identity = make_identity()
    claim = ResidencyClaim.objects.create(
        identity=identity, basis="work", method="self_declaration", settlement=make_settlement()
    )
    assert operator_client.get(f"/staff/residency/{claim.pk}/proof/").status_code == 404


@pytest.mark.django_db
def test_desk_operator_of_any_edition_and_administrator_may_review(client, make_user):
    claim = pending_claim()
    for role in (Role.DESK_OPERATOR, Role.ADMINISTRATOR):
        client.force_login(make_user(role))
        assert client.get(f"/staff/residency/{claim.pk}/").status_code == 200


@pytest.mark.django_db
def test_auditor_may_not_download_the_proof(client, make_user):
    claim = pending_claim()
    client.force_login(make_user(Role.AUDITOR))
    assert client.get(f"/staff/residency/{claim.pk}/proof/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.DESK_OPERATOR, True),
        (Role.ADMINISTRATOR, True),
        (Role.AUDITOR, False),
        (Role.JURY_MEMBER, False),
    ],
)
def test_dashboard_offers_the_residency_queue_to_reviewers_of_residency(
    client, make_user, role, offered
):
    client.force_login(make_user(role))
    html = client.get("/staff/").content.decode()
    assert ('href="/staff/residency/"' in html) is offered
