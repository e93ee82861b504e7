"""The demo evaluation: ratings with comments (one left for moderation) and a closed
survey of five questions with about forty responses, made through the services, once."""

from __future__ import annotations

import secrets

import pytest
from django.utils import timezone

from hromada.budget.models import Edition
from hromada.core.models import ActivityLog
from hromada.implementation.enums import CommentState, ImplementationStatus
from hromada.implementation.evaluation.demo import seed_evaluation
from hromada.implementation.evaluation.selectors import Window, survey_window
from hromada.implementation.models import Rating, Survey, SurveyResponse
from hromada.voting.enums import Channel
from hromada.voting.models import VoterRecord
from tests.factories.accounts import make_user
from tests.factories.evaluation import make_record, past_edition

pytestmark = pytest.mark.django_db


def with_voters(edition: Edition, count: int = 60) -> Edition:
    VoterRecord.objects.bulk_create(
        VoterRecord(
            edition=edition,
            person_key=secrets.token_hex(32),
            channel=Channel.ONLINE,
            cast_on=timezone.localdate(),
        )
        for _ in range(count)
    )
    return edition


@pytest.fixture
def edition() -> Edition:
    edition = with_voters(past_edition())
    for title in ("Лавки", "Ліхтарі", "Майданчик"):
        make_record(edition, title=title)
    make_record(edition, title="Сквер", status=ImplementationStatus.IN_PROGRESS)
    make_user(email="coordinator@example.org")
    return edition


def test_the_survey_is_closed_with_five_questions_and_forty_responses(edition):
    seed_evaluation(edition)
    survey = Survey.objects.get(edition=edition)
    assert (
        survey_window(survey, timezone.localdate()),
        sorted(survey.questions.values_list("kind", flat=True)),
        all(survey.questions.values_list("text_en", flat=True)),
        SurveyResponse.objects.filter(survey=survey).count(),
    ) == (Window.CLOSED, ["choice", "choice", "scale", "scale", "text"], True, 40)


def test_only_implemented_projects_are_rated(edition):
    seed_evaluation(edition)
    statuses = set(Rating.objects.values_list("record__status", flat=True))
    assert statuses == {ImplementationStatus.IMPLEMENTED}


def test_comments_are_published_but_one_left_pending(edition):
    seed_evaluation(edition)
    states = list(
        Rating.objects.exclude(comment="")
        .order_by("comment_state")
        .values_list("comment_state", flat=True)
    )
    assert states == [CommentState.PENDING, CommentState.PUBLISHED, CommentState.PUBLISHED]


def test_a_second_run_changes_nothing(edition):
    seed_evaluation(edition)
    counts = (Rating.objects.count(), SurveyResponse.objects.count(), ActivityLog.objects.count())
    seed_evaluation(edition)
    assert (
        Rating.objects.count(),
        SurveyResponse.objects.count(),
        ActivityLog.objects.count(),
    ) == counts


def test_without_implemented_projects_there_are_no_ratings():
    edition = with_voters(past_edition())
    make_record(edition, status=ImplementationStatus.IN_PROGRESS)
    log = seed_evaluation(edition)
    assert (Rating.objects.count(), log[0]) == (
        0,
        f"evaluation {edition.slug}: no implemented project to rate",
    )
