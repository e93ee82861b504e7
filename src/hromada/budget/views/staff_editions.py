"""Staff pages that configure an edition: its settings, pools, categories, territories and
phases, copying last year's edition, closing a phase early and the calendar of
non-working days. Each page declares its permission; editions are fetched through
`get_object_for_user`, so a coordinator of another edition gets 404."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hromada.accounts.models import User
from hromada.budget.forms import (
    PART_FORMS,
    ClosePhaseForm,
    CopyEditionForm,
    EditionForm,
    NonWorkingDayForm,
)
from hromada.budget.models import Edition, NonWorkingDay, Phase
from hromada.budget.selectors import (
    editions_with_structure,
    phase_closes_at,
    phase_is_open,
)
from hromada.budget.services import (
    add_non_working_day,
    close_phase_early,
    copy_edition,
    edition_problems,
    remove_non_working_day,
    remove_part,
    save_category,
    save_edition,
    save_phase,
    save_pool,
    save_territory,
)
from hromada.core.access import get_object_for_user, staff_view

VIEW = "budget.view_edition_staff"
CONFIGURE = "budget.configure_edition"
CREATE = "budget.create_edition"
PART_TITLES = {
    "pools": gettext_lazy("Pools"),
    "categories": gettext_lazy("Categories"),
    "territories": gettext_lazy("Territories"),
    "phases": gettext_lazy("Phases"),
}


def actor_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def add_service_error(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (or above them)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def edition_for(request: HttpRequest, slug: str, permission: str) -> Edition:
    return get_object_for_user(request.user, editions_with_structure(), permission, slug=slug)


@staff_view(VIEW)
def edition_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    editions = [e for e in editions_with_structure() if user.has_perm(VIEW, e)]
    return render(
        request,
        "budget/staff/edition_list.html",
        {"editions": editions, "may_create": user.has_perm(CREATE)},
    )


@staff_view(CREATE)
def edition_create(request: HttpRequest) -> HttpResponse:
    is_post = request.method == "POST"
    form = EditionForm(
        request.POST if is_post else None, initial={"residency_bases": ["registered"]}
    )
    if is_post and form.is_valid():
        try:
            edition = save_edition(actor=actor_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The edition is created. Add its pools and phases."))
            return redirect("budget:staff_edition", edition=edition.slug)
    return render(
        request,
        "budget/staff/edition_form.html",
        {"form": form, "edition": None},
        status=400 if is_post else 200,
    )


@staff_view(VIEW)
def edition_detail(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, VIEW)
    now = timezone.now()
    phases = [
        {"phase": phase, "is_open": phase_is_open(phase, now), "closes_at": phase_closes_at(phase)}
        for phase in found.phases.all()
    ]
    return render(
        request,
        "budget/staff/edition_detail.html",
        {
            "edition": found,
            "phases": phases,
            "problems": edition_problems(found),
            "may_configure": request.user.has_perm(CONFIGURE, found),
            "may_copy": request.user.has_perm(CREATE),
            "close_form": ClosePhaseForm(),
        },
    )


@staff_view(CONFIGURE)
def edition_settings(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, CONFIGURE)
    is_post = request.method == "POST"
    # The form edits a copy: rejected input must not show up as the edition's settings.
    form = EditionForm(request.POST if is_post else None, instance=copy.copy(found))
    if is_post and form.is_valid():
        try:
            saved = save_edition(actor=actor_of(request), edition=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("budget:staff_edition", edition=saved.slug)
    return render(
        request,
        "budget/staff/edition_form.html",
        {"form": form, "edition": found},
        status=400 if is_post else 200,
    )


@staff_view(CREATE)
def edition_copy(request: HttpRequest, edition: str) -> HttpResponse:
    source = edition_for(request, edition, VIEW)
    is_post = request.method == "POST"
    next_year = source.year + 1
    form = CopyEditionForm(
        request.POST if is_post else None,
        initial={
            "slug": str(next_year),
            "year": next_year,
            "title_uk": source.title_uk.replace(str(source.year), str(next_year)),
            "title_en": source.title_en.replace(str(source.year), str(next_year)),
        },
    )
    if is_post and form.is_valid():
        try:
            created = copy_edition(actor=actor_of(request), source=source, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The edition is copied with its pools, categories, territories and "
                    "phases. Check the dates and publish it."
                ),
            )
            return redirect("budget:staff_edition", edition=created.slug)
    return render(
        request,
        "budget/staff/edition_copy.html",
        {"form": form, "edition": source},
        status=400 if is_post else 200,
    )


def _part_queryset(found: Edition, part: str) -> Any:
    if part not in PART_FORMS:
        raise Http404
    return getattr(found, part).all()


def _save_part(
    request: HttpRequest, found: Edition, part: str, instance: Any, data: dict[str, Any]
) -> Model:
    actor = actor_of(request)
    if part == "pools":
        return save_pool(actor=actor, edition=found, pool=instance, **data)
    if part == "categories":
        return save_category(actor=actor, edition=found, category=instance, **data)
    if part == "territories":
        settlements = list(data.pop("settlements"))
        return save_territory(
            actor=actor, edition=found, territory=instance, settlements=settlements, **data
        )
    return save_phase(actor=actor, edition=found, phase=instance, **data)


def _form(part: str, found: Edition, data: Any, instance: Model) -> BaseForm:
    form_class = PART_FORMS[part]
    if part == "pools":
        return form_class(data, instance=instance, edition=found)  # type: ignore[call-arg]
    form = form_class(data, instance=instance)
    if part == "territories" and data is None and instance.pk:
        form.initial["settlements"] = list(instance.settlements.all())  # type: ignore[attr-defined]
    return form


@staff_view(CONFIGURE)
def edition_parts(request: HttpRequest, edition: str, part: str) -> HttpResponse:
    found = edition_for(request, edition, CONFIGURE)
    items = _part_queryset(found, part)
    is_post = request.method == "POST"
    model = items.model
    form = _form(part, found, request.POST if is_post else None, model(edition=found))
    if is_post and form.is_valid():
        try:
            _save_part(request, found, part, None, dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect("budget:staff_parts", edition=found.slug, part=part)
    return render(
        request,
        "budget/staff/edition_parts.html",
        {"edition": found, "part": part, "title": PART_TITLES[part], "items": items, "form": form},
        status=400 if is_post else 200,
    )


@staff_view(CONFIGURE)
def edition_part_edit(request: HttpRequest, edition: str, part: str, part_id: int) -> HttpResponse:
    found = edition_for(request, edition, CONFIGURE)
    instance = _part_queryset(found, part).filter(pk=part_id).first()
    if instance is None:
        raise Http404
    is_post = request.method == "POST"
    form = _form(part, found, request.POST if is_post else None, copy.copy(instance))
    if is_post and form.is_valid():
        try:
            _save_part(request, found, part, instance, dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("budget:staff_parts", edition=found.slug, part=part)
    return render(
        request,
        "budget/staff/edition_part_form.html",
        {
            "edition": found,
            "part": part,
            "title": PART_TITLES[part],
            "item": instance,
            "form": form,
        },
        status=400 if is_post else 200,
    )


@require_POST
@staff_view(CONFIGURE)
def edition_part_remove(
    request: HttpRequest, edition: str, part: str, part_id: int
) -> HttpResponse:
    found = edition_for(request, edition, CONFIGURE)
    instance = _part_queryset(found, part).filter(pk=part_id).first()
    if instance is None:
        raise Http404
    try:
        remove_part(actor=actor_of(request), part=instance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed."))
    return redirect("budget:staff_parts", edition=found.slug, part=part)


@require_POST
@staff_view(CONFIGURE)
def phase_close(request: HttpRequest, edition: str, phase_id: int) -> HttpResponse:
    found = edition_for(request, edition, CONFIGURE)
    phase: Phase | None = found.phases.filter(pk=phase_id).first()
    if phase is None:
        raise Http404
    form = ClosePhaseForm(request.POST)
    if form.is_valid():
        try:
            close_phase_early(
                actor=actor_of(request), phase=phase, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The phase is closed."))
    else:
        messages.error(request, _("Say why the phase closes early."))
    return redirect("budget:staff_edition", edition=found.slug)


@staff_view("budget.manage_calendar")
def non_working_days(request: HttpRequest) -> HttpResponse:
    is_post = request.method == "POST"
    form = NonWorkingDayForm(request.POST if is_post else None)
    if is_post and form.is_valid():
        add_non_working_day(actor=actor_of(request), **form.cleaned_data)
        messages.success(request, _("The day is added to the calendar."))
        return redirect("budget:staff_calendar")
    days = NonWorkingDay.objects.filter(day__gte=timezone.localdate().replace(month=1, day=1))
    return render(
        request,
        "budget/staff/calendar.html",
        {"form": form, "days": days},
        status=400 if is_post else 200,
    )


@require_POST
@staff_view("budget.manage_calendar")
def non_working_day_remove(request: HttpRequest, day_id: int) -> HttpResponse:
    day = NonWorkingDay.objects.filter(pk=day_id).first()
    if day is None:
        raise Http404
    remove_non_working_day(actor=actor_of(request), day=day)
    messages.success(request, _("The day is removed from the calendar."))
    return redirect("budget:staff_calendar")
