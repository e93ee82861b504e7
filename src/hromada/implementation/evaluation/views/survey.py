"""The process survey for residents: answering it (participants of the edition, once,
anonymously) and its results with the downloads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from hromada.accounts.selectors import identity_of
from hromada.budget.models import Edition
from hromada.core.exports import Sheet, csv_response, xlsx_response
from hromada.implementation.evaluation.forms import SurveyAnswerForm
from hromada.implementation.evaluation.selectors import (
    Window,
    has_answered,
    is_participant,
    public_edition,
    survey_of,
    survey_window,
)
from hromada.implementation.evaluation.services import (
    already_answered_message,
    answer_survey,
    not_participant_message,
)
from hromada.implementation.evaluation.survey_results import (
    MIN_RESPONSES,
    responses_table,
    summary_table,
    survey_results,
)
from hromada.implementation.evaluation.views.common import error_code, see_other
from hromada.implementation.models import Survey

VIEW_RESULTS = "implementation.view_survey_results"
TEMPLATES = "implementation/evaluation/"


def _published_survey(edition: Edition) -> Survey:
    found = survey_of(edition)
    if found is None or not found.is_published:
        raise Http404
    return found


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"{TEMPLATES}{template}", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, edition: str) -> HttpResponse:
    found = public_edition(edition)
    current = _published_survey(found)
    is_post = request.method == "POST"
    context: dict[str, Any] = {"edition": found, "survey": current}
    window = survey_window(current, timezone.localdate())
    if window != Window.OPEN:
        return _page(
            request, "survey_closed.html", {**context, "window": window}, 400 if is_post else 200
        )
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    identity = identity_of(request.user)
    if identity is None:
        return _page(request, "survey_verify.html", context, 403 if is_post else 200)
    if has_answered(current, identity.person_key):
        return _page(
            request,
            "survey_answered.html",
            {**context, "message": already_answered_message()},
            409 if is_post else 200,
        )
    if not is_participant(found, identity.person_key):
        return _page(
            request,
            "survey_not_participant.html",
            {**context, "message": not_participant_message()},
            403 if is_post else 200,
        )
    form = SurveyAnswerForm(request.POST if is_post else None, questions=current.questions.all())
    if is_post and form.is_valid():
        try:
            answer_survey(
                survey=current,
                person_key=identity.person_key,
                answers=form.answers(),
                actor=request.user,
            )
        except ValidationError as error:
            code = error_code(error)
            if code == "already_answered":
                return _page(
                    request, "survey_answered.html", {**context, "message": error.messages[0]}, 409
                )
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your answers are saved, without your name."))
            return see_other(reverse("implementation:survey", kwargs={"edition": found.slug}))
    return _page(request, "survey.html", {**context, "form": form}, 400 if is_post else 200)


# --- Results --------------------------------------------------------------------------


def _results_access(request: HttpRequest, edition: str) -> tuple[Edition, Survey, bool, bool]:
    """The edition, its survey, whether it has closed, and whether this reader is staff
    who may see results early. Residents get 404 before a survey is published."""
    found = public_edition(edition)
    current = survey_of(found)
    if current is None:
        raise Http404
    is_staff_reader = request.user.has_perm(VIEW_RESULTS, found)
    if not current.is_published and not is_staff_reader:
        raise Http404
    closed = survey_window(current, timezone.localdate()) == Window.CLOSED
    return found, current, closed, is_staff_reader


@require_safe
def results(request: HttpRequest, edition: str) -> HttpResponse:
    found, current, closed, is_staff_reader = _results_access(request, edition)
    context: dict[str, Any] = {
        "edition": found,
        "survey": current,
        "closed": closed,
        "is_staff_reader": is_staff_reader,
        "threshold": MIN_RESPONSES,
    }
    if not closed and not is_staff_reader:
        return _page(request, "survey_results_pending.html", context)
    return _page(
        request,
        "survey_results.html",
        {**context, "results": survey_results(current, with_texts=closed)},
    )


DOWNLOADS = ("responses.csv", "summary.csv", "results.xlsx")


@require_safe
def download(request: HttpRequest, edition: str, file_name: str) -> HttpResponse:
    """The results as files: every response (only once the survey has closed, as the
    text answers are), the summary per question, or both in a workbook."""
    if file_name not in DOWNLOADS:
        raise Http404
    found, current, closed, is_staff_reader = _results_access(request, edition)
    results_now = survey_results(current, with_texts=False)
    refusal = None
    if not closed and not is_staff_reader:
        refusal = _("The results are published when the survey closes.")
    elif not results_now.is_enough:
        refusal = _(
            "The results are shown only from %(threshold)s responses on, so that nobody "
            "can be recognised by their answers."
        ) % {"threshold": MIN_RESPONSES}
    elif file_name == "responses.csv" and not closed:
        refusal = _("The individual responses are published when the survey closes.")
    if refusal is not None:
        return _page(
            request,
            "survey_download_refused.html",
            {"edition": found, "survey": current, "message": refusal},
            status=404,
        )
    stem = f"survey-{found.slug}"
    if file_name == "responses.csv":
        header, rows = responses_table(current)
        return csv_response(f"{stem}-responses.csv", header, rows)
    summary_header, summary_rows = summary_table(results_now)
    if file_name == "summary.csv":
        return csv_response(f"{stem}-summary.csv", summary_header, summary_rows)
    sheets = [Sheet(_("Summary"), summary_header, summary_rows)]
    if closed:
        header, rows = responses_table(current)
        sheets.append(Sheet(_("Responses"), header, rows))
    return xlsx_response(f"{stem}.xlsx", sheets)
