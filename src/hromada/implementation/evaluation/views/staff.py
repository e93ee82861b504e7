"""The coordinator defines the edition's process survey: dates, introduction, whether it
is open, and its questions (added, changed, removed, reordered until someone answers)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hromada.budget.models import Edition
from hromada.budget.views.staff_editions import actor_of, add_service_error, edition_for
from hromada.core.access import staff_view
from hromada.implementation.evaluation.forms import MoveForm, QuestionForm, SurveyForm
from hromada.implementation.evaluation.selectors import (
    has_responses,
    response_count,
    survey_of,
    survey_window,
)
from hromada.implementation.evaluation.services import (
    locked_message,
    move_question,
    remove_question,
    save_question,
    save_survey,
)
from hromada.implementation.evaluation.views.common import error_code, see_other
from hromada.implementation.models import Survey, SurveyQuestion

MANAGE = "implementation.manage_survey"
TEMPLATES = "implementation/evaluation/staff/"


def _manage_url(edition: Edition) -> str:
    return reverse("implementation:survey_manage", kwargs={"edition": edition.slug})


def _survey_initial(survey: Survey | None) -> dict[str, Any]:
    if survey is None:
        return {}
    return {
        "intro_uk": survey.intro_uk,
        "intro_en": survey.intro_en,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
        "is_published": survey.is_published,
    }


def _survey_page(
    request: HttpRequest,
    edition: Edition,
    survey: Survey | None,
    form: SurveyForm,
    status: int = 200,
) -> HttpResponse:
    count = response_count(survey) if survey is not None else 0
    return render(
        request,
        f"{TEMPLATES}survey.html",
        {
            "edition": edition,
            "survey": survey,
            "form": form,
            "questions": list(survey.questions.all()) if survey is not None else [],
            "responses": count,
            "is_locked": count > 0,
            "locked_message": locked_message(),
            "window": survey_window(survey, timezone.localdate()) if survey else None,
        },
        status=status,
    )


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def survey_manage(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, MANAGE)
    current = survey_of(found)
    is_post = request.method == "POST"
    form = SurveyForm(request.POST if is_post else None, initial=_survey_initial(current))
    if is_post and form.is_valid():
        try:
            save_survey(edition=found, actor=actor_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The survey is saved."))
            return see_other(_manage_url(found))
    return _survey_page(request, found, current, form, status=400 if is_post else 200)


def _survey_or_404(edition: Edition) -> Survey:
    found = survey_of(edition)
    if found is None:
        raise Http404
    return found


def _question_or_404(survey: Survey, question_id: int) -> SurveyQuestion:
    for question in survey.questions.all():
        if question.pk == question_id:
            return question
    raise Http404


def _question_page(
    request: HttpRequest,
    edition: Edition,
    survey: Survey,
    form: QuestionForm,
    question: SurveyQuestion | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATES}question.html",
        {
            "edition": edition,
            "survey": survey,
            "form": form,
            "question": question,
            "is_locked": has_responses(survey),
            "locked_message": locked_message(),
        },
        status=status,
    )


def _save_question(
    request: HttpRequest, edition: Edition, survey: Survey, question: SurveyQuestion | None
) -> HttpResponse:
    is_post = request.method == "POST"
    initial = QuestionForm.initial_for(question) if question is not None else {}
    form = QuestionForm(request.POST if is_post else None, initial=initial)
    status = 400 if is_post else 200
    if is_post and form.is_valid():
        data = form.cleaned_data
        try:
            save_question(
                survey=survey,
                actor=actor_of(request),
                question=question,
                text_uk=data["text_uk"],
                text_en=data["text_en"],
                kind=data["kind"],
                options=data["options"],
                is_required=data["is_required"],
            )
        except ValidationError as error:
            add_service_error(form, error)
            if error_code(error) == "locked":
                status = 409
        else:
            messages.success(
                request,
                _("The question is added.") if question is None else _("The question is saved."),
            )
            return see_other(_manage_url(edition))
    return _question_page(request, edition, survey, form, question, status)


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, MANAGE)
    return _save_question(request, found, _survey_or_404(found), None)


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, edition: str, question_id: int) -> HttpResponse:
    found = edition_for(request, edition, MANAGE)
    current = _survey_or_404(found)
    return _save_question(request, found, current, _question_or_404(current, question_id))


def _refused(request: HttpRequest, edition: Edition, error: ValidationError) -> HttpResponse:
    current = survey_of(edition)
    for message in error.messages:
        messages.error(request, message)
    return _survey_page(
        request, edition, current, SurveyForm(initial=_survey_initial(current)), status=409
    )


@staff_view(MANAGE)
@require_POST
def question_remove(request: HttpRequest, edition: str, question_id: int) -> HttpResponse:
    found = edition_for(request, edition, MANAGE)
    question = _question_or_404(_survey_or_404(found), question_id)
    try:
        remove_question(question=question, actor=actor_of(request))
    except ValidationError as error:
        return _refused(request, found, error)
    messages.success(request, _("The question is removed."))
    return see_other(_manage_url(found))


@staff_view(MANAGE)
@require_POST
def question_move(request: HttpRequest, edition: str, question_id: int) -> HttpResponse:
    found = edition_for(request, edition, MANAGE)
    question = _question_or_404(_survey_or_404(found), question_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refused(request, found, ValidationError(list(form.errors["direction"])))
    try:
        move_question(
            question=question, actor=actor_of(request), up=form.cleaned_data["direction"] == "up"
        )
    except ValidationError as error:
        return _refused(request, found, error)
    return see_other(_manage_url(found))
