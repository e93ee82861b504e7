"""Staff pages of accounts: teams and roles, departments, the residency review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.forms import (
    DepartmentForm,
    GrantRoleForm,
    ResidencyDecisionForm,
    RevokeForm,
)
from hromada.accounts.identity.age import age_on
from hromada.accounts.models import Department, Membership, ResidencyClaim, User
from hromada.accounts.selectors import (
    pending_residency_claims,
    residency_claims_for_review,
    residency_claims_of,
    teams_with_members,
)
from hromada.accounts.services import (
    decide_residency_claim,
    grant_role,
    revoke_membership,
    save_department,
)
from hromada.core.access import get_object_for_user, require_permission, staff_view
from hromada.core.activity import log_activity
from hromada.core.attachments import attachment_response
from hromada.core.uploads import KIND_CONTENT_TYPES, KIND_EXTENSIONS, detect_kind

REVIEW_RESIDENCY = "accounts.review_residency"


@staff_view("accounts.view_teams")
def team_list(request: HttpRequest) -> HttpResponse:
    form = GrantRoleForm()
    return render(
        request,
        "accounts/staff/team_list.html",
        {
            "teams": teams_with_members(),
            "form": form,
            "may_manage": request.user.has_perm("accounts.manage_teams"),
        },
    )


@staff_view("accounts.manage_teams")
def grant(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant_role(
                actor=actor,
                user=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                department=form.cleaned_data["department"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role is granted."))
            return redirect("accounts:team_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/staff/grant.html", {"form": form}, status=status)


@staff_view("accounts.manage_teams")
@require_POST
def revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    membership = get_object_or_404(Membership, pk=membership_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The reason is too long."))
        return redirect("accounts:team_list")
    try:
        revoke_membership(actor=actor, membership=membership, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is revoked."))
    return redirect("accounts:team_list")


@staff_view("accounts.view_department")
def department_list(request: HttpRequest) -> HttpResponse:
    departments = [
        department
        for department in Department.objects.all()
        if request.user.has_perm("accounts.view_department", department)
    ]
    return render(
        request,
        "accounts/staff/department_list.html",
        {
            "departments": departments,
            "may_manage": request.user.has_perm("accounts.manage_departments"),
        },
    )


@staff_view("accounts.view_department")
def department_detail(request: HttpRequest, department_id: int) -> HttpResponse:
    department = get_object_for_user(
        request.user, Department.objects.all(), "accounts.view_department", pk=department_id
    )
    members = (
        Membership.objects.filter(team__department=department)
        .select_related("user", "team")
        .order_by("team__role", "user__full_name")
    )
    return render(
        request,
        "accounts/staff/department_detail.html",
        {
            "department": department,
            "members": members,
            "may_manage": request.user.has_perm("accounts.manage_departments"),
        },
    )


def _department_form(request: HttpRequest, department: Department | None) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    form = DepartmentForm(request.POST or None, instance=department)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_department(actor=actor, department=department, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The department is saved."))
            return redirect("accounts:department_detail", department_id=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/staff/department_form.html",
        {"form": form, "department": department},
        status=status,
    )


@staff_view("accounts.manage_departments")
def department_create(request: HttpRequest) -> HttpResponse:
    return _department_form(request, None)


@staff_view("accounts.manage_departments")
def department_edit(request: HttpRequest, department_id: int) -> HttpResponse:
    department = get_object_or_404(Department, pk=department_id)
    require_permission(request.user, "accounts.manage_departments", department)
    return _department_form(request, department)


def _claim_for(request: HttpRequest, claim_id: int) -> ResidencyClaim:
    return get_object_for_user(
        request.user, residency_claims_for_review(), REVIEW_RESIDENCY, pk=claim_id
    )


@staff_view(REVIEW_RESIDENCY)
def residency_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "accounts/staff/residency_queue.html", {"claims": pending_residency_claims()}
    )


@staff_view(REVIEW_RESIDENCY)
def residency_claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    claim = _claim_for(request, claim_id)
    form = ResidencyDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_residency_claim(
                claim=claim,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                actor=actor,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect("accounts:residency_queue")
    identity = claim.identity
    return render(
        request,
        "accounts/staff/residency_claim.html",
        {
            "claim": claim,
            "identity": identity,
            "age": age_on(identity.birth_date, timezone.localdate())
            if identity.birth_date
            else None,
            "other_claims": residency_claims_of(identity).exclude(pk=claim.pk),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_view(REVIEW_RESIDENCY)
def residency_proof(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The proof document, to the desk operator only; each download is on the record."""
    actor = request.user
    assert isinstance(actor, User)
    claim = _claim_for(request, claim_id)
    if not claim.proof:
        raise Http404
    try:
        with claim.proof.open("rb") as stored:
            kind = detect_kind(stored)
            content = stored.read()
    except FileNotFoundError:
        raise Http404 from None
    if kind is None:  # never stored unchecked; refuse to serve anything else
        raise Http404
    log_activity(actor=actor, action="accounts.residency.proof_viewed", target=claim)
    return attachment_response(
        f"residency-proof-{claim.pk}",
        content,
        content_type=KIND_CONTENT_TYPES[kind],
        extension=KIND_EXTENSIONS[kind],
    )
