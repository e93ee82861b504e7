"""Answering the process survey: participants only, once, anonymously (the response is
not linked to the participation), required questions, and the survey's dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hromada.core.models import ActivityLog
from hromada.implementation.enums import QuestionKind
from hromada.implementation.evaluation.selectors import is_participant
from hromada.implementation.evaluation.services import answer_survey
from hromada.implementation.models import (
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from hromada.voting.models import Annulment, VoterRecord
from tests.factories.accounts import make_user
from tests.factories.budget import make_resident
from tests.factories.evaluation import (
    author_in,
    closed_survey,
    make_survey,
    past_edition,
    person_key_of,
    questions_of,
    supporter_in,
    voter_in,
)

pytestmark = pytest.mark.django_db


def survey_url(survey: Survey) -> str:
    with translation.override("en"):
        return reverse("implementation:survey", kwargs={"edition": survey.edition.slug})


def answers_for(survey: Survey, scale: int = 4, choice: int | None = 1, text: str = "") -> dict:
    scale_q, choice_q, text_q = questions_of(survey)
    return {str(scale_q.pk): scale, str(choice_q.pk): choice, str(text_q.pk): text}


def form_data(survey: Survey, scale: str = "4", choice: str = "1", text: str = "") -> dict:
    scale_q, choice_q, text_q = questions_of(survey)
    return {f"q{scale_q.pk}": scale, f"q{choice_q.pk}": choice, f"q{text_q.pk}": text}


@pytest.fixture
def survey() -> Survey:
    return make_survey(past_edition())


@pytest.fixture
def voter(client, survey):
    user = voter_in(survey.edition)
    client.force_login(user)
    return user


# --- Who took part --------------------------------------------------------------------


def test_a_voter_is_a_participant(survey):
    assert is_participant(survey.edition, person_key_of(voter_in(survey.edition))) is True


def test_a_voter_whose_ballot_was_annulled_is_not_a_participant(survey):
    user = voter_in(survey.edition)
    annulment = Annulment.objects.create(
        edition=survey.edition,
        protocol_number="5",
        decided_on=timezone.localdate(),
        reason="Підроблена особа",
        recorded_by=make_user(),
    )
    VoterRecord.objects.filter(person_key=person_key_of(user)).update(annulment=annulment)
    assert is_participant(survey.edition, person_key_of(user)) is False


def test_the_author_of_a_submitted_project_is_a_participant(survey):
    assert is_participant(survey.edition, person_key_of(author_in(survey.edition))) is True


def test_the_author_of_a_draft_only_is_not_a_participant(survey):
    user = author_in(survey.edition, submitted=False)
    assert is_participant(survey.edition, person_key_of(user)) is False


def test_a_supporter_is_a_participant(survey):
    assert is_participant(survey.edition, person_key_of(supporter_in(survey.edition))) is True


def test_a_resident_who_did_nothing_is_not_a_participant(survey):
    assert is_participant(survey.edition, person_key_of(make_resident())) is False


def test_a_voter_of_another_edition_is_not_a_participant_here(survey):
    user = voter_in(past_edition(slug="other"))
    assert is_participant(survey.edition, person_key_of(user)) is False


# --- The service ----------------------------------------------------------------------


def test_answering_writes_one_participation_and_one_response(survey):
    key = person_key_of(voter_in(survey.edition))
    answer_survey(
        survey=survey, person_key=key, answers=answers_for(survey, text="Більше"), actor=None
    )
    scale_q, choice_q, text_q = questions_of(survey)
    assert (
        list(SurveyParticipation.objects.values_list("person_key", flat=True)),
        list(SurveyResponse.objects.values_list("answers", flat=True)),
    ) == ([key], [{str(scale_q.pk): 4, str(choice_q.pk): 1, str(text_q.pk): "Більше"}])


def test_no_field_links_a_response_to_a_person_or_a_time():
    fields = {
        field.name: field
        for field in SurveyResponse._meta.get_fields()
        if field.concrete or field.is_relation
    }
    related_models = {field.related_model for field in fields.values() if field.is_relation}
    assert (
        sorted(fields),
        related_models,
        any(
            isinstance(field, models.DateField | models.DateTimeField) for field in fields.values()
        ),
    ) == (["answers", "id", "survey"], {Survey}, False)


def test_no_field_links_a_participation_to_a_response():
    related_models = {
        field.related_model for field in SurveyParticipation._meta.get_fields() if field.is_relation
    }
    assert related_models == {Survey}


def test_the_response_id_is_random_not_sequential(survey):
    key = person_key_of(voter_in(survey.edition))
    answer_survey(survey=survey, person_key=key, answers=answers_for(survey), actor=None)
    response = SurveyResponse.objects.get()
    assert (response.id.version, response.id.variant) == (4, "specified in RFC 4122")


def test_the_activity_log_never_mentions_the_response(survey):
    user = voter_in(survey.edition)
    answer_survey(
        survey=survey, person_key=person_key_of(user), answers=answers_for(survey), actor=user
    )
    response_id = str(SurveyResponse.objects.get().id)
    rows = list(
        ActivityLog.objects.values_list(
            "action", "object_type", "object_id", "object_repr", "before", "after", "reason"
        )
    )
    mentions = [row for row in rows if response_id in repr(row) or "surveyresponse" in repr(row)]
    survey_rows = [row[:3] for row in rows if row[0].startswith("implementation.")]
    participation = SurveyParticipation.objects.get()
    assert (mentions, survey_rows) == (
        [],
        [
            (
                "implementation.survey.answered",
                "implementation.surveyparticipation",
                str(participation.pk),
            )
        ],
    )


def test_a_second_answer_is_refused_and_the_first_kept(survey):
    key = person_key_of(voter_in(survey.edition))
    answer_survey(survey=survey, person_key=key, answers=answers_for(survey, scale=2), actor=None)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        answer_survey(
            survey=survey, person_key=key, answers=answers_for(survey, scale=5), actor=None
        )
    assert (
        refused.value.code,
        refused.value.messages[0].startswith("You have already answered"),
        SurveyResponse.objects.count(),
        SurveyParticipation.objects.count(),
    ) == ("already_answered", True, 1, 1)


def test_a_non_participant_is_refused_and_nothing_is_written(survey):
    with pytest.raises(ValidationError) as refused:
        answer_survey(
            survey=survey,
            person_key=person_key_of(make_resident()),
            answers=answers_for(survey),
            actor=None,
        )
    assert (refused.value.code, SurveyResponse.objects.count()) == ("not_participant", 0)


def test_a_missing_required_answer_is_refused_by_the_service(survey):
    key = person_key_of(voter_in(survey.edition))
    scale_q = questions_of(survey)[0]
    with pytest.raises(ValidationError) as refused:
        answer_survey(
            survey=survey, person_key=key, answers=answers_for(survey, scale=None), actor=None
        )
    assert (list(refused.value.message_dict), SurveyResponse.objects.count()) == (
        [f"q{scale_q.pk}"],
        0,
    )


def test_an_option_out_of_range_is_refused(survey):
    key = person_key_of(voter_in(survey.edition))
    with pytest.raises(ValidationError):
        answer_survey(
            survey=survey, person_key=key, answers=answers_for(survey, choice=7), actor=None
        )
    assert SurveyResponse.objects.count() == 0


def test_an_optional_question_left_empty_is_not_stored(survey):
    key = person_key_of(voter_in(survey.edition))
    answer_survey(
        survey=survey, person_key=key, answers=answers_for(survey, choice=None), actor=None
    )
    scale_q = questions_of(survey)[0]
    assert SurveyResponse.objects.get().answers == {str(scale_q.pk): 4}


def test_a_closed_survey_takes_no_answers():
    survey = closed_survey(past_edition())
    key = person_key_of(voter_in(survey.edition))
    with pytest.raises(ValidationError) as refused:
        answer_survey(survey=survey, person_key=key, answers=answers_for(survey), actor=None)
    assert refused.value.code == "closed"


# --- The page -------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client, survey):
    response = client.get(survey_url(survey))
    assert (response.status_code, response["Location"].split("?")[0]) == (
        302,
        "/en/accounts/login/",
    )


def test_without_a_confirmed_identity_the_page_explains_how(client, survey):
    client.force_login(make_user())
    body = client.get(survey_url(survey)).content.decode()
    assert ("Confirm who you are" in body, 'href="/en/profile/"' in body) == (True, True)


def test_a_non_participant_gets_an_explanation(client, survey):
    client.force_login(make_resident())
    response = client.get(survey_url(survey))
    assert (response.status_code, "for the people who took part" in response.content.decode()) == (
        200,
        True,
    )


def test_a_participant_sees_the_questions(client, survey, voter):
    body = client.get(survey_url(survey)).content.decode()
    assert ("How easy was it to vote?" in body, "Social media" in body) == (True, True)


def test_the_answers_are_saved_and_the_participant_thanked(client, survey, voter):
    response = client.post(survey_url(survey), form_data(survey, text="Більше реклами"))
    follow = client.get(response["Location"]).content.decode()
    assert (
        response.status_code,
        SurveyResponse.objects.count(),
        "your answers are saved" in follow,
    ) == (303, 1, True)


def test_a_second_answer_on_the_page_says_already_answered(client, survey, voter):
    client.post(survey_url(survey), form_data(survey))
    response = client.post(survey_url(survey), form_data(survey, scale="1"))
    assert (
        response.status_code,
        "You have already answered" in response.content.decode(),
        SurveyResponse.objects.count(),
    ) == (409, True, 1)


def test_a_required_question_left_empty_is_marked_and_other_answers_kept(client, survey, voter):
    response = client.post(survey_url(survey), form_data(survey, scale="", text="Мій текст"))
    body = response.content.decode()
    choice_q = questions_of(survey)[1]
    assert (
        response.status_code,
        "Answer this question: it is required." in body,
        "Мій текст</textarea>" in body,
        f'<input type="radio" name="q{choice_q.pk}" value="1" id="id_q{choice_q.pk}_1" checked>'
        in body,
        SurveyResponse.objects.count(),
    ) == (400, True, True, True, 0)


def test_a_survey_not_open_yet_gives_its_dates(client):
    today = timezone.localdate()
    survey = make_survey(
        past_edition(), opens_on=today + timedelta(days=2), closes_on=today + timedelta(days=9)
    )
    body = client.get(survey_url(survey)).content.decode()
    assert (
        f"The survey is not open yet: it takes answers from {today + timedelta(days=2):%d.%m.%Y} "
        f"to {today + timedelta(days=9):%d.%m.%Y} inclusive." in body
    )


def test_a_closed_survey_says_so_and_links_to_the_results(client):
    survey = closed_survey(past_edition())
    body = client.get(survey_url(survey)).content.decode()
    assert ("The survey is closed" in body, "/survey/results/" in body) == (True, True)


def test_an_unpublished_survey_is_not_found(client):
    survey = make_survey(past_edition(), is_published=False)
    assert client.get(survey_url(survey)).status_code == 404


def test_the_survey_page_makes_as_many_queries_with_many_questions(
    client, survey, voter, django_assert_max_num_queries
):

    with CaptureQueriesContext(connection) as few:
        client.get(survey_url(survey))
    for position in range(4, 20):
        SurveyQuestion.objects.create(
            survey=survey,
            position=position,
            text_uk=f"Питання {position}",
            kind=QuestionKind.CHOICE,
            options=[{"uk": "Так", "en": "Yes"}, {"uk": "Ні", "en": "No"}],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(survey_url(survey))


def test_no_answer_to_an_optional_question_is_a_choice_on_the_page(client, survey, voter):
    scale_q, choice_q, _text_q = questions_of(survey)
    body = client.get(survey_url(survey)).content.decode()
    client.post(survey_url(survey), form_data(survey, choice=""))
    assert (
        f'<input type="radio" name="q{choice_q.pk}" value="" id="id_q{choice_q.pk}_3" checked>'
        in body,
        SurveyResponse.objects.get().answers,
    ) == (True, {str(scale_q.pk): 4})
