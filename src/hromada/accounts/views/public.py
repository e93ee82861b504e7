from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hromada.accounts.forms import ProfileForm
from hromada.accounts.models import User
from hromada.accounts.selectors import role_grants
from hromada.accounts.services import update_profile


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
        {"form": form, "memberships": teams, "has_staff_roles": bool(role_grants(user))},
        status=400 if form.is_bound else 200,
    )
