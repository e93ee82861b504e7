"""The evaluation summary of an edition as an A4 PDF (WeasyPrint), in the language of
the request: Ukrainian by default, English under /en/."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

from hromada.core.documents import render_pdf
from hromada.implementation.evaluation.summary import EvaluationSummary, survey_lines
from hromada.implementation.evaluation.survey_results import MIN_RESPONSES

PDF_TEMPLATE = "implementation/evaluation/evaluation_pdf.html"


def evaluation_pdf(summary: EvaluationSummary) -> bytes:
    return render_pdf(
        PDF_TEMPLATE,
        {
            "summary": summary,
            "edition": summary.edition,
            "survey_lines": (
                survey_lines(summary.survey.results)
                if summary.survey is not None and summary.survey.results is not None
                else []
            ),
            "threshold": MIN_RESPONSES,
            "community": (
                settings.COMMUNITY_NAME_EN
                if (get_language() or "").startswith("en")
                else settings.COMMUNITY_NAME_UK
            ),
        },
    )
