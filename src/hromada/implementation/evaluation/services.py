"""Writes of the evaluation: a resident's rating of a delivered project, the survey an
edition's coordinator defines, and a participant's anonymous answers.

A survey answer is two rows written in one transaction and never linked: the
participation (this person key has answered) and the response (the answers under a
random id, with no person and no time), as ballots are kept apart from voter records
(ADR 0005). The audit row is about the participation, never the response."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.models import Edition
from hromada.core.activity import log_activity, snapshot
from hromada.implementation.enums import CommentState, ImplementationStatus, QuestionKind
from hromada.implementation.evaluation.selectors import (
    Window,
    existing_rating,
    has_answered,
    has_responses,
    is_participant,
    survey_window,
)
from hromada.implementation.models import (
    ImplementationRecord,
    Rating,
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)

MAX_COMMENT_LENGTH = 1000
MAX_TEXT_ANSWER_LENGTH = 2000
MIN_CHOICE_OPTIONS = 2
MAX_CHOICE_OPTIONS = 20
SCALE = range(1, 6)
SURVEY_FIELDS = ("intro_uk", "intro_en", "opens_on", "closes_on", "is_published")
QUESTION_FIELDS = ("position", "text_uk", "text_en", "kind", "options", "is_required")


# --- Ratings --------------------------------------------------------------------------


def already_rated_message(rating: Rating) -> str:
    return _(
        "You have already rated this project on %(date)s. A rating cannot be changed: "
        "your earlier score and comment are kept."
    ) % {"date": timezone.localtime(rating.created_at).strftime("%d.%m.%Y")}


def not_implemented_message() -> str:
    return _("Only delivered projects can be rated: this project has not been implemented yet.")


def rate_project(
    *,
    record: ImplementationRecord,
    person_key: str,
    score: int,
    comment: str = "",
    now: datetime | None = None,
) -> Rating:
    """One rating per person key and project, final once given. The score counts at
    once; a comment waits for a moderator. The audit row names no actor, so that the
    activity log does not put a name beside a score."""
    now = now or timezone.now()
    if record.status != ImplementationStatus.IMPLEMENTED:
        raise ValidationError(not_implemented_message(), code="not_implemented")
    errors: dict[str, str] = {}
    if score not in SCALE:
        errors["score"] = _("Choose a score from 1 to 5.")
    comment = comment.strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        errors["comment"] = _("The comment is at most %(limit)s characters long.") % {
            "limit": MAX_COMMENT_LENGTH
        }
    if errors:
        raise ValidationError(errors)
    previous = existing_rating(record, person_key)
    if previous is not None:
        raise ValidationError(already_rated_message(previous), code="already_rated")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                record=record,
                person_key=person_key,
                score=score,
                comment=comment,
                comment_state=CommentState.PENDING if comment else CommentState.NONE,
                created_at=now,
            )
            log_activity(
                actor=None,
                action="implementation.rating.added",
                target=rating,
                after={"record": record.pk, "score": score, "comment_state": rating.comment_state},
            )
    except IntegrityError:
        # A parallel request of the same person won the race (the unique constraint).
        previous = existing_rating(record, person_key)
        if previous is None:
            raise
        raise ValidationError(already_rated_message(previous), code="already_rated") from None
    return rating


# --- The survey, as the coordinator defines it ----------------------------------------


def locked_message() -> str:
    return _(
        "The survey already has answers, so its questions can no longer change: "
        "changing them would change what people answered."
    )


def save_survey(
    *,
    edition: Edition,
    actor: User,
    intro_uk: str,
    intro_en: str,
    opens_on: date,
    closes_on: date,
    is_published: bool,
) -> Survey:
    """Create or change the edition's survey (dates, introduction, whether it is open to
    participants). The questions are edited one by one."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(edition=edition).first()
        errors: dict[str, str] = {}
        if closes_on < opens_on:
            errors["closes_on"] = _("The survey cannot close before it opens.")
        if is_published and (survey is None or not survey.questions.exists()):
            errors["is_published"] = _(
                "Add at least one question before opening the survey to participants."
            )
        if errors:
            raise ValidationError(errors)
        before = snapshot(survey, SURVEY_FIELDS) if survey is not None else None
        if survey is None:
            survey = Survey(edition=edition)
        survey.intro_uk = intro_uk.strip()
        survey.intro_en = intro_en.strip()
        survey.opens_on = opens_on
        survey.closes_on = closes_on
        survey.is_published = is_published
        survey.save()
        log_activity(
            actor=actor,
            action="implementation.survey.created"
            if before is None
            else "implementation.survey.changed",
            target=survey,
            before=before,
            after=snapshot(survey, SURVEY_FIELDS),
        )
    return survey


def _lock_for_questions(survey: Survey) -> Survey:
    """The survey row locked against a first answer arriving while questions change."""
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    if has_responses(locked):
        raise ValidationError(locked_message(), code="locked")
    return locked


def _check_question(kind: str, options: Sequence[Mapping[str, str]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose how the question is answered.")
    elif kind == QuestionKind.CHOICE:
        if len(options) < MIN_CHOICE_OPTIONS:
            errors["options_uk"] = _("A choice question needs at least two options, one per line.")
        elif len(options) > MAX_CHOICE_OPTIONS:
            errors["options_uk"] = _("A choice question has at most %(limit)s options.") % {
                "limit": MAX_CHOICE_OPTIONS
            }
    elif options:
        errors["options_uk"] = _("Only a choice question has options: leave this empty.")
    return errors


def save_question(
    *,
    survey: Survey,
    actor: User,
    text_uk: str,
    text_en: str,
    kind: str,
    options: Sequence[Mapping[str, str]],
    is_required: bool,
    question: SurveyQuestion | None = None,
) -> SurveyQuestion:
    """Add a question at the end, or change one, while nobody has answered."""
    with transaction.atomic():
        locked = _lock_for_questions(survey)
        errors = _check_question(kind, options)
        if not text_uk.strip():
            errors["text_uk"] = _("Write the question in Ukrainian.")
        if errors:
            raise ValidationError(errors)
        before = snapshot(question, QUESTION_FIELDS) if question is not None else None
        if question is None:
            last = locked.questions.aggregate(last=Max("position"))["last"]
            question = SurveyQuestion(survey=locked, position=(last or 0) + 1)
        question.text_uk = text_uk.strip()
        question.text_en = text_en.strip()
        question.kind = kind
        question.options = [{"uk": option["uk"], "en": option.get("en", "")} for option in options]
        question.is_required = is_required
        question.save()
        log_activity(
            actor=actor,
            action="implementation.survey.question_added"
            if before is None
            else "implementation.survey.question_changed",
            target=locked,
            before=before,
            after={"question": question.pk, **snapshot(question, QUESTION_FIELDS)},
        )
    return question


def _renumber(survey: Survey) -> None:
    for position, question in enumerate(survey.questions.order_by("position", "pk"), start=1):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])


def remove_question(*, question: SurveyQuestion, actor: User) -> None:
    with transaction.atomic():
        locked = _lock_for_questions(question.survey)
        if locked.is_published and locked.questions.count() <= 1:
            raise ValidationError(
                _("An open survey needs at least one question: close it first."),
                code="last_question",
            )
        before = {"question": question.pk, **snapshot(question, QUESTION_FIELDS)}
        question.delete()
        _renumber(locked)
        log_activity(
            actor=actor,
            action="implementation.survey.question_removed",
            target=locked,
            before=before,
        )


def move_question(*, question: SurveyQuestion, actor: User, up: bool) -> None:
    """Swap the question with the one above (or below); at either end nothing moves."""
    with transaction.atomic():
        locked = _lock_for_questions(question.survey)
        _renumber(locked)
        ordered = list(locked.questions.order_by("position", "pk"))
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        other_index = index - 1 if up else index + 1
        if not 0 <= other_index < len(ordered):
            return
        first, second = ordered[index], ordered[other_index]
        first.position, second.position = second.position, first.position
        first.save(update_fields=["position"])
        second.save(update_fields=["position"])
        log_activity(
            actor=actor,
            action="implementation.survey.question_moved",
            target=locked,
            after={"question": first.pk, "position": first.position},
        )


# --- Answers --------------------------------------------------------------------------


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


def required_message() -> str:
    return _("Answer this question: it is required.")


def check_answers(
    questions: Sequence[SurveyQuestion], answers: Mapping[str, Any]
) -> dict[str, int | str]:
    """The answers as stored ({"<question id>": score | option index | text}), leaving
    out unanswered optional questions; errors are keyed by the form field."""
    cleaned: dict[str, int | str] = {}
    errors: dict[str, str] = {}
    for question in questions:
        value = answers.get(str(question.pk))
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            if question.is_required:
                errors[field_name(question)] = required_message()
            continue
        if question.kind == QuestionKind.TEXT:
            text = str(value)
            if len(text) > MAX_TEXT_ANSWER_LENGTH:
                errors[field_name(question)] = _(
                    "The answer is at most %(limit)s characters long."
                ) % {"limit": MAX_TEXT_ANSWER_LENGTH}
            else:
                cleaned[str(question.pk)] = text
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        allowed = SCALE if question.kind == QuestionKind.SCALE else range(len(question.options))
        if number not in allowed or isinstance(value, bool):
            errors[field_name(question)] = _("Choose one of the given answers.")
        else:
            cleaned[str(question.pk)] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


def already_answered_message() -> str:
    return _("You have already answered this survey. Thank you: each person answers once.")


def not_participant_message() -> str:
    return _(
        "This survey is for the people who took part in this edition: who voted, "
        "submitted a project or supported one. Your confirmed identity is not among them."
    )


def answer_survey(
    *,
    survey: Survey,
    person_key: str,
    answers: Mapping[str, Any],
    actor: User | None,
    today: date | None = None,
) -> None:
    """Store one participant's answers. Returns nothing on purpose: the response's id
    must not travel back towards the person."""
    today = today or timezone.localdate()
    questions = list(survey.questions.order_by("position", "pk"))
    cleaned = check_answers(questions, answers)
    with transaction.atomic():
        # Only the survey row: the edition is read, not locked.
        locked = (
            Survey.objects.select_for_update(of=("self",))
            .select_related("edition")
            .get(pk=survey.pk)
        )
        window = survey_window(locked, today)
        if window != Window.OPEN:
            raise ValidationError(
                _("The survey is not open now."),
                code="closed" if window == Window.CLOSED else window,
            )
        if has_answered(locked, person_key):
            raise ValidationError(already_answered_message(), code="already_answered")
        if not is_participant(locked.edition, person_key):
            raise ValidationError(not_participant_message(), code="not_participant")
        try:
            with transaction.atomic():
                participation = SurveyParticipation.objects.create(
                    survey=locked, person_key=person_key
                )
                SurveyResponse.objects.create(survey=locked, answers=cleaned)
                log_activity(
                    actor=actor,
                    action="implementation.survey.answered",
                    target=participation,
                    after={"survey": locked.pk},
                )
        except IntegrityError:
            raise ValidationError(already_answered_message(), code="already_answered") from None
