"""The evaluation summary of an edition, for its page and its PDF: turnout, projects
delivered on time, ratings, and the survey's results in short.

Only numbers the platform holds are shown: turnout is the ballots counted in the
approved results, without a percentage, because the number of eligible residents is
not known to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hromada.budget.models import Edition
from hromada.implementation.enums import ImplementationStatus, QuestionKind
from hromada.implementation.evaluation.selectors import (
    Window,
    average_of,
    survey_of,
    survey_window,
)
from hromada.implementation.evaluation.survey_results import SurveyResults, survey_results
from hromada.implementation.models import ImplementationRecord, Rating, Survey
from hromada.voting.models import ResultsSnapshot
from hromada.voting.selectors import approved_snapshot


@dataclass(frozen=True)
class ProjectRating:
    project_id: int
    number: int | None
    title: str
    count: int
    average: Decimal | None


@dataclass
class SurveySummary:
    survey: Survey
    window: str
    results: SurveyResults | None  # None until the results are public
    responses: int | None = None  # known once the survey has closed

    @property
    def is_public(self) -> bool:
        return self.results is not None


@dataclass
class EvaluationSummary:
    edition: Edition
    ballots_counted: int | None
    winners: int
    implemented: int
    on_time: int
    late: int
    without_dates: int
    rating_count: int
    overall_average: Decimal | None
    projects: list[ProjectRating] = field(default_factory=list)
    survey: SurveySummary | None = None

    @property
    def on_time_share_of_implemented(self) -> Decimal | None:
        return _percent(self.on_time, self.implemented)

    @property
    def on_time_share_of_winners(self) -> Decimal | None:
        return _percent(self.on_time, self.winners)


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"))


def _selected_in(snapshot: ResultsSnapshot | None) -> int | None:
    if snapshot is None:
        return None
    return sum(
        1
        for pool in (snapshot.outcome or {}).get("pools", [])
        for row in pool.get("projects", [])
        if row.get("selected")
    )


def _delivery(edition: Edition) -> dict[str, int]:
    implemented = Q(status=ImplementationStatus.IMPLEMENTED)
    dated = implemented & Q(actual_end__isnull=False, planned_end__isnull=False)
    counts = ImplementationRecord.objects.filter(project__edition=edition).aggregate(
        winners=Count("pk"),
        implemented=Count("pk", filter=implemented),
        on_time=Count("pk", filter=dated & Q(actual_end__lte=F("planned_end"))),
        late=Count("pk", filter=dated & Q(actual_end__gt=F("planned_end"))),
    )
    counts["without_dates"] = counts["implemented"] - counts["on_time"] - counts["late"]
    return counts


def _project_ratings(edition: Edition) -> list[ProjectRating]:
    """Every implemented project of the edition, rated or not, by number."""
    rows = (
        ImplementationRecord.objects.filter(
            project__edition=edition, status=ImplementationStatus.IMPLEMENTED
        )
        .order_by("project__number", "pk")
        .values("project_id", "project__number", "project__title")
        .annotate(count=Count("ratings"), total=Sum("ratings__score"))
    )
    return [
        ProjectRating(
            project_id=row["project_id"],
            number=row["project__number"],
            title=row["project__title"],
            count=row["count"],
            average=average_of(row["total"] or 0, row["count"]),
        )
        for row in rows
    ]


def survey_summary(survey: Survey | None, today: date) -> SurveySummary | None:
    """The survey's results as the public may see them: once it has closed and has
    enough responses (texts stay on the results page)."""
    if survey is None or not survey.is_published:
        return None
    window = survey_window(survey, today)
    if window != Window.CLOSED:
        return SurveySummary(survey, window, None)
    found = survey_results(survey, with_texts=False)
    return SurveySummary(survey, window, found if found.is_enough else None, found.total)


def evaluation_summary(edition: Edition, today: date | None = None) -> EvaluationSummary:
    today = today or timezone.localdate()
    snapshot = approved_snapshot(edition)
    delivery = _delivery(edition)
    totals = Rating.objects.filter(record__project__edition=edition).aggregate(
        count=Count("pk"), total=Sum("score")
    )
    return EvaluationSummary(
        edition=edition,
        ballots_counted=snapshot.ballots_counted if snapshot is not None else None,
        # The approved count says who won; before it, the records are all there is.
        winners=_selected_in(snapshot) or delivery["winners"],
        implemented=delivery["implemented"],
        on_time=delivery["on_time"],
        late=delivery["late"],
        without_dates=delivery["without_dates"],
        rating_count=totals["count"],
        overall_average=average_of(totals["total"] or 0, totals["count"]),
        projects=_project_ratings(edition),
        survey=survey_summary(survey_of(edition), today),
    )


def survey_lines(results: SurveyResults) -> list[tuple[int, str, str]]:
    """One short line per question for the summary: the average score, the most chosen
    option, or how many wrote an answer."""
    lines = []
    for result in results.questions:
        text = str(result.question.text)
        if result.kind == QuestionKind.SCALE:
            if result.average is None:
                line = _("no answers")
            else:
                line = _("average score %(average)s of 5 (%(count)s answers)") % {
                    "average": number_format(result.average, 1),
                    "count": result.answered,
                }
        elif result.kind == QuestionKind.CHOICE:
            top = max(result.bars, key=lambda bar: bar.count, default=None)
            if top is None or not top.count:
                line = _("no answers")
            else:
                line = _("most chosen: “%(option)s” — %(count)s of %(answered)s answers") % {
                    "option": top.label,
                    "count": top.count,
                    "answered": result.answered,
                }
        else:
            line = _("%(count)s written answers") % {"count": result.answered}
        lines.append((result.number, text, line))
    return lines
