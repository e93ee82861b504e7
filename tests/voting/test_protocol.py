"""The draft protocol of the commission's meeting approving the results: real DOCX and
PDF files, opened and read."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from hromada.accounts.enums import Role
from hromada.budget.models import Edition
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import ResultsSnapshot
from tests.factories.accounts import make_user
from tests.factories.voting import voting_edition
from tests.voting.test_results_page import make_snapshot

pytestmark = pytest.mark.django_db


def protocol_url(edition: Edition, fmt: str, sequence: int = 1) -> str:
    with translation.override("en"):
        return reverse(
            "voting:staff_protocol",
            kwargs={"edition": edition.slug, "sequence": sequence, "fmt": fmt},
        )


def docx_text(response: Any) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    return paragraphs, rows


def pdf_text(response: Any) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def member(client: Any) -> Edition:
    edition = voting_edition(key=False)
    client.force_login(make_user(Role.BUDGET_COMMISSION_MEMBER, scope=edition))
    return edition


def test_the_docx_is_a_download(client, member):
    make_snapshot(member)
    response = client.get(protocol_url(member, "docx"))
    assert (response.status_code, response["Content-Disposition"]) == (
        200,
        f'attachment; filename="protocol-results-{member.slug}-1.docx"; '
        f"filename*=UTF-8''protocol-results-{member.slug}-1.docx",
    )


def test_the_docx_has_a_table_per_pool_with_votes_and_selection(client, member):
    make_snapshot(member)
    _paragraphs, rows = docx_text(client.get(protocol_url(member, "docx")))
    assert rows[:4] == [
        ["No.", "Project", "Cost, UAH", "Votes", "Selected"],
        ["3", "Освітлення стадіону", "90,000.00", "57", "yes"],
        ["2", "Велопарковка біля школи", "60,000.00", "40", "yes"],
        ["1", "Лавки у сквері", "40,000.00", "30", "yes"],
    ]


def test_the_docx_of_an_approved_count_names_the_protocol_members_and_vote(client, member):
    snapshot = make_snapshot(member)
    paragraphs, _rows = docx_text(client.get(protocol_url(member, "docx")))
    assert (
        f"No. 7 of {snapshot.decided_on:%d.%m.%Y}" in paragraphs,
        "2. Петро Секретар" in paragraphs,
        "Voted: for — 3, against — 0, abstained — 0." in paragraphs,
    ) == (True, True, True)


def test_the_docx_states_ballots_totals_and_checksum(client, member):
    snapshot = make_snapshot(member, annulled=2)
    paragraphs, _rows = docx_text(client.get(protocol_url(member, "docx")))
    text = "\n".join(paragraphs)
    assert (
        "Ballots counted: 480," in text,
        "2 ballots were annulled by the commission's decision and not counted." in paragraphs,
        "4 projects selected for 235,000.00 UAH out of 1,000,000.00 UAH." in paragraphs,
        snapshot.checksum in text,
    ) == (True, True, True, True)


def test_the_docx_holds_the_decision(client, member):
    make_snapshot(member)
    paragraphs, _rows = docx_text(client.get(protocol_url(member, "docx")))
    assert (
        f"1. To approve the results of the vote of “{member.title}” as set out in this protocol."
        in paragraphs
    )


def test_a_draft_protocol_leaves_blanks_for_the_secretary(client, member):
    make_snapshot(member, status=SnapshotStatus.DRAFT)
    paragraphs, _rows = docx_text(client.get(protocol_url(member, "docx")))
    assert (
        "No. ________ of ________" in paragraphs,
        "Voted: for — ________, against — ________, abstained — ________." in paragraphs,
    ) == (True, True)


def test_the_pdf_holds_the_projects_and_the_checksum(client, member):
    snapshot = make_snapshot(member)
    response = client.get(protocol_url(member, "pdf"))
    text = pdf_text(response)
    assert (
        response["Content-Type"],
        "Освітлення стадіону" in text,
        "Зупинка в Богдашеві" in text,
        snapshot.checksum[:32] in text.replace(" ", ""),
    ) == ("application/pdf", True, True, True)


def test_an_unknown_format_is_not_found(client, member):
    make_snapshot(member)
    assert client.get(protocol_url(member, "odt")).status_code == 404


def test_an_unknown_count_is_not_found(client, member):
    assert client.get(protocol_url(member, "docx", sequence=3)).status_code == 404


def test_a_desk_operator_may_read_the_protocol_of_their_edition(client):
    edition = voting_edition(key=False)
    make_snapshot(edition)
    client.force_login(make_user(Role.DESK_OPERATOR, scope=edition))
    assert client.get(protocol_url(edition, "docx")).status_code == 200


def test_the_protocol_does_not_change_the_count(client, member):
    snapshot = make_snapshot(member, status=SnapshotStatus.DRAFT)
    client.get(protocol_url(member, "pdf"))
    assert ResultsSnapshot.objects.get(pk=snapshot.pk).status == SnapshotStatus.DRAFT
