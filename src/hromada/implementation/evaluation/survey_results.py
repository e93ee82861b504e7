"""The survey's results: per question the distribution of scores or the counts per
option (as bars and a table), or the list of text answers, and the same as files.

Results are shown only from MIN_RESPONSES responses on, so that a handful of answers
cannot be traced to the few people who gave them. Text answers and every per-response
row are shuffled on each request, so that their order says nothing about who answered
first."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hromada.implementation.enums import QuestionKind
from hromada.implementation.evaluation.selectors import (
    average_of,
    bar_width,
    option_label,
)
from hromada.implementation.models import Survey, SurveyQuestion, SurveyResponse

MIN_RESPONSES = 5
_shuffler = random.SystemRandom()


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    width: str
    share: Decimal  # per cent of those who answered the question


@dataclass
class QuestionResult:
    number: int
    question: SurveyQuestion
    answered: int
    bars: list[Bar] = field(default_factory=list)
    average: Decimal | None = None
    texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def is_text(self) -> bool:
        return self.question.kind == QuestionKind.TEXT


@dataclass
class SurveyResults:
    survey: Survey
    total: int
    questions: list[QuestionResult]
    threshold: int = MIN_RESPONSES

    @property
    def is_enough(self) -> bool:
        return self.total >= self.threshold


def _share(count: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0")
    return (Decimal(count) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def _bars(labels: Sequence[str], counts: Sequence[int], answered: int) -> list[Bar]:
    highest = max(counts, default=0)
    return [
        Bar(label, count, bar_width(count, highest), _share(count, answered))
        for label, count in zip(labels, counts, strict=True)
    ]


def question_result(
    number: int, question: SurveyQuestion, answers: Sequence[dict[str, Any]], with_texts: bool
) -> QuestionResult:
    key = str(question.pk)
    given = [answer[key] for answer in answers if key in answer]
    result = QuestionResult(number, question, len(given))
    if question.kind == QuestionKind.SCALE:
        counts = Counter(value for value in given if isinstance(value, int))
        scores = [1, 2, 3, 4, 5]
        result.bars = _bars(
            [str(score) for score in scores], [counts[score] for score in scores], len(given)
        )
        result.average = average_of(sum(s * c for s, c in counts.items()), sum(counts.values()))
    elif question.kind == QuestionKind.CHOICE:
        counts = Counter(value for value in given if isinstance(value, int))
        labels = [option_label(option) for option in question.options]
        result.bars = _bars(labels, [counts[index] for index in range(len(labels))], len(given))
    elif with_texts:
        texts = [str(value) for value in given if str(value).strip()]
        _shuffler.shuffle(texts)
        result.texts = texts
    return result


def survey_results(survey: Survey, *, with_texts: bool) -> SurveyResults:
    """`with_texts`: include the text answers (only once the survey has closed). The
    survey's questions should be prefetched (selectors.survey_of)."""
    answers = list(SurveyResponse.objects.filter(survey=survey).values_list("answers", flat=True))
    questions = list(survey.questions.all())
    return SurveyResults(
        survey=survey,
        total=len(answers),
        questions=[
            question_result(number, question, answers, with_texts)
            for number, question in enumerate(questions, start=1)
        ],
    )


# --- Files ----------------------------------------------------------------------------


def _answer_cell(question: SurveyQuestion, value: Any) -> object:
    if value is None:
        return ""
    if question.kind == QuestionKind.CHOICE and isinstance(value, int):
        options = question.options
        return option_label(options[value]) if 0 <= value < len(options) else ""
    return value


def responses_table(survey: Survey) -> tuple[list[str], list[list[object]]]:
    """One row per response, a column per question, in a fresh random order."""
    questions = list(survey.questions.all())
    header = [f"{number}. {question.text}" for number, question in enumerate(questions, 1)]
    rows = [
        [_answer_cell(question, answers.get(str(question.pk))) for question in questions]
        for answers in SurveyResponse.objects.filter(survey=survey).values_list(
            "answers", flat=True
        )
    ]
    _shuffler.shuffle(rows)
    return header, rows


def summary_table(results: SurveyResults) -> tuple[list[str], list[list[object]]]:
    """Per question: a row per score or option with its count and share; the average
    score on a row of its own; for a text question, how many answered."""
    header = [_("No."), _("Question"), _("Answer"), _("Count"), _("Share of answers, %")]
    rows: list[list[object]] = []
    for result in results.questions:
        text = str(result.question.text)
        if result.is_text:
            rows.append([result.number, text, _("text answers"), result.answered, ""])
            continue
        for bar in result.bars:
            rows.append([result.number, text, bar.label, bar.count, bar.share])
        if result.kind == QuestionKind.SCALE:
            rows.append([result.number, text, _("average score (1–5)"), result.average, ""])
    return header, rows
