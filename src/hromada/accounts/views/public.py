from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.enums import ResidencyStatus
from hromada.accounts.forms import ProfileForm, ResidencyDeclarationForm, ResidencyProofForm
from hromada.accounts.identity.age import age_on
from hromada.accounts.identity.idgovua import is_offered
from hromada.accounts.models import User, VerifiedIdentity
from hromada.accounts.selectors import (
    expected_residency_turnaround,
    identity_of,
    queue_position,
    residency_claims_of,
    role_grants,
)
from hromada.accounts.services import declare_residency, submit_residency_proof, update_profile


def _verification_options() -> dict[str, bool]:
    return {"idgovua_offered": is_offered(), "demo_mode": settings.DEMO_MODE}


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=User.objects.get(pk=user.pk))
        if form.is_valid():
            update_profile(user=user, actor=user, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(instance=user)
    teams = user.memberships.select_related("team__department", "team__scope_type")
    return render(
        request,
        "accounts/public/profile.html",
        {
            "form": form,
            "memberships": teams,
            "has_staff_roles": bool(role_grants(user)),
            "identity": identity_of(user),
            **_verification_options(),
        },
        status=400 if form.is_bound else 200,
    )


def _residency_page(
    request: HttpRequest,
    identity: VerifiedIdentity | None,
    declaration_form: Form | None = None,
    proof_form: Form | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "identity": identity,
        "declaration_form": declaration_form or ResidencyDeclarationForm(),
        "proof_form": proof_form or ResidencyProofForm(),
        **_verification_options(),
    }
    if identity is not None:
        claims = list(residency_claims_of(identity))
        pending = [claim for claim in claims if claim.status == ResidencyStatus.PENDING]
        rows = [{"claim": claim, "position": queue_position(claim)} for claim in claims]
        turnaround = expected_residency_turnaround() if pending else None
        context.update(
            {
                "rows": rows,
                "age": (
                    age_on(identity.birth_date, timezone.localdate())
                    if identity.birth_date
                    else None
                ),
                "turnaround_days": (
                    max(1, math.ceil(turnaround.total_seconds() / 86400)) if turnaround else None
                ),
            }
        )
    return render(request, "accounts/public/residency.html", context, status=status)


@login_required
def residency(request: HttpRequest) -> HttpResponse:
    return _residency_page(request, identity_of(request.user))


@login_required
@require_POST
def residency_declare(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    identity = identity_of(user)
    if identity is None:
        messages.error(request, _("Verify your identity first."))
        return redirect("accounts:residency")
    form = ResidencyDeclarationForm(request.POST)
    if form.is_valid():
        try:
            declare_residency(
                identity=identity,
                basis=form.cleaned_data["basis"],
                settlement=form.cleaned_data["settlement"],
                actor=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your declaration is recorded."))
            return redirect("accounts:residency")
    return _residency_page(request, identity, declaration_form=form, status=400)


@login_required
@require_POST
def residency_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    identity = identity_of(user)
    if identity is None:
        messages.error(request, _("Verify your identity first."))
        return redirect("accounts:residency")
    form = ResidencyProofForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            submit_residency_proof(
                identity=identity,
                basis=form.cleaned_data["basis"],
                settlement=form.cleaned_data["settlement"],
                file=form.cleaned_data["proof"],
                actor=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your proof is sent. A desk operator will check it and decide.")
            )
            return redirect("accounts:residency")
    return _residency_page(request, identity, proof_form=form, status=400)
