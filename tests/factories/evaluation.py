"""Delivered projects to rate, residents who took part in an edition, and surveys with
their questions and responses. Records, surveys and responses are written directly;
ratings and answers that a test is about go through the services."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hromada.accounts.models import User
from hromada.budget.enums import ProjectState, SupportChannel
from hromada.budget.models import Edition, Project, Support
from hromada.implementation.enums import CommentState, ImplementationStatus, QuestionKind
from hromada.implementation.models import (
    ImplementationRecord,
    Rating,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from hromada.voting.enums import Channel, SnapshotStatus
from hromada.voting.models import ResultsSnapshot, VoterRecord
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition, make_resident
from tests.factories.budget_projects import make_project


def past_edition(**settings: Any) -> Edition:
    """An edition whose voting ended long ago (submission started 400 days back)."""
    return make_edition(submission_start=timezone.localdate() - timedelta(days=400), **settings)


def make_record(
    edition: Edition,
    *,
    status: str = ImplementationStatus.IMPLEMENTED,
    title: str = "Лавки у сквері",
    planned_end: date | None = None,
    actual_end: date | None = None,
    project: Project | None = None,
    **fields: Any,
) -> ImplementationRecord:
    """A winning project (admitted, numbered) and its implementation record."""
    project = project or make_project(edition, state=ProjectState.ADMITTED, title=title)
    return ImplementationRecord.objects.create(
        project=project,
        status=status,
        planned_end=planned_end,
        actual_end=actual_end,
        estimate=project.total_cost or Decimal("0"),
        progress=100 if status == ImplementationStatus.IMPLEMENTED else 0,
        **fields,
    )


def person_key_of(user: User) -> str:
    return str(user.identity.person_key)  # type: ignore[attr-defined]


def make_rating(
    record: ImplementationRecord,
    score: int,
    *,
    comment: str = "",
    comment_state: str | None = None,
    person_key: str | None = None,
) -> Rating:
    """A rating written directly (for summaries and moderation lists)."""
    return Rating.objects.create(
        record=record,
        person_key=person_key or secrets.token_hex(32),
        score=score,
        comment=comment,
        comment_state=comment_state or (CommentState.PENDING if comment else CommentState.NONE),
    )


def voter_in(edition: Edition, **resident: Any) -> User:
    """A resident with a confirmed identity who voted in the edition."""
    user = make_resident(**resident)
    VoterRecord.objects.create(
        edition=edition,
        person_key=person_key_of(user),
        channel=Channel.ONLINE,
        cast_on=timezone.localdate(),
    )
    return user


def supporter_in(edition: Edition) -> User:
    """A resident who supported a project of the edition (and did nothing else)."""
    user = make_resident()
    project = make_project(edition, state=ProjectState.IN_REVIEW, title="Підтриманий проєкт")
    Support.objects.create(
        project=project, person_key=person_key_of(user), channel=SupportChannel.ONLINE
    )
    return user


def author_in(edition: Edition, *, submitted: bool = True) -> User:
    """A resident who authored a project of the edition (submitted, or only a draft)."""
    user = make_resident()
    if submitted:
        make_project(edition, state=ProjectState.REJECTED, title="Мій проєкт", author=user)
    else:
        make_project(edition, state=ProjectState.DRAFT, title="Чернетка", author=user)
    return user


DEFAULT_QUESTIONS: tuple[dict[str, Any], ...] = (
    {
        "kind": QuestionKind.SCALE,
        "text_uk": "Наскільки зручно було голосувати?",
        "text_en": "How easy was it to vote?",
        "is_required": True,
    },
    {
        "kind": QuestionKind.CHOICE,
        "text_uk": "Звідки ви дізналися про бюджет?",
        "text_en": "Where did you hear about the budget?",
        "options": [
            {"uk": "Сайт громади", "en": "The community's website"},
            {"uk": "Соцмережі", "en": "Social media"},
            {"uk": "Від знайомих", "en": "From people I know"},
        ],
    },
    {
        "kind": QuestionKind.TEXT,
        "text_uk": "Що варто змінити?",
        "text_en": "What should change?",
    },
)


def make_survey(
    edition: Edition,
    *,
    opens_on: date | None = None,
    closes_on: date | None = None,
    is_published: bool = True,
    questions: Sequence[Mapping[str, Any]] = DEFAULT_QUESTIONS,
) -> Survey:
    """A survey open today (by default) with a scale, a choice and a text question."""
    today = timezone.localdate()
    survey = Survey.objects.create(
        edition=edition,
        intro_uk="Розкажіть, як усе пройшло.",
        intro_en="Tell us how it went.",
        opens_on=opens_on or today - timedelta(days=3),
        closes_on=closes_on or today + timedelta(days=10),
        is_published=is_published,
    )
    for position, spec in enumerate(questions, start=1):
        SurveyQuestion.objects.create(survey=survey, position=position, **spec)
    return survey


def closed_survey(edition: Edition, **options: Any) -> Survey:
    today = timezone.localdate()
    return make_survey(
        edition,
        opens_on=today - timedelta(days=30),
        closes_on=today - timedelta(days=1),
        **options,
    )


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(survey.questions.order_by("position", "pk"))


def add_responses(survey: Survey, answers: Sequence[Mapping[int, Any]]) -> None:
    """Responses written directly; each maps a question's position (1, 2, …) to the
    stored answer (score, option index or text)."""
    by_position = {question.position: question for question in questions_of(survey)}
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            survey=survey,
            answers={str(by_position[position].pk): value for position, value in given.items()},
        )
        for given in answers
    )


def approved_count(
    edition: Edition, *, ballots: int, selected: Sequence[Project] = ()
) -> ResultsSnapshot:
    """An approved count of `ballots` ballots selecting `selected` (the documented
    outcome format, stored directly)."""
    return ResultsSnapshot.objects.create(
        edition=edition,
        sequence=ResultsSnapshot.objects.filter(edition=edition).count() + 1,
        status=SnapshotStatus.APPROVED,
        counted_at=timezone.now() - timedelta(days=2),
        counted_by=make_user(),
        ballots_counted=ballots,
        checksum="0" * 64,
        outcome={
            "pools": [
                {
                    "code": "small",
                    "projects": [
                        {"project": project.pk, "number": project.number, "selected": True}
                        for project in selected
                    ],
                }
            ]
        },
        statistics={},
        approved_at=timezone.now(),
    )
