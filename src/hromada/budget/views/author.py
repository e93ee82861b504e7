"""The author's pages: start a project, fill the application step by step (each step is
saved, so nothing typed is lost), submit, answer fixes, cost corrections and decisions,
appeal or withdraw. Plus the "support" button of the public project page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.models import User
from hromada.budget.author_forms import (
    EMPTY_ESTIMATE_ROWS,
    STEP_TITLES,
    STEPS,
    AboutForm,
    AttachmentForm,
    CoAuthorForm,
    ConsentForm,
    PercentagesForm,
    PlaceForm,
    ReasonForm,
)
from hromada.budget.eligibility import author_eligibility
from hromada.budget.enums import CostCorrectionStatus, ProjectState
from hromada.budget.estimate import (
    estimate_of,
    parse_lines,
    problems_as_messages,
    rows_of,
    typed_rows,
)
from hromada.budget.models import Project
from hromada.budget.selectors import is_open_for, public_editions
from hromada.budget.services import (
    add_attachment,
    add_co_author,
    file_appeal,
    remove_attachment,
    remove_co_author,
    respond_to_correction,
    set_estimate,
    start_project,
    submission_problems,
    submit_project,
    submit_revision,
    support_online,
    update_project,
    withdraw_project,
)
from hromada.budget.services.projects import check_author_may_edit
from hromada.budget.views.staff_editions import add_service_error


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _my_project(request: HttpRequest, project_id: int) -> Project:
    project = (
        Project.objects.select_related("edition", "pool__territory", "category", "territory")
        .filter(pk=project_id, author=_user(request))
        .first()
    )
    if project is None:
        raise Http404
    return project


def _may_edit(project: Project, user: User) -> str:
    """Empty when the author may edit now, else the reason why not."""
    try:
        check_author_may_edit(project, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    projects = (
        Project.objects.filter(author=_user(request))
        .select_related("edition", "pool")
        .order_by("-created_at")
    )
    open_editions = [e for e in public_editions() if is_open_for(e, "accepts_submissions")]
    return render(
        request,
        "budget/public/author/my_projects.html",
        {"projects": projects, "open_editions": open_editions},
    )


def project_start(request: HttpRequest, edition: str) -> HttpResponse:
    """Open to everyone: the page says what is needed (an id.gov.ua sign-in creates the
    account), and starts the draft for an eligible resident."""
    found = public_editions().filter(slug=edition).first()
    if found is None:
        raise Http404
    if request.method == "POST" and not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    checked = author_eligibility(request.user, found)
    is_open = is_open_for(found, "accepts_submissions")
    if request.method == "POST":
        try:
            project = start_project(author=_user(request), edition=found)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("A draft is created. It is saved after every step."))
            return redirect("budget:project_step", project_id=project.pk, step=STEPS[0])
    return render(
        request,
        "budget/public/author/start.html",
        {"edition": found, "eligibility": checked, "is_open": is_open},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def workspace(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    user = _user(request)
    editable_reason = _may_edit(project, user)
    return render(
        request,
        "budget/public/author/workspace.html",
        {
            "project": project,
            "steps": [(step, STEP_TITLES[step]) for step in STEPS],
            "problems": submission_problems(project)
            if project.state in {ProjectState.DRAFT, ProjectState.RETURNED}
            else [],
            "editable_reason": editable_reason,
            "estimate": estimate_of(project),
            "events": project.events.select_related("actor"),
            "corrections": project.corrections.filter(status=CostCorrectionStatus.PROPOSED),
            "may_appeal": project.state == ProjectState.REJECTED
            and not project.appeals.exists()
            and project.step_deadline is not None
            and timezone.now() <= project.step_deadline,
            "reason_form": ReasonForm(),
        },
    )


def _step_form(step: str, project: Project, data: Any = None, files: Any = None) -> BaseForm:
    edition = project.edition
    if step == "about":
        return AboutForm(data, instance=project, edition=edition)
    if step == "place":
        return PlaceForm(data, instance=project, edition=edition)
    if step == "estimate":
        return PercentagesForm(
            data,
            initial={
                "contingency_percent": project.contingency_percent,
                "vat_percent": project.vat_percent,
            },
        )
    if step == "team":
        return CoAuthorForm(data)
    if step == "files":
        return AttachmentForm(data, files)
    return ConsentForm(data, instance=project)


def _estimate_rows(request: HttpRequest, project: Project) -> list[dict[str, str]]:
    if request.method == "POST":
        return typed_rows(request.POST)
    return rows_of(project, EMPTY_ESTIMATE_ROWS)


def _save_step(
    request: HttpRequest, step: str, project: Project, form: BaseForm, rows: list[dict[str, str]]
) -> list[str]:
    """Call the service for the step; the messages of a refusal (nothing is lost: the
    form is shown again with what was typed)."""
    user = _user(request)
    data = dict(form.cleaned_data)
    try:
        if step == "estimate":
            lines, problems = parse_lines(rows)
            if problems:
                return problems_as_messages(problems)
            set_estimate(project=project, actor=user, lines=lines, **data)
        elif step == "team":
            add_co_author(project=project, actor=user, **data)
        elif step == "files":
            upload = data["file"]
            add_attachment(
                project=project,
                actor=user,
                file=upload,
                original_name=upload.name,
                is_public=data["is_public"],
                description=data["description"],
            )
        else:
            update_project(project=project, actor=user, **data)
    except ValidationError as error:
        add_service_error(form, error)
        return []
    return []


@login_required
def project_step(request: HttpRequest, project_id: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    project = _my_project(request, project_id)
    editable_reason = _may_edit(project, _user(request))
    is_post = request.method == "POST"
    form = _step_form(
        step, project, request.POST if is_post else None, request.FILES if is_post else None
    )
    rows = _estimate_rows(request, project) if step == "estimate" else []
    row_problems: list[str] = []
    if is_post and not editable_reason and form.is_valid():
        row_problems = _save_step(request, step, project, form, rows)
        if not row_problems and not form.errors:
            messages.success(request, _("Saved."))
            index = STEPS.index(step)
            if step in {"team", "files"} and "next" not in request.POST:
                return redirect("budget:project_step", project_id=project.pk, step=step)
            if index + 1 < len(STEPS):
                return redirect("budget:project_step", project_id=project.pk, step=STEPS[index + 1])
            return redirect("budget:my_project", project_id=project.pk)
    project.refresh_from_db()
    failed = is_post and (bool(form.errors) or bool(row_problems) or bool(editable_reason))
    return render(
        request,
        "budget/public/author/step.html",
        {
            "project": project,
            "step": step,
            "step_title": STEP_TITLES[step],
            "steps": [(name, STEP_TITLES[name]) for name in STEPS],
            "next_step": STEPS[STEPS.index(step) + 1] if STEPS.index(step) + 1 < len(STEPS) else "",
            "form": form,
            "rows": rows,
            "row_problems": row_problems,
            "editable_reason": editable_reason,
            "estimate": estimate_of(project),
            "pool": project.pool,
        },
        status=400 if failed else 200,
    )


@require_POST
@login_required
def co_author_remove(request: HttpRequest, project_id: int, co_author_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    co_author = project.co_authors.filter(pk=co_author_id).first()
    if co_author is None:
        raise Http404
    try:
        remove_co_author(co_author=co_author, actor=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("budget:project_step", project_id=project.pk, step="team")


@require_POST
@login_required
def attachment_remove(request: HttpRequest, project_id: int, attachment_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    attachment = project.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    try:
        remove_attachment(attachment=attachment, actor=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("budget:project_step", project_id=project.pk, step="files")


def _act(
    request: HttpRequest, mine: Project, action: Any, success: str, /, **options: Any
) -> HttpResponse:
    try:
        action(**options)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("budget:my_project", project_id=mine.pk)


@require_POST
@login_required
def project_submit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    return _act(
        request,
        project,
        submit_project,
        _("The project is submitted."),
        project=project,
        actor=_user(request),
    )


@require_POST
@login_required
def project_withdraw(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you withdraw the project."))
        return redirect("budget:my_project", project_id=project.pk)
    return _act(
        request,
        project,
        withdraw_project,
        _("The project is withdrawn."),
        project=project,
        actor=_user(request),
        reason=request.POST.get("text", ""),
    )


@require_POST
@login_required
def revision_submit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    return _act(
        request,
        project,
        submit_revision,
        _("The revised project is sent back to the reviewers."),
        project=project,
        author=_user(request),
        note=request.POST.get("text", ""),
    )


@require_POST
@login_required
def correction_answer(request: HttpRequest, project_id: int, correction_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    correction = project.corrections.filter(pk=correction_id).first()
    if correction is None:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    return _act(
        request,
        project,
        respond_to_correction,
        _("You accepted the corrected estimate.")
        if accept
        else _("You contested the correction; the commission will decide."),
        correction=correction,
        author=_user(request),
        accept=accept,
        response=request.POST.get("text", ""),
    )


@require_POST
@login_required
def appeal(request: HttpRequest, project_id: int) -> HttpResponse:
    project = _my_project(request, project_id)
    return _act(
        request,
        project,
        file_appeal,
        _("Your appeal is filed; the commission will decide."),
        project=project,
        author=_user(request),
        text=request.POST.get("text", ""),
    )


@require_POST
def support(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    project = (
        Project.objects.select_related("edition")
        .filter(pk=project_id, edition__slug=edition, edition__is_published=True)
        .first()
    )
    if project is None:
        raise Http404
    target = reverse("budget:project", kwargs={"edition": edition, "project_id": project.pk})
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={target}")
    try:
        support_online(project=project, user=_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: your support is counted."))
    return redirect(target)
