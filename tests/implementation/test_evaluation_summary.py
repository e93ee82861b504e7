"""The evaluation summary of an edition: turnout from the approved count (no invented
denominator), projects delivered on time, ratings, the survey in short; as a page and
as a PDF read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from hromada.budget.models import Edition
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.evaluation.summary import evaluation_summary
from tests.factories.evaluation import (
    add_responses,
    approved_count,
    closed_survey,
    make_rating,
    make_record,
    make_survey,
    past_edition,
)

pytestmark = pytest.mark.django_db


def page_url(edition: Edition, name: str = "evaluation", language: str = "en") -> str:
    with translation.override(language):
        return reverse(f"implementation:{name}", kwargs={"edition": edition.slug})


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def edition() -> Edition:
    """Four winners: two delivered on time (one rated 5 and 4, one rated 3), one
    delivered late, one still in progress; 1 234 ballots counted."""
    edition = past_edition()
    on_time = make_record(
        edition, title="Лавки", planned_end=date(2025, 9, 1), actual_end=date(2025, 8, 20)
    )
    exactly = make_record(
        edition, title="Ліхтарі", planned_end=date(2025, 9, 1), actual_end=date(2025, 9, 1)
    )
    late = make_record(
        edition, title="Майданчик", planned_end=date(2025, 6, 1), actual_end=date(2025, 7, 15)
    )
    running = make_record(edition, title="Сквер", status=ImplementationStatus.IN_PROGRESS)
    for score in (5, 4):
        make_rating(on_time, score)
    make_rating(exactly, 3)
    approved_count(
        edition,
        ballots=1234,
        selected=[r.project for r in (on_time, exactly, late, running)],
    )
    return edition


def test_turnout_is_the_ballots_of_the_approved_count(edition):
    assert evaluation_summary(edition).ballots_counted == 1234


def test_without_an_approved_count_there_is_no_turnout():
    assert evaluation_summary(past_edition()).ballots_counted is None


def test_on_time_counts_completion_on_or_before_the_planned_day(edition):
    summary = evaluation_summary(edition)
    assert (summary.winners, summary.implemented, summary.on_time, summary.late) == (4, 3, 2, 1)


def test_shares_on_time_of_implemented_and_of_winners(edition):
    summary = evaluation_summary(edition)
    assert (summary.on_time_share_of_implemented, summary.on_time_share_of_winners) == (67, 50)


def test_an_implemented_project_without_dates_is_not_counted_on_time():
    edition = past_edition()
    make_record(edition)
    summary = evaluation_summary(edition)
    assert (summary.on_time, summary.without_dates) == (0, 1)


def test_average_rating_per_project_and_overall(edition):
    summary = evaluation_summary(edition)
    assert (
        [(row.title, row.count, str(row.average)) for row in summary.projects],
        str(summary.overall_average),
        summary.rating_count,
    ) == (
        [("Лавки", 2, "4.5"), ("Ліхтарі", 1, "3.0"), ("Майданчик", 0, "None")],
        "4.0",
        3,
    )


def test_the_page_shows_the_numbers(client, edition):
    body = client.get(page_url(edition)).content.decode()
    assert (
        "1234 ballots were counted in the approved results of the vote." in body,
        "2 of 3 implemented" in body,
        "2 of 4 winners" in body,
        "Average of all ratings: 4.0 of 5 (3 ratings)." in body,
    ) == (True, True, True, True)


def test_the_page_gives_no_percentage_of_eligible_residents(client, edition):
    body = client.get(page_url(edition)).content.decode()
    assert "is not known to the platform, so no percentage is given" in body


def test_the_page_says_when_the_vote_is_not_approved(client):
    body = client.get(page_url(past_edition())).content.decode()
    assert "The results of the vote have not been approved yet." in body


def test_the_survey_summary_appears_once_closed_with_enough_responses(client, edition):
    survey = closed_survey(edition)
    add_responses(survey, [{1: 5, 2: 1}, {1: 4, 2: 1}, {1: 4, 2: 0}, {1: 3, 2: 1}, {1: 4}])
    body = client.get(page_url(edition)).content.decode()
    assert (
        "average score 4.0 of 5 (5 answers)" in body,
        "most chosen: “Social media” — 3 of 4 answers" in body,
    ) == (True, True)


def test_the_survey_summary_is_withheld_with_too_few_responses(client, edition):
    survey = closed_survey(edition)
    add_responses(survey, [{1: 5}, {1: 4}])
    body = client.get(page_url(edition)).content.decode()
    assert (
        "The results are shown only from 5 responses on" in body,
        "average score" in body,
    ) == (True, False)


def test_an_open_survey_is_announced_without_results(client, edition):
    survey = make_survey(edition)
    add_responses(survey, [{1: 5}] * 6)
    body = client.get(page_url(edition)).content.decode()
    assert ("results are published after it closes" in body, "average score" in body) == (
        True,
        False,
    )


def test_an_unpublished_edition_has_no_evaluation(client):
    edition = past_edition(published=False)
    assert client.get(page_url(edition)).status_code == 404


def test_the_page_makes_as_many_queries_with_many_projects(
    client, edition, django_assert_max_num_queries
):
    closed = closed_survey(edition)
    add_responses(closed, [{1: 4}] * 5)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(edition))
    for number in range(10):
        record = make_record(edition, title=f"Проєкт {number}", actual_end=date(2025, 5, 1))
        make_rating(record, 1 + number % 5)
    add_responses(closed, [{1: 2, 2: 1}] * 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page_url(edition))


# --- The PDF --------------------------------------------------------------------------


def test_the_pdf_is_a_download(client, edition):
    response = client.get(page_url(edition, "evaluation_pdf"))
    assert (response.status_code, response["Content-Type"], response.content[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )


def test_the_english_pdf_has_the_numbers(client, edition):
    survey = closed_survey(edition)
    add_responses(survey, [{1: 5}, {1: 4}, {1: 4}, {1: 3}, {1: 4}])
    text = pdf_text(client.get(page_url(edition, "evaluation_pdf")).content)
    assert (
        "1234 ballots were counted in the approved results of the vote." in text,
        "2 of 3 implemented (67 %)" in text,
        "2 of 4 winners (50 %)" in text,
        "Average of all ratings: 4.0 of 5 (3 ratings)." in text,
        "№ 1 Лавки 2 4.5" in text,
        "average score 4.0 of 5 (5 answers)" in text,
    ) == (True, True, True, True, True, True)


def test_the_ukrainian_pdf_is_the_default(client, edition):
    text = pdf_text(client.get(page_url(edition, "evaluation_pdf", language="uk")).content)
    assert ("Здолбунівська міська територіальна громада" in text, "1234" in text) == (
        True,
        True,
    )
