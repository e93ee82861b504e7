"""The evaluation summary of an edition: a public page and the same as a PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hromada.core.documents import pdf_response
from hromada.implementation.evaluation.documents import evaluation_pdf
from hromada.implementation.evaluation.selectors import public_edition
from hromada.implementation.evaluation.summary import evaluation_summary, survey_lines
from hromada.implementation.evaluation.survey_results import MIN_RESPONSES


@require_safe
def summary_page(request: HttpRequest, edition: str) -> HttpResponse:
    summary = evaluation_summary(public_edition(edition))
    survey = summary.survey
    return render(
        request,
        "implementation/evaluation/evaluation.html",
        {
            "edition": summary.edition,
            "summary": summary,
            "survey_lines": (
                survey_lines(survey.results)
                if survey is not None and survey.results is not None
                else []
            ),
            "threshold": MIN_RESPONSES,
        },
    )


@require_safe
def summary_pdf(request: HttpRequest, edition: str) -> HttpResponse:
    summary = evaluation_summary(public_edition(edition))
    return pdf_response(f"evaluation-{summary.edition.slug}.pdf", evaluation_pdf(summary))
