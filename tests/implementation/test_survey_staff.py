"""The coordinator defines the survey: dates, introduction, opening it, and questions
(add, change, remove, reorder) that are locked once someone has answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.budget.models import Edition
from hromada.core.models import ActivityLog
from hromada.implementation.enums import QuestionKind
from hromada.implementation.evaluation.services import (
    move_question,
    remove_question,
    save_question,
    save_survey,
)
from hromada.implementation.models import Survey, SurveyQuestion
from tests.factories.accounts import make_user
from tests.factories.evaluation import add_responses, make_survey, past_edition, questions_of

pytestmark = pytest.mark.django_db


def url(name: str, edition: Edition, **kwargs: object) -> str:
    with translation.override("en"):
        return reverse(f"implementation:{name}", kwargs={"edition": edition.slug, **kwargs})


@pytest.fixture
def edition() -> Edition:
    return past_edition()


@pytest.fixture
def coordinator(client, edition):
    user = make_user(Role.BUDGET_COORDINATOR, scope=edition)
    client.force_login(user)
    return user


def survey_form(**values: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "intro_uk": "Розкажіть, як усе пройшло.",
        "intro_en": "Tell us how it went.",
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=14)).isoformat(),
    }
    data.update(values)
    return data


def question_form(**values: str) -> dict[str, str]:
    data = {
        "text_uk": "Звідки ви дізналися?",
        "text_en": "Where did you hear?",
        "kind": QuestionKind.CHOICE,
        "options_uk": "Сайт\nСоцмережі",
        "options_en": "Website\nSocial media",
    }
    data.update(values)
    return data


# --- Survey settings ------------------------------------------------------------------


def test_the_coordinator_creates_the_survey(client, coordinator, edition):
    response = client.post(url("survey_manage", edition), survey_form())
    survey = Survey.objects.get(edition=edition)
    assert (response.status_code, survey.intro_en, survey.is_published) == (
        303,
        "Tell us how it went.",
        False,
    )


def test_closing_before_opening_is_refused_next_to_the_field(client, coordinator, edition):
    today = timezone.localdate()
    response = client.post(
        url("survey_manage", edition),
        survey_form(closes_on=(today - timedelta(days=1)).isoformat()),
    )
    body = response.content.decode()
    assert (
        response.status_code,
        "The survey cannot close before it opens." in body,
        "Tell us how it went.</textarea>" in body,
        Survey.objects.count(),
    ) == (400, True, True, 0)


def test_a_survey_without_questions_cannot_be_opened(client, coordinator, edition):
    response = client.post(url("survey_manage", edition), survey_form(is_published="on"))
    assert (
        response.status_code,
        "Add at least one question before opening the survey" in response.content.decode(),
    ) == (400, True)


def test_a_survey_with_questions_can_be_opened(client, coordinator, edition):
    survey = make_survey(edition, is_published=False)
    client.post(url("survey_manage", edition), survey_form(is_published="on"))
    survey.refresh_from_db()
    assert survey.is_published is True


def test_saving_the_survey_is_logged(coordinator, edition):
    save_survey(
        edition=edition,
        actor=coordinator,
        intro_uk="",
        intro_en="",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
        is_published=False,
    )
    assert (
        ActivityLog.objects.filter(
            action="implementation.survey.created", actor=coordinator
        ).count()
        == 1
    )


# --- Questions ------------------------------------------------------------------------


def test_a_choice_question_keeps_its_options_in_both_languages(client, coordinator, edition):
    survey = make_survey(edition, questions=[])
    response = client.post(url("survey_question_add", edition), question_form())
    question = SurveyQuestion.objects.get(survey=survey)
    assert (response.status_code, question.options, question.position) == (
        303,
        [{"uk": "Сайт", "en": "Website"}, {"uk": "Соцмережі", "en": "Social media"}],
        1,
    )


def test_a_new_question_goes_last(client, coordinator, edition):
    survey = make_survey(edition)
    client.post(url("survey_question_add", edition), question_form(text_uk="Останнє"))
    assert [q.text_uk for q in questions_of(survey)][-1] == "Останнє"


def test_a_choice_question_needs_two_options(client, coordinator, edition):
    make_survey(edition, questions=[])
    response = client.post(
        url("survey_question_add", edition), question_form(options_uk="Одна", options_en="")
    )
    assert (
        response.status_code,
        "A choice question needs at least two options" in response.content.decode(),
        SurveyQuestion.objects.count(),
    ) == (400, True, 0)


def test_english_options_must_match_the_ukrainian_ones(client, coordinator, edition):
    make_survey(edition, questions=[])
    response = client.post(
        url("survey_question_add", edition), question_form(options_en="Only one")
    )
    body = response.content.decode()
    assert (response.status_code, "Give as many English options as Ukrainian ones" in body) == (
        400,
        True,
    )


def test_a_scale_question_takes_no_options(client, coordinator, edition):
    make_survey(edition, questions=[])
    response = client.post(
        url("survey_question_add", edition), question_form(kind=QuestionKind.SCALE)
    )
    assert (
        response.status_code,
        "Only a choice question has options" in response.content.decode(),
    ) == (400, True)


def test_a_question_is_changed(client, coordinator, edition):
    survey = make_survey(edition)
    question = questions_of(survey)[2]
    client.post(
        url("survey_question_edit", edition, question_id=question.pk),
        question_form(kind=QuestionKind.TEXT, text_uk="Нове питання", options_uk="", options_en=""),
    )
    question.refresh_from_db()
    assert (question.text_uk, question.kind) == ("Нове питання", QuestionKind.TEXT)


def test_a_question_is_removed_and_the_rest_renumbered(client, coordinator, edition):
    survey = make_survey(edition)
    first = questions_of(survey)[0]
    client.post(url("survey_question_remove", edition, question_id=first.pk))
    assert [q.position for q in questions_of(survey)] == [1, 2]


def test_moving_a_question_up_swaps_it_with_the_one_above(client, coordinator, edition):
    survey = make_survey(edition)
    scale_q, choice_q, text_q = questions_of(survey)
    client.post(url("survey_question_move", edition, question_id=text_q.pk), {"direction": "up"})
    assert [q.pk for q in questions_of(survey)] == [scale_q.pk, text_q.pk, choice_q.pk]


def test_moving_the_last_question_down_changes_nothing(coordinator, edition):
    survey = make_survey(edition)
    before = [q.pk for q in questions_of(survey)]
    move_question(question=questions_of(survey)[-1], actor=coordinator, up=False)
    assert [q.pk for q in questions_of(survey)] == before


def test_the_last_question_of_an_open_survey_cannot_be_removed(coordinator, edition):
    survey = make_survey(edition, questions=[{"kind": QuestionKind.TEXT, "text_uk": "Одне"}])
    with pytest.raises(ValidationError) as refused:
        remove_question(question=questions_of(survey)[0], actor=coordinator)
    assert (refused.value.code, SurveyQuestion.objects.count()) == ("last_question", 1)


# --- Locked once answered -------------------------------------------------------------


@pytest.fixture
def answered(edition) -> Survey:
    survey = make_survey(edition)
    add_responses(survey, [{1: 4}])
    return survey


def test_a_question_cannot_be_added_once_answered(coordinator, answered):
    with pytest.raises(ValidationError) as refused:
        save_question(
            survey=answered,
            actor=coordinator,
            text_uk="Ще одне",
            text_en="",
            kind=QuestionKind.TEXT,
            options=[],
            is_required=False,
        )
    assert (refused.value.code, SurveyQuestion.objects.count()) == ("locked", 3)


def test_changing_a_question_once_answered_is_refused_and_what_was_typed_kept(
    client, coordinator, answered
):
    question = questions_of(answered)[2]
    response = client.post(
        url("survey_question_edit", answered.edition, question_id=question.pk),
        question_form(
            kind=QuestionKind.TEXT, text_uk="Спроба змінити", options_uk="", options_en=""
        ),
    )
    body = response.content.decode()
    question.refresh_from_db()
    assert (
        response.status_code,
        "The survey already has answers, so its questions can no longer change" in body,
        'value="Спроба змінити"' in body,
        question.text_uk,
    ) == (409, True, True, "Що варто змінити?")


def test_removing_a_question_once_answered_is_refused(client, coordinator, answered):
    question = questions_of(answered)[0]
    response = client.post(url("survey_question_remove", answered.edition, question_id=question.pk))
    assert (response.status_code, SurveyQuestion.objects.count()) == (409, 3)


def test_reordering_once_answered_is_refused(coordinator, answered):
    questions = questions_of(answered)
    with pytest.raises(ValidationError):
        move_question(question=questions[1], actor=coordinator, up=True)
    assert [q.pk for q in questions_of(answered)] == [q.pk for q in questions]


def test_the_page_says_the_questions_are_locked(client, coordinator, answered):
    body = client.get(url("survey_manage", answered.edition)).content.decode()
    assert ("can no longer change" in body, "Add a question" in body) == (True, False)


def test_dates_may_still_change_once_answered(client, coordinator, answered):
    closes = timezone.localdate() + timedelta(days=30)
    client.post(
        url("survey_manage", answered.edition),
        survey_form(closes_on=closes.isoformat(), is_published="on"),
    )
    answered.refresh_from_db()
    assert answered.closes_on == closes


# --- Who may --------------------------------------------------------------------------


def test_a_commission_member_may_not_define_the_survey(client, edition):
    client.force_login(make_user(Role.BUDGET_COMMISSION_MEMBER, scope=edition))
    response = client.post(url("survey_manage", edition), survey_form())
    assert (response.status_code, Survey.objects.count()) == (403, 0)


def test_a_coordinator_of_another_edition_gets_404(client, edition):
    client.force_login(make_user(Role.BUDGET_COORDINATOR, scope=past_edition(slug="other")))
    response = client.post(url("survey_manage", edition), survey_form())
    assert (response.status_code, Survey.objects.count()) == (404, 0)


def test_an_administrator_may_define_the_survey(client, edition):
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert client.get(url("survey_manage", edition)).status_code == 200
