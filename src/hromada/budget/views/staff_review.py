"""Staff pages of the review: the coordinator's board, a project's staff page with the
actions its state allows, the reviewer's inbox and assignment page, paper supporters'
lists, exports and the draft protocol of the admitted list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.enums import Role
from hromada.accounts.selectors import department_ids_for
from hromada.budget.documents import admitted_list_spec, export_sheets
from hromada.budget.enums import AssignmentStatus, ProjectState
from hromada.budget.estimate import (
    estimate_of,
    parse_lines,
    problems_as_messages,
    rows_of,
    typed_rows,
)
from hromada.budget.models import Edition, Project, ReviewAssignment
from hromada.budget.services import (
    accept_for_review,
    add_paper_support,
    assign_department,
    give_opinion,
    propose_cost_correction,
    record_decision,
    request_revision,
    return_for_fixes,
)
from hromada.budget.staff_forms import (
    AcceptForm,
    AssignForm,
    CorrectionForm,
    DecisionForm,
    OpinionForm,
    PaperSupportForm,
    ReturnForm,
    TextForm,
)
from hromada.budget.views.staff_editions import actor_of, add_service_error, edition_for
from hromada.core.access import get_object_for_user, staff_view
from hromada.core.attachments import content_disposition
from hromada.core.documents import docx_response, pdf_response, render_docx, render_pdf_from_spec
from hromada.core.exports import csv_response, xlsx_response

VIEW = "budget.view_projects_staff"
MANAGE = "budget.manage_review"
DECIDE = "budget.record_decisions"
PAPER = "budget.enter_paper_supports"
EXPORT = "budget.export_projects"
REVIEW = "budget.review_assignment"


def staff_projects(edition: Edition) -> Any:
    return (
        edition.projects.exclude(state=ProjectState.DRAFT)
        .select_related("pool", "category", "territory", "author")
        .annotate(support_count=Count("supports", distinct=True))
        .prefetch_related(
            Prefetch("assignments", queryset=ReviewAssignment.objects.select_related("department"))
        )
        .order_by("number")
    )


def _project(request: HttpRequest, found: Edition, project_id: int) -> Project:
    project = staff_projects(found).filter(pk=project_id).first()
    if project is None:
        raise Http404
    return project


def _overdue(project: Project, now: Any) -> bool:
    if (
        project.step_deadline
        and project.step_deadline < now
        and project.state
        in {ProjectState.SUBMITTED, ProjectState.RETURNED, ProjectState.REVISION_REQUESTED}
    ):
        return True
    return any(
        a.status == AssignmentStatus.PENDING and a.deadline < now for a in project.assignments.all()
    )


@staff_view(VIEW)
def board(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, VIEW)
    now = timezone.now()
    state = request.GET.get("state", "")
    projects = list(staff_projects(found))
    columns = []
    for value, label in ProjectState.choices:
        if value == ProjectState.DRAFT:
            continue
        rows = [p for p in projects if p.state == value]
        columns.append({"state": value, "label": label, "count": len(rows)})
    shown = [p for p in projects if not state or p.state == state]
    return render(
        request,
        "budget/staff/board.html",
        {
            "edition": found,
            "columns": columns,
            "projects": [{"project": p, "is_overdue": _overdue(p, now)} for p in shown],
            "chosen_state": state,
            "overdue_count": sum(1 for p in projects if _overdue(p, now)),
            "may_export": request.user.has_perm(EXPORT, found),
        },
    )


@staff_view(VIEW)
def project_detail(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    found = edition_for(request, edition, VIEW)
    project = _project(request, found, project_id)
    user = request.user
    return render(
        request,
        "budget/staff/project.html",
        {
            "edition": found,
            "project": project,
            "estimate": estimate_of(project),
            "events": project.events.select_related("actor"),
            "corrections": project.corrections.select_related("assignment__department"),
            "decisions": project.decisions.all(),
            "appeals": project.appeals.all(),
            "may_manage": user.has_perm(MANAGE, found),
            "may_decide": user.has_perm(DECIDE, found),
            "may_enter_supports": user.has_perm(PAPER, found),
            "return_form": ReturnForm(),
            "accept_form": AcceptForm(),
            "assign_form": AssignForm(),
            "revision_form": TextForm(),
            "decision_form": DecisionForm(),
            "now": timezone.now(),
        },
    )


def _action(
    request: HttpRequest,
    edition: str,
    project_id: int,
    permission: str,
    form_class: Any,
    call: Any,
    success: str,
) -> HttpResponse:
    found = edition_for(request, edition, permission)
    project = _project(request, found, project_id)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            call(project, form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("budget:staff_project", edition=found.slug, project_id=project.pk)
    for field, errors in form.errors.items():
        for message in errors:
            messages.error(
                request, message if field == "__all__" else f"{form.fields[field].label}: {message}"
            )
    return redirect("budget:staff_project", edition=found.slug, project_id=project.pk)


@require_POST
@staff_view(MANAGE)
def project_return(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _action(
        request,
        edition,
        project_id,
        MANAGE,
        ReturnForm,
        lambda project, data: return_for_fixes(project=project, actor=actor, fixes=data["fixes"]),
        _("The project is returned to the author."),
    )


@require_POST
@staff_view(MANAGE)
def project_accept(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _action(
        request,
        edition,
        project_id,
        MANAGE,
        AcceptForm,
        lambda project, data: accept_for_review(
            project=project, actor=actor, departments=data["departments"], aspects=data["aspects"]
        ),
        _("The project is complete and sent to the departments."),
    )


@require_POST
@staff_view(MANAGE)
def project_assign(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _action(
        request,
        edition,
        project_id,
        MANAGE,
        AssignForm,
        lambda project, data: assign_department(
            project=project, actor=actor, department=data["department"], aspects=data["aspects"]
        ),
        _("The department is added to the review."),
    )


@require_POST
@staff_view(MANAGE)
def project_revision(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _action(
        request,
        edition,
        project_id,
        MANAGE,
        TextForm,
        lambda project, data: request_revision(project=project, actor=actor, text=data["text"]),
        _("A revision is requested from the author."),
    )


@require_POST
@staff_view(DECIDE)
def project_decision(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    actor = actor_of(request)
    return _action(
        request,
        edition,
        project_id,
        DECIDE,
        DecisionForm,
        lambda project, data: record_decision(project=project, actor=actor, **data),
        _("The commission's decision is recorded."),
    )


@staff_view(VIEW)
def project_file(
    request: HttpRequest, edition: str, project_id: int, attachment_id: int
) -> HttpResponse:
    """Any attachment, internal ones included, for the staff who see the project."""
    found = edition_for(request, edition, VIEW)
    attachment = _project(request, found, project_id).attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    with attachment.file.open("rb") as stored:
        content = stored.read()
    response = HttpResponse(content, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_view(PAPER)
def paper_supports(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    found = edition_for(request, edition, PAPER)
    project = _project(request, found, project_id)
    is_post = request.method == "POST"
    form = PaperSupportForm(request.POST if is_post else None)
    if is_post and form.is_valid():
        try:
            add_paper_support(project=project, operator=actor_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The supporter is entered."))
            return redirect(
                "budget:staff_paper_supports", edition=found.slug, project_id=project.pk
            )
    return render(
        request,
        "budget/staff/paper_supports.html",
        {"edition": found, "project": project, "form": form, "count": project.supports.count()},
        status=400 if is_post else 200,
    )


@staff_view("budget.view_inbox")
def inbox(request: HttpRequest) -> HttpResponse:
    departments = department_ids_for(request.user, [Role.REVIEWER])
    assignments = (
        ReviewAssignment.objects.filter(department_id__in=departments)
        .select_related("project__edition", "department")
        .order_by("status", "deadline")
    )
    now = timezone.now()
    return render(
        request,
        "budget/staff/inbox.html",
        {
            "assignments": [
                {
                    "assignment": a,
                    "is_overdue": a.status == AssignmentStatus.PENDING and a.deadline < now,
                }
                for a in assignments
            ]
        },
    )


def _assignment(request: HttpRequest, assignment_id: int) -> ReviewAssignment:
    return get_object_for_user(
        request.user,
        ReviewAssignment.objects.select_related("project__edition", "project__pool", "department"),
        REVIEW,
        pk=assignment_id,
    )


@staff_view(REVIEW)
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, assignment_id)
    is_post = request.method == "POST"
    form = OpinionForm(request.POST if is_post else None)
    if is_post and form.is_valid():
        try:
            give_opinion(assignment=assignment, reviewer=actor_of(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your opinion is recorded."))
            return redirect("budget:staff_inbox")
    return _render_assignment(
        request,
        assignment,
        form,
        CorrectionForm(initial=_percentages(assignment)),
        [],
        status=400 if is_post else 200,
    )


def _percentages(assignment: ReviewAssignment) -> dict[str, Any]:
    project = assignment.project
    return {"contingency_percent": project.contingency_percent, "vat_percent": project.vat_percent}


def _render_assignment(
    request: HttpRequest,
    assignment: ReviewAssignment,
    form: Any,
    correction_form: Any,
    row_problems: list[str],
    *,
    rows: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    project = assignment.project
    if rows is None:
        rows = rows_of(project, 2)
    return render(
        request,
        "budget/staff/assignment.html",
        {
            "assignment": assignment,
            "project": project,
            "estimate": estimate_of(project),
            "form": form,
            "correction_form": correction_form,
            "rows": rows,
            "row_problems": row_problems,
            "attachments": project.attachments.all(),
        },
        status=status,
    )


@require_POST
@staff_view(REVIEW)
def assignment_correction(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = _assignment(request, assignment_id)
    rows = typed_rows(request.POST)
    form = CorrectionForm(request.POST)
    lines, problems = parse_lines(rows)
    row_problems = problems_as_messages(problems)
    if form.is_valid() and not row_problems:
        try:
            propose_cost_correction(
                assignment=assignment, reviewer=actor_of(request), lines=lines, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The corrected estimate is sent to the author."))
            return redirect("budget:staff_assignment", assignment_id=assignment.pk)
    return _render_assignment(
        request, assignment, OpinionForm(), form, row_problems, rows=rows, status=400
    )


@staff_view(EXPORT)
def export(request: HttpRequest, edition: str, file_format: str) -> HttpResponse:
    found = edition_for(request, edition, EXPORT)
    sheets = export_sheets(found, staff_projects(found).prefetch_related("cost_items"))
    name = f"projects-{found.slug}"
    if file_format == "csv":
        projects_sheet = sheets[0]
        return csv_response(f"{name}.csv", list(projects_sheet.header), projects_sheet.rows)
    if file_format == "lines.csv":
        lines_sheet = sheets[1]
        return csv_response(f"{name}-cost-lines.csv", list(lines_sheet.header), lines_sheet.rows)
    return xlsx_response(f"{name}.xlsx", sheets)


@staff_view(VIEW)
def protocol(request: HttpRequest, edition: str, file_format: str) -> HttpResponse:
    found = edition_for(request, edition, VIEW)
    spec = admitted_list_spec(found, staff_projects(found).filter(state=ProjectState.ADMITTED))
    name = f"protocol-admitted-{found.slug}"
    if file_format == "docx":
        return docx_response(f"{name}.docx", render_docx(spec))
    return pdf_response(f"{name}.pdf", render_pdf_from_spec(spec))
