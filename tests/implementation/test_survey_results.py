"""The survey's results: public once closed (staff any time), only from five responses,
charts with tables, text answers only once closed and shuffled, and the downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from hromada.accounts.enums import Role
from hromada.implementation.models import Survey
from tests.factories.accounts import make_user
from tests.factories.evaluation import add_responses, closed_survey, make_survey, past_edition

pytestmark = pytest.mark.django_db

FIVE = [
    {1: 5, 2: 0, 3: "Більше реклами"},
    {1: 4, 2: 1, 3: '=HYPERLINK("http://evil.example","click")'},
    {1: 4, 2: 1},
    {1: 2, 2: 2, 3: "Зручніше голосування"},
    {1: 5},
]


def results_url(survey: Survey) -> str:
    with translation.override("en"):
        return reverse("implementation:survey_results", kwargs={"edition": survey.edition.slug})


def download_url(survey: Survey, name: str) -> str:
    with translation.override("en"):
        return reverse(
            "implementation:survey_download",
            kwargs={"edition": survey.edition.slug, "file_name": name},
        )


@pytest.fixture
def closed() -> Survey:
    survey = closed_survey(past_edition())
    add_responses(survey, FIVE)
    return survey


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- When results are shown -----------------------------------------------------------


def test_results_of_an_open_survey_are_not_public(client):
    survey = make_survey(past_edition())
    add_responses(survey, FIVE)
    body = client.get(results_url(survey)).content.decode()
    assert (
        "The results are published after the survey closes" in body,
        "Average score" in body,
    ) == (
        True,
        False,
    )


def test_staff_may_see_the_results_of_an_open_survey_without_texts(client):
    survey = make_survey(past_edition())
    add_responses(survey, FIVE)
    client.force_login(make_user(Role.BUDGET_COORDINATOR, scope=survey.edition))
    body = client.get(results_url(survey)).content.decode()
    assert (
        "Staff preview" in body,
        "Average score: 4.0 of 5" in body,
        "Більше реклами" in body,
    ) == (True, True, False)


def test_fewer_than_five_responses_are_not_shown(client):
    survey = closed_survey(past_edition())
    add_responses(survey, FIVE[:4])
    body = client.get(results_url(survey)).content.decode()
    assert (
        "The results are shown only from 5 responses on" in body,
        "Average score" in body,
        "Більше реклами" in body,
    ) == (True, False, False)


def test_an_unpublished_survey_has_no_public_results(client):
    survey = closed_survey(past_edition(), is_published=False)
    assert client.get(results_url(survey)).status_code == 404


# --- What is shown --------------------------------------------------------------------


def test_a_scale_question_shows_its_average_and_distribution(client, closed):
    body = client.get(results_url(closed)).content.decode()
    assert (
        "Average score: 4.0 of 5" in body,
        '<th scope="row">4</th><td class="number">2</td><td class="number">40.0</td>' in body,
        '<th scope="row">1</th><td class="number">0</td>' in body,
    ) == (True, True, True)


def test_a_chart_draws_bars_relative_to_the_largest_count(client, closed):
    body = client.get(results_url(closed)).content.decode()
    assert ('<rect class="bar-selected" x="0" y="0" width="100.00" height="10"/>' in body) is True


def test_a_choice_question_counts_each_option(client, closed):
    body = client.get(results_url(closed)).content.decode()
    assert (
        '<th scope="row">Social media</th><td class="number">2</td><td class="number">50.0</td>'
        in body
    )


def test_the_text_answers_of_a_closed_survey_are_listed(client, closed):
    body = client.get(results_url(closed)).content.decode()
    assert ("Більше реклами" in body, "Зручніше голосування" in body) == (True, True)


def test_text_answers_come_in_a_random_order(client):
    survey = closed_survey(past_edition())
    add_responses(survey, [{1: 3, 3: f"Відповідь {number:02d}"} for number in range(12)])

    def order() -> list[int]:
        body = client.get(results_url(survey)).content.decode()
        return sorted(range(12), key=lambda number: body.index(f"Відповідь {number:02d}"))

    # Twelve answers in the same order five times over: about one chance in 10^43.
    orders = {tuple(order()) for _ in range(5)}
    assert len(orders) > 1


def test_the_results_page_makes_as_many_queries_with_many_responses(
    client, closed, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as few:
        client.get(results_url(closed))
    add_responses(closed, [{1: 1 + n % 5, 2: n % 3, 3: f"Текст {n}"} for n in range(60)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(results_url(closed))


# --- Downloads ------------------------------------------------------------------------


def test_the_responses_csv_starts_with_a_byte_order_mark(client, closed):
    response = client.get(download_url(closed, "responses.csv"))
    assert (response.status_code, response.content[:3]) == (200, b"\xef\xbb\xbf")


def test_the_responses_csv_has_a_row_per_response_and_a_column_per_question(client, closed):
    rows = csv_rows(client.get(download_url(closed, "responses.csv")).content)
    assert (rows[0], len(rows)) == (
        [
            "1. How easy was it to vote?",
            "2. Where did you hear about the budget?",
            "3. What should change?",
        ],
        6,
    )


def test_a_formula_typed_as_an_answer_is_neutralised(client, closed):
    rows = csv_rows(client.get(download_url(closed, "responses.csv")).content)
    texts = sorted(row[2] for row in rows[1:] if row[2])
    assert texts == [
        '\'=HYPERLINK("http://evil.example","click")',
        "Більше реклами",
        "Зручніше голосування",
    ]


def test_choices_are_written_as_option_labels(client, closed):
    rows = csv_rows(client.get(download_url(closed, "responses.csv")).content)
    assert sorted(row[1] for row in rows[1:]) == [
        "",
        "From people I know",
        "Social media",
        "Social media",
        "The community's website",
    ]


def test_the_summary_csv_has_counts_per_option_and_the_average(client, closed):
    rows = csv_rows(client.get(download_url(closed, "summary.csv")).content)
    assert (
        rows[0],
        ["1", "How easy was it to vote?", "5", "2", "40.0"] in rows,
        ["1", "How easy was it to vote?", "average score (1–5)", "4.0", ""] in rows,
        ["3", "What should change?", "text answers", "3", ""] in rows,
    ) == (["No.", "Question", "Answer", "Count", "Share of answers, %"], True, True, True)


def test_the_workbook_has_a_summary_and_the_responses(client, closed):
    response = client.get(download_url(closed, "results.xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert (workbook.sheetnames, workbook["Responses"].max_row) == (["Summary", "Responses"], 6)


def test_a_formula_in_the_workbook_stays_text(client, closed):
    response = client.get(download_url(closed, "results.xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Responses"]
    cell = next(
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and "HYPERLINK" in cell.value
    )
    assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_downloads_of_an_open_survey_are_refused_to_the_public(client):
    survey = make_survey(past_edition())
    add_responses(survey, FIVE)
    response = client.get(download_url(survey, "summary.csv"))
    assert (
        response.status_code,
        "The results are published when the survey closes." in response.content.decode(),
    ) == (404, True)


def test_staff_get_no_individual_responses_before_the_survey_closes(client):
    survey = make_survey(past_edition())
    add_responses(survey, FIVE)
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert (
        client.get(download_url(survey, "summary.csv")).status_code,
        client.get(download_url(survey, "responses.csv")).status_code,
    ) == (200, 404)


def test_downloads_with_too_few_responses_are_refused(client):
    survey = closed_survey(past_edition())
    add_responses(survey, FIVE[:2])
    response = client.get(download_url(survey, "responses.csv"))
    assert (response.status_code, "from 5 responses on" in response.content.decode()) == (
        404,
        True,
    )


def test_an_unknown_file_is_not_found(client, closed):
    assert client.get(download_url(closed, "everything.zip")).status_code == 404


def test_the_responses_csv_comes_in_a_random_order(client):
    survey = closed_survey(past_edition())
    add_responses(survey, [{1: 3, 3: f"Відповідь {number:02d}"} for number in range(12)])

    def order() -> tuple[str, ...]:
        rows = csv_rows(client.get(download_url(survey, "responses.csv")).content)
        return tuple(row[2] for row in rows[1:])

    # Twelve rows in the same order five times over: about one chance in 10^43.
    assert len({order() for _ in range(5)}) > 1
