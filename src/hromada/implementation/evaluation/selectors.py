"""Reads of the evaluation: the ratings of delivered projects, who took part in an
edition, and where an edition's survey stands. Nothing here returns who gave a rating
or which answers a participant gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hromada.budget.models import Edition, Project, Support
from hromada.budget.workflow import PUBLIC_STATES
from hromada.implementation.enums import CommentState, ImplementationStatus
from hromada.implementation.models import (
    ImplementationRecord,
    Rating,
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
)
from hromada.voting.models import VoterRecord

SCORES = (5, 4, 3, 2, 1)
SCORE_LABELS = {
    5: _("5 — excellent"),
    4: _("4 — good"),
    3: _("3 — acceptable"),
    2: _("2 — poor"),
    1: _("1 — very poor"),
}
AVERAGE_PLACES = Decimal("0.1")


def average_of(total: int, count: int) -> Decimal | None:
    """An average score to one decimal place (half up), None without ratings."""
    if not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(AVERAGE_PLACES, rounding=ROUND_HALF_UP)


def public_edition(slug: str) -> Edition:
    found = Edition.objects.filter(slug=slug, is_published=True).first()
    if found is None:
        raise Http404
    return found


# --- Ratings --------------------------------------------------------------------------


def public_project(edition: Edition, project_id: int) -> Project:
    """A project the public may see, with its implementation record (if it won) in the
    same query."""
    found = (
        Project.objects.filter(pk=project_id, edition=edition, state__in=PUBLIC_STATES)
        .select_related("edition", "implementation")
        .first()
    )
    if found is None:
        raise Http404
    return found


def record_of(project: Project) -> ImplementationRecord | None:
    try:
        record: ImplementationRecord = project.implementation
    except ImplementationRecord.DoesNotExist:
        return None
    return record


def is_rateable(record: ImplementationRecord | None) -> bool:
    return record is not None and record.status == ImplementationStatus.IMPLEMENTED


def existing_rating(record: ImplementationRecord, person_key: str) -> Rating | None:
    return Rating.objects.filter(record=record, person_key=person_key).first()


@dataclass(frozen=True)
class ScoreRow:
    score: int
    count: int
    width: str  # bar length in per cent of the most frequent score, for an SVG attribute

    @property
    def label(self) -> str:
        return str(SCORE_LABELS[self.score])


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: Decimal | None
    distribution: list[ScoreRow]
    comments: list[Rating] = field(default_factory=list)


def bar_width(value: int, highest: int) -> str:
    """A bar length for an SVG attribute: always with a dot, never localized."""
    if highest <= 0:
        return "0"
    return f"{Decimal(value) * 100 / Decimal(highest):.2f}"


def distribution_rows(counts: dict[int, int]) -> list[ScoreRow]:
    highest = max(counts.values(), default=0)
    return [
        ScoreRow(score, counts.get(score, 0), bar_width(counts.get(score, 0), highest))
        for score in SCORES
    ]


def rating_summary(record: ImplementationRecord) -> RatingSummary:
    """Every score counts at once; comments only once a moderator published them."""
    counts = {
        row["score"]: row["count"]
        for row in Rating.objects.filter(record=record)
        .order_by()
        .values("score")
        .annotate(count=Count("pk"))
    }
    total = sum(score * count for score, count in counts.items())
    number = sum(counts.values())
    comments = list(
        Rating.objects.filter(record=record, comment_state=CommentState.PUBLISHED)
        .only("score", "comment", "created_at")
        .order_by("-created_at", "pk")
    )
    return RatingSummary(number, average_of(total, number), distribution_rows(counts), comments)


def pending_comments(edition: Edition) -> QuerySet[Rating]:
    """Comments waiting for a moderator, oldest first (no person key is needed to judge
    a text, so none is loaded)."""
    return (
        Rating.objects.filter(record__project__edition=edition, comment_state=CommentState.PENDING)
        .select_related("record__project")
        .defer("person_key")
        .order_by("created_at", "pk")
    )


def comment_counts(edition: Edition) -> dict[str, int]:
    rows = (
        Rating.objects.filter(record__project__edition=edition)
        .order_by()
        .values("comment_state")
        .annotate(count=Count("pk"))
    )
    counts = {state.value: 0 for state in CommentState}
    counts.update({row["comment_state"]: row["count"] for row in rows})
    return counts


def rating_for_moderation(edition: Edition, rating_id: int) -> Rating:
    found = (
        Rating.objects.filter(pk=rating_id, record__project__edition=edition)
        .select_related("record__project")
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- Participants and the survey ------------------------------------------------------


def is_participant(edition: Edition, person_key: str) -> bool:
    """Took part in the edition: voted (a ballot not annulled), authored a project that
    was submitted, or supported a project."""
    if VoterRecord.objects.filter(
        edition=edition, person_key=person_key, annulment__isnull=True
    ).exists():
        return True
    if Project.objects.filter(
        edition=edition,
        first_submitted_at__isnull=False,
        author__identity__person_key=person_key,
    ).exists():
        return True
    return Support.objects.filter(project__edition=edition, person_key=person_key).exists()


def survey_of(edition: Edition) -> Survey | None:
    """The edition's survey with its questions in order (two queries)."""
    return (
        Survey.objects.filter(edition=edition)
        .select_related("edition")
        .prefetch_related(
            Prefetch("questions", queryset=SurveyQuestion.objects.order_by("position", "pk"))
        )
        .first()
    )


class Window:
    """Where a survey stands on a given day."""

    UNPUBLISHED = "unpublished"
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


def survey_window(survey: Survey, today: date) -> str:
    if not survey.is_published:
        return Window.UNPUBLISHED
    if today < survey.opens_on:
        return Window.NOT_YET
    if today > survey.closes_on:
        return Window.CLOSED
    return Window.OPEN


def option_label(option: dict[str, str]) -> str:
    """A choice option in the active language, or in Ukrainian when not translated."""
    language = (get_language() or "uk").split("-")[0]
    return str(option.get(language) or option.get("uk") or "")


def has_answered(survey: Survey, person_key: str) -> bool:
    return SurveyParticipation.objects.filter(survey=survey, person_key=person_key).exists()


def has_responses(survey: Survey) -> bool:
    """Once anyone has answered, the questions are fixed."""
    return SurveyResponse.objects.filter(survey=survey).exists()


def response_count(survey: Survey) -> int:
    return SurveyResponse.objects.filter(survey=survey).count()
