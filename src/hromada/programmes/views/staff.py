"""Staff pages of the council programmes: the overview, and per measure its details,
planned amounts and indicators. Every page declares its permission, and every object is
fetched through `get_object_for_user`, so a coordinator of another programme gets 404."""

from __future__ import annotations

import copy
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.models import User
from hromada.core.access import get_object_for_user, staff_view
from hromada.programmes.forms import IndicatorForm, MeasureForm, PlannedAmountForm
from hromada.programmes.models import Indicator, Measure, PlannedAmount, Task
from hromada.programmes.selectors import (
    measures_for_editing,
    programmes_with_structure,
    tasks_for_editing,
)
from hromada.programmes.services import (
    create_measure,
    remove_indicator,
    remove_planned_amount,
    save_indicator,
    set_planned_amount,
    update_measure,
)

CHANGE_MEASURE = "programmes.change_measure"


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _measure(request: HttpRequest, measure_id: int) -> Measure:
    return get_object_for_user(request.user, measures_for_editing(), CHANGE_MEASURE, pk=measure_id)


def _add_service_error(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError shown next to the fields it names (or above them)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _overview_url(measure: Measure) -> str:
    return f"{reverse('programmes:staff_overview')}#measure-{measure.pk}"


def _warn_if_outside_period(request: HttpRequest, measure: Measure, deadline: date | None) -> None:
    programme = measure.task.direction.programme
    if deadline is not None and not programme.starts_on <= deadline <= programme.ends_on:
        messages.warning(
            request,
            _("The deadline lies outside the programme period (%(start)s – %(end)s).")
            % {
                "start": programme.starts_on.strftime("%d.%m.%Y"),
                "end": programme.ends_on.strftime("%d.%m.%Y"),
            },
        )


@staff_view("programmes.view_programme_staff")
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    programmes = [
        programme
        for programme in programmes_with_structure()
        if user.has_perm("programmes.view_programme_staff", programme)
    ]
    tasks = [
        task
        for programme in programmes
        for direction in programme.directions.all()
        for task in direction.tasks.all()
    ]
    editable_task_ids = {task.pk for task in tasks if user.has_perm(CHANGE_MEASURE, task)}
    editable_measure_ids = {
        measure.pk
        for task in tasks
        for measure in task.measures.all()
        if user.has_perm(CHANGE_MEASURE, measure)
    }
    return render(
        request,
        "programmes/staff/overview.html",
        {
            "programmes": programmes,
            "editable_task_ids": editable_task_ids,
            "editable_measure_ids": editable_measure_ids,
        },
    )


@staff_view(CHANGE_MEASURE)
def measure_edit(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    is_post = request.method == "POST"
    # The form works on a copy: an invalid input must not show up as the measure's title.
    form = MeasureForm(request.POST if is_post else None, instance=copy.copy(measure))
    if is_post and form.is_valid():
        try:
            update_measure(_actor(request), measure, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request, _("Measure %(number)s is saved.") % {"number": measure.number}
            )
            _warn_if_outside_period(request, measure, form.cleaned_data["deadline"])
            return redirect(_overview_url(measure))
    return render(
        request,
        "programmes/staff/measure_form.html",
        {"form": form, "measure": measure, "task": measure.task, "section": "measure"},
        status=400 if is_post else 200,
    )


@staff_view(CHANGE_MEASURE)
def measure_create(request: HttpRequest, task_id: int) -> HttpResponse:
    task: Task = get_object_for_user(request.user, tasks_for_editing(), CHANGE_MEASURE, pk=task_id)
    programme = task.direction.programme
    is_post = request.method == "POST"
    form = MeasureForm(
        request.POST if is_post else None,
        instance=Measure(task=task, responsible_department=programme.coordinating_department),
        initial={"deadline": programme.ends_on},
    )
    if is_post and form.is_valid():
        try:
            measure = create_measure(_actor(request), task, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request, _("Measure %(number)s is added.") % {"number": measure.number}
            )
            measure.task = task
            _warn_if_outside_period(request, measure, measure.deadline)
            return redirect(_overview_url(measure))
    return render(
        request,
        "programmes/staff/measure_form.html",
        {"form": form, "measure": None, "task": task},
        status=400 if is_post else 200,
    )


@staff_view(CHANGE_MEASURE)
def planned_amounts(request: HttpRequest, measure_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    is_post = request.method == "POST"
    form = PlannedAmountForm(
        request.POST if is_post else None,
        instance=PlannedAmount(measure=measure),
        initial={"year": measure.task.direction.programme.starts_on.year},
    )
    if is_post and form.is_valid():
        data = form.cleaned_data
        try:
            set_planned_amount(
                _actor(request),
                measure,
                year=data["year"],
                source=data["source"],
                amount=data["amount"],
                is_illustrative=data["is_illustrative"],
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The planned amount is saved."))
            return redirect("programmes:staff_planned_amounts", measure_id=measure.pk)
    return render(
        request,
        "programmes/staff/planned_amounts.html",
        {
            "form": form,
            "measure": measure,
            "task": measure.task,
            "amounts": measure.planned_amounts.all(),
            "section": "amounts",
        },
        status=400 if is_post else 200,
    )


@staff_view(CHANGE_MEASURE)
@require_POST
def planned_amount_remove(request: HttpRequest, measure_id: int, amount_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    planned = get_object_or_404(PlannedAmount, pk=amount_id, measure=measure)
    remove_planned_amount(_actor(request), planned)
    messages.success(request, _("The planned amount is removed."))
    return redirect("programmes:staff_planned_amounts", measure_id=measure.pk)


def _indicator_page(
    request: HttpRequest, measure: Measure, indicator: Indicator | None
) -> HttpResponse:
    is_post = request.method == "POST"
    form = IndicatorForm(
        request.POST if is_post else None,
        instance=copy.copy(indicator) if indicator is not None else Indicator(measure=measure),
    )
    if is_post and form.is_valid():
        try:
            save_indicator(_actor(request), measure, indicator, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("programmes:staff_indicators", measure_id=measure.pk)
    return render(
        request,
        "programmes/staff/indicators.html",
        {
            "form": form,
            "measure": measure,
            "task": measure.task,
            "indicator": indicator,
            "indicators": measure.indicators.all(),
            "section": "indicators",
        },
        status=400 if is_post else 200,
    )


@staff_view(CHANGE_MEASURE)
def indicators(request: HttpRequest, measure_id: int) -> HttpResponse:
    return _indicator_page(request, _measure(request, measure_id), None)


@staff_view(CHANGE_MEASURE)
def indicator_edit(request: HttpRequest, measure_id: int, indicator_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    indicator = get_object_or_404(Indicator, pk=indicator_id, measure=measure)
    return _indicator_page(request, measure, indicator)


@staff_view(CHANGE_MEASURE)
@require_POST
def indicator_remove(request: HttpRequest, measure_id: int, indicator_id: int) -> HttpResponse:
    measure = _measure(request, measure_id)
    indicator = get_object_or_404(Indicator, pk=indicator_id, measure=measure)
    remove_indicator(_actor(request), indicator)
    messages.success(request, _("The indicator is removed."))
    return redirect("programmes:staff_indicators", measure_id=measure.pk)
